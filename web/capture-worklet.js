// capture-worklet.js: the AudioWorklet processor. It copies each render quantum of the
// microphone, both channels interleaved, into the sample ring and does nothing else.
// Real-time contract: no allocation, no locks, no messages on the audio thread when the ring is
// a SharedArrayBuffer ("sab" transport). Without cross-origin isolation ("message" transport)
// it must post each block to the page; that allocates one small array per block (unavoidable:
// transferring is the only way out without shared memory).
import { READ, WRITE, createRing, ringFromBuffers, ringRead, ringWrite } from './ring.js';

const kMessageBlocks = 8;  // blocks batched per message in the fallback (1024 frames)

class CaptureWorklet extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const o = options.processorOptions;
    this.shared = Boolean(o.headerBuffer);
    if (this.shared) {
      this.ring = ringFromBuffers(o.headerBuffer, o.samplesBuffer, o.capacity);
    } else {
      this.ring = createRing(2 * 128 * kMessageBlocks, false);
    }
    this.blocks = 0;
  }

  process(inputs) {
    const input = inputs[0];
    // No channels: the track is gone or not yet flowing; report nothing rather than zeros.
    if (!input || input.length === 0) return true;
    const left = input[0];
    const right = input.length > 1 ? input[1] : null;
    if (this.shared) {
      ringWrite(this.ring, left, right, left.length);
      return true;
    }
    // Fallback: fill a local ring, then hand its contents over in one transfer.
    ringWrite(this.ring, left, right, left.length);
    if (++this.blocks === kMessageBlocks) {
      const block = new Float32Array((this.ring.header[WRITE] - this.ring.header[READ]) | 0);
      ringRead(this.ring, block, 0, block.length);
      this.port.postMessage(block, [block.buffer]);
      this.blocks = 0;
    }
    return true;
  }
}

registerProcessor('capture-worklet', CaptureWorklet);
