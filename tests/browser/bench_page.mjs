// bench_page.mjs: the app in headless Chromium with a fake microphone at 1280x720 for 20 s.
// Prints fps, main-thread ms per frame (all of it, and capture + analysis + upload alone),
// latency p50/p95, dropped samples and transfer sizes; last line is one JSON object.
// Not a test: nothing here passes or fails on time. Run by shell/bench.
import { readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { soxWav, startServer, launchBrowser, openApp, waitForStats, dist } from './harness.mjs';

const seconds = Number(process.env.BENCH_SECONDS || 20);
const wav = soxWav('bench-voice-like', ['sine', '200-3000', 'vol', '0.3'], { seconds: 30 });
const server = await startServer();
const { browser, page } = await launchBrowser({ wavFile: wav });
try {
  await openApp(page, server.url);
  await page.evaluate(() => spectrogram.start());
  await waitForStats(page, (s) => s.framesAnalyzed > 10 && s.inputRms > 0);
  // Sample the app's own medians once a second (each covers the last 256 frames).
  const samples = [];
  for (let i = 0; i < seconds; i++) {
    await page.waitForTimeout(1000);
    samples.push(await page.evaluate(() => spectrogram.stats()));
  }
  const last = samples[samples.length - 1];
  const median = (key) => {
    const values = samples.map((s) => s[key]).sort((a, b) => a - b);
    return values[Math.floor(values.length / 2)];
  };
  const size = (file) => statSync(path.join(dist, file)).size;
  const gz = (file) => gzipSync(readFileSync(path.join(dist, file))).length;
  const settings = await page.evaluate(() => spectrogram.settings());
  const hopMs = (settings.fft / settings.padding) * (1 - settings.overlap / 100) / last.sampleRate * 1000;
  const result = {
    seconds,
    fps: Number(median('fps').toFixed(1)),
    frame_ms: Number(median('frameMs').toFixed(3)),
    analysis_ms: Number(median('analysisMs').toFixed(3)),
    latency_p50_ms: Number(median('latencyMs').toFixed(1)),
    latency_p95_ms: Number(median('latencyP95Ms').toFixed(1)),
    hop_ms: Number(hopMs.toFixed(1)),
    dropped_samples: last.droppedSamples,
    transport: last.transport,
    wasm_bytes: size('spectrogram.wasm'),
    js_bytes: size('spectrogram.js') + size('main.js') + size('ring.js') + size('capture-worklet.js'),
    wasm_gzip_bytes: gz('spectrogram.wasm'),
    js_gzip_bytes: gz('spectrogram.js') + gz('main.js') + gz('ring.js') + gz('capture-worklet.js'),
  };
  console.log(`fps ${result.fps}; main thread per frame: ${result.frame_ms} ms in all (software GL), `
    + `${result.analysis_ms} ms capture+analysis+upload; latency p50 ${result.latency_p50_ms} ms, `
    + `p95 ${result.latency_p95_ms} ms (hop ${result.hop_ms} ms); dropped ${result.dropped_samples}; `
    + `wasm ${result.wasm_bytes} B (${result.wasm_gzip_bytes} gz), js ${result.js_bytes} B (${result.js_gzip_bytes} gz)`);
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
  server.close();
}
