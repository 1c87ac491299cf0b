// ring.test.mjs: the sample ring's contract, one state change at a time (plain node, no browser).
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRing, ringFromBuffers, ringWrite, ringWriteInterleaved, ringRead, ringAvailable, DROPPED, WRITE, READ } from '../../web/ring.js';

const block = (start, n = 128) => Float32Array.from({ length: n }, (_, i) => start + i);

// Frames come out interleaved: left, right. Here right = -left, so both are checked.
const left = (start, n = 128) => Float32Array.from({ length: n }, (_, i) => start + i);
const right = (start, n = 128) => Float32Array.from({ length: n }, (_, i) => -(start + i));

test('frames come out in order, both channels interleaved, across the wrap', () => {
  const ring = createRing(1024, false);  // 512 frames
  const out = new Float32Array(2048);
  let next = 0;
  let expected = 0;
  for (let round = 0; round < 20; round++) {
    assert.equal(ringWrite(ring, left(next), right(next), 128), true);
    next += 128;
    assert.equal(ringWrite(ring, left(next), right(next), 128), true);
    next += 128;
    const count = ringRead(ring, out, 0, 401);  // an odd maximum still gives whole frames
    assert.equal(count, 400);
    for (let i = 0; i < count / 2; i++) {
      assert.equal(out[2 * i], expected + i);
      assert.equal(out[2 * i + 1], -(expected + i));
    }
    expected += count / 2;
    expected += ringRead(ring, out, 0, 2000) / 2;
  }
  assert.equal(ringAvailable(ring), 0);
});

test('a mono input repeats its channel; interleaved blocks (the message transport) go in as they are', () => {
  const ring = createRing(1024, false);
  ringWrite(ring, left(0), null, 128);
  ringWriteInterleaved(ring, Float32Array.from([7, 8, 9, 10]));
  const out = new Float32Array(300);
  assert.equal(ringRead(ring, out, 0, 300), 260);
  assert.deepEqual(Array.from(out.subarray(0, 4)), [0, 0, 1, 1]);
  assert.deepEqual(Array.from(out.subarray(256, 260)), [7, 8, 9, 10]);
});

test('a full ring drops the new block, counts its frames, and keeps the old samples', () => {
  const ring = createRing(512, false);  // 256 frames
  assert.equal(ringWrite(ring, left(0), right(0), 128), true);
  assert.equal(ringWrite(ring, left(128), right(128), 128), true);
  assert.equal(ringWrite(ring, left(256), right(256), 128), false);
  assert.equal(ring.header[DROPPED], 128);
  assert.equal(ringWriteInterleaved(ring, new Float32Array(10)), false);
  assert.equal(ring.header[DROPPED], 133);
  const out = new Float32Array(512);
  assert.equal(ringRead(ring, out, 0, 512), 512);
  assert.deepEqual(Array.from(out.subarray(506, 512)), [253, -253, 254, -254, 255, -255]);
});

test('indices keep working when the 32-bit counters wrap', () => {
  const ring = createRing(512, false);
  ring.header[WRITE] = 2147483600 | 0;
  ring.header[READ] = 2147483600 | 0;
  const out = new Float32Array(256);
  for (let i = 0; i < 4; i++) {
    assert.equal(ringWrite(ring, left(i * 128), right(i * 128), 128), true);
    assert.equal(ringRead(ring, out, 0, 256), 256);
    assert.equal(out[254], i * 128 + 127);
  }
  assert.ok(ring.header[WRITE] < 0, 'the write counter wrapped');
});

test('a shared ring hands its buffers to the other thread, which sees the same samples', () => {
  const ring = createRing(1024, true);
  assert.equal(ring.shared, true);
  assert.ok(ring.samples.buffer instanceof SharedArrayBuffer);
  const other = ringFromBuffers(ring.header.buffer, ring.samples.buffer, ring.capacity);
  assert.equal(ringWrite(other, left(0), right(0), 128), true);
  const out = new Float32Array(256);
  assert.equal(ringRead(ring, out, 0, 256), 256);
  assert.equal(out[254], 127);
  assert.equal(out[255], -127);
});
