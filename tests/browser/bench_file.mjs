// bench_file.mjs: opening a long recording in headless Chromium (1280x720, default settings):
// a generated 1-hour 48 kHz stereo file (two tones and noise) as WAV, FLAC and MP3 (BENCH_FILE_SECONDS
// overrides the length). For each: the time to the whole overview, the page's renderer peak
// memory and all of Chromium's processes' (PSS), the longest display frame and analysis slice
// of the app's own work (stats().longestFrameMs and longestWakeMs), the time until a 2 s view
// five sixths of the way in shows the full-resolution detail, the longest main-thread task
// and how many ran over 50 ms (Long Tasks API: the browser's work around them too; the idle page
// has some, its software-GL frame commits), and the longest gap between display frames. An idle
// page's long tasks over 10 s are printed first, for comparison. Beside it, in a
// fresh browser each, what the usual approach costs for the same file: decodeAudioData of the
// whole file (time, the same memory figures, or how it failed). Last line: one JSON object.
// BENCH_FILE_FORMATS=flac (or "wav,mp3") runs only those, BENCH_FILE_USUAL=0 leaves out
// decodeAudioData: for a quick look while tuning, never for the figures quoted.
// Not a test: nothing here passes or fails on time. Run by shell/bench.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launch } from './engines.mjs';
import { openApp, root, sampleBrowserMemory, startServer } from './harness.mjs';

const seconds = Number(process.env.BENCH_FILE_SECONDS || 3600);
const dir = mkdtempSync(path.join(tmpdir(), 'spectrogram-bench-files-'));
const wav = path.join(dir, 'hour.wav');
execFileSync('sox', ['-n', '-r', '48000', '-c', '2', '-b', '16', wav, 'synth', String(seconds), 'sine', '440', 'sine', '3000',
  'whitenoise', 'vol', '0.2']);
const formats = (process.env.BENCH_FILE_FORMATS || 'wav,flac,mp3').split(',');
const withUsual = process.env.BENCH_FILE_USUAL !== '0';
const flac = path.join(dir, 'hour.flac');
if (formats.includes('flac')) execFileSync('sox', [wav, flac]);
const mp3 = path.join(dir, 'hour.mp3');
if (formats.includes('mp3')) execFileSync(path.join(root, 'build/native-release/tests/convert-audio'), [wav, mp3]);

// In-page watchers: long tasks and the longest gap between animation frames, from now on.
const WATCH = () => {
  globalThis.benchWatch = { longest: 0, over50: 0, frameGap: 0 };
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        benchWatch.longest = Math.max(benchWatch.longest, entry.duration);
        if (entry.duration > 50) benchWatch.over50 += 1;
      }
    }).observe({ type: 'longtask' });
  } catch { benchWatch.longest = -1; }
  let last = performance.now();
  const tick = (now) => { benchWatch.frameGap = Math.max(benchWatch.frameGap, now - last); last = now; requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  return true;
};

const server = await startServer();
const mb = (value) => Number(value.toFixed(0));

async function openInApp(file) {
  const session = await launch('chromium', {});
  try {
    await openApp(session, server.url);
    await session.evaluate(WATCH);
    await session.evaluate(() => SpectrogramPage.loop.resetLongest());
    const { result, pageMb, allMb } = await sampleBrowserMemory(async () => {
      await session.chooseFile('#file-input', file);
      return session.waitForFunction(() => {
        const f = spectrogram.stats().file;
        const message = document.getElementById('file-message').hidden ? '' : document.getElementById('file-message-text').textContent;
        const s = spectrogram.stats();
        return f && f.ready ? { file: f, message, watch: benchWatch, frameMs: s.longestFrameMs, wakeMs: s.longestWakeMs } : message ? { message } : null;
      }, null, 1800000);
    });
    if (!result.file) return { error: result.message };
    // Zoomed into 2 s at five sixths of the way in (outside the kept sound): the time until the
    // picture shows the detail at the settings' hop (300 ms of it the wait for a still view),
    // and the longest task and frame meanwhile.
    await session.evaluate(() => { Object.assign(benchWatch, { longest: 0, over50: 0, frameGap: 0 }); SpectrogramPage.loop.resetLongest(); });
    // (A file short enough to be analysed at the settings' hop needs none.)
    const needed = result.file.hopFactor * result.file.pooledColumns > 1;
    const zoomStart = !needed ? 0 : await session.evaluate((at) => { spectrogram.setView({ startSec: at, endSec: at + 2 }); return performance.now(); },
      Math.max(0, seconds * 5 / 6));
    const zoom = !needed ? null : await session.waitForFunction(() => {
      const d = spectrogram.stats().file.detail;
      return d && (d.shown || d.state === 'failed') && { detail: d, now: performance.now(), watch: { ...benchWatch }, frameMs: spectrogram.stats().longestFrameMs };
    }, null, 1800000);
    const detail = !needed ? { state: 'not needed' } : {
      detail_s: Number(((zoom.now - zoomStart) / 1000).toFixed(2)), state: zoom.detail.state, from_memory: zoom.detail.fromMemory,
      longest_task_ms: Math.round(zoom.watch.longest), tasks_over_50ms: zoom.watch.over50, longest_frame_ms: Math.round(zoom.frameMs),
    };
    return {
      detail,
      overview_s: Number(result.file.elapsedSec.toFixed(1)), analysis_s: Number((result.file.analysisMs / 1000).toFixed(1)),
      page_peak_mb: mb(pageMb), all_processes_peak_mb: mb(allMb), longest_task_ms: Math.round(result.watch.longest),
      tasks_over_50ms: result.watch.over50, longest_frame_gap_ms: Math.round(result.watch.frameGap),
      longest_frame_ms: Math.round(result.frameMs), longest_wake_ms: Math.round(result.wakeMs),
      hop_factor: result.file.hopFactor, pooled: result.file.pooledColumns, message: result.message,
    };
  } finally {
    await session.close();
  }
}

