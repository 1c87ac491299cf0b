// app.test.mjs: the live app in the engine under test (SPECTRO_ENGINE: Chromium, Firefox ESR or
// WebKitGTK). Each engine's own fake microphone covers the real capture path; known signals come
// from sox WAVs (Chromium's fake device) or generated streams (see harness.mjs). Every test that
// trusts a level first checks the signal arrived (RMS > 0): a fake device can play silence.
import assert from 'node:assert/strict';
import {
  ENGINE, caps, engineTest, serversForTests, withApp, openApp, openAndStart, startByClick, waitForStats,
  messageText, peakWithin, medianOf, microphonePlaying, withInitScripts, soxWav, clickButton, sleep,
} from './harness.mjs';

const servers = serversForTests();
const HALF_SCALE_DB = 20 * Math.log10(0.5);  // a sine of amplitude 0.5 reads -6.02 dBFS

// The engine's own microphone and what it plays: Chromium plays a WAV we make.
function ownMicrophone(name) {
  if (caps.fakeMicFromWav) {
    return { options: { wavFile: soxWav(name, ['sine', '1000', 'vol', '0.5']) }, tone: { hz: 1000, dbfs: HALF_SCALE_DB } };
  }
  return { options: {}, tone: caps.fakeMicTone };
}

// The peak near the tone reads its frequency and level.
async function checkPeak(session, tone) {
  const peak = await peakWithin(session, tone.hz / 2, tone.hz * 2);
  assert.ok(Math.abs(peak.hz - tone.hz) <= peak.binHz / 2, `peak ${peak.hz} Hz is not within half a bin (${peak.binHz / 2}) of ${tone.hz}`);
  assert.ok(Math.abs(peak.db - tone.dbfs) <= 1, `peak level ${peak.db} dBFS, expected ${tone.dbfs}`);
}

// In the page: the strongest bin near each target (+- 5 %) of the newest frame, and the RMS of
// the samples that frame analysed: {hz0, db0, hz1, db1, ..., binHz, inputRms}.
function binPeaksNear(targets) {
  const frame = spectrogram.latestFrame();
  const result = { binHz: frame.hz[1] - frame.hz[0], inputRms: spectrogram.stats().inputRms };
  targets.forEach((target, i) => {
    let best = -1;
    for (let k = 0; k < frame.hz.length; k++) {
      if (Math.abs(frame.hz[k] - target) > 0.05 * target) continue;
      if (best < 0 || frame.db[k] > frame.db[best]) best = k;
    }
    result[`hz${i}`] = frame.hz[best];
    result[`db${i}`] = frame.db[best];
  });
  return result;
}

async function framesPerSecondExpected(session) {
  return session.evaluate(() => spectrogram.stats().sampleRate / spectrogram.stats().hopFrames);
}

engineTest('the microphone reads true in frequency and level, with frames coming and nothing dropped (Start clicked)', async () => {
  const { options, tone } = ownMicrophone('own-tone');
  await withApp(options, async (session) => {
    const stats = await openAndStart(session, servers.isolated.url, 40);
    assert.ok(stats.sampleRate >= 8000 && stats.sampleRate <= 192000, `rate ${stats.sampleRate}`);
    assert.equal(stats.transport, caps.sharedArrayBuffer ? 'sab' : 'message', 'isolated page: shared memory where the engine has it');
    assert.equal(stats.build, 'simd');
    await checkPeak(session, tone);
    const before = await session.evaluate(() => spectrogram.stats());
    await sleep(3000);
    const after = await session.evaluate(() => spectrogram.stats());
    const expected = 3 * (await framesPerSecondExpected(session));
    assert.ok(after.framesAnalyzed - before.framesAnalyzed > 0.7 * expected,
      `${after.framesAnalyzed - before.framesAnalyzed} frames in 3 s, expected about ${expected}`);
    assert.equal(after.droppedSamples, 0);
    assert.equal(after.stalled, false);
    assert.ok(after.fps > 0, 'frames are drawn');
    assert.equal(after.frameErrors + after.pageErrors, 0);
  });
});

