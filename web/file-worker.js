// file-worker.js: decodes one audio file, a slice at a time, off the main thread. WAV is parsed
// here (8/16/24/32-bit integer, 32/64-bit float, RIFF and RF64); FLAC, Ogg Vorbis, Ogg Opus and
// MP3 go through the wasm-audio-decoders bundles (npm; copied into decoders/ by the build and
// loaded only when a file needs one). The page pulls decoded blocks one at a time, so at most
// a few blocks of decoded audio exist at once, however long the file.
// Does: sniff the format from the bytes (never from the name), read the header's facts (rate,
//       channels, duration where the file states it), post {info}, then {audio} blocks of up to
//       two planar Float32Arrays (files with more channels: the first two), then {done}
//       (with truncated/corrupt findings) or {error} with a message a person can act on. Given
//       a range of frames (the app's detail of a zoomed view), only those are posted: a WAV
//       seeks to them, a FLAC, MP3 or Ogg file to a frame or page a little before them
//       (file-seek.js). Frames decoded before the range are dropped, so the range is exact.
// Does not: analyse, resample or hold the file: bytes are read with File.slice as needed.
// Why a classic worker with importScripts: the page's CSP allows workers only from 'self' (no
// blob: workers), and the decoder bundles are UMD scripts that set a global.
'use strict';

const kSliceBytes = 1 << 20;          // read from the file this much at a time
const kBlockFrames = 1 << 16;         // post decoded audio in blocks of about this many frames
const kMinRateHz = 8000, kMaxRateHz = 384000;

const DECODERS = {
  flac: { script: 'decoders/flac-decoder.min.js', global: 'flac-decoder', name: 'FLACDecoder' },
  vorbis: { script: 'decoders/ogg-vorbis-decoder.min.js', global: 'ogg-vorbis-decoder', name: 'OggVorbisDecoder' },
  opus: { script: 'decoders/ogg-opus-decoder.min.js', global: 'ogg-opus-decoder', name: 'OggOpusDecoder' },
  mp3: { script: 'decoders/mpg123-decoder.min.js', global: 'mpg123-decoder', name: 'MPEGDecoder' },
};

class FileProblem extends Error {}

// [SECTION] flow control: the page sends one 'pull' per block it can take

let credits = 0;
let creditWaiter = null;
let cancelled = false;
// Blocks the page has emptied and sent back with its pull: reused, so the decoded audio's
// memory stays a few blocks however long the file (no garbage for the collector to catch up on).
const spare = [];

async function takeCredit() {
  while (credits === 0) await new Promise((resolve) => { creditWaiter = resolve; });
  credits -= 1;
}

self.onmessage = (event) => {
  const message = event.data || {};
  if (message.type === 'give') {
    if (message.buffer instanceof ArrayBuffer && message.buffer.byteLength === kBlockFrames * 4 && spare.length < 32) spare.push(message.buffer);
  } else if (message.type === 'pull') {
    credits += 1;
    if (creditWaiter) { const wake = creditWaiter; creditWaiter = null; wake(); }
  } else if (message.type === 'cancel') {
    cancelled = true;
  } else if (message.type === 'open') {
    // A range (the app's detail of a zoomed view): frames [fromFrame, toFrame) only.
    // An MP3's frame index from the overview's pass (file-seek.js) makes its seek short.
    const range = Number.isFinite(message.fromFrame) && Number.isFinite(message.toFrame)
      ? { from: Math.max(0, Math.floor(message.fromFrame)), to: Math.max(0, Math.floor(message.toFrame)), mp3Index: message.mp3Index || null } : null;
    decodeFile(message.file, range).catch((error) => {
      const text = error instanceof FileProblem ? error.message : `The file could not be decoded (${String(error && error.message || error)}).`;
      self.postMessage({ type: 'error', message: text });
    });
  }
};

// [SECTION] output: decoded audio gathered into blocks of at most two channels

