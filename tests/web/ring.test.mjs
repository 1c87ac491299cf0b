// ring.test.mjs: the sample ring's contract, one state change at a time (plain node, no browser).
import test from 'node:test';
import assert from 'node:assert/strict';
import { createRing, ringFromBuffers, ringWrite, ringRead, ringAvailable, DROPPED, WRITE, READ } from '../../web/ring.js';

const block = (start, n = 128) => Float32Array.from({ length: n }, (_, i) => start + i);

test('samples come out in order, across the wrap', () => {
  const ring = createRing(512, false);
  const out = new Float32Array(1024);
  let next = 0;
  let expected = 0;
  for (let round = 0; round < 20; round++) {
    assert.equal(ringWrite(ring, block(next), null, 0, 128), true);
    next += 128;
    assert.equal(ringWrite(ring, block(next), null, 0, 128), true);
    next += 128;
    const count = ringRead(ring, out, 0, 200);
    assert.equal(count, 200);
    for (let i = 0; i < count; i++) assert.equal(out[i], expected + i);
    expected += count;
    expected += ringRead(ring, out, 0, 1000);
  }
  assert.equal(ringAvailable(ring), 0);
});

test('a full ring drops the new block, counts it, and keeps the old samples', () => {
  const ring = createRing(256, false);
  assert.equal(ringWrite(ring, block(0), null, 0, 128), true);
  assert.equal(ringWrite(ring, block(128), null, 0, 128), true);
  assert.equal(ringWrite(ring, block(256), null, 0, 128), false);
  assert.equal(ring.header[DROPPED], 128);
  const out = new Float32Array(256);
  assert.equal(ringRead(ring, out, 0, 256), 256);
  assert.deepEqual(Array.from(out.subarray(250, 256)), [250, 251, 252, 253, 254, 255]);
});

test('indices keep working when the 32-bit counters wrap', () => {
  const ring = createRing(256, false);
  ring.header[WRITE] = 2147483600 | 0;
  ring.header[READ] = 2147483600 | 0;
  const out = new Float32Array(128);
  for (let i = 0; i < 4; i++) {
    assert.equal(ringWrite(ring, block(i * 128), null, 0, 128), true);
    assert.equal(ringRead(ring, out, 0, 128), 128);
    assert.equal(out[127], i * 128 + 127);
  }
  assert.ok(ring.header[WRITE] < 0, 'the write counter wrapped');
});

test('channel modes: left, right, mix, and a missing right channel', () => {
  const left = Float32Array.from({ length: 128 }, () => 1);
  const right = Float32Array.from({ length: 128 }, () => 0.5);
  const out = new Float32Array(128);
  for (const [mode, r, expected] of [[0, right, 1], [1, right, 0.5], [2, right, 0.75], [1, null, 1], [2, null, 1]]) {
    const ring = createRing(256, false);
    ringWrite(ring, left, r, mode, 128);
    ringRead(ring, out, 0, 128);
    assert.equal(out[5], expected, `mode ${mode}`);
  }
});

test('a shared ring hands its buffers to the other thread, which sees the same samples', () => {
  const ring = createRing(1024, true);
  assert.equal(ring.shared, true);
  assert.ok(ring.samples.buffer instanceof SharedArrayBuffer);
  const other = ringFromBuffers(ring.header.buffer, ring.samples.buffer, ring.capacity);
  assert.equal(ringWrite(other, block(0), null, 0, 128), true);
  const out = new Float32Array(128);
  assert.equal(ringRead(ring, out, 0, 128), 128);
  assert.equal(out[127], 127);
});