engineTest('two known tones read at their levels', async () => {
  const tones = [{ hz: 440, amplitude: 0.3 }, { hz: 3150, amplitude: 0.2 }];
  await withApp(microphonePlaying('twotone', tones), async (session) => {
    await openAndStart(session, servers.isolated.url, 30);
    await session.evaluate(() => spectrogram.set({ window: 'flat-top' }));  // bins then read the true level
    const frames = (await session.evaluate(() => spectrogram.stats())).framesAnalyzed;
    await waitForStats(session, (s) => s.framesAnalyzed > frames + 20);
    // Both tones from the same frame, with the RMS of the samples that frame analysed.
    const reading = await medianOf(() => session.evaluate(binPeaksNear, tones.map((tone) => tone.hz)));
    tones.forEach((tone, i) => assert.ok(Math.abs(reading[`hz${i}`] - tone.hz) <= reading.binHz / 2 + 1e-9,
      `${tone.hz} Hz tone at ${reading[`hz${i}`]}`));
    // The tones' powers add up to what arrived (in every engine, also where it alters generated
    // streams); and each reads its generated level where the engine delivers them unaltered.
    const power = (10 ** (reading.db0 / 10) + 10 ** (reading.db1 / 10)) / 2;
    assert.ok(Math.abs(10 * Math.log10(power) - 20 * Math.log10(reading.inputRms)) <= 0.5,
      `tones ${reading.db0} and ${reading.db1} dBFS for an input RMS of ${reading.inputRms}`);
    if (!caps.generatedStreamsAltered) {
      tones.forEach((tone, i) => assert.ok(Math.abs(reading[`db${i}`] - 20 * Math.log10(tone.amplitude)) <= 1,
        `${tone.hz} Hz tone reads ${reading[`db${i}`]} dBFS (readings ${JSON.stringify(reading.readings)})`));
    }
  });
});

engineTest('silence after a burst stays at the floor', async () => {
  // Why 3 s of tone: a generated stream starts when the microphone is granted, and on a loaded
  // machine WebKit's capture has taken over a second to begin (a 1 s burst was then never heard).
  await withApp(microphonePlaying('burst', [{ hz: 1000, amplitude: 0.5, seconds: 3 }]), async (session) => {
    await openApp(session, servers.isolated.url);
    await startByClick(session, 2);
    await waitForStats(session, (s) => s.inputRms === 0, 15000);  // the burst is over
    await sleep(2000);  // and the analysis window has left it
    const result = await session.evaluate(() => {
      const frame = spectrogram.latestFrame();
      return { max: Math.max(...frame.db), floor: spectrogram.settings().floor, rms: spectrogram.stats().inputRms };
    });
    assert.equal(result.rms, 0);
    assert.ok(result.max <= result.floor, `silence reads ${result.max} dB, above the ${result.floor} dB floor`);
  });
});

engineTest('without isolation headers the transport is message and the tone still reads true', async () => {
  const { options, tone } = ownMicrophone('own-tone-plain');
  // The service worker would add the headers (tested in pwa.test.mjs): here the page is seen
  // exactly as a header-less server sends it.
  await withApp({ ...options, serviceWorkers: 'block' }, async (session) => {
    await openApp(session, servers.plain.url);
    assert.equal(await session.evaluate(() => globalThis.crossOriginIsolated), false);
    const stats = await startByClick(session, 40);
    assert.equal(stats.transport, 'message');
    await checkPeak(session, tone);
    assert.equal((await session.evaluate(() => spectrogram.stats())).droppedSamples, 0);
  });
});

engineTest('a worklet that refuses shared memory: capture starts again on the message transport', {
  skip: (c) => (c.sharedArrayBuffer ? '' : 'no SharedArrayBuffer in this engine: it always uses the message transport'),
}, async () => {
  const { options, tone } = ownMicrophone('own-tone-refused');
  // The processor's constructor throws when handed the shared ring (as WebKit's does for a
  // shared WebAssembly.Memory): the node reports a processor error.
  const script = `
    const Original = globalThis.AudioWorkletNode;
    globalThis.AudioWorkletNode = class extends Original {
      constructor(context, name, options) {
        if (options && options.processorOptions && options.processorOptions.headerBuffer) {
          options = { ...options, processorOptions: { ...options.processorOptions, capacity: -1 } };
        }
        super(context, name, options);
      }
    };`;
  await withApp(withInitScripts(options, script), async (session) => {
    const stats = await openAndStart(session, servers.isolated.url, 30);
    assert.equal(stats.transport, 'message');
    assert.equal(await session.evaluate(() => globalThis.crossOriginIsolated), true);
    await checkPeak(session, tone);
  });
});