class Output {
  // `range` {from, to}: only those frames are posted (the ones before are decoded and dropped:
  // exact, where a compressed stream gives no sample-exact seek); reading stops after `to`.
  constructor(file, range = null) {
    this.file = file;
    this.range = range;
    this.framesToSkip = range ? range.from : 0;  // frames still to drop
    this.framesToPost = range ? Math.max(0, range.to - range.from) : Infinity;
    this.channels = 0;
    this.left = null;
    this.right = null;
    this.filled = 0;
    this.frames = 0;      // frames posted so far
    this.bytesRead = 0;
  }
  start(channels) {
    this.channels = Math.min(2, channels);
    this.left = new Float32Array(kBlockFrames);
    this.right = this.channels > 1 ? new Float32Array(kBlockFrames) : null;
  }
  // Appends planar channels (arrays of Float32Array), the first two of them.
  async append(channelData, count) {
    let done = Math.min(count, this.framesToSkip);
    this.framesToSkip -= done;
    count = Math.min(count, done + this.framesToPost);
    this.framesToPost -= count - done;
    for (; done < count;) {
      const take = Math.min(count - done, kBlockFrames - this.filled);
      this.left.set(channelData[0].subarray(done, done + take), this.filled);
      if (this.right) this.right.set((channelData[1] || channelData[0]).subarray(done, done + take), this.filled);
      this.filled += take;
      done += take;
      if (this.filled === kBlockFrames) await this.flush();
    }
  }
  // A range has all its frames: reading can stop.
  get complete() { return this.framesToPost === 0; }
  async flush() {
    if (this.filled === 0 || cancelled) return;
    await takeCredit();
    if (cancelled) return;
    const take = () => new Float32Array(spare.pop() || new ArrayBuffer(kBlockFrames * 4), 0, this.filled);
    const left = take();
    left.set(this.left.subarray(0, this.filled));
    const right = this.right ? take() : null;
    if (right) right.set(this.right.subarray(0, this.filled));
    this.frames += this.filled;
    this.filled = 0;
    const transfer = right ? [left.buffer, right.buffer] : [left.buffer];
    self.postMessage({ type: 'audio', left, right, frames: this.frames, bytesRead: this.bytesRead, totalBytes: this.file.size }, transfer);
  }
}

// Reads a file from `offset` to its end, a slice at a time, into one reused buffer (a BYOB
// reader of the file's byte stream) where the engine has one, else with File.slice. Why reuse:
// a fresh ArrayBuffer per megabyte of an hour-long WAV is 700 MB of garbage, which the
// collector lets pile up to a few hundred MB before it runs.
class SequentialReader {
  constructor(file, offset) {
    this.file = file;
    this.offset = offset;
    this.buffer = new ArrayBuffer(kSliceBytes);
    try {
      this.reader = file.slice(offset).stream().getReader({ mode: 'byob' });
    } catch {
      this.reader = null;  // no byte stream here: slices
    }
  }
  // The next `length` bytes (fewer only at the end); valid until the next call.
  async read(length) {
    if (!this.reader) {
      const bytes = await readBytes(this.file, this.offset, length);
      this.offset += bytes.length;
      return bytes;
    }
    if (this.buffer.byteLength < length) this.buffer = new ArrayBuffer(length);
    let filled = 0;
    try {
      while (filled < length) {
        const { value, done } = await this.reader.read(new Uint8Array(this.buffer, filled, length - filled));
        if (value) this.buffer = value.buffer;  // the same memory, handed back
        if (done) break;
        filled += value.byteLength;
      }
    } catch (error) {
      throw new FileProblem(`The file could not be read (${error && error.name === 'NotReadableError' ? 'it was moved, changed or is no longer allowed' : String(error && error.message || error)}).`);
    }
    this.offset += filled;
    return new Uint8Array(this.buffer, 0, filled);
  }
  cancel() { if (this.reader) this.reader.cancel().catch(() => {}); }
}

