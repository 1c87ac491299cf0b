// engines.mjs: one small API to drive the app in Chromium, Firefox ESR and WebKitGTK, so the same
// browser test can run in all three.
//
//   import { ENGINES, capabilities, launch } from './engines.mjs';
//   for (const engine of ENGINES) {
//     const session = await launch(engine, { viewport: { width: 1280, height: 720 } });
//     try {
//       await session.goto(url);
//       await session.waitForFunction(() => globalThis.spectrogram !== undefined);
//       await session.click(24, 17);
//       const peak = await session.evaluate(() => spectrogram.peak());
//     } finally {
//       await session.close();
//     }
//   }
//
// Engines (all from Debian packages; nothing is downloaded):
//   chromium  /usr/bin/chromium, headless, driven by playwright-core (CDP).
//   firefox   /usr/bin/firefox-esr in a real window under Xvfb (headless Firefox has no WebGL2
//             here), driven by puppeteer-core over WebDriver BiDi.
//   webkit    MiniBrowser (WebKitGTK) under Xvfb, driven by selenium-webdriver through a
//             WebKitWebDriver this module starts on a free port (classic WebDriver).
// Firefox and WebKit get a PulseAudio null sink as sound device (without one the AudioContext
// never runs). Xvfb and PulseAudio start on first need, once per process, and stop when the
// process exits (they do not keep it alive, so a node:test file's process ends as usual), also on
// SIGINT/SIGTERM/SIGHUP. They, WebKitWebDriver, MiniBrowser and Firefox are tied to this process
// with PR_SET_PDEATHSIG (setpriv), so even a SIGKILLed test leaves nothing running. No engine
// makes a network request of its own (checked with strace: Chromium and Firefox resolve no name).
//
// launch(engine, options) -> Promise<Session>. Options (all optional):
//   wavFile          chromium only (others throw): the fake microphone plays this WAV (16-bit PCM
//                    or float). Firefox and WebKit play a built-in tone: capabilities().fakeMicTone.
//   microphone       'fake' (default): the fake device, permission granted.
//                    'denied': getUserMedia rejects with NotAllowedError. chromium and firefox: the
//                    browser's own denial; webkit: an init script (its automation always grants),
//                    so navigator.permissions still says 'prompt' there.
//   viewport         {width, height} in CSS pixels, default 1280x720.
//   deviceScaleFactor  default 1; chromium and firefox any, webkit a whole number (GDK_SCALE).
//   touch            chromium only (others throw): a touch screen, (pointer: coarse), tap().
//   serviceWorkers   'allow' (default) or 'block'. chromium: Playwright's block (register() is a
//                    no-op that resolves undefined); firefox: an init script deletes
//                    navigator.serviceWorker; webkit: the ServiceWorkers feature is off (none).
//   initScripts      array of JavaScript sources, run in order before any page script on every
//                    load of a page. Each runs as the body of a function in every engine: its
//                    declarations stay local; assign to globalThis to leave a global.
//                    webkit: classic WebDriver has no init scripts, so they are files served by
//                    shell/serve.py started with `--test-init-dir ${testInitDir()}` (harness.mjs's
//                    startServer does that): goto() adds ?testinit=<ids> to the URL and the server
//                    inserts <script src="testinit/<id>.js"> tags before the page's first <script>.
//                    Hence, in webkit only: they run when the parser reaches them (document.body
//                    exists; elsewhere it does not yet); only in pages at a path ending in "/" or
//                    "/index.html" on such a server (goto()/reload() throw if they did not run);
//                    the page's own location.search/href carry the testinit query (session.url()
//                    hides it); the tags remove themselves once run. A service worker serving the
//                    page from its cache would bypass them, so webkit sessions with initScripts or
//                    microphone 'denied' need serviceWorkers: 'block' (launch() throws otherwise).
//
// Session (every method returns a Promise):
//   engine                   'chromium' | 'firefox' | 'webkit' (a string, not a Promise)
//   goto(url)                navigates and waits for the load event.
//   reload()                 reloads and waits for the load event.
//   url()                    the page's URL (webkit: without the testinit query).
//   evaluate(fn, arg)        runs fn(arg) in the page and returns
//                            JSON.parse(JSON.stringify(result)) with typed arrays as arrays, the
//                            same in every engine (NaN/Infinity become null, undefined stays
//                            undefined). fn: an arrow or function expression, may be async, sees
//                            no node variables (pass them in arg, which must be JSON-able). If fn
//                            throws, evaluate rejects with Error("<Name>: <message>") (a thrown
//                            non-Error: "thrown: <value>").
//   waitForFunction(fn, arg, timeoutMs = 30000)  polls evaluate(fn, arg) every 100 ms until it
//                            gives a truthy value, which it returns; errors while polling (e.g.
//                            during a navigation) are retried; throws on timeout with the last one.
//   click(x, y)              a real (trusted) left click at CSS pixels from the viewport's top left.
//   mouseMove(x, y), mouseDown(), mouseUp()   real pointer input, same coordinates.
//   wheel(x, y, deltaY, {shift, ctrl} = {})    a real wheel turn (deltaY CSS pixels, > 0: towards
//                            the user) with the pointer at x, y, optionally with Shift or Control held
//                            (webkit: a turn with a key held never arrives, see wheelModifiers).
//   press(key)               a real key press on the focused element: one character ('s', 'S', ' ')
//                            or a name in KEY_NAMES ('Space', 'Enter', 'Escape', 'ArrowUp', 'F1', ...).
//   screenshot(path)         a PNG of the viewport in device pixels; folders are created.
//   tap(x, y)                a real touch tap (chromium with options.touch; others throw).
//   hasAccessible(role, name)   true when the page's accessibility tree holds a node of that
//                            role ('button', ...) and accessible name, as a screen reader sees it.
//   chooseFile(selector, path)  sets a local file on the <input type=file> matching the CSS
//                            selector, as choosing it in the file chooser does (a change event).
//   setOffline(offline)      cuts (true) or restores the page's network (a service worker still
//                            serves its cache). chromium and firefox; webkit throws.
//   consoleLines             array of strings, in order: console messages as the engine words them,
//                            and uncaught errors and unhandled rejections as
//                            "pageerror: <Name>: <message>" (or "pageerror: <value>" for a thrown
//                            non-Error). Engines word non-string arguments and their own messages
//                            differently (CSP violations: a console error in chromium, a
//                            "pageerror: Content-Security-Policy: ..." in firefox, a
//                            "Content-Security-Policy: refused ..." line in webkit; failed loads:
//                            chromium and webkit only): match loosely. webkit: gathered by an
//                            in-page hook (an init script wrapping console.*) and brought over by
//                            every session call, so current after any awaited call; a page served
//                            by a service worker (serviceWorkers 'allow') gets the hook only after
//                            its load event.
//   native                   the engine's own objects, for what this API does not cover (check
//                            capabilities first): chromium {browser, context, page} (Playwright),
//                            firefox {browser, page} (Puppeteer), webkit {driver} (Selenium).
//   close()                  closes the browser and ends every process it started.
//
// capabilities(engine): what each engine's automation can and cannot do (a plain object, see
// CAPABILITIES below), so a test can adapt or skip instead of failing.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';

