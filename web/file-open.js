// file-open.js: opening a recording: the file chooser, drag and drop onto the page and the
// scripting call openFile(File|Blob); the decoding worker (file-worker.js) and the queue of
// decoded blocks the app pulls from (SpectrogramFile.read, called by C++); the progress bar with
// elapsed time, an estimate and Cancel; the question asked when a file is opened while the
// microphone is on. M4A/AAC, which no bundled decoder reads, goes to the browser's own
// decodeAudioData when it can (small files only: that decodes the whole file at once).
// Does not: parse or decode formats (the worker does), analyse or draw (C++), keep the file.
// Security: a file's name is shown with textContent only; its bytes go only to the decoders.

// Decoded blocks waiting for the app (about 16 s of audio, 6 MB of stereo). Why this many: one
// 1 MB slice of FLAC decodes into ~8 blocks at once, and the app analyses a block in ~3 ms; with
// fewer, the app emptied the queue while the worker read and decoded the next slice, and each
// waited for the other (an hour's FLAC: 21 s to the overview, the main thread idle half of it).
const kQueueBlocks = 12;
const kBrowserDecodeMaxBytes = 32 << 20;  // decodeAudioData holds the whole decoded file
const kProgressIntervalMs = 250;

const elements = {
  input: document.getElementById('file-input'),
  progress: document.getElementById('file-progress'),
  bar: document.getElementById('file-progress-bar'),
  text: document.getElementById('file-progress-text'),
  cancel: document.getElementById('file-cancel'),
  ask: document.getElementById('file-ask'),
  askText: document.getElementById('file-ask-text'),
  askOpen: document.getElementById('file-ask-open'),
  askKeep: document.getElementById('file-ask-keep'),
  drop: document.getElementById('drop-target'),
  message: document.getElementById('file-message'),
  messageText: document.getElementById('file-message-text'),
};

let hooks = null;  // {module: the wasm Module, wake: ask the app to take what is queued}
// Two reads at most: `session`, the file the app's timeline holds (it reads its blocks), and
// `opening`, a newer file whose first bytes are still being checked. Only when the newer one
// turns out readable (its facts arrive) does it replace the timeline: a bad file loses nothing.
let session = null;
let opening = null;
// A range of the open file read again at full resolution (the app's detail of a zoomed view):
// {source, queue, ended, error}; one at a time, replaced by the next.
let detail = null;
let lastDetailDecodedFrom = null;  // where the latest detail's decoding began (stats)

