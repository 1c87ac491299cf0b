// main.js: the page's JavaScript: picks and loads the wasm build, drives the frame loop and the
// wake-up timer, shows messages, exposes the ring reader (for C++) and the scripting API
// `window.spectrogram` (a thin layer over C++), keeps the settings in the URL hash and local
// storage, and registers the service worker (offline use, isolation headers on hosts that
// cannot send them, update notice).
// Does not: analyse, draw or validate settings; the C++ app owns all state and all validation.
// Security: text from the URL or storage is only ever handed to C++ as plain strings and shown
// with textContent; nothing from it is executed or inserted as markup.
import { DROPPED, WRITE, canShareMemory, createRing, ringRead, ringWriteInterleaved } from './ring.js';
import { chooseFile, fileStats, installFileOpening, openFile, showFileMessage } from './file-open.js';
import { announce, describePeak, editNumber, installPageControls, stateChanged, themeChanged } from './page-controls.js';

const kStorageKey = 'spectrogram.settings';
const kMaxLinkLength = 4096;      // a settings link is ~200 characters; anything huge is not one
const kPersistIntervalMs = 400;   // at most this often is the URL rewritten (browsers rate-limit it)
const kWakeIntervalMs = 1000;     // the wake-up timer (hidden tabs get it far less often)

// [SECTION] messages: one banner above the canvas (it never covers the controls), dismissable

const messageBox = document.getElementById('message');
const messageText = document.getElementById('message-text');
const messageAction = document.getElementById('message-action');
const updateBox = document.getElementById('update');
let messageTimer = 0;
let messageTag = '';

// Shows a message a person can act on (textContent only: nothing is ever parsed as markup).
// `tag` names its cause so that clearMessage(tag) removes it only if it is still showing;
// info messages may fade after `fadeMs`; `action` adds a button ({label, run}).
function showMessage(text, kind = 'error', tag = '', { fadeMs = 0, action = null } = {}) {
  if (tag === 'file') return showFileMessage(text, kind);  // over the canvas's foot, see file-open.js
  clearTimeout(messageTimer);
  messageText.textContent = text;
  messageBox.className = text ? `notice ${kind}` : 'notice hidden';
  messageTag = text ? tag : '';
  messageAction.hidden = !action;
  if (action) {
    messageAction.textContent = action.label;
    messageAction.onclick = action.run;
  }
  if (text && fadeMs > 0) messageTimer = setTimeout(() => showMessage(''), fadeMs);
}

function clearMessage(tag) {
  if (tag === 'file') showFileMessage('');
  if (messageTag === tag) showMessage('');
}

document.getElementById('message-dismiss').onclick = () => showMessage('');
document.getElementById('update-dismiss').onclick = () => { updateBox.className = 'notice hidden'; };
const reloadAction = { label: 'Reload', run: () => location.reload() };

// [SECTION] the frame loop and the wake-up timer, both guarded

// What went wrong since the page loaded; stats() reports the counts.
const failures = { frameErrors: 0, pageErrors: 0, shown: false };
// The longest display frame and wake-up (ms of main thread in the app) since the last reset:
// stats() reports them, the benchmarks reset them (SpectrogramPage.loop.resetLongest()).
const longest = { frameMs: 0, wakeMs: 0 };

function describeError(error) {
  return String(error && error.message ? error.message : error).slice(0, 200);
}

function reportFailure(where, error, counter) {
  failures[counter] += 1;
  console.error(`spectrogram: error while ${where}:`, error);
  if (failures.shown) return;  // once: an error repeating every frame must not flood the page
  failures.shown = true;
  showMessage(`Something went wrong while ${where}: ${describeError(error)}. Reload to continue.`, 'error', 'failure',
    { action: reloadAction });
}

// Runs a call into the app; an exception is shown and counted instead of ending the loop.
function guarded(where, call) {
  const stack = Module.stackSave();
  try {
    return call();
  } catch (error) {
    // Why: an exception unwinds wasm frames without their epilogues, so the wasm stack pointer
    // stays where the throw left it; restore it, or repeated errors would exhaust the stack.
    Module.stackRestore(stack);
    reportFailure(where, error, 'frameErrors');
    return undefined;
  }
}

addEventListener('error', (event) => reportFailure('running', event.error || event.message, 'pageErrors'));
addEventListener('unhandledrejection', (event) => reportFailure('running', event.reason, 'pageErrors'));

// Testing hooks (see README): pause animation frames as a hidden tab does, and shorten the
// wake-up interval to stand in for a long-hidden tab's once-a-minute timer.
const loop = {
  framesPaused: false,
  wakeTimer: 0,
  pauseFrames() { this.framesPaused = true; },
  resumeFrames() {
    if (!this.framesPaused) return;
    this.framesPaused = false;
    requestAnimationFrame(animationFrame);
  },
  setWakeInterval(ms) {
    clearInterval(this.wakeTimer);
    this.wakeTimer = setInterval(wake, ms);
  },
  resetLongest() { longest.frameMs = longest.wakeMs = 0; },
};