export const ENGINES = ['chromium', 'firefox', 'webkit'];

const CHROMIUM = '/usr/bin/chromium';
const FIREFOX = '/usr/bin/firefox-esr';
const WEBKIT_DRIVER = '/usr/bin/WebKitWebDriver';
const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const XVFB_SCREEN = '3840x2160x24';  // room for any viewport a test asks for

// Measured on Debian 12 with Chromium 156, Firefox ESR 153.7, WebKitGTK 2.50.6, served by
// shell/serve.py with its isolation headers (COOP same-origin + COEP require-corp). Without them
// all three have crossOriginIsolated false and no global SharedArrayBuffer.
const CAPABILITIES = {
  chromium: {
    automation: 'playwright-core over CDP, headless',
    webgl2: 'ANGLE on SwiftShader (CPU)',
    fakeMicFromWav: true,   // options.wavFile
    fakeMicTone: null,      // without a WAV: a ~400 Hz square wave beep (-4 dBFS), 20 ms every 500 ms
    otherTones: [],
    micDropouts: false,
    generatedStreamsAltered: false,
    wheelModifiers: true,   // wheel(x, y, dy, {shift, ctrl}) arrives with the keys held
    micDenied: 'browser',   // --deny-permission-prompts: the browser's own NotAllowedError
    initScripts: 'native',
    consoleLines: 'native',
    realInput: true,
    deviceScaleFactor: 'any',
    serviceWorkersBlock: 'register() is a no-op (Playwright)',
    setOffline: true,
    touch: true,                // options.touch: a touch screen (pointer: coarse) and tap(x, y)
    windowFocus: true,          // focus events and :focus styles
    accessibilityTree: 'CDP Accessibility.getFullAXTree',
    download: true,             // native.page.waitForEvent('download')
    requestInterception: true,  // native.page.route()
    crossOriginIsolated: true,
    sharedArrayBuffer: true,    // typeof SharedArrayBuffer === 'function'
    atomics: true,              // typeof Atomics === 'object' (also without isolation)
    sharedWasmMemory: true,     // new WebAssembly.Memory({shared: true}).buffer is a SharedArrayBuffer
    sharedMemoryPostMessage: true,  // ... and reaches other threads (postMessage, AudioWorklet processorOptions)
  },
  firefox: {
    automation: 'puppeteer-core over WebDriver BiDi, real window under Xvfb',
    webgl2: 'Mesa llvmpipe (CPU) under Xvfb',
    fakeMicFromWav: false,
    fakeMicTone: { hz: 1000, dbfs: -20 },  // media.navigator.streams.fake: a steady sine, 44.1 kHz
    otherTones: [],
    micDropouts: false,
    generatedStreamsAltered: false,
    wheelModifiers: true,
    micDenied: 'browser',   // permissions.default.microphone = 2: the browser's own NotAllowedError
    initScripts: 'native',  // BiDi preload scripts: run before any page script
    consoleLines: 'native',
    realInput: true,
    deviceScaleFactor: 'any',
    serviceWorkersBlock: 'navigator.serviceWorker removed by an init script',
    setOffline: true,
    touch: false,               // no touch input over BiDi here
    // The window under Xvfb never has the system's focus (document.hasFocus() stays false, also
    // with focusmanager.testmode, bringToFront or a click): Tab moves document.activeElement,
    // but no focus event fires and no :focus / :focus-within style applies.
    windowFocus: false,
    accessibilityTree: "Puppeteer's ::-p-aria() query (BiDi locateNodes by accessible role and name)",
    download: false,
    requestInterception: true,  // Puppeteer's own API: native.page.setRequestInterception()
    crossOriginIsolated: true,
    sharedArrayBuffer: true,
    atomics: true,
    sharedWasmMemory: true,
    sharedMemoryPostMessage: true,
  },
  webkit: {
    automation: 'selenium-webdriver over classic WebDriver (WebKitWebDriver + MiniBrowser), under Xvfb',
    webgl2: 'Mesa llvmpipe (CPU) under Xvfb',
    fakeMicFromWav: false,
    // The mock microphone (44.1 kHz): a steady 150 Hz sine at -20 dBFS, the strongest steady
    // component; a steady 3000 Hz sine at -26 dBFS; and once a second a ~70 ms burst at -6 dBFS,
    // alternately 1500 Hz and 500 Hz, which outweighs the 150 Hz tone in short windows: narrow
    // the display range around 150 Hz (e.g. fmin 75, fmax 300) before trusting peak().
    fakeMicTone: { hz: 150, dbfs: -20 },
    otherTones: [{ hz: 3000, dbfs: -26 }, { hz: 1500, dbfs: -6, burstMs: 70, everyMs: 2000 },
      { hz: 500, dbfs: -6, burstMs: 70, everyMs: 2000, afterMs: 1000 }],
    micDropouts: true,      // on a loaded machine the mock now and then gives ~0.2 s of silence
    // A generated stream (a MediaStreamAudioDestinationNode's track) sometimes arrives altered:
    // ~12 dB down for seconds, or filtered for a whole session (440 Hz 3.8 dB down, 3150 Hz
    // 0.9 dB). Level tests on generated streams there check the levels against what arrived
    // (stats().inputRms) rather than against what was generated.
    generatedStreamsAltered: true,
    wheelModifiers: false,  // a wheel action with Shift or Control held never reaches the page
    micDenied: 'init script',  // WebKitGTK's automation grants every capture request
    initScripts: 'server',     // shell/serve.py --test-init-dir; needs serviceWorkers 'block'
    consoleLines: 'in-page hook',
    realInput: true,
    deviceScaleFactor: 'integer',
    serviceWorkersBlock: 'ServiceWorkers feature off (no navigator.serviceWorker)',
    setOffline: false,
    touch: false,               // classic WebDriver's touch actions are not implemented by WebKitWebDriver
    minViewportWidth: 447,      // MiniBrowser's window does not get narrower (its header bar)
    windowFocus: true,
    accessibilityTree: 'WebDriver computed role and label of each element',
    download: false,
    requestInterception: false,
    crossOriginIsolated: true,
    sharedArrayBuffer: false,  // no global SharedArrayBuffer even when isolated ...
    atomics: true,
    sharedWasmMemory: true,    // ... a shared WebAssembly.Memory's buffer is one ...
    sharedMemoryPostMessage: false,  // ... but it cannot leave the page's thread: postMessage throws
    // DataCloneError, and in an AudioWorkletNode's processorOptions the processor fails to
    // construct (a 'processorerror' event: "An error was thrown from AudioWorkletProcessor constructor")
  },
};

