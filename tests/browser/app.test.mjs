// app.test.mjs: the live app in Debian's Chromium with a fake microphone fed by WAV files made
// with sox. Every test that trusts a level first checks the signal arrived (RMS > 0): the fake
// device plays silence for files it cannot read.
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  soxWav, soxConcat, soxMix, serversForTests, withApp, openApp, openAndStart, waitForStats, messageText,
} from './harness.mjs';

const FULL_SCALE_HALF_DB = 20 * Math.log10(0.5);  // a sine at vol 0.5 holds -6.02 dBFS

// The toolbar's buttons at 1280x720, device pixel ratio 1 (ImGui's layout is deterministic).
const START_BUTTON = { x: 24, y: 17 };
const PNG_BUTTON = { x: 167, y: 17 };

const servers = serversForTests();

// Strongest bin of the newest frame near `hz` (+- 5%): { hz, db, binHz }.
async function binPeakNear(page, hz) {
  return page.evaluate((target) => {
    const frame = spectrogram.latestFrame();
    let best = -1;
    for (let k = 0; k < frame.hz.length; k++) {
      if (Math.abs(frame.hz[k] - target) > 0.05 * target) continue;
      if (best < 0 || frame.db[k] > frame.db[best]) best = k;
    }
    return { hz: frame.hz[best], db: frame.db[best], binHz: frame.hz[1] - frame.hz[0] };
  }, hz);
}

async function checkTone(page, hz, expectedDb) {
  const peak = await page.evaluate(() => spectrogram.peak());
  const binHz = (await binPeakNear(page, hz)).binHz;
  assert.ok(Math.abs(peak.hz - hz) <= binHz / 2, `peak ${peak.hz} Hz is not within half a bin (${binHz / 2}) of ${hz}`);
  assert.ok(Math.abs(peak.db - expectedDb) <= 1, `peak level ${peak.db} dBFS, expected ${expectedDb}`);
}

test('a pure tone reads its frequency and level through the real page (Start clicked)', async () => {
  const wav = soxWav('tone1k', ['sine', '1000', 'vol', '0.5']);
  await withApp({ wavFile: wav }, async ({ page }) => {
    await openApp(page, servers.isolated.url);
    await page.waitForTimeout(500);
    await page.mouse.click(START_BUTTON.x, START_BUTTON.y);  // the real click path
    const stats = await waitForStats(page, (s) => s.framesAnalyzed > 60 && s.inputRms > 0);
    assert.ok(stats.inputRms > 0.2, `signal arrived (RMS ${stats.inputRms})`);
    assert.equal(stats.transport, 'sab');
    assert.ok(stats.sampleRate >= 8000 && stats.sampleRate <= 192000);
    assert.match(stats.track, /echo cancellation off/);
    await checkTone(page, 1000, FULL_SCALE_HALF_DB);
    const bin = await binPeakNear(page, 1000);
    assert.ok(Math.abs(bin.hz - 1000) <= bin.binHz / 2);
  });
});

test('a two-tone file shows both tones at their levels', async () => {
  const low = soxWav('tone440', ['sine', '440', 'vol', '0.3']);
  const high = soxWav('tone3150', ['sine', '3150', 'vol', '0.2']);
  const wav = soxMix('twotone', [low, high]);
  await withApp({ wavFile: wav }, async ({ page }) => {
    await openAndStart(page, servers.isolated.url, 60);
    await page.evaluate(() => spectrogram.set({ window: 'flat-top' }));  // bins then read true level
    await waitForStats(page, (s) => s.framesAnalyzed > 30);
    await page.waitForTimeout(300);
    for (const [hz, amplitude] of [[440, 0.3], [3150, 0.2]]) {
      const bin = await binPeakNear(page, hz);
      assert.ok(Math.abs(bin.hz - hz) <= bin.binHz / 2 + 1e-9, `${hz} Hz tone at ${bin.hz}`);
      assert.ok(Math.abs(bin.db - 20 * Math.log10(amplitude)) <= 1, `${hz} Hz tone reads ${bin.db} dBFS`);
    }
    await checkTone(page, 440, 20 * Math.log10(0.3));  // the stronger one
  });
});

test('silence after a burst stays at the floor', async () => {
  const burst = soxWav('burst', ['sine', '1000', 'vol', '0.5'], { seconds: 1 });
  const quiet = soxWav('quiet', ['sine', '1000', 'vol', '0'], { seconds: 25 });
  const wav = soxConcat('burst-then-silence', [burst, quiet]);
  await withApp({ wavFile: wav }, async ({ page }) => {
    await openApp(page, servers.isolated.url);
    await page.evaluate(() => spectrogram.start());
    const seen = await waitForStats(page, (s) => s.inputRms > 0.1, 10000);
    assert.ok(seen.inputRms > 0.1, 'the burst arrived');
    await page.waitForTimeout(2500);
    const result = await page.evaluate(() => {
      const frame = spectrogram.latestFrame();
      return { max: Math.max(...frame.db), floor: spectrogram.settings().floor, rms: spectrogram.stats().inputRms };
    });
    assert.equal(result.rms, 0);
    assert.ok(result.max <= result.floor, `silence reads ${result.max} dB, above the ${result.floor} dB floor`);
    assert.ok(Number.isFinite(result.max));
  });
});

