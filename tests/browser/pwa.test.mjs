// pwa.test.mjs: links, installability, offline use, isolation through the service worker,
// privacy (no request after load) and the Content-Security-Policy, in Debian's Chromium.
import test from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { soxWav, serversForTests, withApp, startServer, openApp, waitForStats, messageText, dist } from './harness.mjs';

const servers = serversForTests();

async function waitForController(page) {
  await page.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null, null, { timeout: 20000 });
}

async function appReady(page) {
  await page.waitForFunction(() => globalThis.spectrogram && spectrogram.stats().ready, null, { timeout: 30000 });
}

async function checkTone(page, hz) {
  await waitForStats(page, (s) => s.framesAnalyzed > 40 && s.inputRms > 0);
  const peak = await page.evaluate(() => spectrogram.peak());
  const stats = await page.evaluate(() => spectrogram.stats());
  const binHz = stats.sampleRate / (await page.evaluate(() => spectrogram.settings().fft));
  assert.ok(Math.abs(peak.hz - hz) <= binHz / 2, `peak at ${peak.hz} Hz`);
  assert.ok(Math.abs(peak.db - 20 * Math.log10(0.5)) <= 1, `peak level ${peak.db}`);
}

function pngSize(buffer) {
  const bytes = new Uint8Array(buffer);
  assert.equal(String.fromCharCode(...bytes.subarray(1, 4)), 'PNG');
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  return [view.getUint32(16), view.getUint32(20)];
}

test('the manifest is valid, its icons exist at their sizes, and the service worker takes control', async () => {
  await withApp({}, async ({ page, context }) => {
    await openApp(page, servers.isolated.url);
    const manifestHref = await page.evaluate(() => document.querySelector('link[rel=manifest]').href);
    const response = await context.request.get(manifestHref);
    assert.equal(response.status(), 200);
    const manifest = await response.json();
    for (const key of ['name', 'short_name', 'description', 'start_url', 'scope', 'display', 'background_color', 'theme_color'])
      assert.ok(manifest[key], `manifest has ${key}`);
    assert.equal(manifest.display, 'standalone');
    assert.ok(!manifest.start_url.startsWith('/') && !manifest.scope.startsWith('/'), 'relative start_url and scope');
    const wanted = [['192x192', 'any'], ['512x512', 'any'], ['512x512', 'maskable']];
    for (const [sizes, purpose] of wanted) {
      const icon = manifest.icons.find((i) => i.sizes === sizes && i.purpose === purpose);
      assert.ok(icon, `icon ${sizes} ${purpose}`);
      const image = await context.request.get(new URL(icon.src, manifestHref).href);
      assert.deepEqual(pngSize(await image.body()), sizes.split('x').map(Number));
    }
    await waitForController(page);
    const cacheNames = await page.evaluate(() => caches.keys());
    assert.equal(cacheNames.length, 1);
    assert.match(cacheNames[0], /^spectrogram-[0-9a-f]{16}$/);
  });
});

test('with the network cut, a reload still starts the app and a tone is analysed correctly', async () => {
  const wav = soxWav('offline-tone', ['sine', '1500', 'vol', '0.5']);
  await withApp({ wavFile: wav }, async ({ page, context }) => {
    await openApp(page, servers.isolated.url);
    await waitForController(page);
    await context.setOffline(true);
    await page.reload();
    await appReady(page);
    await page.evaluate(() => spectrogram.start());
    await checkTone(page, 1500);
  });
});

test('on a server without isolation headers, the service worker brings the SAB transport (one reload, no loop)', async () => {
  const wav = soxWav('isolation-tone', ['sine', '1000', 'vol', '0.5']);
  await withApp({ wavFile: wav }, async ({ page }) => {
    let loads = 0;
    page.on('load', () => { loads += 1; });
    await page.goto(servers.plain.url);
    await page.waitForFunction(() => globalThis.crossOriginIsolated === true, null, { timeout: 20000 });
    await appReady(page);
    await page.evaluate(() => spectrogram.start());
    const stats = await waitForStats(page, (s) => s.framesAnalyzed > 20 && s.inputRms > 0);
    assert.equal(stats.transport, 'sab');
    await page.waitForTimeout(1000);
    assert.equal(loads, 2, 'exactly one reload into isolation');
    await page.reload();
    await appReady(page);
    assert.equal(await page.evaluate(() => globalThis.crossOriginIsolated), true);
  });
});

