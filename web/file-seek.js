// file-seek.js: where to start decoding a range (the app's detail of a zoomed view) in a
// compressed file, so that a part deep into an hour is decoded from just before it, not from the
// file's start. Loaded into file-worker.js by importScripts, at its end; it uses that script's
// readBytes, kSliceBytes, loadDecoder and the FLAC, MP3 and Ogg header parsers (checked on load).
// Does: for FLAC, MP3 and Ogg (Vorbis, Opus), find {audioStart, offset, firstSample}: the
//       decoder is given the file's bytes before `audioStart` (the stream's headers), then the
//       file from `offset`, and its output then continues the whole file's at `firstSample`
//       exactly; the worker drops the frames before the range.
// Does not: decode the range or trust anything it cannot check. Any doubt (an irregular header,
//       a chained or damaged stream, a read error) returns null, and the range is decoded from
//       the file's start: slower, never wrong.
'use strict';

if ([typeof readBytes, typeof loadDecoder, typeof flacFacts, typeof mp3FrameHeader, typeof oggPage].some((type) => type !== 'function')
    || typeof kSliceBytes !== 'number' || typeof kOggMaxPageBytes !== 'number') {
  throw new Error('file-seek.js: load it from the end of file-worker.js, which defines the parts it uses');
}

// Bisects the file's bytes [lo, hi) for the last unit (a frame or a page, found by
// `findFrom(offset)` at or after an offset: {offset, ...}) whose position is at most `wanted`,
// down to a few bytes or until one is within `closeEnough` of it; null if none is. Why down to a
// few bytes, not a window: a quiet stretch of FLAC packs minutes into 64 KB.
async function bisectLast(lo, hi, findFrom, positionOf, wanted, closeEnough) {
  let best = null;
  while (hi - lo > 64) {
    const mid = Math.floor((lo + hi) / 2);
    const unit = await findFrom(mid);
    if (!unit || positionOf(unit) > wanted || unit.offset >= hi) {
      hi = mid;
    } else {
      best = unit;
      lo = Math.max(mid, unit.offset) + 1;
      if (wanted - positionOf(unit) < closeEnough) break;
    }
  }
  return best;
}

// [SECTION] FLAC seeking: a range starts at the frame before it, found by bisecting the file on
// frame headers (each tells its first sample), so nothing before it is decoded. Why not the
// SEEKTABLE: it is optional, and many encoders leave it out.

// FLAC's frame-header CRC-8 (polynomial 0x07).
function crc8(bytes, from, to) {
  let crc = 0;
  for (let i = from; i < to; ++i) {
    crc ^= bytes[i];
    for (let bit = 0; bit < 8; ++bit) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
  }
  return crc;
}

const FLAC_RATES_HZ = [0, 88200, 176400, 192000, 8000, 16000, 22050, 24000, 32000, 44100, 48000, 96000];
const FLAC_SAMPLE_BITS = [0, 8, 12, 0, 16, 20, 24, 32];