test('without isolation headers the transport is message and the tone still reads true', async () => {
  const wav = soxWav('tone2k', ['sine', '2000', 'vol', '0.5']);
  // The service worker would add the headers (tested in pwa.test.mjs): here the page is seen
  // exactly as a header-less server sends it.
  await withApp({ wavFile: wav, serviceWorkers: 'block' }, async ({ page }) => {
    await openApp(page, servers.plain.url);
    assert.equal(await page.evaluate(() => globalThis.crossOriginIsolated), false);
    await page.evaluate(() => spectrogram.start());
    const stats = await waitForStats(page, (s) => s.framesAnalyzed > 60 && s.inputRms > 0);
    assert.equal(stats.transport, 'message');
    await checkTone(page, 2000, FULL_SCALE_HALF_DB);
  });
});

test('settings: invalid values throw naming the setting and change nothing; valid ones apply', async () => {
  const wav = soxWav('tone1k-b', ['sine', '1000', 'vol', '0.5']);
  await withApp({ wavFile: wav }, async ({ page }) => {
    await openApp(page, servers.isolated.url);
    const before = await page.evaluate(() => spectrogram.settings());
    assert.equal(before.fft, 4096);
    assert.equal(before.scale, 'log');
    assert.equal(before.colormap, 'viridis');
    for (const bad of [{ fft: 1000 }, { window: '<img src=x onerror=alert(1)>' }, { floor: 'NaN' },
      { fmin: 5000, fmax: 100 }, { fft: 8192, colormap: 'jet' }, { nonsense: 1 }]) {
      const error = await page.evaluate((partial) => {
        try { spectrogram.set(partial); return null; } catch (e) { return e.message; }
      }, bad);
      const key = Object.keys(bad).find((k) => error && error.includes(`'${k}'`));
      assert.ok(key, `set(${JSON.stringify(bad)}) threw ${error}`);
      assert.deepEqual(await page.evaluate(() => spectrogram.settings()), before);
    }
    await page.evaluate(() => spectrogram.start());
    await waitForStats(page, (s) => s.framesAnalyzed > 20 && s.inputRms > 0);
    const after = await page.evaluate(() => spectrogram.set({ fft: 16384, overlap: 50, colormap: 'magma' }));
    assert.equal(after.fft, 16384);
    const frames = (await page.evaluate(() => spectrogram.stats())).framesAnalyzed;
    await waitForStats(page, (s) => s.framesAnalyzed > frames + 10);
    const bin = await binPeakNear(page, 1000);
    assert.ok(Math.abs(bin.binHz - (await page.evaluate(() => spectrogram.stats().sampleRate)) / 16384) < 1e-6);
    await checkTone(page, 1000, FULL_SCALE_HALF_DB);
  });
});

function pngSize(bytes) {
  const signature = [137, 80, 78, 71, 13, 10, 26, 10];
  signature.forEach((b, i) => assert.equal(bytes[i], b, 'PNG signature'));
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  assert.equal(String.fromCharCode(...bytes.subarray(12, 16)), 'IHDR');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

test('PNG download and exportPNG() give a valid PNG of the drawing-buffer size', async () => {
  const wav = soxWav('tone1k-c', ['sine', '1000', 'vol', '0.5']);
  await withApp({ wavFile: wav }, async ({ page }) => {
    await openAndStart(page, servers.isolated.url, 30);
    const canvas = await page.evaluate(() => [document.getElementById('canvas').width, document.getElementById('canvas').height]);
    assert.deepEqual(canvas, [1280, 720]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.mouse.click(PNG_BUTTON.x, PNG_BUTTON.y)]);
    assert.match(download.suggestedFilename(), /^spectrogram-\d{8}-\d{6}\.png$/);
    const file = await download.path();
    const { readFileSync } = await import('node:fs');
    const bytes = new Uint8Array(readFileSync(file));
    assert.deepEqual(pngSize(bytes), { width: 1280, height: 720 });
    const viaApi = await page.evaluate(async () => {
      const blob = await spectrogram.exportPNG();
      return { type: blob.type, bytes: Array.from(new Uint8Array(await blob.arrayBuffer()).subarray(0, 32)), size: blob.size };
    });
    assert.equal(viaApi.type, 'image/png');
    assert.deepEqual(pngSize(new Uint8Array(viaApi.bytes)), { width: 1280, height: 720 });
    assert.ok(viaApi.size > 5000, 'the PNG holds a picture');
  });
});