test('a link restores every setting; stored settings come back; the link wins over storage', async () => {
  const wanted = { fft: 1024, window: 'blackman-harris', overlap: 50, padding: 2, scale: 'mel', fmin: 40,
    fmax: 8000, floor: -100, ceil: -10, colormap: 'inferno', channel: 'left', waveform: false,
    spectrum: false, processing: true };
  let link;
  await withApp({}, async ({ page }) => {
    await openApp(page, servers.isolated.url);
    const historyLength = await page.evaluate(() => history.length);
    await page.evaluate((w) => spectrogram.set(w), wanted);
    link = page.url();
    assert.match(link, /#fft=1024&window=blackman-harris/);
    assert.equal(await page.evaluate(() => history.length), historyLength, 'no new history entries');
    // Reload without the hash: local storage restores the same view.
    await page.goto(servers.isolated.url);
    await page.waitForFunction(() => globalThis.spectrogram !== undefined);
    assert.deepEqual(await page.evaluate(() => spectrogram.settings()), wanted);
    // A link wins over what is stored.
    await page.goto(`${servers.isolated.url}#fft=8192&colormap=gray`);
    await page.waitForFunction(() => globalThis.spectrogram !== undefined);
    const mixed = await page.evaluate(() => spectrogram.settings());
    assert.equal(mixed.fft, 8192);
    assert.equal(mixed.colormap, 'gray');
    assert.equal(mixed.window, 'blackman-harris');
  });
  await withApp({}, async ({ page }) => {  // another browser profile: nothing stored
    await openApp(page, link);
    assert.deepEqual(await page.evaluate(() => spectrogram.settings()), wanted);
  });
});

test('hostile hashes leave a working app with defaults and a notice; nothing is executed', async () => {
  const cases = [
    ['fft=%3Cscript%3Ewindow.pwned%3D1%3C%2Fscript%3E', ['fft']],
    ['colormap=%3Cimg%20src%3Dx%20onerror%3D%22window.pwned%3D1%22%3E&window=hann', ['colormap']],
    ['fft=1e999999&overlap=-0', ['fft']],
    ['floor=NaN&ceil=Infinity', ['floor', 'ceil']],
    ['window=%F0%9F%8E%B5%E2%80%AE%00&scale=%E2%80%8Blog', ['window', 'scale']],
    ['fmin=19000&fmax=20', ['fmin', 'fmax']],
    ['%E0%A4%A=1&__proto__=x&constructor=y', []],
    [`fft=${'9'.repeat(1 << 20)}`, ['too long']],
  ];
  await withApp({}, async ({ page }) => {
    let dialogs = 0;
    page.on('dialog', (dialog) => { dialogs += 1; dialog.dismiss(); });
    await openApp(page, servers.isolated.url);
    const defaults = await page.evaluate(() => spectrogram.settings());
    for (const [hash, named] of cases) {
      await page.goto('about:blank');
      await page.goto(`${servers.isolated.url}#${hash}`);
      await page.waitForFunction(() => globalThis.spectrogram !== undefined, null, { timeout: 30000 });
      const settings = await page.evaluate(() => spectrogram.settings());
      for (const key of Object.keys(defaults)) {
        if (key === 'overlap') continue;  // "-0" is a valid 0
        assert.deepEqual(settings[key], defaults[key], `${hash.slice(0, 60)}: ${key}`);
      }
      const notice = await messageText(page);
      for (const key of named) assert.ok(notice.includes(key), `notice for ${hash.slice(0, 60)} names ${key}: "${notice}"`);
      const state = await page.evaluate(() => ({ pwned: globalThis.pwned, images: document.images.length,
        scripts: [...document.scripts].map((s) => s.getAttribute('src')).sort(), api: typeof spectrogram.start }));
      assert.deepEqual(state, { pwned: undefined, images: 0, scripts: ['main.js', 'spectrogram.js'], api: 'function' });
    }
    assert.equal(dialogs, 0);
    // The app still works after all that: it starts and analyses.
  });
});

test('after load the app makes no network request, even through a whole session', async () => {
  const wav = soxWav('private-tone', ['sine', '1000', 'vol', '0.5']);
  await withApp({ wavFile: wav, serviceWorkers: 'block' }, async ({ page }) => {
    await openApp(page, servers.isolated.url);
    await appReady(page);
    await page.waitForLoadState('networkidle');
    const requests = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.evaluate(() => spectrogram.start());
    await checkTone(page, 1000);
    await page.evaluate(() => spectrogram.set({ fft: 8192, colormap: 'magma' }));
    await page.evaluate(() => spectrogram.exportPNG());
    await page.mouse.move(600, 300);
    await page.keyboard.press('Space');
    await page.waitForTimeout(1500);
    await page.evaluate(() => spectrogram.stop());
    assert.deepEqual(requests, []);
  });
});

test('the Content-Security-Policy is in force: an injected inline script does not run', async () => {
  await withApp({}, async ({ page }) => {
    const violations = [];
    await openApp(page, servers.isolated.url);
    await page.exposeFunction('reportViolation', (directive) => violations.push(directive));
    const ran = await page.evaluate(async () => {
      document.addEventListener('securitypolicyviolation', (e) => reportViolation(e.effectiveDirective));
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true;';
      document.body.appendChild(script);
      await new Promise((resolve) => setTimeout(resolve, 200));
      return globalThis.inlineRan === true;
    });
    assert.equal(ran, false);
    assert.ok(violations.some((d) => d.startsWith('script-src')), `violations: ${violations}`);
    const policy = await page.evaluate(() => document.querySelector('meta[http-equiv=Content-Security-Policy]').content);
    assert.doesNotMatch(policy, /'unsafe-eval'|'unsafe-inline'/);
    assert.match(policy, /default-src 'self'/);
  });
});

test('a new version is offered ("reload to update"), never forced, and replaces the old cache', async () => {
  const site = mkdtempSync(path.join(tmpdir(), 'spectrogram-site-'));
  cpSync(dist, site, { recursive: true });
  const siteServer = await startServer({ directory: site });
  try {
    await withApp({}, async ({ page }) => {
      await openApp(page, siteServer.url);
      await waitForController(page);
      const [oldCache] = await page.evaluate(() => caches.keys());
      // Publish a "new build": different content, so a different cache name.
      const sw = readFileSync(path.join(site, 'sw.js'), 'utf8').replace(/spectrogram-[0-9a-f]{16}/, 'spectrogram-0000000000000001');
      writeFileSync(path.join(site, 'sw.js'), sw);
      let loads = 0;
      page.on('load', () => { loads += 1; });
      // Why so long a wait: Chromium starts this update check about a minute after the first
      // install, whatever the page does (a reload does not hurry it).
      await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
      await page.waitForSelector('#update:not(.hidden)', { timeout: 90000 });
      await page.waitForTimeout(1000);
      assert.equal(loads, 0, 'no reload until the person asks');
      // The new version is precached beside the old one, which stays in use until the reload.
      assert.deepEqual((await page.evaluate(() => caches.keys())).sort(), [oldCache, 'spectrogram-0000000000000001'].sort());
      await page.click('#update');
      await page.waitForEvent('load', { timeout: 20000 });
      await page.waitForFunction(() => globalThis.spectrogram !== undefined);
      await page.waitForFunction(() => caches.keys().then((k) => k.length === 1 && k[0].endsWith('0001')), null, { timeout: 20000 });
    });
  } finally {
    siteServer.close();
  }
});