// The frame header at bytes[at], if a valid one of the stream `stream` ({rate, channels,
// bitsPerSample} from STREAMINFO) starts there: {firstSample, blockSize}, else null. Why the
// stream's facts: audio bytes that pass the CRC-8 by chance (1 in 256) rarely also name the
// stream's channels, bit depth and rate.
function flacFrameHeader(bytes, at, stream) {
  if (at + 6 > bytes.length || bytes[at] !== 0xff || (bytes[at + 1] & 0xfe) !== 0xf8) return null;
  const variable = bytes[at + 1] & 1;
  const blockCode = bytes[at + 2] >> 4, rateCode = bytes[at + 2] & 15;
  const channelCode = bytes[at + 3] >> 4, sizeCode = (bytes[at + 3] >> 1) & 7;
  if (blockCode === 0 || rateCode === 15 || channelCode > 10 || sizeCode === 3 || (bytes[at + 3] & 1)) return null;
  // The frame (fixed blocks) or sample (variable) number, coded like UTF-8 in 1 to 7 bytes.
  let p = at + 4, first = bytes[p++], extra = 0;
  if (first === 0xff) return null;  // no such lead byte
  while (extra < 7 && (first << extra) & 0x80) ++extra;
  if (extra === 1 || extra > 6 + variable) return null;
  let number = extra === 0 ? first : first & (0x7f >> extra);
  for (let k = 1; k < extra; ++k, ++p) {
    if (p >= bytes.length || (bytes[p] & 0xc0) !== 0x80) return null;
    number = number * 64 + (bytes[p] & 0x3f);
  }
  let blockSize = blockCode === 1 ? 192 : blockCode <= 5 ? 576 << (blockCode - 2) : blockCode >= 8 ? 256 << (blockCode - 8) : 0;
  if (blockCode === 6) blockSize = bytes[p++] + 1;
  else if (blockCode === 7) { blockSize = ((bytes[p] << 8) | bytes[p + 1]) + 1; p += 2; }
  let rateHz = FLAC_RATES_HZ[rateCode] || 0;
  if (rateCode === 12) rateHz = bytes[p] * 1000;
  else if (rateCode === 13) rateHz = (bytes[p] << 8) | bytes[p + 1];
  else if (rateCode === 14) rateHz = ((bytes[p] << 8) | bytes[p + 1]) * 10;
  p += rateCode === 12 ? 1 : rateCode === 13 || rateCode === 14 ? 2 : 0;
  if (p >= bytes.length || crc8(bytes, at, p) !== bytes[p]) return null;
  if (blockSize > 65535) return null;  // STREAMINFO's 16-bit sizes cannot hold 65536
  const channels = channelCode < 8 ? channelCode + 1 : 2;  // 8 to 10: stereo side/mid coding
  if (channels !== stream.channels || (sizeCode !== 0 && FLAC_SAMPLE_BITS[sizeCode] !== stream.bitsPerSample)
      || (rateCode !== 0 && rateHz !== stream.rate)) return null;
  // Why the frame's own block size for fixed blocking: every frame but the last has the stream's
  // size, and the last never qualifies (no frame follows it, see flacFrameFrom).
  return { firstSample: variable ? number : number * blockSize, blockSize };
}

// The first frame at or after `from` whose next frame follows on (two headers in a row rule out
// audio bytes that happen to look like one): {offset, firstSample}, or null within `window` bytes.
// `maxFrameBytes` (STREAMINFO's, 0 when unknown) bounds the search for the next header.
async function flacFrameFrom(file, from, window, maxFrameBytes, stream) {
  const bytes = await readBytes(file, from, window);
  for (let at = 0; at + 6 <= bytes.length; ++at) {
    const frame = flacFrameHeader(bytes, at, stream);
    if (!frame) continue;
    const nextEnd = maxFrameBytes > 0 ? Math.min(bytes.length, at + maxFrameBytes + 6) : bytes.length;
    for (let next = at + 6; next + 6 <= nextEnd; ++next) {
      const following = flacFrameHeader(bytes, next, stream);
      if (following && following.firstSample === frame.firstSample + frame.blockSize) return { offset: from + at, firstSample: frame.firstSample };
    }
  }
  return null;
}

// Where to start decoding for a range from `target`: the audio's start offset (after fLaC and
// every metadata block) and the offset and first sample of a frame at or before `target`, or
// null (then the range is decoded from the start).
async function flacSeekPoint(file, head, target) {
  let audioStart = 4;
  for (let last = false; !last;) {
    const block = await readBytes(file, audioStart, 4);
    if (block.length < 4) return null;
    last = Boolean(block[0] & 0x80);
    audioStart += 4 + ((block[1] << 16) | (block[2] << 8) | block[3]);
  }
  const stream = flacFacts(head);
  if (!stream) return null;
  const maxFrameBytes = (head[8 + 7] << 16) | (head[8 + 8] << 8) | head[8 + 9];  // STREAMINFO (0: unknown)
  const window = Math.max(65536, 3 * (maxFrameBytes || 1 << 20));
  const best = await bisectLast(audioStart, file.size, (at) => flacFrameFrom(file, at, window, maxFrameBytes, stream), (frame) => frame.firstSample, target, 65536)
    || { offset: audioStart, firstSample: 0 };
  return { audioStart, offset: best.offset, firstSample: best.firstSample };
}

// [SECTION] MP3 seeking: a range starts a few frames before it, found by walking frame headers
// (from the overview's index of them, when the page has one)