export function capabilities(engine) {
  checkEngine(engine);
  return structuredClone(CAPABILITIES[engine]);
}

// Key names press() accepts besides single characters (WebDriver code points for webkit).
export const KEY_NAMES = {
  Space: '\uE00D', Enter: '\uE007', Escape: '\uE00C', Tab: '\uE004', Backspace: '\uE003',
  Delete: '\uE017', Insert: '\uE016', Home: '\uE011', End: '\uE010', PageUp: '\uE00E', PageDown: '\uE00F',
  ArrowLeft: '\uE012', ArrowUp: '\uE013', ArrowRight: '\uE014', ArrowDown: '\uE015',
  Shift: '\uE008', Control: '\uE009', Alt: '\uE00A', Meta: '\uE03D',
  ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`F${i + 1}`, String.fromCharCode(0xE031 + i)])),
};

function checkEngine(engine) {
  if (!ENGINES.includes(engine)) throw new Error(`unknown engine '${engine}' (one of ${ENGINES.join(', ')})`);
}

// [SECTION] per-process scratch folder, Xvfb and PulseAudio

const state = { scratch: null, shared: null, pids: new Set(), groups: new Set(), webkitChrome: null };

function scratch() {
  if (!state.scratch) {
    removeStaleScratch();
    state.scratch = mkdtempSync(path.join(tmpdir(), `spectrogram-engines-${process.pid}-`));
    installExitHandlers();
  }
  return state.scratch;
}

// Scratch folders of processes that died without cleaning up (SIGKILL).
function removeStaleScratch() {
  for (const name of readdirSync(tmpdir())) {
    const pid = Number(/^spectrogram-engines-(\d+)-/.exec(name)?.[1]);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch (error) {
      if (error.code === 'ESRCH') rmSync(path.join(tmpdir(), name), { recursive: true, force: true });
    }
  }
}

// The folder WebKit sessions write their init scripts into: start shell/serve.py with
// `--test-init-dir <this>` so webkit sessions can use initScripts (harmless for other engines).
export function testInitDir() {
  const dir = path.join(scratch(), 'testinit');
  mkdirSync(dir, { recursive: true });
  return dir;
}

function installExitHandlers() {
  process.on('exit', stopEverything);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      stopEverything();
      // Alone with this signal: die of it, as without a handler.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

// Synchronous (runs in 'exit'): signals every process this module started, removes the scratch.
function stopEverything() {
  for (const group of state.groups) { try { process.kill(-group, 'SIGKILL'); } catch { /* gone */ } }
  for (const pid of state.pids) { try { process.kill(pid, 'SIGTERM'); } catch { /* gone */ } }
  state.groups.clear();
  state.pids.clear();
  state.shared = null;
  if (state.scratch) rmSync(state.scratch, { recursive: true, force: true });
  state.scratch = null;
}

// Runs `command` so the kernel signals it when this process dies (PR_SET_PDEATHSIG).
function tiedToUs(command, args, signal = 'TERM') {
  return existsSync('/usr/bin/setpriv') ? ['/usr/bin/setpriv', ['--pdeathsig', signal, command, ...args]] : [command, args];
}

// A wrapper script that execs `binary` tied to its parent (for binaries started by a driver).
function tiedWrapper(name, binary) {
  const file = path.join(scratch(), `${name}.sh`);
  if (!existsSync(file)) {
    const exec = existsSync('/usr/bin/setpriv') ? `/usr/bin/setpriv --pdeathsig KILL ${binary}` : binary;
    writeFileSync(file, `#!/bin/sh\nexec ${exec} "$@"\n`);
    chmodSync(file, 0o755);
  }
  return file;
}

function tail(stream, lines) {
  stream.on('data', (chunk) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - 20));
  });
}

function startBackground(command, args, options) {
  const [file, argv] = tiedToUs(command, args);
  const child = spawn(file, argv, options);
  const output = [];
  if (child.stderr) tail(child.stderr, output);
  state.pids.add(child.pid);
  child.on('exit', () => state.pids.delete(child.pid));
  child.unref();  // does not keep the process (a test file) alive
  for (const stream of child.stdio) stream?.unref?.();
  return { child, output };
}

