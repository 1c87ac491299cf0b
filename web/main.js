// main.js: the page's JavaScript: loads the wasm app, shows messages, exposes the ring reader
// (for C++) and the scripting API `window.spectrogram` (a thin layer over C++), keeps the
// settings in the URL hash and local storage, and registers the service worker (offline use,
// isolation headers on hosts that cannot send them, update notice).
// Does not: analyse, draw or validate settings; the C++ app owns all state and all validation.
// Security: text from the URL or storage is only ever handed to C++ as plain strings and shown
// with textContent; nothing from it is executed or inserted as markup.
import { DROPPED, WRITE, createRing, ringRead, ringWrite } from './ring.js';

const messageBox = document.getElementById('message');
const updateButton = document.getElementById('update');
const kStorageKey = 'spectrogram.settings';
const kMaxLinkLength = 4096;  // a settings link is ~200 characters; anything huge is not one
let messageTimer = 0;

// Shows a message a person can act on (textContent only: nothing is ever parsed as markup).
// Info messages may fade after `fadeMs`; errors stay until replaced.
function showMessage(text, kind = 'error', fadeMs = 0) {
  clearTimeout(messageTimer);
  messageBox.textContent = text;
  messageBox.className = text ? kind : 'hidden';
  if (text && fadeMs > 0) messageTimer = setTimeout(() => showMessage(''), fadeMs);
}

// "fft=4096&window=hann" -> [["fft", "4096"], ...]; null when absurdly long.
function queryEntries(text) {
  if (typeof text !== 'string' || text.length === 0) return [];
  if (text.length > kMaxLinkLength) return null;
  return [...new URLSearchParams(text)].slice(0, 64).map(([k, v]) => [k.slice(0, 64), v.slice(0, 64)]);
}

function storedQuery() {
  try { return localStorage.getItem(kStorageKey) || ''; } catch { return ''; }
}

// Settings from storage, then the link on top (the link wins); notices name rejected keys.
function loadSettings(Module) {
  const link = queryEntries(location.hash.slice(1));
  const notice = Module.loadSettings(queryEntries(storedQuery()) || [], link || []);
  if (link === null) {
    showMessage('This link is too long to hold settings; it was ignored and the defaults are used.', 'info', 12000);
  } else if (notice) {
    showMessage(notice, 'info', 12000);
  }
}

// The ring and its transports, driven from C++ through embind (emscripten::val).
globalThis.SpectrogramAudio = {
  isolated: () => Boolean(globalThis.crossOriginIsolated) && typeof SharedArrayBuffer === 'function',
  createRing,
  // Message transport: blocks posted by the worklet are written into a page-side ring, so the
  // reader is the same for both transports (overruns are counted the same way too).
  attachPort(node, ring) {
    node.port.onmessage = (event) => {
      const block = event.data;
      if (block instanceof Float32Array) ringWrite(ring, block, null, 0, block.length);
    };
  },
  read(ring, heap, offset, max) { return ringRead(ring, heap, offset, max); },
  writeIndex(ring) { return Atomics.load(ring.header, WRITE) >>> 0; },
  dropped(ring) { return Atomics.load(ring.header, DROPPED) >>> 0; },
  processorOptions(ring, channelMode) {
    const shared = typeof SharedArrayBuffer === 'function' && ring.header.buffer instanceof SharedArrayBuffer;
    return shared ? { channelMode, headerBuffer: ring.header.buffer, samplesBuffer: ring.samples.buffer } : { channelMode };
  },
  errorText(error) { return String(error && error.message ? error.message : error); },
  errorName(error) { return String(error && error.name ? error.name : ''); },
  blobFromBytes(bytes) { return new Blob([bytes.slice()], { type: 'image/png' }); },
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
  showMessage,
  // Called by C++ whenever a setting changes: the hash (without a new history entry) and storage.
  saveSettings(query) {
    history.replaceState(null, '', `#${query}`);
    try { localStorage.setItem(kStorageKey, query); } catch { /* private mode: the link still works */ }
  },
  copyLink() {
    const link = location.href;
    const fallback = () => showMessage(`Copy this link: ${link}`, 'info', 20000);
    if (!navigator.clipboard) return fallback();
    navigator.clipboard.writeText(link).then(() => showMessage('Link copied.', 'info', 2500), fallback);
  },
};

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
    latestFrame: () => Module.latestFrame(),
    peak: () => Module.peak(),
    stats: () => Module.stats(),
    exportPNG: () => promise((resolve, reject) => Module.exportPng(resolve, reject)),
  };
}

if (typeof WebAssembly !== 'object') {
  showMessage('This browser cannot run WebAssembly, which this app needs. Try a current Chrome, Firefox, Safari or Edge.');
} else {
  showMessage('Loading…', 'info');
  globalThis.Module = {
    canvas: document.getElementById('canvas'),
    print: (text) => console.log(text),
    printErr: (text) => console.warn(text),
    onRuntimeInitialized() {
      defineApi(globalThis.Module);
      if (messageBox.className === 'info') showMessage('');
      loadSettings(globalThis.Module);
      // A hand-edited hash applies on top of the current settings.
      addEventListener('hashchange', () => loadSettings(globalThis.Module));
    },
    onAbort(what) {
      showMessage(`The app failed to load (${String(what).slice(0, 200)}). Reload the page; if it persists, your browser may be out of date.`);
    },
  };
  const script = document.createElement('script');
  script.src = 'spectrogram.js';
  script.onerror = () => showMessage('The app failed to load (spectrogram.js could not be fetched). Check the connection and reload.');
  document.body.appendChild(script);
}

// [SECTION] service worker: offline, isolation headers, updates

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
  updateButton.className = '';
  updateButton.onclick = () => {
    updateButton.disabled = true;
    sessionStorage.setItem('spectrogram.updating', '1');
    worker.postMessage('skipWaiting');
  };
}

if ('serviceWorker' in navigator && globalThis.isSecureContext) {
  navigator.serviceWorker.register('sw.js').then((registration) => {
    if (!registration) return;
    if (registration.waiting && navigator.serviceWorker.controller) offerUpdate(registration.waiting);
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