engineTest('settings: invalid values throw naming the setting and change nothing; valid ones apply', async () => {
  const { options, tone } = ownMicrophone('own-tone-settings');
  await withApp(options, async (session) => {
    await openApp(session, servers.isolated.url);
    const before = await session.evaluate(() => spectrogram.settings());
    assert.equal(before.fft, 4096);
    assert.equal(before.scale, 'log');
    for (const bad of [{ fft: 1000 }, { window: '<img src=x onerror=alert(1)>' }, { floor: 'NaN' },
      { fmin: 5000, fmax: 100 }, { fft: 8192, colormap: 'jet' }, { nonsense: 1 }]) {
      const error = await session.evaluate((partial) => {
        try { spectrogram.set(partial); return null; } catch (e) { return e.message; }
      }, bad);
      const key = Object.keys(bad).find((k) => error && error.includes(`'${k}'`));
      assert.ok(key, `set(${JSON.stringify(bad)}) threw ${error}`);
      assert.deepEqual(await session.evaluate(() => spectrogram.settings()), before);
    }
    await startByClick(session, 20);
    const after = await session.evaluate(() => spectrogram.set({ fft: 16384, overlap: 50, colormap: 'magma' }));
    assert.equal(after.fft, 16384);
    const frames = (await session.evaluate(() => spectrogram.stats())).framesAnalyzed;
    await waitForStats(session, (s) => s.framesAnalyzed > frames + 10);
    await checkPeak(session, tone);
  });
});

engineTest('too small a hop is limited, with a notice naming the settings', async () => {
  const { options, tone } = ownMicrophone('own-tone-limits');
  await withApp(options, async (session) => {
    await openAndStart(session, servers.isolated.url, 10);
    await session.evaluate(() => spectrogram.set({ fft: 256, padding: 16, overlap: 95 }));
    await sleep(1000);
    const stats = await session.evaluate(() => spectrogram.stats());
    assert.equal(stats.hopLimited, true);
    assert.equal(stats.hopFrames, Math.ceil(stats.sampleRate / 1000), 'a hop of 1 ms, not 1 sample');
    assert.ok(stats.windowLength >= stats.hopFrames);
    const notice = await messageText(session);
    assert.match(notice, /Zero padding 16x/);
    assert.match(notice, /Overlap 95 %/);
    await sleep(2000);
    const later = await session.evaluate(() => spectrogram.stats());
    assert.equal(later.droppedSamples, 0);
    const expected = 2 * stats.sampleRate / stats.hopFrames;
    assert.ok(later.framesAnalyzed - stats.framesAnalyzed <= 1.2 * expected + 50, 'no more than 1000 frames a second');
    await session.evaluate(() => spectrogram.set({ fft: 4096, padding: 1, overlap: 75 }));
    await checkPeak(session, tone);
  });
});

// The PNG, WAV and CSV exports: timeline.test.mjs.

// [SECTION] errors a person can act on: each shows a message, and start() rejects with it

async function startError(session) {
  return session.evaluate(async () => {
    try { await spectrogram.start(); return null; } catch (e) { return e.message; }
  });
}

async function clickStartAndWaitForMessage(session, pattern, timeoutMs = 15000) {
  await session.waitForFunction(() => spectrogram.stats().ready, null, 30000);
  await clickButton(session, 'start');
  await session.waitForFunction((source) => new RegExp(source).test(document.getElementById('message-text').textContent),
    pattern.source, timeoutMs);
}