async function startXvfb() {
  const { child, output } = startBackground('Xvfb',
    ['-displayfd', '3', '-screen', '0', XVFB_SCREEN, '-nolisten', 'tcp', '-noreset'],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
  const display = await new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`Xvfb gave no display in 15 s: ${output.join('\n')}`)), 15000);
    child.stdio[3].on('data', (chunk) => {
      text += chunk;
      if (text.includes('\n')) { clearTimeout(timer); resolve(`:${text.trim()}`); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`Xvfb exited ${code}: ${output.join('\n')}`)); });
  });
  return display;
}

async function startPulse() {
  const dir = path.join(scratch(), 'pulse');
  mkdirSync(dir, { recursive: true });
  const socket = path.join(dir, 'pulse.sock');
  const { child, output } = startBackground('pulseaudio', ['-n', '--daemonize=no', '--exit-idle-time=-1',
    '--use-pid-file=no', '--load=module-null-sink sink_name=nullsink',
    `--load=module-native-protocol-unix socket=${socket} auth-anonymous=1`],
  { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, HOME: dir, XDG_RUNTIME_DIR: dir, XDG_CONFIG_HOME: dir } });
  const deadline = Date.now() + 15000;
  while (!existsSync(socket)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`pulseaudio did not start: ${output.join('\n')}`);
    await sleep(50);
  }
  return `unix:${socket}`;
}

// Xvfb + PulseAudio, started once per process on first need.
async function display() {
  if (!state.shared) {
    scratch();
    state.shared = Promise.all([startXvfb(), startPulse()]).then(([DISPLAY, PULSE_SERVER]) => ({ DISPLAY, PULSE_SERVER }));
    state.shared.catch(() => { state.shared = null; });
  }
  return state.shared;
}

// Environment for a browser under our display and sound server, with its caches in `home`.
async function browserEnv(home) {
  const { DISPLAY, PULSE_SERVER } = await display();
  const env = { ...process.env, DISPLAY, PULSE_SERVER, GDK_BACKEND: 'x11', MOZ_CRASHREPORTER_DISABLE: '1',
    XDG_CACHE_HOME: path.join(home, 'cache'), XDG_DATA_HOME: path.join(home, 'data'),
    XDG_CONFIG_HOME: path.join(home, 'config'), XDG_RUNTIME_DIR: home };
  delete env.WAYLAND_DISPLAY;
  delete env.MOZ_HEADLESS;
  return env;
}

function sessionHome() {
  const dir = path.join(scratch(), 'sessions');
  mkdirSync(dir, { recursive: true });
  return mkdtempSync(path.join(dir, 's-'));
}

// [SECTION] helpers shared by the engines

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// Wraps an init script so it runs as a function body in every engine (Firefox's preload scripts
// already do).
const asFunctionBody = (source) => `(() => {\n${source}\n})();`;

const BLOCK_SERVICE_WORKERS = 'delete Navigator.prototype.serviceWorker;';

// What WebKit itself says when a capture is not allowed.
const DENY_MICROPHONE = `
MediaDevices.prototype.getUserMedia = function getUserMedia() {
  return Promise.reject(new DOMException('The request is not allowed by the user agent or the platform in the current context, possibly because the user denied permission.', 'NotAllowedError'));
};`;

// The page-side expression for evaluate(): the same JSON round trip in every engine, errors as
// values so their text is the same everywhere. `extra` adds fields (webkit: console lines).
function evaluateExpression(fn, arg, extra = '') {
  const source = typeof fn === 'function' ? fn.toString() : String(fn);
  const argument = arg === undefined ? 'undefined' : JSON.stringify(arg);
  return `(async () => {
  const out = {};
  try {
    const value = await (${source})(${argument});
    out.json = value === undefined ? undefined
      : JSON.stringify(value, (key, v) => (ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v) : v));
  } catch (error) {
    out.error = error instanceof Error ? error.name + ': ' + error.message : 'thrown: ' + String(error);
  }
  ${extra}
  return out;
})()`;
}

function evaluateResult(out) {
  if (out && out.error !== undefined) throw new Error(out.error);
  return out && typeof out.json === 'string' ? JSON.parse(out.json) : undefined;
}

// What every engine shares: waitForFunction polls evaluate().
function commonSession(session) {
  session.waitForFunction = async (fn, arg, timeoutMs = 30000) => {
    const deadline = Date.now() + timeoutMs;
    let last;
    for (;;) {
      try {
        const value = await session.evaluate(fn, arg);
        if (value) return value;
        last = `last value ${JSON.stringify(value)}`;
      } catch (error) {
        last = `last error ${error.message.split('\n')[0]}`;
      }
      if (Date.now() > deadline) {
        throw new Error(`waitForFunction timed out after ${timeoutMs} ms (${last}): ${String(fn).slice(0, 200)}`);
      }
      await sleep(100);
    }
  };
  return session;
}

// [SECTION] Chromium (playwright-core, headless)