async function decodeWhole(file) {
  const session = await launch('chromium', {});
  try {
    await openApp(session, server.url);
    await session.evaluate(() => {
      const input = Object.assign(document.createElement('input'), { type: 'file', id: 'bench-input' });
      document.body.appendChild(input);
      input.addEventListener('change', async () => {
        globalThis.benchDecode = { running: true };
        const start = performance.now();
        try {
          const buffer = await new OfflineAudioContext(2, 1, 48000).decodeAudioData(await input.files[0].arrayBuffer());
          globalThis.benchDecode = { seconds: (performance.now() - start) / 1000, duration: buffer.duration };
        } catch (error) {
          globalThis.benchDecode = { error: String(error && error.message || error) };
        }
      });
      return true;
    });
    await session.evaluate(WATCH);
    const { result, pageMb, allMb } = await sampleBrowserMemory(async () => {
      await session.chooseFile('#bench-input', file);
      return session.waitForFunction(() => globalThis.benchDecode && !globalThis.benchDecode.running
        && { ...globalThis.benchDecode, watch: benchWatch }, null, 1800000).catch((error) => ({ error: `the tab did not finish: ${error.message.split('\n')[0]}` }));
    });
    if (result.error) return { error: result.error, page_peak_mb: mb(pageMb), all_processes_peak_mb: mb(allMb) };
    return {
      decode_s: Number(result.seconds.toFixed(1)), page_peak_mb: mb(pageMb), all_processes_peak_mb: mb(allMb),
      longest_task_ms: Math.round(result.watch.longest), longest_frame_gap_ms: Math.round(result.watch.frameGap),
    };
  } finally {
    await session.close();
  }
}

async function idleLongTasks() {
  const session = await launch('chromium', {});
  try {
    await openApp(session, server.url);
    await session.evaluate(WATCH);
    await new Promise((resolve) => setTimeout(resolve, 10000));
    return await session.evaluate(() => ({ longest_task_ms: Math.round(benchWatch.longest), tasks_over_50ms: benchWatch.over50 }));
  } finally {
    await session.close();
  }
}

function detailText(d) {
  if (!d) return 'no detail';
  if (d.state === 'not needed') return 'zoomed in: no detail needed (the overview is at the settings\' hop)';
  return `zoomed to 2 s at ${Math.round(seconds * 5 / 6)} s: full detail shown ${d.detail_s} s later (${d.state}, `
    + `${d.from_memory ? 'from memory' : 'read from the file'}; longest task ${d.longest_task_ms} ms, longest frame ${d.longest_frame_ms} ms)`;
}

const results = {};
try {
  results.idle = await idleLongTasks();
  console.log(`idle page, 10 s: longest main-thread task ${results.idle.longest_task_ms} ms, ${results.idle.tasks_over_50ms} over 50 ms`);
  for (const [name, file] of [['wav', wav], ['flac', flac], ['mp3', mp3]]) {
    if (!formats.includes(name) || !existsSync(file)) continue;
    const size = Number((statSync(file).size / 1048576).toFixed(0));
    const ours = await openInApp(file);
    const usual = withUsual ? await decodeWhole(file) : { error: 'not run (BENCH_FILE_USUAL=0)' };
    results[name] = { size_mb: size, ours, decode_audio_data: usual };
    console.log(`${name.toUpperCase()} (${size} MB, ${seconds} s): overview in ${ours.overview_s} s (${ours.analysis_s} s of it analysing on the main thread; `
      + `hop x${ours.hop_factor}, pooled ${ours.pooled}), page ${ours.page_peak_mb} MB, all processes ${ours.all_processes_peak_mb} MB, `
      + `longest display frame ${ours.longest_frame_ms} ms and analysis slice ${ours.longest_wake_ms} ms of the app's own work, `
      + `longest main-thread task ${ours.longest_task_ms} ms (${ours.tasks_over_50ms} over 50 ms), longest frame gap ${ours.longest_frame_gap_ms} ms`
      + `${ours.error ? `, ERROR ${ours.error}` : ''}; ${detailText(ours.detail)}; decodeAudioData: ${usual.error ? `failed (${usual.error})` : `${usual.decode_s} s`}, `
      + `page ${usual.page_peak_mb} MB, all processes ${usual.all_processes_peak_mb} MB${usual.error ? '' : `, longest task ${usual.longest_task_ms} ms`}`);
  }
} finally {
  server.close();
}
console.log(JSON.stringify({ seconds, ...results }));