// Frames decoded and dropped before a range: the first frame after a jump lacks the bit
// reservoir (up to 511 bytes, five frames at 32 kbps) and the previous frame's overlap.
const kMp3PrerollFrames = 10;

// The overview's pass walks every frame header as it reads the file (Mp3FrameIndex, below) and
// keeps one frame offset in kMp3IndexStride; a range's seek then walks at most that many
// headers from the nearest, where it would walk them all from the start.
const kMp3IndexStride = 256;

class Mp3FrameIndex {
  // `facts` from mp3Facts: frame 0 is at facts.audioStart.
  constructor(facts) {
    this.next = facts.audioStart;  // the offset of the next frame's header
    this.frame = 0;
    this.offsets = [];  // frame k * kMp3IndexStride starts at offsets[k]
    this.rate = facts.first.rate;
    this.version = facts.first.version;
    this.stopped = false;  // a header out of place: the offsets so far stay good
    this.carry = null;     // the first bytes (1 to 3) of a header cut by a slice's end
  }

  // The file's bytes from `offset`, in order, slice after slice.
  add(bytes, offset) {
    if (this.stopped) return;
    if (this.carry) {
      // Why only the header's 4 bytes are joined: copying the slice would cost 1 MB a cut.
      const header = new Uint8Array(Math.min(4, this.carry.length + bytes.length));
      header.set(this.carry);
      header.set(bytes.subarray(0, header.length - this.carry.length), this.carry.length);
      this.carry = null;
      if (header.length < 4) {  // a slice shorter than the header's rest
        this.carry = header;
        return;
      }
      if (!this.step(header, 0)) return;
    }
    const end = offset + bytes.length;
    while (this.next + 4 <= end) {
      if (!this.step(bytes, this.next - offset)) return;
    }
    if (this.next < end) this.carry = bytes.slice(this.next - offset);
  }

  // The header of frame `this.frame` at bytes[at]: counted, or the walk stopped.
  step(bytes, at) {
    const header = mp3FrameHeader(bytes, at);
    if (!header || !header.bytes || header.rate !== this.rate || header.version !== this.version) {
      this.stopped = true;  // the end's ID3v1 tag, junk, or a change of stream
      return false;
    }
    if (this.frame % kMp3IndexStride === 0) this.offsets.push(this.next);
    this.frame += 1;
    this.next += header.bytes;
    return true;
  }

  // What the page keeps and hands to a range's reader.
  toMessage() { return { stride: kMp3IndexStride, offsets: this.offsets }; }
}

// Where to start decoding for a range from `target`: {audioStart, offset, firstSample}, or null
// (decode from the start). Why a walk over the headers before the target, not the Xing table
// of contents: only counting frames gives the frame's exact first sample. The walk starts at
// the nearest frame of `index` (the overview's Mp3FrameIndex message) when it has one, else at
// the first frame. The decoder is given
// the bytes before the first audio frame (ID3, the Xing/Info frame, whose encoder delay the
// decoder trims), then the file from the chosen frame: measured with mpg123-decoder, its output
// then continues the whole file's at `firstSample` exactly, from the third frame on. Any header
// out of place (junk between frames, a change of rate, free format) gives up the seek.
async function mp3SeekPoint(file, facts, target, index = null) {
  if (!facts || !facts.first || !facts.first.bytes) return null;
  const { first, audioStart } = facts;
  const wantedFrame = Math.floor(target / first.samplesPerFrame) - kMp3PrerollFrames;
  if (wantedFrame <= 0) return null;
  let at = audioStart, frame = 0;
  // An index of this file's frames (its first at this audio start), from the nearest before.
  const offsets = index && index.stride === kMp3IndexStride && Array.isArray(index.offsets) ? index.offsets : [];
  if (offsets.length > 0 && offsets[0] === audioStart) {
    const k = Math.min(offsets.length - 1, Math.floor(wantedFrame / kMp3IndexStride));
    at = offsets[k];
    frame = k * kMp3IndexStride;
  }
  while (frame < wantedFrame) {
    const bytes = await readBytes(file, at, kSliceBytes);
    let p = 0;
    for (; frame < wantedFrame && p + 4 <= bytes.length; ++frame) {
      const header = mp3FrameHeader(bytes, p);
      if (!header || !header.bytes || header.rate !== first.rate || header.version !== first.version) return null;
      p += header.bytes;
    }
    if (p === 0 || (frame < wantedFrame && bytes.length < kSliceBytes)) return null;  // the file ended first
    at += p;
  }
  return { audioStart, offset: at, firstSample: wantedFrame * first.samplesPerFrame };
}