async function launchChromium(options) {
  const { wavFile, microphone, viewport, deviceScaleFactor, serviceWorkers, initScripts, touch } = options;
  // No autoplay override: the tests must go through the real gesture rules.
  // As harness.mjs's launchBrowser, plus no DNS at all (Chromium still looked up
  // update.googleapis.com and accounts.google.com with the flags before it).
  const args = ['--no-sandbox', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-quic',
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost'];
  if (microphone === 'fake') {
    args.push('--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream');
    if (wavFile) args.push(`--use-file-for-fake-audio-capture=${wavFile}`);
  } else {
    args.push('--use-fake-device-for-media-stream', '--deny-permission-prompts');
  }
  const { chromium } = await import('playwright-core');  // each driver library loads on first use
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args });
  try {
    const context = await browser.newContext({ viewport, deviceScaleFactor, serviceWorkers, hasTouch: touch });
    for (const source of initScripts) await context.addInitScript(asFunctionBody(source));
    const page = await context.newPage();
    const consoleLines = [];
    page.on('console', (message) => consoleLines.push(message.text()));
    page.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.name ? `${error.name}: ` : ''}${error.message}`));
    const mouse = page.mouse;
    return commonSession({
      engine: 'chromium',
      consoleLines,
      native: { browser, context, page },
      goto: async (url) => { await page.goto(url); },
      reload: async () => { await page.reload(); },
      url: async () => page.url(),
      evaluate: async (fn, arg) => evaluateResult(await page.evaluate(evaluateExpression(fn, arg))),
      click: (x, y) => mouse.click(x, y),
      mouseMove: (x, y) => mouse.move(x, y),
      mouseDown: () => mouse.down(),
      mouseUp: () => mouse.up(),
      wheel: async (x, y, deltaY, modifiers = {}) => {
        await mouse.move(x, y);
        const held = heldKeys(modifiers);
        for (const key of held) await page.keyboard.down(key);
        await mouse.wheel(0, deltaY);
        for (const key of held) await page.keyboard.up(key);
      },
      press: (key) => page.keyboard.press(checkKey(key)),
      tap: async (x, y) => {
        if (!touch) throw new Error('chromium: tap() needs launch option touch: true');
        await page.touchscreen.tap(x, y);
      },
      hasAccessible: async (role, name) => {
        const cdp = await context.newCDPSession(page);
        try {
          const { nodes } = await cdp.send('Accessibility.getFullAXTree');
          return nodes.some((node) => !node.ignored && node.role?.value === role && node.name?.value === name);
        } finally {
          await cdp.detach();
        }
      },
      screenshot: async (file) => { mkdirSync(path.dirname(file), { recursive: true }); await page.screenshot({ path: file }); },
      setOffline: (offline) => context.setOffline(offline),
      chooseFile: (selector, file) => page.setInputFiles(selector, file),
      close: () => browser.close(),
    });
  } catch (error) {
    await browser.close();
    throw error;
  }
}

function webDriverKey(key) {
  const k = checkKey(key);
  return k.length === 1 ? k : KEY_NAMES[k];
}

// The modifier keys of {shift, ctrl} by their KEY_NAMES names.
function heldKeys({ shift = false, ctrl = false } = {}) {
  return [...(shift ? ['Shift'] : []), ...(ctrl ? ['Control'] : [])];
}

function checkKey(key) {
  if (typeof key !== 'string' || !(key.length === 1 || key in KEY_NAMES)) {
    throw new Error(`press(${JSON.stringify(key)}): one character or one of ${Object.keys(KEY_NAMES).join(' ')}`);
  }
  return key;
}

// [SECTION] Firefox ESR (puppeteer-core over WebDriver BiDi, real window under Xvfb)

// Keep Firefox off the network (beyond what puppeteer's profile and the remote agent's
// recommended prefs already do): updates, telemetry, remote settings, captive portal and
// connectivity checks, DNS-over-HTTPS, prefetching, safe browsing, geolocation, region, GMP
// downloads, studies. Two catch-alls: every host name resolves to 127.0.0.1 without a DNS query,
// and HTTP(S) to anything but localhost goes to a proxy on a closed local port. Measured with
// strace over whole sessions: no DNS query, no connection but to 127.0.0.1 (before these, ESR
// still resolved firefox.settings.services.mozilla.com: release builds ignore
// services.settings.server unless MOZ_REMOTE_SETTINGS_DEVTOOLS is set).
const FIREFOX_QUIET = {
  'app.update.auto': false,
  'app.update.enabled': false,
  'app.normandy.enabled': false,
  'app.shield.optoutstudies.enabled': false,
  'browser.aboutHomeSnippets.updateUrl': '',
  'browser.discovery.enabled': false,
  'browser.newtabpage.activity-stream.feeds.section.topstories': false,
  'browser.newtabpage.activity-stream.feeds.snippets': false,
  'browser.newtabpage.activity-stream.telemetry': false,
  'browser.ping-centre.telemetry': false,
  'browser.region.network.url': '',
  'browser.region.update.enabled': false,
  'browser.safebrowsing.provider.google4.updateURL': '',
  'browser.safebrowsing.provider.mozilla.updateURL': '',
  'browser.search.geoip.url': '',
  'browser.topsites.contile.enabled': false,
  'datareporting.healthreport.uploadEnabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'extensions.blocklist.enabled': false,
  'extensions.systemAddon.update.enabled': false,
  'extensions.systemAddon.update.url': '',
  'geo.provider.network.url': '',
  'media.gmp-manager.url': '',
  'media.gmp-gmpopenh264.enabled': false,
  'media.gmp-widevinecdm.enabled': false,
  'messaging-system.rsexperimentloader.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.dns.disablePrefetch': true,
  'network.predictor.enabled': false,
  'network.prefetch-next': false,
  'network.trr.mode': 5,
  'security.OCSP.enabled': 0,
  'security.remote_settings.crlite_filters.enabled': false,
  'security.remote_settings.intermediates.enabled': false,
  'services.settings.server': 'data:,#remote-settings-dummy/v1',  // honoured with MOZ_REMOTE_SETTINGS_DEVTOOLS
  'network.dns.forceResolve': '127.0.0.1',  // no DNS query at all: every name is 127.0.0.1
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.server': '',
  'toolkit.telemetry.unified': false,
  'network.proxy.type': 1,
  'network.proxy.http': '127.0.0.1',
  'network.proxy.http_port': 9,
  'network.proxy.ssl': '127.0.0.1',
  'network.proxy.ssl_port': 9,
  'network.proxy.no_proxies_on': 'localhost, 127.0.0.1, [::1]',
  'network.proxy.allow_hijacking_localhost': false,
};

async function launchFirefox(options) {
  const { microphone, viewport, deviceScaleFactor, serviceWorkers, initScripts } = options;
  const home = sessionHome();
  const prefs = { ...FIREFOX_QUIET, 'media.navigator.streams.fake': true };
  if (microphone === 'fake') {
    prefs['media.navigator.permission.disabled'] = true;
  } else {  // the browser itself refuses: NotAllowedError, permissions.query says 'denied'
    prefs['media.navigator.permission.disabled'] = false;
    prefs['permissions.default.microphone'] = 2;
  }
  const { default: puppeteer } = await import('puppeteer-core');
  const browser = await puppeteer.launch({
    browser: 'firefox', executablePath: tiedWrapper('firefox', FIREFOX), headless: false,
    defaultViewport: null, env: { ...await browserEnv(home), MOZ_REMOTE_SETTINGS_DEVTOOLS: '1' }, extraPrefsFirefox: prefs,
    args: ['--width', String(viewport.width + 100), '--height', String(viewport.height + 200)], timeout: 90000,
  });
  const firefoxPid = browser.process()?.pid;
  if (firefoxPid) state.groups.add(firefoxPid);  // puppeteer starts it as a process group leader
  try {
    const page = (await browser.pages())[0] ?? await browser.newPage();
    await page.setViewport({ ...viewport, deviceScaleFactor });
    const scripts = [...(serviceWorkers === 'block' ? [BLOCK_SERVICE_WORKERS] : []), ...initScripts];
    for (const source of scripts) await page.evaluateOnNewDocument(source);  // BiDi wraps it in () => {...}
    const consoleLines = [];
    // Firefox's own text of each console call (format strings applied, errors as "Error: msg"),
    // from the BiDi log entry: puppeteer's message.text() shows "JSHandle@object" for non-primitives.
    const context = page.mainFrame().browsingContext;  // puppeteer internals (version pinned)
    if (context?.on) context.on('log', ({ entry }) => { if (entry.type === 'console') consoleLines.push(entry.text ?? ''); });
    else page.on('console', (message) => consoleLines.push(message.text()));
    // BiDi gives the whole text ("TypeError: x is null") as the message.
    page.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message.replace(/^uncaught exception: /, '')}`));
    const mouse = page.mouse;
    return commonSession({
      engine: 'firefox',
      consoleLines,
      native: { browser, page },
      goto: async (url) => { await page.goto(url, { waitUntil: 'load' }); },
      reload: async () => { await page.reload({ waitUntil: 'load' }); },
      url: async () => page.url(),
      evaluate: async (fn, arg) => evaluateResult(await page.evaluate(evaluateExpression(fn, arg))),
      click: (x, y) => mouse.click(x, y),
      mouseMove: (x, y) => mouse.move(x, y),
      mouseDown: () => mouse.down(),
      mouseUp: () => mouse.up(),
      wheel: async (x, y, deltaY, modifiers = {}) => {
        await mouse.move(x, y);
        const held = heldKeys(modifiers).map(webDriverKey);
        for (const key of held) await page.keyboard.down(key);
        await mouse.wheel({ deltaY });
        for (const key of held) await page.keyboard.up(key);
      },
      press: (key) => page.keyboard.press(webDriverKey(key)),  // BiDi takes WebDriver key code points
      screenshot: async (file) => { mkdirSync(path.dirname(file), { recursive: true }); await page.screenshot({ path: file }); },
      setOffline: (offline) => page.setOfflineMode(offline),
      tap: async () => { throw new Error('firefox: tap() is not available (capabilities().touch)'); },
      hasAccessible: async (role, name) => {
        // Why quotes inside: ::-p-aria takes [name="..."][role="..."] to match both exactly.
        const handle = await page.$(`::-p-aria([name=${JSON.stringify(name)}][role=${JSON.stringify(role)}])`);
        if (handle) await handle.dispose();
        return Boolean(handle);
      },
      chooseFile: async (selector, file) => {
        const input = await page.$(selector);
        if (!input) throw new Error(`firefox: no element ${selector}`);
        await input.uploadFile(file);
      },
      close: async () => {
        try { await browser.close(); } finally {
          if (firefoxPid) { try { process.kill(-firefoxPid, 'SIGKILL'); } catch { /* gone */ } state.groups.delete(firefoxPid); }
          rmSync(home, { recursive: true, force: true });
        }
      },
    });
  } catch (error) {
    await browser.close().catch(() => {});
    throw error;
  }
}