async function readBytes(file, offset, length) {
  const end = Math.min(file.size, offset + length);
  if (end <= offset) return new Uint8Array(0);
  try {
    return new Uint8Array(await file.slice(offset, end).arrayBuffer());
  } catch (error) {
    throw new FileProblem(`The file could not be read (${error && error.name === 'NotReadableError' ? 'it was moved, changed or is no longer allowed' : String(error && error.message || error)}).`);
  }
}

// Bytes as text, one character per byte (a loop: spreading 64 KiB into arguments overflows the stack).
function ascii(bytes, at, length) {
  let text = '';
  for (let i = at; i < Math.min(bytes.length, at + length); ++i) text += String.fromCharCode(bytes[i]);
  return text;
}

// [SECTION] format detection from the first bytes

function sniff(head) {
  const tag4 = ascii(head, 0, 4);
  if ((tag4 === 'RIFF' || tag4 === 'RF64' || tag4 === 'BW64') && ascii(head, 8, 4) === 'WAVE') return 'wav';
  if (tag4 === 'fLaC') return 'flac';
  if (tag4 === 'OggS') {
    const text = ascii(head, 0, Math.min(head.length, 200));
    if (text.includes('OpusHead')) return 'opus';
    if (text.includes('\x01vorbis')) return 'vorbis';
    if (text.includes('\x7FFLAC')) return 'flac';
    return 'ogg-other';
  }
  if (ascii(head, 0, 3) === 'ID3') return 'mp3';
  if (head.length > 1 && head[0] === 0xff && (head[1] & 0xe0) === 0xe0 && ((head[1] >> 1) & 3) !== 0) return 'mp3';
  if (ascii(head, 4, 4) === 'ftyp') return 'mp4';
  if (tag4 === 'FORM') return 'aiff';
  if (ascii(head, 0, 4) === 'caff') return 'caf';
  return 'unknown';
}

const UNSUPPORTED = {
  'ogg-other': 'This Ogg file holds neither Vorbis, Opus nor FLAC audio.',
  aiff: 'AIFF files are not supported yet: convert it to WAV or FLAC.',
  caf: 'CAF files are not supported: convert it to WAV or FLAC.',
  unknown: 'This is not an audio file this app can read (WAV, FLAC, MP3, Ogg Vorbis or Ogg Opus).',
};

function checkRate(rate) {
  if (!(rate >= kMinRateHz && rate <= kMaxRateHz)) {
    throw new FileProblem(`This file's sample rate (${rate} Hz) is outside what the app analyses (8 kHz to 384 kHz).`);
  }
}

async function decodeFile(file, range = null) {
  if (!file || typeof file.slice !== 'function') throw new FileProblem('That is not a file.');
  if (file.size === 0) throw new FileProblem('The file is empty.');
  const head = await readBytes(file, 0, 65536);
  const format = sniff(head);
  if (format === 'mp4') {
    self.postMessage({ type: 'error', message: 'mp4', needsBrowserDecoder: true });
    return;
  }
  if (UNSUPPORTED[format]) throw new FileProblem(UNSUPPORTED[format]);
  const out = new Output(file, range);
  if (format === 'wav') await decodeWav(file, head, out);
  else await decodeCompressed(file, head, format, out);
}

// [SECTION] WAV (RIFF, RF64): chunks walked with small reads, samples converted a slice at a time

const WAVE_FORMAT_PCM = 1, WAVE_FORMAT_FLOAT = 3, WAVE_FORMAT_EXTENSIBLE = 0xfffe;

