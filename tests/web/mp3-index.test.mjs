// mp3-index.test.mjs: the MP3 frame index the overview's pass builds (web/file-seek.js
// Mp3FrameIndex) holds the offset of every 256th frame from the first audio frame, exactly,
// however the file's bytes are sliced (a header cut by a slice's end is joined to the next),
// and it stops, keeping what it has, at a header out of place.
// Plain node: the page's worker scripts in a vm context; the expected offsets come from a walk
// over the file's frame headers written again here.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { workerContext } from './worker-context.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const CONVERT = path.resolve(here, '../../build/native-release/tests/convert-audio');
const worker = workerContext();
const dir = mkdtempSync(path.join(os.tmpdir(), 'mp3-index-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

// 40 s of stereo noise at 48 kHz: 1667 frames of 1152 samples, so 7 offsets.
const wav = path.join(dir, 'noise.wav'), mp3 = path.join(dir, 'noise.mp3');
execFileSync('sox', ['-D', '-n', '-r', '48000', '-c', '2', '-b', '16', wav, 'synth', '40', 'whitenoise', 'vol', '0.5']);
execFileSync(CONVERT, [wav, mp3]);
const bytes = new Uint8Array(readFileSync(mp3));

// MPEG-1 Layer III frame length from its header (what the encoder writes at 48 kHz), or 0.
function frameBytes(at) {
  if (at + 4 > bytes.length || bytes[at] !== 0xff || (bytes[at + 1] & 0xfe) !== 0xfa) return 0;
  const kbps = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320][bytes[at + 2] >> 4];
  const rate = [44100, 48000, 32000][(bytes[at + 2] >> 2) & 3];
  return kbps && rate ? Math.floor(144 * kbps * 1000 / rate) + ((bytes[at + 2] >> 1) & 1) : 0;
}

async function build(sliceBytes, data = bytes) {
  const facts = await worker('mp3Facts')(new Blob([data]), data.subarray(0, 65536));
  const Index = worker('Mp3FrameIndex');
  const index = new Index(facts);
  for (let at = 0; at < data.length; at += sliceBytes) index.add(data.subarray(at, at + sliceBytes), at);
  return { facts, first: facts.first, index };
}

test('the index holds every 256th frame\'s offset, whatever the slices', async () => {
  const { facts, first, index } = await build(1 << 20);
  assert.equal(first.samplesPerFrame, 1152);
  // The expected: walked from the first audio frame (after the Xing/Info frame, if any), found
  // here again from the file's start.
  const id3 = bytes[0] === 0x49 && bytes[1] === 0x44 && bytes[2] === 0x33
    ? 10 + ((bytes[6] & 0x7f) << 21 | (bytes[7] & 0x7f) << 14 | (bytes[8] & 0x7f) << 7 | (bytes[9] & 0x7f)) : 0;
  let at = id3;
  while (!frameBytes(at)) ++at;
  const tagAt = at + 4 + 32;  // MPEG-1 stereo side information
  const xing = ['Xing', 'Info'].includes(String.fromCharCode(...bytes.subarray(tagAt, tagAt + 4)));
  if (xing) at += frameBytes(at);
  assert.equal(facts.audioStart, at);
  const expected = [];
  let frames = 0;
  for (let length = frameBytes(at); length > 0 && at + length <= bytes.length; at += length, length = frameBytes(at)) {
    if (frames % 256 === 0) expected.push(at);
    frames += 1;
  }
  assert.ok(frames > 1600 && frames < 1700, `${frames} frames`);
  assert.deepEqual([...index.toMessage().offsets], expected);
  for (const slice of [1, 3, 4093, 65536]) {
    const sliced = await build(slice);
    assert.deepEqual([...sliced.index.toMessage().offsets], expected, `slices of ${slice} bytes`);
  }
});

test('a header out of place stops the index; the offsets before it stay', async () => {
  const { index: whole } = await build(1 << 20);
  const offsets = [...whole.toMessage().offsets];
  // Junk over the header of frame 3 * 256 + 10: the index keeps offsets 0 to 3.
  const damaged = bytes.slice();
  let at = offsets[3];
  for (let k = 0; k < 10; ++k) at += frameBytes(at);
  damaged.fill(0, at, at + 4);
  const { index } = await build(1 << 20, damaged);
  assert.deepEqual([...index.toMessage().offsets], offsets.slice(0, 4));
  assert.equal(index.stopped, true);
});
