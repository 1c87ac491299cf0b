// flac-header.test.mjs: the FLAC frame-header check the detail's seek relies on
// (web/file-seek.js flacFrameHeader) accepts a real encoder's frame header and refuses headers
// that pass the CRC-8 but are not frames of this stream: another channel count, bit depth or
// rate than STREAMINFO's, the lead byte 0xFF, a block of 65536 samples.
// Plain node: the page's worker scripts run in a vm context; the headers are edited copies of
// the first frame header of a file sox encodes, each with its CRC-8 made right again.
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { workerContext } from './worker-context.mjs';

const worker = workerContext();

const dir = mkdtempSync(path.join(os.tmpdir(), 'flac-header-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const flacPath = path.join(dir, 'noise.flac');
execFileSync('sox', ['-D', '-n', '-r', '48000', '-c', '2', '-b', '16', flacPath, 'synth', '1', 'whitenoise', 'vol', '0.5']);
const file = new Uint8Array(readFileSync(flacPath));
const stream = worker('flacFacts')(file);
let audioStart = 4;
for (let last = false; !last;) {
  last = Boolean(file[audioStart] & 0x80);
  audioStart += 4 + ((file[audioStart + 1] << 16) | (file[audioStart + 2] << 8) | file[audioStart + 3]);
}

function crc8(bytes) {  // FLAC's (polynomial 0x07), written again here so the test does not trust the worker's
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; ++bit) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
  }
  return crc;
}
// A header from its bytes before the CRC, with the CRC appended.
const header = (bytes) => Uint8Array.from([...bytes, crc8(bytes)]);
// Why the spread: the result is an object of the vm context's realm (another Object prototype).
const parse = (bytes) => { const frame = worker('flacFrameHeader')(bytes, 0, stream); return frame && { ...frame }; };

test('STREAMINFO says 48 kHz, 2 channels, 16 bits; the first frame header parses', () => {
  assert.deepEqual({ rate: stream.rate, channels: stream.channels, bits: stream.bitsPerSample }, { rate: 48000, channels: 2, bits: 16 });
  const first = worker('flacFrameHeader')(file, audioStart, stream);
  assert.ok(first, 'the encoder\'s first frame header');
  assert.equal(first.firstSample, 0);
  assert.ok(first.blockSize >= 192 && first.blockSize <= 65535, `block size ${first.blockSize}`);
});

test('a header naming another channel count, bit depth or rate than STREAMINFO is no frame of it', () => {
  // Fixed blocking, 4096 samples (code 12), 48 kHz (code 10), 2 channels (code 1), 16 bits
  // (code 4), frame number 0.
  const base = [0xff, 0xf8, (12 << 4) | 10, (1 << 4) | (4 << 1), 0x00];
  assert.deepEqual(parse(header(base)), { firstSample: 0, blockSize: 4096 });
  assert.equal(parse(header([0xff, 0xf8, (12 << 4) | 10, (0 << 4) | (4 << 1), 0x00])), null, 'mono');
  assert.equal(parse(header([0xff, 0xf8, (12 << 4) | 10, (1 << 4) | (6 << 1), 0x00])), null, '24 bits');
  assert.equal(parse(header([0xff, 0xf8, (12 << 4) | 9, (1 << 4) | (4 << 1), 0x00])), null, '44.1 kHz');
  assert.equal(parse(header([0xff, 0xf8, (12 << 4) | 13, (1 << 4) | (4 << 1), 0x00, 44100 >> 8, 44100 & 255])), null, '44.1 kHz in the header');
  assert.ok(parse(header([0xff, 0xf8, (12 << 4) | 13, (1 << 4) | (4 << 1), 0x00, 48000 >> 8, 48000 & 255])), '48 kHz in the header');
  assert.ok(parse(header([0xff, 0xf8, (12 << 4) | 10, (10 << 4) | (4 << 1), 0x00])), 'mid/side stereo is 2 channels');
});

test('the lead byte 0xFF and a block of 65536 samples are refused; 0xFE and 65535 are not', () => {
  const variable = [0xff, 0xf9, (12 << 4) | 10, (1 << 4) | (4 << 1)];
  assert.deepEqual(parse(header([...variable, 0xfe, 0x80, 0x80, 0x80, 0x80, 0x80, 0x81])), { firstSample: 1, blockSize: 4096 });
  assert.equal(parse(header([...variable, 0xff, 0x80, 0x80, 0x80, 0x80, 0x80, 0x81])), null, 'lead byte 0xFF');
  const sized = (high, low) => header([0xff, 0xf8, (7 << 4) | 10, (1 << 4) | (4 << 1), 0x00, high, low]);
  assert.deepEqual(parse(sized(0xff, 0xfe)), { firstSample: 0, blockSize: 65535 });
  assert.equal(parse(sized(0xff, 0xff)), null, '65536 samples');
});