function clock(seconds) {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, r = s % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(r).padStart(2, '0')}` : `${m}:${String(r).padStart(2, '0')}`;
}

// [SECTION] the queue the app pulls from (C++ calls these through globalThis.SpectrogramFile)

// Copies up to `max` frames of reading `r`'s first block into the wasm heap at the given float
// indices; an emptied block goes back to its source (`emptied` first sees it). Returns how many,
// 0 when the decoder is behind, -1 when the stream has ended and everything was taken.
function takeFrames(r, heap, leftIndex, rightIndex, max, emptied = () => {}) {
  const block = r.queue[0];
  if (!block) return r.ended ? -1 : 0;
  const count = Math.min(max, block.left.length - block.at);
  heap.set(block.left.subarray(block.at, block.at + count), leftIndex);
  if (block.right) heap.set(block.right.subarray(block.at, block.at + count), rightIndex);
  block.at += count;
  if (block.at === block.left.length) {
    r.queue.shift();
    emptied(block);
    r.source.pull(block);
  }
  return count;
}

globalThis.SpectrogramFile = {
  // Copies up to `max` frames into the wasm heap at the given float indices; returns how many,
  // 0 when the decoder is behind, -1 when the stream has ended and everything was taken.
  read(heap, leftIndex, rightIndex, max) {
    const s = session;
    if (!s || s.restarting) return 0;
    return takeFrames(s, heap, leftIndex, rightIndex, max, (block) => { s.consumedBytes = block.bytesRead; });
  },
  result() {
    const s = session;
    return s ? { truncated: s.truncated, cancelled: s.cancelled, error: s.error, warnings: s.warnings.join(', ') } : {};
  },
  analysed(stats) {
    const s = session;
    if (!s) return;
    s.ready = true;
    showProgress(false);
    if (s.error && !stats.framesDecoded) s.reject(new Error(s.error));
    else s.resolve(stats);
  },
  // The settings changed and the kept audio does not hold the whole file: read it again.
  reread() {
    const s = session;
    if (!s) return;
    this.stopDetail();
    s.source.stop();
    Object.assign(s, {
      queue: [], ended: false, ready: false, restarting: true, consumedBytes: 0, startMs: performance.now(), reread: true, begun: false,
      truncated: false, cancelled: false, error: '', warnings: [],
    });
    s.source = startSource(s);
    showProgress(true);
  },
  // The detail of a zoomed view: frames [fromFrame, toFrame) of the open file, read by a worker
  // of their own (the overview's reading is over). Returns false when no file is open.
  readDetail(fromFrame, toFrame) {
    this.stopDetail();
    lastDetailDecodedFrom = null;
    // A file the browser decoded whole (M4A/AAC) cannot be read in parts.
    if (!session || !session.ready || session.browserDecoded) return false;
    const d = { queue: [], ended: false, error: '' };
    d.source = startRangeSource(session.file, fromFrame, toFrame, session.mp3Index, d);
    detail = d;
    for (let i = 0; i < kQueueBlocks; ++i) d.source.pull();
    return true;
  },
  // As read(), from the detail's blocks.
  readDetailBlock(heap, leftIndex, rightIndex, max) {
    return detail ? takeFrames(detail, heap, leftIndex, rightIndex, max) : -1;
  },
  detailError() { return detail ? detail.error : ''; },
  stopDetail() {
    if (detail) detail.source.stop();
    detail = null;
  },
  // The app's timeline moved on (capture started, Clear): the file is dropped.
  abandon() {
    this.stopDetail();
    for (const s of [session, opening]) {
      if (!s) continue;
      s.source.stop();
      if (!s.ready) s.reject(new Error('the file was closed (capture started or Clear)'));
    }
    session = opening = null;
    showProgress(false);
    elements.ask.hidden = true;
  },
};

// [SECTION] sources: the worker (WAV, FLAC, MP3, Ogg), or the browser's decoder (M4A/AAC)

// A worker reading `file` (`open`: the rest of the open message, e.g. a range). Its messages go
// to onMessage while `isCurrent()`; a failure goes to onFailure(refused, why): refused when no
// worker could be started, else it crashed.
// Returns the source: {pull, stop}.
function spawnReader(file, open, isCurrent, onMessage, onFailure) {
  let worker;
  try {
    worker = new Worker('file-worker.js');
  } catch (error) {
    // No workers (or refused): nothing can be read; said like any other failure.
    setTimeout(() => onFailure(true, String(error && error.message || error)), 0);
    return { pull: () => {}, stop: () => {} };
  }
  let stopped = false;
  const stop = () => { stopped = true; worker.terminate(); };
  worker.onmessage = (event) => { if (!stopped && isCurrent()) onMessage(event.data, stop); };
  worker.onerror = (event) => {
    event.preventDefault();
    if (!stopped && isCurrent()) { stop(); onFailure(false, event.message || 'worker error'); }
  };
  worker.postMessage({ type: 'open', file, ...open });
  return { pull: puller(worker, () => stopped), stop };
}

function startSource(s) {
  const current = () => session === s || opening === s;
  return spawnReader(s.file, {}, current, (m, stop) => {
    if (m.type === 'info') onInfo(s, m);
    else if (m.type === 'audio') onBlock(s, { left: m.left, right: m.right, at: 0, bytesRead: m.bytesRead, recyclable: true });
    else if (m.type === 'done') { s.mp3Index = m.mp3Index || null; onEnd(s, { truncated: m.truncated, warnings: m.warnings }); }
    else if (m.type === 'error' && m.needsBrowserDecoder) { stop(); s.source = browserDecoded(s); }
    else if (m.type === 'error') onEnd(s, { error: m.message });
  }, (refused, why) => onEnd(s, { error: refused ? `This browser refused the file reader (${why}).` : `The file reader stopped (${why}).` }));
}

// A pull asks the worker for the next block and hands back the emptied one's memory (see
// file-worker.js).
function puller(worker, isStopped) {
  return (emptied) => {
    if (isStopped()) return;
    worker.postMessage({ type: 'pull' });
    if (!emptied || !emptied.recyclable) return;
    for (const array of [emptied.left, emptied.right]) {
      if (array) worker.postMessage({ type: 'give', buffer: array.buffer }, [array.buffer]);
    }
  };
}

// A range of a file, read by a worker of its own (see readDetail): blocks into d.queue. An MP3's
// frame index from the overview's pass (or null) shortens its seek.
function startRangeSource(file, fromFrame, toFrame, mp3Index, d) {
  // Its blocks are all posted (or it failed): the worker ends; what it sent stays queued.
  const end = (error) => { source.stop(); Object.assign(d, { ended: true, error: d.error || error || '' }); hooks.wake(); };
  const source = spawnReader(file, { fromFrame, toFrame, mp3Index }, () => detail === d, (m) => {
    if (m.type === 'audio') { d.queue.push({ left: m.left, right: m.right, at: 0, recyclable: true }); hooks.wake(); }
    else if (m.type === 'range') lastDetailDecodedFrom = m.decodedFromFrame;
    else if (m.type === 'done') end('');
    else if (m.type === 'error') end(m.needsBrowserDecoder ? 'this format is decoded whole by the browser' : m.message);
  }, (refused, why) => end(why));
  return source;
}

function browserDecoded(s) {
  s.browserDecoded = true;
  let stopped = false;
  const source = { pull: () => {}, stop: () => { stopped = true; } };
  (async () => {
    if (s.file.size > kBrowserDecodeMaxBytes) {
      throw new Error(`This looks like an M4A/AAC file, which the browser has to decode whole; at ${(s.file.size / 1048576).toFixed(0)} MB it is too large for that (up to ${kBrowserDecodeMaxBytes >> 20} MB). Convert it to FLAC, MP3 or WAV.`);
    }
    const Context = globalThis.OfflineAudioContext || globalThis.webkitOfflineAudioContext;
    if (!Context) throw new Error('This browser cannot decode M4A/AAC files here. Convert it to FLAC, MP3 or WAV.');
    const bytes = await s.file.arrayBuffer();
    let buffer;
    try {
      buffer = await new Context(1, 1, 48000).decodeAudioData(bytes);
    } catch {
      throw new Error('This M4A/AAC file could not be decoded by this browser (it may be damaged, or use a codec the browser lacks). Convert it to FLAC, MP3 or WAV.');
    }
    if (stopped || (session !== s && opening !== s)) return;
    onInfo(s, { format: 'M4A/AAC (browser decoder)', sampleRate: buffer.sampleRate, channels: buffer.numberOfChannels, durationSec: buffer.duration, exact: true });
    const left = buffer.getChannelData(0), right = buffer.numberOfChannels > 1 ? buffer.getChannelData(1) : null;
    const step = 1 << 16;
    for (let at = 0; at < left.length && !stopped; at += step) {
      onBlock(s, { left: left.subarray(at, at + step), right: right && right.subarray(at, at + step), at: 0,
        bytesRead: Math.round(s.file.size * Math.min(1, (at + step) / left.length)) });
    }
    onEnd(s, { truncated: false, warnings: [] });
  })().catch((error) => { if (!stopped && (session === s || opening === s)) onEnd(s, { error: error.message }); });
  return source;
}

// [SECTION] the stream's events

function onInfo(s, info) {
  s.info = info;
  const begin = () => {
    if (opening !== s && session !== s) return;  // cancelled or superseded meanwhile
    // Why the app first: a file it refuses (too long, a bad rate) must leave the open one alone.
    const error = hooks.module.fileBegin({ ...info, name: s.name, reread: s.reread });
    if (error) {
      s.source.stop();
      finishWithError(s, error);
      return;
    }
    if (opening === s) {
      // The newer file replaces the timeline: the older one's reading ends here.
      if (session && session !== s) {
        session.source.stop();
        if (!session.ready) session.reject(new Error('another file was opened'));
      }
      session = s;
      opening = null;
      globalThis.SpectrogramFile.stopDetail();  // the older file's
    }
    s.begun = true;
    s.restarting = false;
    for (let i = 0; i < kQueueBlocks; ++i) s.source.pull();
    showProgress(true);
  };
  // Why ask only now: a file that cannot be read never stops the microphone.
  if (!s.reread && hooks.module.stats().capturing) askToStopCapture(s, begin);
  else begin();
}

function onBlock(s, block) {
  s.queue.push(block);
  hooks.wake();
}

function onEnd(s, { truncated = false, warnings = [], error = '' }) {
  Object.assign(s, { ended: true, truncated, warnings, error: s.error || error });
  // Ended before the app took it: a failure, unless its facts came and the question about the
  // microphone is still open (then what was decoded waits in the queue for the answer).
  if (!s.begun && !(s.info && !elements.ask.hidden && !s.cancelled)) finishWithError(s, s.error || 'The file could not be read.');
  else hooks.wake();  // the app takes what is queued, then finishes
}

function finishWithError(s, text) {
  if (session === s || !session) showProgress(false);
  showFileMessage(`${s.name}: ${text}`, 'error');
  if (elements.ask.dataset.name === s.name) elements.ask.hidden = true;
  if (opening === s) opening = null;
  if (session === s) {
    // It was the timeline (a re-read that failed): the app stops waiting for it.
    session = null;
    hooks.module.fileStop();
  }
  s.reject(new Error(text));
}

function cancelReading() {
  // The reading whose progress shows, else the file still being checked.
  const s = session && !session.ended ? session : opening;
  if (!s || s.ended) return;
  s.source.stop();
  s.cancelled = true;
  if (!s.begun) finishWithError(s, 'cancelled');
  else onEnd(s, {});
}

// [SECTION] opening

function askToStopCapture(s, proceed) {
  elements.askText.textContent = `Open “${s.name}”? The microphone stops; the live picture is replaced (save it first if you need it).`;
  elements.ask.hidden = false;
  elements.ask.dataset.name = s.name;
  elements.askOpen.focus();
  const close = () => { elements.ask.hidden = true; elements.askOpen.onclick = elements.askKeep.onclick = null; };
  elements.askOpen.onclick = () => { close(); proceed(); };
  elements.askKeep.onclick = () => {
    close();
    s.source.stop();
    if (opening === s) opening = null;
    s.reject(new Error('kept listening: the file was not opened'));
  };
}

// Opens a File or Blob; resolves with stats().file when its overview is ready.
export function openFile(file) {
  if (!(file instanceof Blob)) return Promise.reject(new Error('openFile() needs a File or Blob'));
  if (!hooks) return Promise.reject(new Error('the app is still loading'));
  if (opening) {
    opening.source.stop();
    opening.reject(new Error('superseded by another file'));
  }
  elements.ask.hidden = true;
  showFileMessage('');
  return new Promise((resolve, reject) => {
    const s = {
      file, name: (file.name || 'recording').slice(0, 200), queue: [], info: null,
      begun: false, ended: false, ready: false, restarting: false, reread: false, truncated: false, cancelled: false,
      error: '', warnings: [], consumedBytes: 0, startMs: performance.now(), resolve, reject,
    };
    opening = s;
    s.source = startSource(s);
  });
}

// stats().file: the app's facts joined with the reading's progress.
export function fileStats(appFile) {
  const s = session;
  if (!appFile || !s) return appFile || null;
  const progress = s.ready ? 1 : Math.min(0.999, s.consumedBytes / Math.max(1, s.file.size));
  // A detail read from the file: where its decoding began (a WAV or FLAC seeks near the part;
  // the other formats decode from 0).
  const detail = appFile.detail && !appFile.detail.fromMemory ? { ...appFile.detail, decodedFromFrame: lastDetailDecodedFrom } : appFile.detail;
  return { ...appFile, detail, progress, ready: Boolean(appFile.ready && s.ready), elapsedSec: (performance.now() - s.startMs) / 1000 };
}

// [SECTION] progress and the file's messages (over the foot of the canvas: see index.html)

// What happened to a file (main.js routes messages tagged 'file' here); '' hides it.
export function showFileMessage(text, kind = 'info') {
  elements.messageText.textContent = text;
  elements.message.className = `notice ${kind}`;
  elements.message.hidden = !text;
}

let progressTimer = 0;
function showProgress(visible) {
  clearInterval(progressTimer);
  elements.progress.hidden = !visible;
  if (visible) progressTimer = setInterval(updateProgress, kProgressIntervalMs);
  updateProgress();
}

function updateProgress() {
  const s = session;
  if (!s || elements.progress.hidden) return;
  const fraction = Math.min(1, s.consumedBytes / Math.max(1, s.file.size));
  const elapsed = (performance.now() - s.startMs) / 1000;
  elements.bar.value = fraction;
  const left = fraction > 0.02 ? ` · about ${clock(elapsed / fraction * (1 - fraction))} left` : '';
  elements.text.textContent = `${s.reread ? 'Analysing again' : 'Reading'} ${s.name} — ${Math.floor(fraction * 100)} % · ${clock(elapsed)} elapsed${left}`;
}

// [SECTION] the chooser and drag and drop

export function installFileOpening(appHooks) {
  hooks = appHooks;
  elements.cancel.onclick = cancelReading;
  document.getElementById('file-message-dismiss').onclick = () => showFileMessage('');
  elements.input.addEventListener('change', () => {
    const file = elements.input.files && elements.input.files[0];
    elements.input.value = '';  // the same file can be chosen again
    if (file) openFile(file).catch(() => { /* shown on the page */ });
  });
  let depth = 0;
  const hasFiles = (event) => event.dataTransfer && [...event.dataTransfer.types].includes('Files');
  addEventListener('dragenter', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    depth += 1;
    elements.drop.hidden = false;
  });
  addEventListener('dragleave', () => {
    depth = Math.max(0, depth - 1);
    if (depth === 0) elements.drop.hidden = true;
  });
  addEventListener('dragover', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  });
  addEventListener('drop', (event) => {
    if (!event.dataTransfer) return;
    event.preventDefault();  // never let the browser navigate to the dropped file
    depth = 0;
    elements.drop.hidden = true;
    const file = event.dataTransfer.files && event.dataTransfer.files[0];
    if (file) openFile(file).catch(() => { /* shown on the page */ });
    else showFileMessage('Only files can be dropped here (an audio recording).');
  });
}

// The app's "Open" button: the chooser (the click that pressed it still counts as the person's).
export function chooseFile() { elements.input.click(); }
