// ring.js: single-producer single-consumer sample ring shared by the capture worklet (writer)
// and the page (reader). It carries stereo frames, interleaved (left, right, left, right, ...),
// so every captured channel is kept and the channel to analyse is chosen by the reader. Indices
// count floats (two a frame), are monotonic 32-bit counters published with Atomics, wrap modulo
// 2^32, and only their difference is used, so a session can run for days.
// Does not: allocate after creation, block, or post messages.
// Layout: Int32 header [write, read, dropped, reserved] + Float32 samples[capacity (power of 2,
// floats)].
// Semantics: the writer never overwrites unread samples: when the ring is full the new block is
// dropped and counted in `dropped` (in frames; the reader marks a gap), never silently lost.

export const WRITE = 0;
export const READ = 1;
export const DROPPED = 2;

// True when memory can be shared with the worklet here: the page is cross-origin isolated and
// the engine offers SharedArrayBuffer. Why not a shared WebAssembly.Memory where the
// constructor is hidden (WebKitGTK): its buffer is a SharedArrayBuffer, but WebKit's worklet
// fails to construct when handed one (measured), so such engines use the message transport.
export function canShareMemory() {
  return Boolean(globalThis.crossOriginIsolated) && typeof SharedArrayBuffer === 'function' && typeof Atomics === 'object';
}

// Creates a ring over shared memory (shared = true) or a plain ArrayBuffer.
export function createRing(capacity, shared) {
  const make = shared ? (bytes) => new SharedArrayBuffer(bytes) : (bytes) => new ArrayBuffer(bytes);
  return {
    header: new Int32Array(make(16), 0, 4),
    samples: new Float32Array(make(capacity * 4), 0, capacity),
    capacity,
    shared,
  };
}

// Wraps buffers received from another thread.
export function ringFromBuffers(headerBuffer, samplesBuffer, capacity) {
  return { header: new Int32Array(headerBuffer, 0, 4), samples: new Float32Array(samplesBuffer, 0, capacity), capacity, shared: true };
}

// Writer: appends `count` frames of two channels, interleaved; a missing right channel repeats
// the left. Returns false (and counts the block's frames as dropped) when the reader is too far
// behind.
export function ringWrite(ring, left, right, count) {
  const { header, samples, capacity } = ring;
  const write = Atomics.load(header, WRITE);
  const read = Atomics.load(header, READ);
  if (((write - read) | 0) + 2 * count > capacity) {
    Atomics.add(header, DROPPED, count);
    return false;
  }
  const mask = capacity - 1;
  const second = right || left;
  for (let i = 0; i < count; i++) {
    samples[(write + 2 * i) & mask] = left[i];
    samples[(write + 2 * i + 1) & mask] = second[i];
  }
  Atomics.store(header, WRITE, (write + 2 * count) | 0);  // publish after the data
  return true;
}

// Writer: appends frames that are already interleaved (`interleaved.length` even).
export function ringWriteInterleaved(ring, interleaved) {
  const { header, samples, capacity } = ring;
  const write = Atomics.load(header, WRITE);
  const read = Atomics.load(header, READ);
  const count = interleaved.length;
  if (((write - read) | 0) + count > capacity) {
    Atomics.add(header, DROPPED, count / 2);
    return false;
  }
  const mask = capacity - 1;
  for (let i = 0; i < count; i++) samples[(write + i) & mask] = interleaved[i];
  Atomics.store(header, WRITE, (write + count) | 0);
  return true;
}

// Reader: copies up to `max` unread floats (whole frames: an even count) into `target` (a
// Float32Array, e.g. the wasm heap) at `offset`; returns how many floats.
export function ringRead(ring, target, offset, max) {
  const { header, samples, capacity } = ring;
  const write = Atomics.load(header, WRITE);
  const read = Atomics.load(header, READ);
  const available = (write - read) | 0;
  const count = Math.min(available, max) & ~1;
  if (count <= 0) return 0;
  const start = read & (capacity - 1);
  const first = Math.min(count, capacity - start);
  target.set(samples.subarray(start, start + first), offset);
  if (count > first) target.set(samples.subarray(0, count - first), offset + first);
  Atomics.store(header, READ, (read + count) | 0);
  return count;
}

export function ringAvailable(ring) {
  return (Atomics.load(ring.header, WRITE) - Atomics.load(ring.header, READ)) | 0;
}