async function decodeWav(file, head, out) {
  const rf64 = ascii(head, 0, 4) !== 'RIFF';
  let offset = 12, fmt = null, dataSize64 = -1, dataStart = -1, declared = -1;
  while (offset + 8 <= file.size) {
    const header = await readBytes(file, offset, 8 + 40);
    const id = ascii(header, 0, 4);
    const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
    const size = view.getUint32(4, true);
    if (id === 'ds64' && header.length >= 24) dataSize64 = view.getUint32(16, true) + view.getUint32(20, true) * 2 ** 32;
    if (id === 'fmt ') {
      if (size < 16 || header.length < 24) throw new FileProblem('This WAV file has a broken format header.');
      let code = view.getUint16(8, true);
      const bits = view.getUint16(22, true);
      if (code === WAVE_FORMAT_EXTENSIBLE && size >= 40 && header.length >= 34) code = view.getUint16(32, true);
      fmt = { code, channels: view.getUint16(10, true), rate: view.getUint32(12, true), blockAlign: view.getUint16(20, true), bits };
    }
    if (id === 'data') {
      dataStart = offset + 8;
      declared = rf64 && size === 0xffffffff && dataSize64 >= 0 ? dataSize64 : size;
      break;
    }
    offset += 8 + size + (size & 1);
  }
  if (!fmt) throw new FileProblem('This WAV file has no format header: it is damaged or not a WAV.');
  if (dataStart < 0) throw new FileProblem('This WAV file holds no audio data: it is damaged or truncated.');
  const { code, channels, rate, bits } = fmt;
  const bytesPer = bits / 8;
  const supported = (code === WAVE_FORMAT_PCM && [8, 16, 24, 32].includes(bits)) || (code === WAVE_FORMAT_FLOAT && [32, 64].includes(bits));
  if (!supported) throw new FileProblem(`This WAV file's encoding (format ${code}, ${bits} bits) is not supported: use integer PCM or float.`);
  if (!(channels >= 1 && channels <= 8)) throw new FileProblem(`This WAV file has ${channels} channels; 1 to 8 are supported.`);
  checkRate(rate);
  const frameBytes = channels * bytesPer;
  const available = file.size - dataStart;
  // Writers that stream (and never come back to fix the header) leave 0 or 0xFFFFFFFF.
  const unknownSize = declared === 0 || declared === 0xffffffff;
  const dataBytes = unknownSize ? available : Math.min(declared, available);
  const truncated = !unknownSize && declared > available;
  const totalFrames = Math.floor(dataBytes / frameBytes);
  const label = `WAV ${code === WAVE_FORMAT_FLOAT ? `${bits}-bit float` : `${bits}-bit`}`;
  self.postMessage({ type: 'info', format: label, sampleRate: rate, channels, durationSec: totalFrames / rate, exact: true });
  out.start(channels);
  const sliceFrames = Math.max(1, Math.floor(kSliceBytes / frameBytes));
  const planes = [new Float32Array(sliceFrames), new Float32Array(sliceFrames)];
  // A range starts at its first frame (WAV frames sit at known offsets) and ends at its last.
  const firstFrame = out.range ? Math.min(out.range.from, totalFrames) : 0;
  if (out.range) self.postMessage({ type: 'range', decodedFromFrame: firstFrame });
  const endFrame = out.range ? Math.min(out.range.to, totalFrames) : totalFrames;
  out.framesToSkip = 0;
  const reader = new SequentialReader(file, dataStart + firstFrame * frameBytes);
  for (let frame = firstFrame; frame < endFrame && !cancelled;) {
    const count = Math.min(sliceFrames, endFrame - frame);
    const bytes = await reader.read(count * frameBytes);
    const got = Math.floor(bytes.length / frameBytes);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let c = 0; c < Math.min(2, channels); ++c) convertChannel(view, got, frameBytes, c * bytesPer, code, bits, planes[c]);
    out.bytesRead = dataStart + (frame + got) * frameBytes;
    await out.append(planes, got);
    frame += got;
    if (got < count) break;
  }
  reader.cancel();
  await out.flush();
  self.postMessage({ type: 'done', frames: out.frames, truncated, cancelled, warnings: [] });
}

