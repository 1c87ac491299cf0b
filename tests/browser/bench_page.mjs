// bench_page.mjs: the app in headless Chromium with a fake microphone at 1280x720, 20 s with
// the default settings, then each analysis mode at one hop (FFT 4096, overlap 93.75 %: 256
// samples, so the modes are compared doing the same display work), interleaved: three rounds of
// BENCH_MODE_SECONDS (5) per mode.
// Prints fps, main-thread ms per frame (all of it, and capture + analysis + upload alone),
// latency p50/p95, dropped samples and transfer sizes; then the re-analysis of 10 minutes of
// kept audio after an FFT change (time, longest slice, main-thread tasks over 50 ms, frames
// meanwhile) and the memory those 10 minutes take; last line is one JSON object.
// Not a test: nothing here passes or fails on time. Run by shell/bench.
import { readFileSync, statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { launch } from './engines.mjs';
import { soxWav, startServer, openApp, startByClick, sleep, dist } from './harness.mjs';

const seconds = Number(process.env.BENCH_SECONDS || 20);
const wav = soxWav('bench-voice-like', ['sine', '200-3000', 'vol', '0.3'], { seconds: 30 });
const server = await startServer();
const session = await launch('chromium', { wavFile: wav });
try {
  await openApp(session, server.url);
  await startByClick(session, 10);
  // Samples the app's own medians once a second (each covers the last 256 frames) for `count` s.
  const sample = async (count) => {
    const taken = [];
    for (let i = 0; i < count; i++) {
      await sleep(1000);
      taken.push(await session.evaluate(() => spectrogram.stats()));
    }
    return taken;
  };
  const medianOf = (taken, key) => {
    const values = taken.map((s) => s[key]).sort((a, b) => a - b);
    return values[Math.floor(values.length / 2)];
  };
  const samples = await sample(seconds);
  const last = samples[samples.length - 1];
  const median = (key) => medianOf(samples, key);
  const size = (file) => statSync(path.join(dist, file)).size;
  const gz = (file) => gzipSync(readFileSync(path.join(dist, file))).length;
  const hopMs = last.hopFrames / last.sampleRate * 1000;
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
    wasm_bytes: size('spectrogram-simd.wasm'),
    js_bytes: size('spectrogram-simd.js') + size('main.js') + size('ring.js') + size('capture-worklet.js'),
    wasm_gzip_bytes: gz('spectrogram-simd.wasm'),
    js_gzip_bytes: gz('spectrogram-simd.js') + gz('main.js') + gz('ring.js') + gz('capture-worklet.js'),
  };
  console.log(`fps ${result.fps}; main thread per frame: ${result.frame_ms} ms in all (software GL), `
    + `${result.analysis_ms} ms capture+analysis+upload; latency p50 ${result.latency_p50_ms} ms, `
    + `p95 ${result.latency_p95_ms} ms (hop ${result.hop_ms} ms); dropped ${result.dropped_samples}; `
    + `wasm ${result.wasm_bytes} B (${result.wasm_gzip_bytes} gz), js ${result.js_bytes} B (${result.js_gzip_bytes} gz)`);
  // The modes at one hop, interleaved (three rounds of BENCH_MODE_SECONDS each, after 2 s to
  // settle: a mode change restarts the analysis), so that all see the same machine load; the
  // figures are medians over every second sampled.
  const modeSeconds = Number(process.env.BENCH_MODE_SECONDS || 5);
  const modes = ['stft', 'reassigned', 'multires', 'multires-reassigned'];
  const taken = Object.fromEntries(modes.map((mode) => [mode, []]));
  for (let round = 0; round < 3; round++) {
    for (const mode of modes) {
      await session.evaluate((m) => spectrogram.set({ mode: m, fft: 4096, overlap: 93.75 }), mode);
      await sleep(2000);
      taken[mode].push(...await sample(modeSeconds));
    }
  }
  result.modes = {};
  for (const mode of modes) {
    const all = taken[mode];
    result.modes[mode] = {
      fps: Number(medianOf(all, 'fps').toFixed(1)),
      analysis_ms: Number(medianOf(all, 'analysisMs').toFixed(3)),
      frame_ms: Number(medianOf(all, 'frameMs').toFixed(3)),
      hop_frames: all[all.length - 1].hopFrames,
      dropped_samples: all[all.length - 1].droppedSamples,
    };
  }
  const reference = result.modes.stft.fps;
  console.log(`modes at hop ${result.modes.stft.hop_frames}: ` + Object.entries(result.modes).map(([mode, m]) =>
    `${mode} ${m.fps} fps (${(100 * m.fps / reference).toFixed(0)} % of stft), ${m.analysis_ms} ms analysis, ${m.frame_ms} ms frame`).join('; '));
  // Re-analysis of 10 minutes of kept audio after an FFT change (N = 4096, hop 1024): the
  // history is filled with a synthetic signal (Module.fillHistoryForBenchmarks: the capture is
  // stopped), analysed once at FFT 2048, then the FFT changed and timed until the picture is
  // whole again; meanwhile the main thread's tasks over 50 ms are recorded (Long Tasks API) and
  // frames sampled.
  await session.evaluate(() => spectrogram.stop());
  await session.evaluate(() => spectrogram.set({ mode: 'stft', fft: 2048, overlap: 50, padding: 1, history: 10 }));
  const filled = await session.evaluate(() => Module.fillHistoryForBenchmarks(600));
  if (filled) throw new Error(`fillHistoryForBenchmarks: ${filled}`);
  await session.waitForFunction(() => !spectrogram.stats().reanalysis.active, null, 120000);
  const before = await session.evaluate(() => {
    globalThis.benchLongTasks = [];
    new PerformanceObserver((list) => benchLongTasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask' });
    return spectrogram.stats();
  });
  await sleep(3000);  // the same page idle (frames only), for comparison
  const idleLongTasks = await session.evaluate(() => benchLongTasks.splice(0));
  const started = await session.evaluate(() => { spectrogram.set({ fft: 4096, overlap: 75 }); return spectrogram.stats(); });
  const during = [];
  for (;;) {
    await sleep(250);
    const stats = await session.evaluate(() => spectrogram.stats());
    if (!stats.reanalysis.active) break;
    during.push(stats);
  }
  const after = await session.evaluate(() => ({ stats: spectrogram.stats(), longTasks: benchLongTasks }));
  result.reanalysis = {
    history_seconds: Number(after.stats.historySeconds.toFixed(1)),
    sample_rate: after.stats.sampleRate,
    history_mb: Number((after.stats.historyBytes / 1e6).toFixed(1)),
    picture_mb: Number((after.stats.pictureBytes / 1e6).toFixed(1)),
    hop_frames: after.stats.hopFrames,
    seconds: Number((after.stats.reanalysis.lastMs / 1000).toFixed(3)),
    longest_slice_ms: Number(after.stats.reanalysis.longestSliceMs.toFixed(1)),
    busy_seconds: Number((after.stats.reanalysis.busyMs / 1000).toFixed(3)),
    long_tasks_over_50ms: after.longTasks.length,
    long_tasks_idle_3s: idleLongTasks.length,
    longest_task_ms: after.longTasks.length ? Number(Math.max(...after.longTasks).toFixed(1)) : null,
    // Display frames drawn while it ran (the app draws at most 10 a second then, to leave the
    // re-analysis the time the compositor would take).
    fps_during: Number(((after.stats.framesDrawn - started.framesDrawn) / (after.stats.reanalysis.lastMs / 1000)).toFixed(1)),
    frame_ms_during: during.length ? Number(medianOf(during, 'frameMs').toFixed(3)) : null,
    frame_ms_before: Number(before.frameMs.toFixed(3)),
  };
  const r = result.reanalysis;
  console.log(`re-analysis of ${r.history_seconds} s (${r.history_mb} MB kept, picture ${r.picture_mb} MB at hop ${r.hop_frames}) `
    + `after an FFT change: ${r.seconds} s (${r.busy_seconds} s of it in its slices); longest slice ${r.longest_slice_ms} ms; main-thread tasks over 50 ms: `
    + `${r.long_tasks_over_50ms}${r.longest_task_ms ? ` (longest ${r.longest_task_ms} ms)` : ''} (idle, frames only: `
    + `${r.long_tasks_idle_3s} in 3 s); while it ran: `
    + `${r.fps_during} fps, ${r.frame_ms_during} ms a frame (${r.frame_ms_before} before)`);
  console.log(JSON.stringify(result));
} finally {
  await session.close();
  server.close();
}