// [SECTION] WebKitGTK (selenium-webdriver -> WebKitWebDriver -> MiniBrowser, under Xvfb)

// The in-page console hook: console.* calls, uncaught errors, unhandled rejections, CSP
// violations and failed loads of elements, buffered until the next session call takes them.
const CONSOLE_HOOK = `
const key = Symbol.for('engines.console');
if (globalThis[key]) return;
const lines = [];
Object.defineProperty(globalThis, key, { value: lines });
const text = (value) => {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return value.name + ': ' + value.message;
  try { return JSON.stringify(value) ?? String(value); } catch { return String(value); }
};
for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
  const original = console[level];
  console[level] = function (...args) { lines.push(args.map(text).join(' ')); return original.apply(this, args); };
}
addEventListener('error', (event) => {
  if (event.target && event.target !== window && event.target.nodeType === 1) {
    lines.push('failed to load: ' + (event.target.src || event.target.href || event.target.tagName));
  } else {
    lines.push('pageerror: ' + (event.error !== undefined && event.error !== null ? text(event.error) : event.message));
  }
}, true);
addEventListener('unhandledrejection', (event) => { lines.push('pageerror: ' + text(event.reason)); });
document.addEventListener('securitypolicyviolation', (event) => {
  lines.push('Content-Security-Policy: refused ' + (event.blockedURI || 'inline') + ' (' + event.effectiveDirective + ')');
});`;
const DRAIN_CONSOLE = "{ const lines = globalThis[Symbol.for('engines.console')]; out.console = lines ? lines.splice(0) : null; }";

// Last of the injected scripts: marks that they ran and removes their <script> elements.
const INIT_DONE = `
Object.defineProperty(globalThis, Symbol.for('engines.init'), { value: true });
for (const script of document.querySelectorAll('script[src^="testinit/"]')) script.remove();`;

function initScriptFile(source) {
  const body = asFunctionBody(source);
  const id = createHash('sha256').update(body).digest('hex').slice(0, 20);
  const file = path.join(testInitDir(), `${id}.js`);
  if (!existsSync(file)) writeFileSync(file, body);
  return id;
}

