#!/usr/bin/env python3
"""make_icons.py OUT_DIR: draws the app icons (PNG) procedurally: a small spectrogram with a
rising harmonic series on the viridis-like dark background. Writes icon-192.png, icon-512.png,
icon-maskable-512.png (content inside the 80 % safe zone) and favicon.png. Pure python3 (zlib)."""
import math
import os
import struct
import sys
import zlib

BACKGROUND = (20, 20, 26)
# A few viridis stops (from dark to bright) for the harmonics.
STOPS = [(68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37)]


def ramp(t):
    t = min(max(t, 0.0), 1.0) * (len(STOPS) - 1)
    i = min(int(t), len(STOPS) - 2)
    f = t - i
    return tuple(int(STOPS[i][c] + (STOPS[i + 1][c] - STOPS[i][c]) * f) for c in range(3))


def draw(size, safe):
    """RGBA rows. `safe` is the fraction of the icon the artwork may use (1.0 or 0.8)."""
    rows = []
    margin = (1 - safe) / 2
    radius = 0.18 * size
    for y in range(size):
        row = bytearray()
        for x in range(size):
            u = (x / size - margin) / safe
            v = 1 - (y / size - margin) / safe
            # rounded square mask for the plain icon; full bleed for the maskable one
            if safe == 1.0:
                dx = max(radius - x, 0, x - (size - 1 - radius))
                dy = max(radius - y, 0, y - (size - 1 - radius))
                if dx * dx + dy * dy > radius * radius:
                    row += bytes((0, 0, 0, 0))
                    continue
            color = BACKGROUND
            if 0 <= u <= 1 and 0 <= v <= 1:
                level = 0.0
                for harmonic in range(1, 6):
                    # a gliding tone: fundamental rises from 0.12 to 0.2 of the height
                    centre = harmonic * (0.12 + 0.08 * u)
                    level = max(level, math.exp(-((v - centre) / 0.018) ** 2) * (1.0 - 0.16 * harmonic))
                level = max(level, 0.12 * (1 - v) * (0.5 + 0.5 * math.sin(40 * u)) ** 8)
                if level > 0.05:
                    color = ramp(level)
            row += bytes((*color, 255))
        rows.append(bytes(row))
    return rows


def write_png(path, rows, size):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + row for row in rows)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(png)


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    for name, size, safe in [("icon-192.png", 192, 1.0), ("icon-512.png", 512, 1.0),
                             ("icon-maskable-512.png", 512, 0.8), ("favicon.png", 48, 1.0)]:
        write_png(os.path.join(out_dir, name), draw(size, safe), size)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
