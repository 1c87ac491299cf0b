// harness.mjs: shared helpers for the browser tests and the browser benchmark: test signals
// made with sox, the development server, and Debian's Chromium with a fake microphone.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';
import test from 'node:test';
import { chromium } from 'playwright-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const dist = path.join(root, 'dist');
const workDir = mkdtempSync(path.join(tmpdir(), 'spectrogram-test-'));

// A WAV written by sox (16-bit PCM: the fake device cannot read 24-bit and would play silence;
// -D: no dither, so silence is digital zero and tones carry no added noise).
export function soxWav(name, soxArgs, { rate = 48000, channels = 1, seconds = 30 } = {}) {
  const file = path.join(workDir, `${name}.wav`);
  execFileSync('sox', ['-D', '-n', '-r', String(rate), '-c', String(channels), '-b', '16', file,
    'synth', String(seconds), ...soxArgs]);
  if (statSync(file).size < 1000) throw new Error(`sox made no audio for ${name}`);
  return file;
}

// Joins WAVs end to end (sox concatenation).
export function soxConcat(name, files) {
  const file = path.join(workDir, `${name}.wav`);
  execFileSync('sox', [...files, file]);
  return file;
}

// Sums WAVs sample by sample at full weight (no 1/n scaling), so each keeps its level.
export function soxMix(name, files) {
  const file = path.join(workDir, `${name}.wav`);
  execFileSync('sox', ['-m', ...files.flatMap((f) => ['-v', '1', f]), file]);
  return file;
}

async function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// Serves dist/ with (default) or without the cross-origin isolation headers.
export async function startServer({ isolation = true, directory = dist } = {}) {
  const port = await freePort();
  const args = [path.join(root, 'shell/serve.py'), directory, '--port', String(port)];
  if (!isolation) args.push('--no-isolation');
  if (process.env.SERVER_VERBOSE) args.push('--verbose');
  const child = spawn('python3', args, { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => { if (String(chunk).includes('serving')) resolve(); });
    child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}/`, close: () => child.kill() };
}

// Chromium with a fake microphone playing `wavFile` (or a denied/absent microphone).
// serviceWorkers: 'allow' (as a person) or 'block' (to see the page exactly as the server sends it).
export async function launchBrowser({ wavFile = null, microphone = 'fake', viewport = { width: 1280, height: 720 },
  serviceWorkers = 'allow' } = {}) {
  // No autoplay override: the tests must go through the real gesture rules.
  const args = ['--no-sandbox', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-quic'];
  if (microphone === 'fake') {
    args.push('--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream');
    if (wavFile) args.push(`--use-file-for-fake-audio-capture=${wavFile}`);
  } else if (microphone === 'denied') {
    args.push('--use-fake-device-for-media-stream', '--deny-permission-prompts');
  }
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args });
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, serviceWorkers });
  const page = await context.newPage();
  const consoleLines = [];
  page.on('console', (message) => consoleLines.push(message.text()));
  page.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message}`));
  return { browser, context, page, consoleLines };
}

// Opens the app and waits for its API.
export async function openApp(page, url) {
  await page.goto(url);
  await page.waitForFunction(() => globalThis.spectrogram !== undefined, null, { timeout: 30000 });
}

// Opens the app, starts capture and waits for `minFrames` analysed frames of a signal that
// arrived (RMS > 0); returns the stats.
export async function openAndStart(page, url, minFrames) {
  await openApp(page, url);
  await page.evaluate(() => spectrogram.start());
  return waitForStats(page, (s) => s.framesAnalyzed > minFrames && s.inputRms > 0);
}

// Waits until `predicate(stats)` holds in the page (polling), or throws with the last stats.
export async function waitForStats(page, predicate, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  let stats;
  while (Date.now() < deadline) {
    stats = await page.evaluate(() => spectrogram.stats());
    if (predicate(stats)) return stats;
    await page.waitForTimeout(200);
  }
  throw new Error(`timed out; last stats ${JSON.stringify(stats)}`);
}

export async function messageText(page) {
  return page.evaluate(() => document.getElementById('message').textContent);
}

// Starts an isolated and a plain (header-less) server around a test file's tests.
export function serversForTests() {
  const servers = {};
  test.before(async () => {
    servers.isolated = await startServer();
    servers.plain = await startServer({ isolation: false });
  });
  test.after(() => {
    servers.isolated.close();
    servers.plain.close();
  });
  return servers;
}

// Runs `body` with a fresh browser; on failure the page's last console lines join the error.
export async function withApp(options, body) {
  const session = await launchBrowser(options);
  try {
    return await body(session);
  } catch (error) {
    error.message += `\nconsole:\n${session.consoleLines.slice(-15).join('\n')}`;
    throw error;
  } finally {
    await session.browser.close();
  }
}
