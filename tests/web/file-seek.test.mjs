// file-seek.test.mjs: a range of a compressed file (the detail of a zoomed view) decoded from a
// seek point (web/file-seek.js) is the same audio, sample for sample, as that range of the whole
// file's decode, in FLAC, MP3, Ogg Vorbis and Ogg Opus, and decoding began near the range.
// Plain node: the page's worker script and the same npm decoders, run by worker-in-node.mjs.
// The browser tests check the detail's picture in every engine (tests/browser/file.test.mjs).
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

function decode(file, range) {
  const out = path.join(dir, 'out.f32');
  const args = [path.join(here, 'worker-in-node.mjs'), file, ...(range ? range.map(String) : ['-', '-']), out];
  const info = JSON.parse(execFileSync(process.execPath, args).toString());
  assert.equal(info.end.type, 'done', JSON.stringify(info.end));
  const bytes = readFileSync(out);
  return { ...info, left: new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4) };
}

for (const ext of ['flac', 'mp3', 'ogg', 'opus']) {
  test(`a range of a ${ext} file decoded from its seek point equals the whole file's decode there`, () => {
    const file = path.join(dir, `noise.${ext}`);
    if (ext === 'flac') execFileSync('sox', [wav, file]);
    else execFileSync(CONVERT, [wav, file]);
    const whole = decode(file, null);
    assert.ok(Math.abs(whole.frames - 70 * kRateHz) < 4096, `the whole file: ${whole.frames} frames`);
    for (const from of [1_000_000, 2_000_000, 3_000_000, 3_300_000]) {
      const to = from + 96000;  // 2 s; the last range runs past the end
      const part = decode(file, [from, to]);
      assert.equal(part.frames, Math.min(to, whole.frames) - from, `${ext} from ${from}: ${part.frames} frames`);
      // Decoding began within 3 s before the range (a seek), not at the file's start.
      assert.ok(part.decodedFromFrame <= from && part.decodedFromFrame > from - 3 * kRateHz,
        `${ext} from ${from}: decoding began at frame ${part.decodedFromFrame}`);
      let worst = 0, worstAt = 0;
      for (let i = 0; i < part.frames; i++) {
        const error = Math.abs(part.left[i] - whole.left[from + i]);
        if (error > worst) { worst = error; worstAt = i; }
      }
      assert.ok(worst <= 1e-6, `${ext} from ${from}: frame ${from + worstAt} differs by ${worst}`);
    }
  });
}