engineTest('microphone permission denied: a clear message, and start() rejects with it', async () => {
  // WebKit's automation grants every capture request: there the denial is an init script.
  await withApp({ microphone: 'denied', ...(caps.micDenied === 'init script' ? { serviceWorkers: 'block' } : {}) }, async (session) => {
    await openApp(session, servers.isolated.url);
    const error = await startError(session);
    assert.match(error, /permission was denied/);
    assert.equal(await messageText(session), error);
  });
});

engineTest('no microphone: a clear message', async () => {
  const script = `MediaDevices.prototype.getUserMedia = () => Promise.reject(new DOMException('Requested device not found', 'NotFoundError'));`;
  await withApp(withInitScripts({}, script), async (session) => {
    await openApp(session, servers.isolated.url);
    const error = await startError(session);
    assert.match(error, /No microphone was found/);
    assert.equal(await messageText(session), error);
  });
});

// Keeps the page's microphone track and source node where a test can reach them.
const CAPTURE_HANDLES = `
  const getUserMedia = MediaDevices.prototype.getUserMedia;
  MediaDevices.prototype.getUserMedia = async function (constraints) {
    const stream = await getUserMedia.call(this, constraints);
    globalThis.testTrack = stream.getAudioTracks()[0];
    return stream;
  };
  const createSource = AudioContext.prototype.createMediaStreamSource;
  AudioContext.prototype.createMediaStreamSource = function (stream) {
    const source = createSource.call(this, stream);
    const connect = source.connect.bind(source);
    source.connect = (node, ...rest) => { globalThis.testSource = { source, node }; return connect(node, ...rest); };
    return source;
  };`;

engineTest('the microphone unplugged mid-session: a message, the picture kept, Start works again', async () => {
  const { options } = ownMicrophone('own-tone-unplug');
  await withApp(withInitScripts(options, CAPTURE_HANDLES), async (session) => {
    const before = await openAndStart(session, servers.isolated.url, 30);
    // What the browser does when a device goes away: the track ends.
    await session.evaluate(() => globalThis.testTrack.dispatchEvent(new Event('ended')));
    await sleep(300);
    assert.match(await messageText(session), /microphone was disconnected/);
    assert.equal((await session.evaluate(() => spectrogram.stats())).capturing, false);
    assert.ok((await session.evaluate(() => spectrogram.latestFrame() !== null)), 'history kept');
    await clickButton(session, 'start');
    await waitForStats(session, (s) => s.capturing && s.framesAnalyzed > before.framesAnalyzed + 30);
    assert.equal(await messageText(session), '');
  });
});

engineTest('an input that stops sending samples is shown as stalled, counted, and clears when samples return', async () => {
  const { options, tone } = ownMicrophone('own-tone-stall');
  await withApp(withInitScripts(options, CAPTURE_HANDLES), async (session) => {
    await openAndStart(session, servers.isolated.url, 20);
    // Why counted from here: a loaded machine can make a generated stream (WebKit's) pause once
    // before, which is a stall too.
    const before = await session.evaluate(() => spectrogram.stats().stalls);
    await session.evaluate(() => testSource.source.disconnect());  // the worklet's input now has no channels
    const stalled = await waitForStats(session, (s) => s.stalled, 10000);
    assert.equal(stalled.stalls, before + 1);
    assert.match(await messageText(session), /No sound has arrived from the microphone/);
    assert.equal(stalled.capturing, true, 'capture stays on');
    await session.evaluate(() => testSource.source.connect(testSource.node));
    const recovered = await waitForStats(session, (s) => !s.stalled, 10000);
    assert.equal(recovered.stalls, before + 1);
    assert.equal(await messageText(session), '');
    await checkPeak(session, tone);
  });
});

engineTest('a context that never runs (no output device, autoplay policy): start() rejects and says what to do', async () => {
  const script = `
    const Original = globalThis.AudioContext;
    globalThis.AudioContext = class extends Original {
      constructor(...args) { super(...args); super.suspend(); }
      resume() { return Promise.resolve(); }
    };`;
  await withApp(withInitScripts({}, script), async (session) => {
    await openApp(session, servers.isolated.url);
    const error = await startError(session);
    assert.match(error, /Sound did not start/);
    assert.match(error, /Tap or click the page/);
    assert.match(error, /output device/);
    assert.match(error, /another browser/);
    assert.equal(await messageText(session), error);
    assert.equal((await session.evaluate(() => spectrogram.stats())).capturing, false);
  });
});

