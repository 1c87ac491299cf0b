// file-seek.test.mjs: a range of a compressed file (the detail of a zoomed view) decoded from a
// seek point (web/file-seek.js) is the same audio, sample for sample, as that range of the whole
// file's decode, in FLAC, MP3, Ogg Vorbis and Ogg Opus, and decoding began near the range.
// Plain node: the page's worker script and the same npm decoders, run by worker-in-node.mjs.
// The browser tests check the detail's picture in every engine (tests/browser/file.test.mjs).
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const CONVERT = path.resolve(here, '../../build/native-release/tests/convert-audio');
const dir = mkdtempSync(path.join(os.tmpdir(), 'file-seek-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const kRateHz = 48000;
// 70 s of stereo white noise: noise is the hardest case for a decoder that
// starts mid-stream (every band busy, an MP3's bit reservoir full, an Opus decoder's state far
// from its reset).
const wav = path.join(dir, 'noise.wav');
execFileSync('sox', ['-D', '-n', '-r', String(kRateHz), '-c', '2', '-b', '16', wav, 'synth', '70', 'whitenoise', 'vol', '0.5']);

function decode(file, range, mp3Index = null) {
  const out = path.join(dir, 'out.f32');
  const indexPath = path.join(dir, 'index.json');
  if (mp3Index) writeFileSync(indexPath, JSON.stringify(mp3Index));
  const args = [path.join(here, 'worker-in-node.mjs'), file, ...(range ? range.map(String) : ['-', '-']), out, ...(mp3Index ? [indexPath] : [])];
  const info = JSON.parse(execFileSync(process.execPath, args).toString());
  assert.equal(info.end.type, 'done', JSON.stringify(info.end));
  const bytes = readFileSync(out);
  return { ...info, left: new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4) };
}

// The length in bytes of the MP3 frame at `offset` (MPEG-1 Layer III: 144 * bitrate / rate + padding).
function mp3FrameBytes(file, offset) {
  const bytes = readFileSync(file).subarray(offset, offset + 4);
  const kbps = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320][bytes[2] >> 4];
  const rate = [44100, 48000, 32000][(bytes[2] >> 2) & 3];
  return Math.floor(144 * kbps * 1000 / rate) + ((bytes[2] >> 1) & 1);
}

for (const ext of ['flac', 'mp3', 'ogg', 'opus']) {
  test(`a range of a ${ext} file decoded from its seek point equals the whole file's decode there`, () => {
    const file = path.join(dir, `noise.${ext}`);
    if (ext === 'flac') execFileSync('sox', [wav, file]);
    else execFileSync(CONVERT, [wav, file]);
    const whole = decode(file, null);
    assert.ok(Math.abs(whole.frames - 70 * kRateHz) < 4096, `the whole file: ${whole.frames} frames`);
    // An MP3's whole pass indexes its frames; its ranges are decoded both ways (the walk from
    // the start, and from the index's nearest frame).
    const index = whole.end.mp3Index;
    if (ext === 'mp3') assert.ok(index && Math.abs(index.offsets.length - 70 * kRateHz / 1152 / index.stride) < 2, `the frame index: ${index && index.offsets.length} offsets`);
    else assert.equal(index, null);
    for (const [from, withIndex] of [[1_000_000, false], [2_000_000, false], [3_000_000, false], [3_300_000, false],
      ...(ext === 'mp3' ? [[1_000_000, true], [3_300_000, true]] : [])]) {
      const to = from + 96000;  // 2 s; the last range runs past the end
      const part = decode(file, [from, to], withIndex ? index : null);
      assert.equal(part.frames, Math.min(to, whole.frames) - from, `${ext} from ${from}: ${part.frames} frames`);
      // Decoding began within 3 s before the range (a seek), not at the file's start.
      assert.ok(part.decodedFromFrame <= from && part.decodedFromFrame > from - 3 * kRateHz,
        `${ext} from ${from}: decoding began at frame ${part.decodedFromFrame}`);
      let worst = 0, worstAt = 0;
      for (let i = 0; i < part.frames; i++) {
        const error = Math.abs(part.left[i] - whole.left[from + i]);
        if (error > worst) { worst = error; worstAt = i; }
      }
      assert.ok(worst <= 1e-6, `${ext} from ${from}${withIndex ? ' (index)' : ''}: frame ${from + worstAt} differs by ${worst}`);
    }
    if (ext === 'mp3') {
      // The index is what the seek goes by: one whose offsets are each a frame late (still
      // frame headers, so nothing looks wrong) puts the range a frame late.
      const late = { ...index, offsets: index.offsets.map((offset, k) => (k === 0 ? offset : offset + mp3FrameBytes(file, offset))) };
      const part = decode(file, [2_000_000, 2_096_000], late);
      let worst = 0;
      for (let i = 0; i < part.frames; i++) worst = Math.max(worst, Math.abs(part.left[i] - whole.left[2_000_000 + i]));
      assert.ok(worst > 0.01, `a late index misplaces the range (differs by ${worst})`);
    }
  });
}