function animationFrame() {
  if (loop.framesPaused) return;
  requestAnimationFrame(animationFrame);  // first: whatever the frame does, the next one comes
  const start = performance.now();
  const more = guarded('drawing', () => Module.frame());
  longest.frameMs = Math.max(longest.frameMs, performance.now() - start);
  if (more) wakeSoon();  // background work between frames
}

// Why a MessageChannel: while the ring holds a backlog (or kept audio is being analysed again)
// the app asks to continue at once, in short slices, each its own task so frames and input come
// in between; timers in a hidden tab are throttled (to once a minute), messages are not.
const wakeChannel = new MessageChannel();
let wakePosted = false;
function wakeSoon() {
  if (wakePosted) return;  // one chain of wake-ups, however many frames ask
  wakePosted = true;
  wakeChannel.port2.postMessage(0);
}
function wake() {
  const start = performance.now();
  const more = guarded('analysing', () => Module.wake());
  longest.wakeMs = Math.max(longest.wakeMs, performance.now() - start);
  if (more) wakeSoon();
}
wakeChannel.port1.onmessage = () => {
  wakePosted = false;
  wake();
};

function startLoops() {
  requestAnimationFrame(animationFrame);
  loop.setWakeInterval(kWakeIntervalMs);
}

// [SECTION] settings in the link and in storage, written at most a few times a second

// "fft=4096&window=hann" -> [["fft", "4096"], ...]; null when absurdly long.
function queryEntries(text) {
  if (typeof text !== 'string' || text.length === 0) return [];
  if (text.length > kMaxLinkLength) return null;
  return [...new URLSearchParams(text)].slice(0, 64).map(([k, v]) => [k.slice(0, 64), v.slice(0, 64)]);
}

function storedQuery() {
  try { return localStorage.getItem(kStorageKey) || ''; } catch { return ''; }
}

// A phone (a touch screen, small): the history's default is shorter there (memory is small).
function isPhone() {
  return matchMedia('(pointer: coarse)').matches && Math.min(screen.width, screen.height) < 820;
}

// Settings from storage, then the link on top (the link wins); notices name rejected keys.
function loadSettings(Module) {
  const link = queryEntries(location.hash.slice(1));
  const notice = Module.loadSettings(queryEntries(storedQuery()) || [], link || [], isPhone());
  if (link === null) {
    showMessage('This link is too long to hold settings; it was ignored and the defaults are used.', 'info', '', { fadeMs: 12000 });
  } else if (notice) {
    showMessage(notice, 'info', '', { fadeMs: 12000 });
  }
}

// Why coalesce: the app reports every change (once per frame while a slider is dragged), and
// browsers limit history.replaceState (WebKit throws after 100 calls in 10 s). The newest query
// is written at most every kPersistIntervalMs, and at once when a drag or key press ends.
const persist = { pending: null, lastWriteMs: -1e9, timer: 0 };

function writeSettingsNow() {
  clearTimeout(persist.timer);
  persist.timer = 0;
  if (persist.pending === null) return;
  const query = persist.pending;
  try {
    if (location.hash.slice(1) !== query) history.replaceState(null, '', `#${query}`);
    persist.pending = null;
  } catch {
    // Refused (rate-limited): the value stays pending and is written a little later.
    persist.lastWriteMs = performance.now() + 2000;
    scheduleSettingsWrite(0);
    return;
  }
  persist.lastWriteMs = performance.now();
  try { localStorage.setItem(kStorageKey, query); } catch { /* private mode: the link still works */ }
}

function scheduleSettingsWrite(minGapMs) {
  if (persist.pending === null) return;
  const wait = Math.max(0, persist.lastWriteMs + minGapMs - performance.now());
  if (wait === 0) return writeSettingsNow();
  if (!persist.timer) persist.timer = setTimeout(writeSettingsNow, wait);
}

for (const type of ['pointerup', 'touchend', 'keyup']) addEventListener(type, () => scheduleSettingsWrite(100));
addEventListener('pagehide', writeSettingsNow);

// [SECTION] the bridge C++ calls (the ring and its transports, messages, settings, files)

const playback = { context: null, source: null, startTime: 0 };

