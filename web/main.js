// main.js: the page's JavaScript: loads the wasm app, shows messages, and exposes the ring
// reader (for C++) and the scripting API `window.spectrogram` (a thin layer over C++).
// Does not: analyse, draw or decide anything; the C++ app owns all state.
import { createRing, ringFromBuffers, ringRead, ringWrite, ringAvailable } from './ring.js';

const messageBox = document.getElementById('message');

// Shows a message a person can act on (textContent only: nothing is ever parsed as markup).
function showMessage(text, kind = 'error') {
  messageBox.textContent = text;
  messageBox.className = text ? kind : 'hidden';
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
  available(ring) { return ringAvailable(ring); },
  writeIndex(ring) { return Atomics.load(ring.header, 0) >>> 0; },
  dropped(ring) { return Atomics.load(ring.header, 2) >>> 0; },
  processorOptions(ring, channelMode) {
    const shared = ring.header.buffer instanceof (globalThis.SharedArrayBuffer || Object);
    return shared && globalThis.SharedArrayBuffer
      ? { channelMode, headerBuffer: ring.header.buffer, samplesBuffer: ring.samples.buffer }
      : { channelMode };
  },
  errorText(error) { return String(error && error.message ? error.message : error); },
  errorName(error) { return String(error && error.name ? error.name : ''); },
  json(value) { return JSON.stringify(value); },
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
globalThis.SpectrogramPage = { showMessage };

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