function convertChannel(view, frames, stride, at, code, bits, out) {
  if (code === WAVE_FORMAT_FLOAT) {
    if (bits === 32) for (let i = 0; i < frames; ++i) out[i] = view.getFloat32(i * stride + at, true);
    else for (let i = 0; i < frames; ++i) out[i] = view.getFloat64(i * stride + at, true);
  } else if (bits === 8) {
    for (let i = 0; i < frames; ++i) out[i] = (view.getUint8(i * stride + at) - 128) / 128;
  } else if (bits === 16) {
    for (let i = 0; i < frames; ++i) out[i] = view.getInt16(i * stride + at, true) / 32768;
  } else if (bits === 24) {
    for (let i = 0; i < frames; ++i) {
      const p = i * stride + at;
      out[i] = (((view.getUint8(p + 2) << 24) | (view.getUint8(p + 1) << 16) | (view.getUint8(p) << 8)) >> 8) / 8388608;
    }
  } else {
    for (let i = 0; i < frames; ++i) out[i] = view.getInt32(i * stride + at, true) / 2147483648;
  }
}

// [SECTION] compressed formats: the header's facts, then the npm decoder fed slice by slice

// FLAC STREAMINFO (native FLAC only): rate, channels, bits per sample, total frames (0 = unknown).
function flacFacts(head) {
  if (ascii(head, 0, 4) !== 'fLaC' || head.length < 26) return null;
  const s = 18;
  const rate = (head[s] << 12) | (head[s + 1] << 4) | (head[s + 2] >> 4);
  const channels = ((head[s + 2] >> 1) & 7) + 1;
  const bitsPerSample = (((head[s + 2] & 1) << 4) | (head[s + 3] >> 4)) + 1;
  const total = (head[s + 3] & 0x0f) * 2 ** 32 + ((head[s + 4] << 24) >>> 0) + (head[s + 5] << 16) + (head[s + 6] << 8) + head[s + 7];
  return { rate, channels, bitsPerSample, totalFrames: total };
}

const kOggMaxPageBytes = 27 + 255 + 255 * 255;  // the header, 255 lacing values, 255 full segments

const OGG_CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; ++i) {
    let r = i << 24;
    for (let bit = 0; bit < 8; ++bit) r = r & 0x80000000 ? (r << 1) ^ 0x04c11db7 : r << 1;
    table[i] = r >>> 0;
  }
  return table;
})();

// An Ogg page's granule position (the sample count at its last finished packet) from the page
// header at view offset `at`: -1 when no packet ends on the page.
function oggGranule(view, at) {
  const low = view.getUint32(at + 6, true), high = view.getUint32(at + 10, true);
  return low === 0xffffffff && high === 0xffffffff ? -1 : low + high * 2 ** 32;
}

// The page at bytes[at], if a whole valid one of stream `serial` starts there: {length, granule
// (-1 when no packet ends on it), continued, ended, serial}, else null.
function oggPage(bytes, at, serial) {
  if (at + 27 > bytes.length || bytes[at] !== 0x4f || ascii(bytes, at, 4) !== 'OggS' || bytes[at + 4] !== 0) return null;
  const segments = bytes[at + 26];
  if (at + 27 + segments > bytes.length) return null;
  let length = 27 + segments;
  for (let i = 0; i < segments; ++i) length += bytes[at + 27 + i];
  if (at + length > bytes.length) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset + at, length);
  const pageSerial = view.getUint32(14, true);
  if (serial !== undefined && pageSerial !== serial) return null;
  let crc = 0;
  for (let i = 0; i < length; ++i) {
    const byte = i >= 22 && i < 26 ? 0 : bytes[at + i];  // the CRC field counts as zeros
    crc = ((crc << 8) ^ OGG_CRC_TABLE[((crc >>> 24) ^ byte) & 0xff]) >>> 0;
  }
  if (crc !== view.getUint32(22, true)) return null;
  return { length, granule: oggGranule(view, 0), continued: (bytes[at + 5] & 1) !== 0, ended: (bytes[at + 5] & 4) !== 0, serial: pageSerial };
}