globalThis.SpectrogramAudio = {
  isolated: () => canShareMemory(),
  createRing,
  // Message transport: blocks posted by the worklet (interleaved frames) are written into a
  // page-side ring, so the reader is the same for both transports (overruns are counted the same).
  attachPort(node, ring) {
    node.port.onmessage = (event) => {
      const block = event.data;
      if (block instanceof Float32Array) ringWriteInterleaved(ring, block);
    };
  },
  read(ring, heap, offset, max) { return ringRead(ring, heap, offset, max); },
  writeIndex(ring) { return Atomics.load(ring.header, WRITE) >>> 0; },
  dropped(ring) { return Atomics.load(ring.header, DROPPED) >>> 0; },
  processorOptions(ring) {
    return ring.shared ? { headerBuffer: ring.header.buffer, samplesBuffer: ring.samples.buffer, capacity: ring.capacity } : {};
  },
  errorText(error) { return String(error && error.message ? error.message : error); },
  errorName(error) { return String(error && error.name ? error.name : ''); },
  blobFromBytes(bytes, type) { return new Blob([bytes.slice()], { type }); },
  // Replay of kept sound (a context of its own: the capture's has no output).
  play(left, right, rate, loop) {
    this.stopPlayback();
    try {
      const context = playback.context || (playback.context = new AudioContext({ sampleRate: rate }));
      if (context.state === 'suspended') context.resume();
      const buffer = context.createBuffer(2, Math.max(1, left.length), rate);
      buffer.copyToChannel(left.slice(), 0);
      buffer.copyToChannel(right.slice(), 1);
      const source = context.createBufferSource();
      source.buffer = buffer;
      source.loop = loop;
      source.connect(context.destination);
      source.start();
      playback.source = source;
      playback.startTime = context.currentTime;
      return true;
    } catch (error) {
      console.warn('spectrogram: playback failed:', error);
      return false;
    }
  },
  stopPlayback() {
    if (playback.source) { try { playback.source.stop(); } catch { /* already ended */ } }
    playback.source = null;
  },
  playbackPosition() { return playback.source ? playback.context.currentTime - playback.startTime : 0; },
  download(blob, name) {
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  },
};
globalThis.SpectrogramPage = {
  showMessage: (text, kind, tag) => showMessage(text, kind, tag),
  clearMessage,
  loop,
  saveSettings(query) {
    persist.pending = query;
    scheduleSettingsWrite(kPersistIntervalMs);
  },
  chooseFile,
  editNumber,
  stateChanged,
  themeChanged,
  copyLink() {
    writeSettingsNow();
    const link = location.href;
    const fallback = () => showMessage(`Copy this link: ${link}`, 'info', '', { fadeMs: 20000 });
    if (!navigator.clipboard) return fallback();
    navigator.clipboard.writeText(link).then(() => showMessage('Link copied.', 'info', '', { fadeMs: 2500 }), fallback);
  },
};

// [SECTION] the scripting API and loading the app

function defineApi(Module) {
  const promise = (starter) => new Promise((resolve, reject) => starter(resolve, reject));
  globalThis.spectrogram = {
    start: () => promise((resolve, reject) => Module.startCapture(resolve, reject)),
    stop: () => Module.stopCapture(),
    settings: () => JSON.parse(Module.settingsJson()),
    set(partial) {
      if (partial === null || typeof partial !== 'object' || Array.isArray(partial)) {
        throw new Error('set() needs an object such as {fft: 8192}');
      }
      const entries = Object.entries(partial).map(([key, value]) => [String(key), String(value)]);
      const error = Module.applySettings(entries);
      if (error) throw new Error(error);
      return this.settings();
    },
    preset(name) {
      const error = Module.applyPreset(String(name));
      if (error) throw new Error(error);
      return this.settings();
    },
    autoRange() {
      const error = Module.autoRange();
      if (error) throw new Error(error);
      return this.settings();
    },
    latestFrame: () => Module.latestFrame(),
    latestColumn: () => Module.latestColumn(),
    peak: () => Module.peak(),
    pitch: () => Module.pitch(),
    pitchTrack: (seconds = 10) => Module.pitchTrack(Number(seconds)),
    stats() {
      const stats = Module.stats();
      return Object.assign(stats, {
        file: fileStats(stats.file), frameErrors: failures.frameErrors, pageErrors: failures.pageErrors,
        longestFrameMs: longest.frameMs, longestWakeMs: longest.wakeMs,
      });
    },
    openFile,
    exportPNG: (span) => promise((resolve, reject) => Module.exportPng(span || null, resolve, reject)),
    exportWAV: (span) => promise((resolve, reject) => Module.exportWav(span || null, resolve, reject)),
    exportCSV: (span) => promise((resolve, reject) => Module.exportCsv(span || null, resolve, reject)),
    view: () => Module.view(),
    setView(partial) {
      const error = Module.setView(partial);
      if (error) throw new Error(error);
      return this.view();
    },
    columnAt: (timeSec) => Module.columnAt(Number(timeSec)),
    select(fromSec, toSec) {
      const error = Module.select(Number(fromSec), Number(toSec));
      if (error) throw new Error(error);
    },
    play({ loop = false } = {}) {
      const error = Module.play(Boolean(loop));
      if (error) throw new Error(error);
    },
    stopPlaying: () => Module.stopPlayback(),
    axis: () => Module.axis(),
    readout: (x, y) => Module.readout(Number(x), Number(y)),
    layout: () => Module.layout(),
    // The current peak in words, and said to a screen reader (the aria-live region).
    announcePeak() {
      const text = describePeak();
      announce(text);
      return text;
    },
  };
}