// [SECTION] Ogg seeking (Vorbis, Opus): a page before the range, found by bisecting the file on
// pages (each tells the granule position, the sample count at its last finished packet, and
// carries a CRC-32), then one short probe decode to learn where the decoder's output starts.

// The first page at or after `from` with a granule: {offset, ...page}, or null within the window
// (why two pages' worth: one starts and ends inside it).
async function oggPageFrom(file, from, serial) {
  const bytes = await readBytes(file, from, 2 * kOggMaxPageBytes + 4096);
  for (let at = 0; at + 27 <= bytes.length; ++at) {
    const page = bytes[at] === 0x4f ? oggPage(bytes, at, serial) : null;
    if (page && page.granule >= 0) return { offset: from + at, ...page };
  }
  return null;
}

// Why a probe: after a jump, a Vorbis decoder outputs nothing for the first packet (its length
// depends on the block sizes) and an Opus decoder trims its pre-skip again. Both then output every
// sample up to the last page's granule (no trim before the end-of-stream page), so decoding the
// headers and three pages tells where the output starts: the last page's granule less the
// samples out. Measured with both decoders on noise, at every page tried: output from there on
// equals the whole file's decode at that sample, Vorbis exactly, Opus to 1e-5 after 0.35 s.
const kOggProbePages = 3;
// Why a second of pre-roll: an Opus decoder that starts mid-stream converges over ~0.4 s.
const kOggPrerollSec = 1;

async function oggSeekPoint(file, facts, format, target) {
  if (!facts || !facts.rate) return null;
  // The headers: the pages before the first one of this stream with audio (a granule above 0).
  const serial = oggPage(await readBytes(file, 0, kOggMaxPageBytes), 0)?.serial;
  if (serial === undefined) return null;
  let audioStart = 0, firstGranule = 0;
  for (;;) {
    const page = oggPage(await readBytes(file, audioStart, kOggMaxPageBytes), 0);
    if (!page) return null;
    if (page.serial === serial && page.granule > 0) { firstGranule = page.granule; break; }
    audioStart += page.length;
  }
  const rate = format === 'opus' ? 48000 : facts.rate;  // the granule's rate
  const preSkip = facts.preSkip || 0;
  const wanted = target + preSkip - kOggPrerollSec * rate;
  if (wanted < firstGranule + rate) return null;  // near the start: decoded from there anyway
  // The last page whose granule is at most `wanted`, to within a few bytes.
  const best = await bisectLast(audioStart, file.size, (at) => oggPageFrom(file, at, serial), (page) => page.granule, wanted, rate / 4);
  if (!best) return null;
  // Decoding starts at the first page after it that begins a packet; the probe takes it and the
  // next pages up to one with a granule.
  const from = best.offset + best.length;
  const bytes = await readBytes(file, from, 512 * 1024);
  let at = 0, start = -1, probed = 0, lastGranule = -1;
  while (probed < kOggProbePages || lastGranule < 0) {
    const page = oggPage(bytes, at, serial);
    if (!page || page.ended) return null;
    if (start < 0 && !page.continued) start = at;
    if (start >= 0) { ++probed; lastGranule = page.granule; }
    at += page.length;
    if (at > 8 * 65536) return null;
  }
  const decoder = await loadDecoder(format);
  let decoded = 0;
  try {
    for (const result of [await decoder.decode(await readBytes(file, 0, audioStart)), await decoder.decode(bytes.subarray(start, at)), await decoder.flush()]) {
      decoded += result && result.samplesDecoded || 0;
    }
  } finally {
    try { decoder.free(); } catch { /* already freed */ }
  }
  const firstSample = lastGranule - preSkip - decoded;
  // The output must start before the range with at least half the pre-roll, and near the page.
  if (!(firstSample >= 0 && firstSample <= target - rate / 2 && firstSample >= best.granule - preSkip - rate)) return null;
  return { audioStart, offset: from + start, firstSample };
}