// Ogg: the identification header's rate and channels, and (from the last page) the end granule
// and whether the stream was closed (the end-of-stream flag). Why the page parser lives here, not in
// file-seek.js: both the facts and the seek read pages.
async function oggFacts(file, head, format) {
  const text = ascii(head, 0, Math.min(head.length, 200));
  const at = text.indexOf(format === 'opus' ? 'OpusHead' : '\x01vorbis');
  if (at < 0) return null;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const facts = format === 'opus'
    ? { rate: 48000, channels: head[at + 9], preSkip: view.getUint16(at + 10, true) }
    : { rate: view.getUint32(at + 12, true), channels: head[at + 11], preSkip: 0 };
  // Why one page's worth: the last page starts at most kOggMaxPageBytes before the file's end.
  const tail = await readBytes(file, Math.max(0, file.size - kOggMaxPageBytes), kOggMaxPageBytes);
  // The last page's header, whole or not. Why not the last whole page: a cut file's last page
  // still delivers the packets it holds, so its granule bounds what can be decoded (the
  // picture is sized from it); a whole earlier page's falls short (a cut Vorbis file: 2.0 s
  // stated, 3.8 s decoded, and the picture lost its start).
  const tailText = ascii(tail, 0, tail.length);
  const last = tailText.lastIndexOf('OggS');
  facts.ended = false;
  facts.totalFrames = 0;
  if (last >= 0 && last + 27 <= tail.length) {
    facts.ended = (tail[last + 5] & 4) !== 0;
    const granule = oggGranule(new DataView(tail.buffer, tail.byteOffset, tail.byteLength), last);
    if (granule >= 0 && granule < 2 ** 53) facts.totalFrames = Math.max(0, granule - facts.preSkip);
  }
  return facts;
}

// [SECTION] MP3: facts from the first frame's header (after an ID3v2 tag) and the Xing/Info
// frame count if any (the seek to a range is in file-seek.js).
const MP3_RATES = [[11025, 12000, 8000], [0, 0, 0], [22050, 24000, 16000], [44100, 48000, 32000]];
const MP3_KBPS_V1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const MP3_KBPS_V2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];

// The Layer III frame header at bytes[at], if one starts there: {version, rate, kbps, mono,
// samplesPerFrame, bytes} (bytes 0 for free format, whose length the header does not give).
function mp3FrameHeader(bytes, at) {
  if (at + 4 > bytes.length || bytes[at] !== 0xff || (bytes[at + 1] & 0xe0) !== 0xe0) return null;
  const version = (bytes[at + 1] >> 3) & 3;  // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
  if (version === 1 || ((bytes[at + 1] >> 1) & 3) !== 1) return null;  // reserved, or not Layer III
  const rate = MP3_RATES[version][(bytes[at + 2] >> 2) & 3];
  const bitrateCode = bytes[at + 2] >> 4;
  if (!rate || bitrateCode === 15) return null;
  const kbps = (version === 3 ? MP3_KBPS_V1 : MP3_KBPS_V2)[bitrateCode];
  const samplesPerFrame = version === 3 ? 1152 : 576;
  const length = kbps ? Math.floor(samplesPerFrame / 8 * kbps * 1000 / rate) + ((bytes[at + 2] >> 1) & 1) : 0;
  return { version, rate, kbps, mono: (bytes[at + 3] >> 6) === 3, samplesPerFrame, bytes: length };
}

function id3v2Bytes(head) {
  if (ascii(head, 0, 3) !== 'ID3' || head.length < 10) return 0;
  return 10 + ((head[6] & 0x7f) << 21 | (head[7] & 0x7f) << 14 | (head[8] & 0x7f) << 7 | (head[9] & 0x7f));
}