engineTest('an input that gives no samples at all: start() rejects and says what to do', async () => {
  // The source node is never really connected: the worklet sees an input without channels.
  const script = `AudioContext.prototype.createMediaStreamSource = function () { return { connect() {}, disconnect() {} }; };`;
  await withApp(withInitScripts({}, script), async (session) => {
    await openApp(session, servers.isolated.url);
    const error = await startError(session);
    assert.match(error, /microphone gave no sound/);
    assert.equal(await messageText(session), error);
  });
});

engineTest('no AudioWorklet: a clear message', async () => {
  await withApp(withInitScripts({}, 'delete globalThis.AudioWorkletNode;'), async (session) => {
    await openApp(session, servers.isolated.url);
    assert.match(await startError(session), /no AudioWorklet/);
  });
});

engineTest('no WebGL2: a clear message, and the API reports it', async () => {
  const script = `
    const getContext = HTMLCanvasElement.prototype.getContext;
    HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
      return type === 'webgl2' ? null : getContext.call(this, type, ...rest);
    };`;
  await withApp(withInitScripts({}, script), async (session) => {
    await openApp(session, servers.isolated.url);
    await session.waitForFunction(() => /WebGL2/.test(document.getElementById('message-text').textContent), null, 10000);
    assert.match(await startError(session), /WebGL2/);
  });
});

engineTest('the wasm file failing to load: a clear message', async () => {
  const script = `
    const originalFetch = globalThis.fetch;
    globalThis.fetch = (input, ...rest) => (String(input.url || input).endsWith('.wasm')
      ? Promise.resolve(new Response('gone', { status: 404 })) : originalFetch(input, ...rest));`;
  await withApp(withInitScripts({ serviceWorkers: 'block' }, script), async (session) => {
    await session.goto(servers.isolated.url);
    await session.waitForFunction(() => /failed to load/.test(document.getElementById('message-text').textContent), null, 20000);
  });
});

// [SECTION] the frame loop never dies

engineTest('an exception inside a frame is shown once, counted, and drawing goes on', async () => {
  const { options } = ownMicrophone('own-tone-throw');
  const script = `
    const upload = WebGL2RenderingContext.prototype.texSubImage2D;
    WebGL2RenderingContext.prototype.texSubImage2D = function (...args) {
      if (globalThis.failUploads > 0) { globalThis.failUploads -= 1; throw new Error('test: upload refused'); }
      return upload.apply(this, args);
    };`;
  await withApp(withInitScripts(options, script), async (session) => {
    await openAndStart(session, servers.isolated.url, 20);
    await session.evaluate(() => { globalThis.failUploads = 3; });
    await session.waitForFunction(() => globalThis.failUploads === 0, null, 10000);
    const message = await messageText(session);
    assert.match(message, /Something went wrong while drawing: .*test: upload refused.*Reload to continue/);
    const before = await session.evaluate(() => spectrogram.stats());
    assert.equal(before.frameErrors, 3);
    await sleep(2000);
    const after = await session.evaluate(() => spectrogram.stats());
    assert.ok(after.framesAnalyzed > before.framesAnalyzed + 20, 'analysis goes on');
    assert.ok(after.fps > 0, 'frames are still drawn');
    assert.equal(after.frameErrors, 3, 'no further errors: the interrupted frame was recovered');
    // The picture is still being drawn: an export renders a full frame.
    const size = await session.evaluate(async () => (await spectrogram.exportPNG()).size);
    assert.ok(size > 5000);
    assert.equal(await messageText(session), message, 'shown once, not replaced');
  });
});