// [SECTION] errors a person can act on

async function startError(page) {
  return page.evaluate(async () => {
    try { await spectrogram.start(); return null; } catch (e) { return e.message; }
  });
}

test('microphone permission denied: a clear message, and start() rejects with it', async () => {
  await withApp({ microphone: 'denied' }, async ({ page }) => {
    await openApp(page, servers.isolated.url);
    const error = await startError(page);
    assert.match(error, /permission was denied/);
    assert.equal(await messageText(page), error);
  });
});

test('no microphone: a clear message', async () => {
  await withApp({ microphone: 'fake' }, async ({ page }) => {
    // A machine with no capture device: the browser reports NotFoundError.
    await page.addInitScript(() => {
      navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('Requested device not found', 'NotFoundError'));
    });
    await openApp(page, servers.isolated.url);
    const error = await startError(page);
    assert.match(error, /No microphone was found/);
    assert.equal(await messageText(page), error);
  });
});

test('the microphone unplugged mid-session: a message, the picture kept, Start works again', async () => {
  const wav = soxWav('tone1k-d', ['sine', '1000', 'vol', '0.5']);
  await withApp({ wavFile: wav }, async ({ page }) => {
    await page.addInitScript(() => {
      const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
      navigator.mediaDevices.getUserMedia = async (constraints) => {
        const stream = await original(constraints);
        globalThis.testTrack = stream.getAudioTracks()[0];
        return stream;
      };
    });
    const before = await openAndStart(page, servers.isolated.url, 30);
    // What the browser does when a device goes away: the track ends.
    await page.evaluate(() => globalThis.testTrack.dispatchEvent(new Event('ended')));
    await page.waitForTimeout(300);
    assert.match(await messageText(page), /microphone was disconnected/);
    const after = await page.evaluate(() => spectrogram.stats());
    assert.equal(after.capturing, false);
    assert.ok((await page.evaluate(() => spectrogram.latestFrame())) !== null, 'history kept');
    await page.evaluate(() => spectrogram.start());
    await waitForStats(page, (s) => s.framesAnalyzed > before.framesAnalyzed + 30);
    assert.equal(await messageText(page), '');
  });
});

test('no AudioWorklet: a clear message', async () => {
  await withApp({ microphone: 'fake' }, async ({ page }) => {
    await page.addInitScript(() => { delete globalThis.AudioWorkletNode; });
    await openApp(page, servers.isolated.url);
    assert.match(await startError(page), /no AudioWorklet/);
  });
});

test('no WebGL2: a clear message, and the API reports it', async () => {
  await withApp({ microphone: 'fake' }, async ({ page }) => {
    await page.addInitScript(() => {
      const original = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
        return type === 'webgl2' ? null : original.call(this, type, ...rest);
      };
    });
    await openApp(page, servers.isolated.url);
    await page.waitForTimeout(300);
    assert.match(await messageText(page), /WebGL2/);
    assert.match(await startError(page), /WebGL2/);
  });
});

test('wasm failed to load: a clear message', async () => {
  await withApp({ microphone: 'fake' }, async ({ page }) => {
    await page.route('**/spectrogram.wasm', (route) => route.fulfill({ status: 404, body: 'gone' }));
    await page.goto(servers.isolated.url);
    await page.waitForFunction(() => /failed to load/.test(document.getElementById('message').textContent), null, { timeout: 20000 });
  });
});

test('with no animation frames (a hidden tab), the timer keeps analysing and nothing is dropped', async () => {
  const wav = soxWav('tone1k-hidden', ['sine', '1000', 'vol', '0.5']);
  await withApp({ wavFile: wav }, async ({ page }) => {
    await openAndStart(page, servers.isolated.url, 20);
    // What a hidden tab does to the app: requestAnimationFrame stops, timers go on.
    const before = await page.evaluate(() => { Module.pauseMainLoop(); return spectrogram.stats(); });
    await page.waitForTimeout(4000);
    const after = await page.evaluate(() => spectrogram.stats());
    const settings = await page.evaluate(() => spectrogram.settings());
    const framesPerSecond = after.sampleRate / ((settings.fft / settings.padding) * (1 - settings.overlap / 100));
    const expected = 4 * framesPerSecond;
    assert.ok(after.framesAnalyzed - before.framesAnalyzed > 0.6 * expected,
      `analysed ${after.framesAnalyzed - before.framesAnalyzed} frames in 4 s without frames drawn (expected about ${expected})`);
    assert.equal(after.droppedSamples, 0);
    await page.evaluate(() => Module.resumeMainLoop());
    await checkTone(page, 1000, FULL_SCALE_HALF_DB);
  });
});