async function mp3Facts(file, head) {
  const start = id3v2Bytes(head);
  const bytes = start + 4096 <= head.length ? head.subarray(start) : await readBytes(file, start, 4096);
  let i = 0, first = null;
  while (i + 4 <= bytes.length && !(first = mp3FrameHeader(bytes, i))) ++i;
  if (!first) return null;
  const { version, rate, kbps, mono, samplesPerFrame } = first;
  const sideInfo = version === 3 ? (mono ? 17 : 32) : (mono ? 9 : 17);
  const tag = ascii(bytes, i + 4 + sideInfo, 4);
  let totalFrames = 0, exact = false;
  const xing = tag === 'Xing' || tag === 'Info';
  if (xing && i + 4 + sideInfo + 12 <= bytes.length) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const tagAt = i + 4 + sideInfo, flags = view.getUint32(tagAt + 4);
    if (flags & 1) {
      totalFrames = view.getUint32(tagAt + 8) * samplesPerFrame;
      exact = true;
      // The LAME tag after the Xing fields (frames, bytes, table of contents, quality) gives the
      // encoder's delay and padding, which the decoder trims: the audio is that much shorter.
      const lameAt = tagAt + 12 + (flags & 2 ? 4 : 0) + (flags & 4 ? 100 : 0) + (flags & 8 ? 4 : 0);
      if (lameAt + 24 <= bytes.length && /^(LAME|Lavf|Lavc)/.test(ascii(bytes, lameAt, 4))) {
        const delay = (bytes[lameAt + 21] << 4) | (bytes[lameAt + 22] >> 4);
        const padding = ((bytes[lameAt + 22] & 15) << 8) | bytes[lameAt + 23];
        if (delay + padding < totalFrames) totalFrames -= delay + padding;
      }
    }
  }
  if (!exact && kbps > 0 && rate > 0) totalFrames = Math.round((file.size - start - i) * 8 / (kbps * 1000) * rate);
  // The first audio frame: after the Xing/Info frame (whose encoder delay the decoder trims
  // when it is given it as part of the stream's head), else the first frame.
  const audioStart = xing && first.bytes ? start + i + first.bytes : start + i;
  return { rate, channels: mono ? 1 : 2, totalFrames, exact, first, audioStart };
}

async function loadDecoder(format) {
  const spec = DECODERS[format];
  try {
    if (!self[spec.global]) importScripts(spec.script);
    const decoder = new self[spec.global][spec.name]();
    await decoder.ready;
    return decoder;
  } catch (error) {
    throw new FileProblem(`The ${format.toUpperCase()} decoder could not be loaded (${String(error && error.message || error)}). Reload the page and try again.`);
  }
}

const FORMAT_LABELS = { flac: 'FLAC', vorbis: 'Ogg Vorbis', opus: 'Ogg Opus', mp3: 'MP3' };