engineTest('dragging a setting every frame for 10 s: the loop runs on, the URL ends at the final value, no error', async () => {
  const { options } = ownMicrophone('own-tone-stress');
  // Counts what the page asks of the URL (WebKit throws past 100 replaceState calls in 10 s).
  const script = `
    const replaceState = history.replaceState.bind(history);
    globalThis.urlWrites = 0;
    history.replaceState = (...args) => { globalThis.urlWrites += 1; return replaceState(...args); };`;
  await withApp(withInitScripts(options, script), async (session) => {
    await openAndStart(session, servers.isolated.url, 10);
    const result = await session.evaluate(() => new Promise((resolve) => {
      // The Floor dB control's path, once per animation frame, as a drag does.
      const start = performance.now();
      let frames = 0;
      let floor = -120;
      const step = () => {
        frames += 1;
        floor = floor <= -150 ? -90 : floor - 0.5;
        const error = Module.uiEdit([['floor', String(floor)]]);
        if (error) return resolve({ error });
        if (performance.now() - start < 10000) requestAnimationFrame(step);
        else resolve({ frames, floor, writes: globalThis.urlWrites });
      };
      requestAnimationFrame(step);
    }));
    assert.equal(result.error, undefined);
    assert.ok(result.frames > 30, `${result.frames} frames in 10 s`);
    // A few writes a second at most (plus one at the end), however many frames changed it.
    assert.ok(result.writes <= 35, `${result.writes} URL writes in 10 s`);
    await sleep(1500);
    const hash = await session.evaluate(() => location.hash);
    assert.match(hash, new RegExp(`floor=${result.floor}(&|$)`), `URL ${hash} holds the final floor ${result.floor}`);
    assert.equal((await session.evaluate(() => spectrogram.settings())).floor, result.floor);
    const stats = await session.evaluate(() => spectrogram.stats());
    assert.equal(stats.frameErrors + stats.pageErrors, 0);
    const frames = stats.framesAnalyzed;
    await waitForStats(session, (s) => s.framesAnalyzed > frames + 10 && s.fps > 0);
    assert.equal(await messageText(session), '');
  });
});

// [SECTION] hidden tabs, builds

engineTest('a hidden tab woken rarely loses nothing (shortened: wake-ups 3 s apart, a 4 s ring)', async () => {
  const { options } = ownMicrophone('own-tone-hidden');
  await withApp(options, async (session) => {
    await openApp(session, servers.isolated.url);
    // Scaled down from a minute between wake-ups and a 75 s ring; heavy settings so that each
    // wake-up's backlog takes several slices.
    await session.evaluate(() => {
      Module.setRingSecondsForTests(4);
      spectrogram.set({ fft: 32768, padding: 4, overlap: 50 });
    });
    await startByClick(session, 5);
    const before = await session.evaluate(() => {
      SpectrogramPage.loop.pauseFrames();  // what a hidden tab does: no animation frames
      SpectrogramPage.loop.setWakeInterval(3000);
      return spectrogram.stats();
    });
    await sleep(12000);
    const after = await session.evaluate(() => spectrogram.stats());
    const expected = 12 * after.sampleRate / after.hopFrames;
    assert.equal(after.droppedSamples, 0);
    assert.ok(after.framesAnalyzed - before.framesAnalyzed > 0.7 * expected,
      `analysed ${after.framesAnalyzed - before.framesAnalyzed} frames in 12 s without animation frames (expected about ${expected})`);
    await session.evaluate(() => { SpectrogramPage.loop.setWakeInterval(1000); SpectrogramPage.loop.resumeFrames(); });
    await waitForStats(session, (s) => s.fps > 0 && s.backlogSamples < s.sampleRate);
  });
});

engineTest('without wasm SIMD the scalar build runs and reads a tone true', async () => {
  const { options, tone } = ownMicrophone('own-tone-scalar');
  await withApp(withInitScripts(options, 'WebAssembly.validate = () => false;'), async (session) => {
    const stats = await openAndStart(session, servers.isolated.url, 30);
    assert.equal(stats.build, 'scalar');
    await checkPeak(session, tone);
  });
});

engineTest('the engine is what the test says it is', async () => {
  await withApp({}, async (session) => {
    const agent = await session.evaluate(() => navigator.userAgent);
    const pattern = { chromium: /Chrome\//, firefox: /Firefox\//, webkit: /AppleWebKit\/(?!.*Chrome)/ }[ENGINE];
    assert.match(agent, pattern);
  });
});