// A minimal module using one wasm SIMD instruction: valid only where wasm SIMD is supported.
const kSimdProbe = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0,
  65, 0, 253, 15, 253, 98, 11]);

function wasmBuild() {
  try { return WebAssembly.validate(kSimdProbe) ? 'simd' : 'scalar'; } catch { return 'scalar'; }
}

const canvas = document.getElementById('canvas');
canvas.addEventListener('webglcontextlost', (event) => {
  event.preventDefault();
  showMessage('The graphics context was lost (the graphics driver was reset), so the picture cannot be drawn any more. Reload to continue.',
    'error', 'gl', { action: reloadAction });
});

if (typeof WebAssembly !== 'object') {
  showMessage('This browser cannot run WebAssembly, which this app needs. Try a current Chrome, Firefox, Safari or Edge.');
} else {
  showMessage('Loading…', 'info', 'loading');
  let started = false;
  const build = wasmBuild();
  globalThis.Module = {
    canvas,
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
    onRuntimeInitialized() {
      started = true;
      defineApi(globalThis.Module);
      installFileOpening({ module: globalThis.Module, wake: wakeSoon });
      installPageControls(globalThis.Module);
      clearMessage('loading');
      loadSettings(globalThis.Module);
      // A hand-edited hash applies on top of the current settings.
      addEventListener('hashchange', () => loadSettings(globalThis.Module));
      startLoops();  // the first frame runs after main() has initialised the app
    },
    onAbort(what) {
      failures.shown = true;  // this is the message: the rejection that follows adds nothing
      const reason = String(what).slice(0, 200);
      showMessage(started
        ? `The app stopped (${reason}). Reload to continue.`
        : `The app failed to load (${reason}). Reload the page; if it persists, your browser may be out of date.`,
      'error', 'failure', { action: reloadAction });
    },
  };
  const script = document.createElement('script');
  script.src = `spectrogram-${build}.js`;
  script.onerror = () => showMessage(`The app failed to load (spectrogram-${build}.js could not be fetched). Check the connection and reload.`,
    'error', 'failure', { action: reloadAction });
  document.body.appendChild(script);
}

// [SECTION] service worker: offline, isolation headers, updates

// Why remember this: on a first visit the page becomes controlled and then sees `updatefound`
// and `installed` with a controller present, which is not an update. Only a version that was
// already controlling the page when it loaded can be replaced by a new one.
const controlledAtLoad = Boolean('serviceWorker' in navigator && navigator.serviceWorker.controller);

function reloadForIsolationOnce() {
  // Why at most once per tab: if the headers the worker adds do not isolate the page in this
  // browser, a second reload would not either; the MessagePort transport works regardless.
  if (globalThis.crossOriginIsolated || !navigator.serviceWorker.controller) return;
  if (sessionStorage.getItem('spectrogram.isolationReload')) return;
  if (globalThis.spectrogram && spectrogram.stats().capturing) return;  // never mid-session
  sessionStorage.setItem('spectrogram.isolationReload', '1');
  location.reload();
}

function offerUpdate(worker) {
  if (!controlledAtLoad) return;
  const button = document.getElementById('update-reload');
  updateBox.className = 'notice info';
  button.disabled = false;
  button.onclick = () => {
    button.disabled = true;
    sessionStorage.setItem('spectrogram.updating', '1');
    worker.postMessage('skipWaiting');
  };
}

if ('serviceWorker' in navigator && globalThis.isSecureContext) {
  navigator.serviceWorker.register('sw.js').then((registration) => {
    if (!registration) return;
    if (registration.waiting) offerUpdate(registration.waiting);
    registration.addEventListener('updatefound', () => {
      const worker = registration.installing;
      worker.addEventListener('statechange', () => {
        if (worker.state === 'installed' && navigator.serviceWorker.controller) offerUpdate(worker);
      });
    });
  }, () => { /* no worker (e.g. private mode): the app still works online */ });
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (sessionStorage.getItem('spectrogram.updating')) {
      sessionStorage.removeItem('spectrogram.updating');
      location.reload();  // the person asked for the update
    } else {
      reloadForIsolationOnce();
    }
  });
  reloadForIsolationOnce();
}