async function decodeCompressed(file, head, format, out) {
  let facts = format === 'flac' ? flacFacts(head) : format === 'mp3' ? await mp3Facts(file, head) : await oggFacts(file, head, format);
  const decoder = await loadDecoder(format);
  const warnings = [];
  let infoSent = false, decodedFrames = 0, errorCount = 0, firstError = '';
  const deliver = async (result) => {
    if (!result) return;
    errorCount += (result.errors || []).length;
    if (!firstError && result.errors && result.errors.length) firstError = String(result.errors[0].message || result.errors[0].error || '');
    if (!result.samplesDecoded || !result.channelData || result.channelData.length === 0) return;
    if (!infoSent) {
      const rate = result.sampleRate;
      checkRate(rate);
      const channels = facts && facts.channels ? facts.channels : result.channelData.length;
      const totalFrames = facts && facts.totalFrames && facts.rate === rate ? facts.totalFrames : 0;
      const exact = format === 'flac' || format === 'vorbis' || format === 'opus' ? totalFrames > 0 : Boolean(facts && facts.exact);
      self.postMessage({
        type: 'info', format: FORMAT_LABELS[format], sampleRate: rate, channels: Math.max(channels, result.channelData.length),
        durationSec: totalFrames > 0 ? totalFrames / rate : 0, exact,
      });
      out.start(result.channelData.length);
      infoSent = true;
    }
    decodedFrames += result.samplesDecoded;
    await out.append(result.channelData, result.samplesDecoded);
  };
  // An Ogg stream cut off (no end-of-stream page) ends at its last page's granule: past it the
  // Opus decoder went on with 2 s that are not in the file (a 6 s file cut at 70 %: 6.35 s).
  // Why only when cut: a chained stream's last granule counts only its last link.
  if (!out.range && (format === 'vorbis' || format === 'opus') && facts && !facts.ended && facts.totalFrames > 0) out.framesToPost = facts.totalFrames;
  // A range: the stream's headers, then the file from a frame or page just before the range
  // (file-seek.js), or from the start when no seek point can be trusted.
  let startOffset = 0;
  if (out.range && facts) {
    const target = out.range.from;
    const seeking = format === 'flac' ? flacSeekPoint(file, head, target)
      : format === 'mp3' ? mp3SeekPoint(file, facts, target, out.range.mp3Index) : oggSeekPoint(file, facts, format, target);
    // A read that fails while seeking: decoded from the start instead.
    const seek = await seeking.catch(() => null);
    if (seek && seek.offset > seek.audioStart) {
      await deliver(await decoder.decode(await readBytes(file, 0, seek.audioStart)));
      startOffset = seek.offset;
      out.framesToSkip = out.range.from - seek.firstSample;
      // Why a cap: a decoder started mid-stream has lost count of where it is, so it no longer
      // trims the encoder's padding at the end (an MP3's LAME tag); the stream's length does.
      const exactFrames = format === 'mp3' ? (facts.exact ? facts.totalFrames : 0) : facts.totalFrames;
      if (exactFrames > 0) out.framesToPost = Math.max(0, Math.min(out.framesToPost, exactFrames - out.range.from));
    }
  }
  if (out.range) self.postMessage({ type: 'range', decodedFromFrame: out.range.from - out.framesToSkip });
  // The whole MP3's pass indexes its frames as it reads, for the detail's seeks (file-seek.js).
  const mp3Index = format === 'mp3' && !out.range && facts && facts.first.bytes ? new Mp3FrameIndex(facts) : null;
  try {
    const reader = new SequentialReader(file, startOffset);
    for (let offset = startOffset; offset < file.size && !cancelled;) {
      const bytes = await reader.read(kSliceBytes);
      if (bytes.length === 0) break;
      if (mp3Index) mp3Index.add(bytes, offset);
      offset += bytes.length;
      out.bytesRead = offset;
      await deliver(await decoder.decode(bytes));
      if (out.complete) break;
    }
    reader.cancel();
    if (!cancelled && !out.complete && typeof decoder.flush === 'function') await deliver(await decoder.flush());
  } finally {
    try { decoder.free(); } catch { /* already freed */ }
  }
  if (!infoSent) {
    throw new FileProblem(`No ${FORMAT_LABELS[format]} audio could be decoded from this file: it is damaged${firstError ? ` (${firstError})` : ''}.`);
  }
  await out.flush();
  const expected = facts && facts.totalFrames > 0 && (format !== 'mp3' || facts.exact) ? facts.totalFrames : 0;
  // A stream shorter than its header says (by more than a frame's worth), or an Ogg stream
  // without its end-of-stream page, was cut off.
  const short = expected > 0 && decodedFrames + 2048 < expected;
  const truncated = !out.range && (short || ((format === 'vorbis' || format === 'opus') && facts && !facts.ended));
  if (errorCount > 0) warnings.push(`${errorCount} damaged frame${errorCount === 1 ? '' : 's'} skipped`);
  self.postMessage({ type: 'done', frames: out.frames, truncated, cancelled, warnings, mp3Index: mp3Index && mp3Index.toMessage() });
}

// Where a range starts in a compressed file. Why last: it checks on load that the parts it uses
// (readBytes, the header parsers, the constants) are defined, and a const is only once run.
importScripts('file-seek.js');