function withTestInit(url, ids) {
  const u = new URL(withoutTestInit(url));
  if (!/^https?:$/.test(u.protocol)) return url;
  u.search = `${u.search ? `${u.search}&` : '?'}testinit=${ids.join(',')}`;
  return u.href;
}

function withoutTestInit(url) {
  const hashAt = url.includes('#') ? url.indexOf('#') : url.length;
  const [base, hash] = [url.slice(0, hashAt), url.slice(hashAt)];
  const queryAt = base.indexOf('?');
  if (queryAt < 0) return url;
  const params = base.slice(queryAt + 1).split('&').filter((p) => !p.startsWith('testinit='));
  return base.slice(0, queryAt) + (params.length ? `?${params.join('&')}` : '') + hash;
}

async function waitForDriver(port, driverProcess) {
  const deadline = Date.now() + 15000;
  for (;;) {
    const ok = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.destroy(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    if (driverProcess.child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`WebKitWebDriver did not start: ${driverProcess.output.join('\n')}`);
    }
    await sleep(50);
  }
}

async function launchWebKit(options) {
  const { microphone, viewport, deviceScaleFactor, serviceWorkers, initScripts } = options;
  if (!Number.isInteger(deviceScaleFactor)) throw new Error('webkit: deviceScaleFactor must be a whole number (GDK_SCALE)');
  const needsInjection = initScripts.length > 0 || microphone === 'denied';
  if (needsInjection && serviceWorkers !== 'block') {
    throw new Error("webkit: initScripts and microphone 'denied' are injected by the test server, which a "
      + "service worker's cache would bypass: pass serviceWorkers: 'block'");
  }
  const home = sessionHome();
  const env = await browserEnv(home);
  if (deviceScaleFactor !== 1) env.GDK_SCALE = String(deviceScaleFactor);
  const port = await freePort();
  // Its own process group, so close() and exit can end MiniBrowser and its WebKit processes too
  // (ending WebKitWebDriver alone leaves MiniBrowser running).
  const driverProcess = startBackground(WEBKIT_DRIVER, [`--port=${port}`, '--host=local'],
    { stdio: ['ignore', 'ignore', 'pipe'], env, detached: true });
  const group = driverProcess.child.pid;
  state.groups.add(group);
  const stop = () => {
    try { process.kill(-group, 'SIGKILL'); } catch { /* gone */ }
    state.groups.delete(group);
    rmSync(home, { recursive: true, force: true });
  };
  const { Builder, By, Origin, Button } = await import('selenium-webdriver');
  let driver;
  try {
    await waitForDriver(port, driverProcess);
    const features = ['-MockCaptureDevicesPrompt', ...(serviceWorkers === 'block' ? ['-ServiceWorkers'] : [])];
    driver = await new Builder().usingServer(`http://127.0.0.1:${port}`).withCapabilities({
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': {
        binary: tiedWrapper('minibrowser', MINIBROWSER),
        args: ['--automation', '--enable-media-stream=true', '--enable-mock-capture-devices=true',
          `--features=${features.join(',')}`, '--enable-webaudio=true', '--enable-webgl=true'],
      },
    }).build();
    await driver.manage().setTimeouts({ script: 120000, pageLoad: 60000 });
    await sizeWindow(driver, viewport);
  } catch (error) {
    if (driver) await driver.quit().catch(() => {});
    stop();
    throw error;
  }

  const hookId = initScriptFile(CONSOLE_HOOK);
  const userIds = [...(microphone === 'denied' ? [DENY_MICROPHONE] : []), ...initScripts].map(initScriptFile);
  const ids = [hookId, ...userIds, initScriptFile(INIT_DONE)];
  const consoleLines = [];
  const take = (out) => { if (out && Array.isArray(out.console)) consoleLines.push(...out.console); return out; };
  const run = async (fn, arg) => take(await driver.executeScript(`return ${evaluateExpression(fn, arg, DRAIN_CONSOLE)}`));
  const takeConsole = () => run(() => null).catch(() => {});
  // After a load: the injected scripts must have run (else the server lacks --test-init-dir, or a
  // service worker served the page); without them, the console hook is installed late.
  const afterLoad = async () => {
    const status = evaluateResult(await run(() => ({
      html: document.contentType === 'text/html' && /^https?:$/.test(location.protocol),
      init: globalThis[Symbol.for('engines.init')] === true,
    })));
    if (!status || !status.html || status.init) return;
    if (userIds.length > 0) {
      throw new Error(`webkit: the init scripts did not run in ${await driver.getCurrentUrl()}: serve it with `
        + `shell/serve.py --test-init-dir ${testInitDir()} (harness.mjs startServer does)`);
    }
    await driver.executeScript(CONSOLE_HOOK);  // a function body, as an init script
  };
  const actions = () => driver.actions({ async: true });
  const at = (x, y) => ({ x: Math.round(x), y: Math.round(y), origin: Origin.VIEWPORT, duration: 0 });

  return commonSession({
    engine: 'webkit',
    consoleLines,
    native: { driver },
    goto: async (url) => {
      await takeConsole();
      await driver.get(withTestInit(url, ids));
      await afterLoad();
    },
    reload: async () => {
      await takeConsole();
      await driver.navigate().refresh();
      await afterLoad();
    },
    url: async () => withoutTestInit(await driver.getCurrentUrl()),
    evaluate: async (fn, arg) => evaluateResult(await run(fn, arg)),
    click: async (x, y) => {
      await actions().move(at(x, y)).press(Button.LEFT).release(Button.LEFT).perform();
      await takeConsole();
    },
    mouseMove: async (x, y) => {
      await actions().move(at(x, y)).perform();
      await takeConsole();
    },
    mouseDown: async () => { await actions().press(Button.LEFT).perform(); await takeConsole(); },
    mouseUp: async () => { await actions().release(Button.LEFT).perform(); await takeConsole(); },
    wheel: async (x, y, deltaY, modifiers = {}) => {
      const held = heldKeys(modifiers).map(webDriverKey);
      await actions().move(at(x, y)).perform();
      for (const key of held) await actions().keyDown(key).perform();
      await actions().scroll(Math.round(x), Math.round(y), 0, Math.round(deltaY), Origin.VIEWPORT, 0).perform();
      for (const key of held) await actions().keyUp(key).perform();
      await takeConsole();
    },
    press: async (key) => {
      const code = webDriverKey(key);
      await actions().keyDown(code).keyUp(code).perform();
      await takeConsole();
    },
    screenshot: async (file) => {
      mkdirSync(path.dirname(file), { recursive: true });
      let png = Buffer.from(await driver.takeScreenshot(), 'base64');
      if (blackPng(png)) {  // the stuck-snapshot bug (see sizeWindow): a resize brings it back
        const rect = await driver.manage().window().getRect();
        await driver.manage().window().setRect({ ...rect, width: rect.width + 1 });
        await sleep(500);
        await driver.manage().window().setRect(rect);
        await sleep(500);
        png = Buffer.from(await driver.takeScreenshot(), 'base64');
      }
      writeFileSync(file, png);
    },
    setOffline: async () => { throw new Error('webkit: setOffline is not available (capabilities().setOffline)'); },
    tap: async () => { throw new Error('webkit: tap() is not available (capabilities().touch)'); },
    hasAccessible: async (wantedRole, wantedName) => {
      // Why a page-side first pass: asking WebDriver for every element's computed name costs a
      // round trip each. Only elements whose label or text reads as the name are asked (a name
      // from elsewhere, such as aria-labelledby, is then missed: a false "no", never a false "yes").
      const elements = await driver.executeScript((name) => [...document.querySelectorAll('button, input, select, a[href], [role], [tabindex]')]
        .filter((e) => [e.getAttribute('aria-label'), e.textContent, e.getAttribute('title')].some((t) => t && t.trim() === name)), wantedName);
      for (const element of elements) {
        try {
          if (await element.getAccessibleName() === wantedName && await element.getAriaRole() === wantedRole) return true;
        } catch { /* an element with no accessibility object (hidden): not in the tree */ }
      }
      return false;
    },
    chooseFile: async (selector, file) => {
      // WebDriver's way: the path typed into the file input.
      await driver.findElement(By.css(selector)).sendKeys(file);
      await takeConsole();
    },
    close: async () => {
      try {
        await takeConsole();
        await driver.quit();
      } catch { /* the browser may be gone already */ } finally {
        stop();
      }
    },
  });
}

// Sizes the MiniBrowser window so the viewport (innerWidth x innerHeight) is exactly `viewport`.
// Why one resize where possible (the window chrome's size is remembered): two quick resizes in a
// row sometimes leave WebKitGTK's snapshots (takeScreenshot) black for the whole session.
async function sizeWindow(driver, viewport) {
  const inner = () => driver.executeScript('return [innerWidth, innerHeight]');
  const fits = (size) => size[0] === viewport.width && size[1] === viewport.height;
  let chrome = state.webkitChrome ?? { width: 0, height: 38 };  // MiniBrowser's header bar
  for (let attempt = 0; attempt < 4; attempt++) {
    await driver.manage().window().setRect({ x: 0, y: 0, width: viewport.width + chrome.width,
      height: viewport.height + chrome.height });
    let size = await inner();
    for (let i = 0; i < 20 && !fits(size); i++) {  // GTK resizes asynchronously
      await sleep(100);
      size = await inner();
    }
    if (fits(size)) {
      state.webkitChrome = chrome;
      return;
    }
    const rect = await driver.manage().window().getRect();
    chrome = { width: rect.width - size[0], height: rect.height - size[1] };
    await sleep(500);
  }
  throw new Error(`webkit: could not size the viewport to ${viewport.width}x${viewport.height}`);
}

// True when a PNG (8-bit RGB or RGBA, as WebKit writes them) is all black.
function blackPng(png) {
  const channels = { 2: 3, 6: 4 }[png[25]];
  if (png[24] !== 8 || !channels) return false;
  const chunks = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    if (png.toString('latin1', at + 4, at + 8) === 'IDAT') chunks.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const pixels = inflateSync(Buffer.concat(chunks));
  const stride = 1 + png.readUInt32BE(16) * channels;
  for (let i = 0; i < pixels.length; i++) {
    if (i % stride !== 0 && pixels[i] !== 0 && (channels === 3 || i % stride % 4 !== 0)) return false;
  }
  return true;
}

// [SECTION] launch

const DEFAULTS = { wavFile: null, microphone: 'fake', viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1,
  serviceWorkers: 'allow', initScripts: [], touch: false };

export async function launch(engine, options = {}) {
  checkEngine(engine);
  const unknown = Object.keys(options).filter((key) => !(key in DEFAULTS));
  if (unknown.length) throw new Error(`launch: unknown option(s) ${unknown.join(', ')}`);
  const merged = { ...DEFAULTS, ...options };
  if (!['fake', 'denied'].includes(merged.microphone)) throw new Error("launch: microphone is 'fake' or 'denied'");
  if (!['allow', 'block'].includes(merged.serviceWorkers)) throw new Error("launch: serviceWorkers is 'allow' or 'block'");
  if (merged.touch && !CAPABILITIES[engine].touch) throw new Error(`launch: ${engine} has no touch input (capabilities().touch)`);
  if (merged.wavFile && engine !== 'chromium') {
    throw new Error(`launch: ${engine} cannot play a WAV as microphone (capabilities('${engine}').fakeMicTone says what it plays)`);
  }
  if (!Array.isArray(merged.initScripts) || merged.initScripts.some((s) => typeof s !== 'string')) {
    throw new Error('launch: initScripts is an array of source strings');
  }
  if (engine === 'chromium') return launchChromium(merged);
  if (engine === 'firefox') return launchFirefox(merged);
  return launchWebKit(merged);
}
