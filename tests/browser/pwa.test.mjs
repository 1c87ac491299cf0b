// pwa.test.mjs: links, installability, offline use, isolation through the service worker,
// updates, privacy (no request after load) and the Content-Security-Policy, in the engine under
// test (SPECTRO_ENGINE).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  caps, engineTest, serversForTests, withApp, startServer, openApp, openAndStart, startByClick, waitForStats,
  messageText, peakWithin, soxWav, sleep, dist,
} from './harness.mjs';

const servers = serversForTests();

function ownMicrophone(name) {
  if (caps.fakeMicFromWav) return { options: { wavFile: soxWav(name, ['sine', '1500', 'vol', '0.5']) }, tone: { hz: 1500, dbfs: 20 * Math.log10(0.5) } };
  return { options: {}, tone: caps.fakeMicTone };
}

async function checkTone(session, tone) {
  await waitForStats(session, (s) => s.framesAnalyzed > 30 && s.inputRms > 0);
  const peak = await peakWithin(session, tone.hz / 2, tone.hz * 2);
  assert.ok(Math.abs(peak.hz - tone.hz) <= peak.binHz / 2, `peak at ${peak.hz} Hz`);
  assert.ok(Math.abs(peak.db - tone.dbfs) <= 1, `peak level ${peak.db}`);
}

async function waitForController(session) {
  await session.waitForFunction(() => navigator.serviceWorker && navigator.serviceWorker.controller !== null, null, 30000);
}

async function appReady(session) {
  await session.waitForFunction(() => globalThis.spectrogram && spectrogram.stats().ready, null, 30000);
}

// A copy of dist/ served by its own server (a test may stop it, or publish a new version in it).
async function ownSite() {
  const folder = mkdtempSync(path.join(tmpdir(), 'spectrogram-site-'));
  cpSync(dist, folder, { recursive: true });
  return { folder, server: await startServer({ directory: folder }) };
}

engineTest('the manifest is valid, its icons exist at their sizes, the worker takes control, and a first visit offers no update', async () => {
  await withApp({}, async (session) => {
    await openApp(session, servers.isolated.url);
    const result = await session.evaluate(async () => {
      const href = document.querySelector('link[rel=manifest]').href;
      const response = await fetch(href);
      const manifest = await response.json();
      const icons = [];
      for (const icon of manifest.icons) {
        const bytes = new Uint8Array(await (await fetch(new URL(icon.src, href))).arrayBuffer());
        const view = new DataView(bytes.buffer);
        icons.push({ sizes: icon.sizes, purpose: icon.purpose, png: String.fromCharCode(...bytes.subarray(1, 4)),
          width: view.getUint32(16), height: view.getUint32(20) });
      }
      return { status: response.status, manifest, icons };
    });
    assert.equal(result.status, 200);
    const { manifest } = result;
    for (const key of ['name', 'short_name', 'description', 'start_url', 'scope', 'display', 'background_color', 'theme_color'])
      assert.ok(manifest[key], `manifest has ${key}`);
    assert.equal(manifest.display, 'standalone');
    assert.ok(!manifest.start_url.startsWith('/') && !manifest.scope.startsWith('/'), 'relative start_url and scope');
    for (const [sizes, purpose] of [['192x192', 'any'], ['512x512', 'any'], ['512x512', 'maskable']]) {
      const icon = result.icons.find((i) => i.sizes === sizes && i.purpose === purpose);
      assert.ok(icon, `icon ${sizes} ${purpose}`);
      assert.equal(icon.png, 'PNG');
      assert.deepEqual([icon.width, icon.height], sizes.split('x').map(Number));
    }
    await waitForController(session);
    const cacheNames = await session.evaluate(() => caches.keys());
    assert.equal(cacheNames.length, 1);
    assert.match(cacheNames[0], /^spectrogram-[0-9a-f]{16}$/);
    // A first visit: the worker installed and took control, which is not an update.
    await sleep(2000);
    assert.equal(await session.evaluate(() => document.getElementById('update').className), 'notice hidden');
  });
});

engineTest('with the server gone, a reload still starts the app, a tone is analysed correctly, and a FLAC recording opens', async () => {
  const { options, tone } = ownMicrophone('offline-tone');
  const site = await ownSite();
  try {
    await withApp(options, async (session) => {
      await openApp(session, site.server.url);
      await waitForController(session);
      site.server.close();  // offline: nothing answers any more
      await sleep(500);
      await session.reload();
      await appReady(session);
      await startByClick(session, 30);
      await checkTone(session, tone);
      // A recording opens offline too: the worker and its FLAC decoder come from the cache.
      await session.evaluate(() => { spectrogram.stop(); spectrogram.set({ fmin: 20, fmax: 20000 }); });  // the check narrowed the range
      const flac = soxWav('offline-file', ['sine', '2500', 'vol', '0.5'], { seconds: 3 }).replace(/\.wav$/, '.flac');
      execFileSync('sox', [flac.replace(/\.flac$/, '.wav'), flac]);
      await session.chooseFile('#file-input', flac);
      const file = await session.waitForFunction(() => spectrogram.stats().file && spectrogram.stats().file.ready
        && spectrogram.stats().file, null, 30000);
      assert.equal(file.format, 'FLAC');
      const column = await session.evaluate(() => {
        const c = spectrogram.columnAt(1.5);
        let best = 0;
        for (let r = 1; r < c.db.length; r++) if (c.db[r] > c.db[best]) best = r;
        return { hz: c.hz[best], db: c.db[best] };
      });
      assert.ok(Math.abs(column.hz - 2500) < 75 && Math.abs(column.db - 20 * Math.log10(0.5)) < 0.3,
        `the offline file's tone: ${column.hz} Hz ${column.db} dB`);
    });
  } finally {
    site.server.close();
  }
});

engineTest('on a server without isolation headers, the service worker brings isolation and shared memory (one reload, no loop)', async () => {
  const { options } = ownMicrophone('isolation-tone');
  await withApp(options, async (session) => {
    await session.goto(servers.plain.url);
    await session.waitForFunction(() => globalThis.crossOriginIsolated === true, null, 30000);
    await appReady(session);
    assert.equal(await session.evaluate(() => sessionStorage.getItem('spectrogram.isolationReload')), '1', 'one reload');
    await session.evaluate(() => { globalThis.stillTheSamePage = true; });
    const stats = await startByClick(session, 20);
    assert.equal(stats.transport, caps.sharedArrayBuffer ? 'sab' : 'message');
    await sleep(1000);
    assert.equal(await session.evaluate(() => globalThis.stillTheSamePage), true, 'no further reload');
    await session.reload();
    await appReady(session);
    assert.equal(await session.evaluate(() => globalThis.crossOriginIsolated), true);
  });
});

engineTest('a link restores every setting; stored settings come back; the link wins over storage', async () => {
  const wanted = { fft: 1024, window: 'blackman-harris', overlap: 50, padding: 2, mode: 'multires-reassigned',
    gate: 60, prune: false, scale: 'mel', fmin: 40, fmax: 8000, floor: -100, ceil: -10, colormap: 'inferno',
    channel: 'left', waveform: false, spectrum: false, processing: true, pitch: false, weighting: 'itu468',
    tilt: -1.5, a4: 442, piano: false, span: 30, history: 5, clock: 'wall', theme: 'light' };
  let link;
  await withApp({}, async (session) => {
    await openApp(session, servers.isolated.url);
    const historyLength = await session.evaluate(() => history.length);
    await session.evaluate((w) => spectrogram.set(w), wanted);
    await sleep(800);  // URL writes are coalesced (at most a few a second)
    link = await session.url();
    assert.match(link, /#fft=1024&window=blackman-harris/);
    assert.equal(await session.evaluate(() => history.length), historyLength, 'no new history entries');
    // Open the page again without the hash: local storage restores the same view.
    await session.goto('about:blank');
    await openApp(session, servers.isolated.url);
    assert.deepEqual(await session.evaluate(() => spectrogram.settings()), wanted);
    // A link wins over what is stored (opened as a new page load, as a shared link is).
    await session.goto('about:blank');
    await openApp(session, `${servers.isolated.url}#fft=8192&colormap=gray`);
    const mixed = await session.evaluate(() => spectrogram.settings());
    assert.equal(mixed.fft, 8192);
    assert.equal(mixed.colormap, 'gray');
    assert.equal(mixed.window, 'blackman-harris');
  });
  await withApp({}, async (session) => {  // another browser profile: nothing stored
    await openApp(session, link);
    assert.deepEqual(await session.evaluate(() => spectrogram.settings()), wanted);
  });
});

engineTest('hostile hashes leave a working app with defaults and a notice; nothing is executed', async () => {
  const cases = [
    ['fft=%3Cscript%3Ewindow.pwned%3D1%3C%2Fscript%3E', ['fft']],
    ['colormap=%3Cimg%20src%3Dx%20onerror%3D%22window.pwned%3D1%22%3E&window=hann', ['colormap']],
    ['fft=1e999999&overlap=-0', ['fft']],
    ['floor=NaN&ceil=Infinity', ['floor', 'ceil']],
    ['window=%F0%9F%8E%B5%E2%80%AE%00&scale=%E2%80%8Blog', ['window', 'scale']],
    ['fmin=19000&fmax=20', ['fmin', 'fmax']],
    ['%E0%A4%A=1&__proto__=x&constructor=y', []],
    [`fft=${'9'.repeat(1 << 16)}`, ['too long']],
  ];
  const { options } = ownMicrophone('hostile-tone');
  await withApp(options, async (session) => {
    await openApp(session, servers.isolated.url);
    const defaults = await session.evaluate(() => spectrogram.settings());
    for (const [hash, named] of cases) {
      await session.goto('about:blank');
      await openApp(session, `${servers.isolated.url}#${hash}`);
      const settings = await session.evaluate(() => spectrogram.settings());
      for (const key of Object.keys(defaults)) {
        if (key === 'overlap') continue;  // "-0" is a valid 0
        assert.deepEqual(settings[key], defaults[key], `${hash.slice(0, 60)}: ${key}`);
      }
      const notice = await messageText(session);
      for (const key of named) assert.ok(notice.includes(key), `notice for ${hash.slice(0, 60)} names ${key}: "${notice}"`);
      const state = await session.evaluate(() => ({ pwned: globalThis.pwned === undefined ? 'no' : 'yes', images: document.images.length,
        scripts: [...document.scripts].map((s) => s.getAttribute('src')).filter((src) => !/testinit/.test(src)).sort(),
        api: typeof spectrogram.start }));
      assert.deepEqual(state, { pwned: 'no', images: 0, scripts: ['main.js', 'spectrogram-simd.js'], api: 'function' });
    }
    // The app still works after all that: it starts and analyses.
    await startByClick(session, 10);
  });
});

engineTest('after load the app makes no network request, even through a whole session', async () => {
  const { options } = ownMicrophone('private-tone');
  const site = await ownSite();
  try {
    await withApp({ ...options, serviceWorkers: 'block' }, async (session) => {
      await openApp(session, site.server.url);
      await appReady(session);
      await sleep(1500);
      const loaded = site.server.requests.length;
      assert.ok(loaded > 3, `the page loaded (${site.server.requests.join(' ')})`);
      await startByClick(session, 30);
      await session.evaluate(() => spectrogram.set({ fft: 8192, colormap: 'magma' }));
      await session.evaluate(() => spectrogram.exportPNG().then((blob) => blob.size));
      await session.mouseMove(600, 300);
      await session.press('Space');
      await sleep(1500);
      await session.evaluate(() => spectrogram.stop());
      await sleep(500);
      assert.deepEqual(site.server.requests.slice(loaded), []);
    });
  } finally {
    site.server.close();
  }
});

engineTest('the Content-Security-Policy is in force: an injected inline script does not run', async () => {
  await withApp({}, async (session) => {
    await openApp(session, servers.isolated.url);
    const result = await session.evaluate(async () => {
      const violations = [];
      document.addEventListener('securitypolicyviolation', (e) => violations.push(e.effectiveDirective || e.violatedDirective));
      const script = document.createElement('script');
      script.textContent = 'window.inlineRan = true;';
      document.body.appendChild(script);
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { ran: globalThis.inlineRan === true, violations,
        policy: document.querySelector('meta[http-equiv=Content-Security-Policy]').content };
    });
    assert.equal(result.ran, false);
    assert.ok(result.violations.some((d) => d.startsWith('script-src')), `violations: ${result.violations}`);
    assert.doesNotMatch(result.policy, /'unsafe-eval'|'unsafe-inline'/);
    assert.match(result.policy, /default-src 'self'/);
  });
});

engineTest('a new version is offered ("reload to update"), never forced, and replaces the old cache', async () => {
  const site = await ownSite();
  try {
    await withApp({}, async (session) => {
      await openApp(session, site.server.url);
      await waitForController(session);
      // A visit that starts controlled by the worker: now an update may be offered.
      await openApp(session, site.server.url);
      await session.evaluate(() => { globalThis.stillTheSamePage = true; });
      const [oldCache] = await session.evaluate(() => caches.keys());
      // Publish a "new build": different content, so a different cache name.
      const sw = readFileSync(path.join(site.folder, 'sw.js'), 'utf8').replace(/spectrogram-[0-9a-f]{16}/, 'spectrogram-0000000000000001');
      writeFileSync(path.join(site.folder, 'sw.js'), sw);
      // Why so long a wait: Chromium starts this update check about a minute after the first
      // install, whatever the page does (a reload does not hurry it).
      await session.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
      await session.waitForFunction(() => document.getElementById('update').className === 'notice info', null, 90000);
      await sleep(1000);
      assert.equal(await session.evaluate(() => globalThis.stillTheSamePage), true, 'no reload until the person asks');
      // The new version is precached beside the old one, which stays in use until the reload.
      assert.deepEqual((await session.evaluate(() => caches.keys())).sort(), [oldCache, 'spectrogram-0000000000000001'].sort());
      const button = await session.evaluate(() => {
        const rect = document.getElementById('update-reload').getBoundingClientRect();
        return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
      });
      await session.click(button.x, button.y);
      await session.waitForFunction(() => globalThis.stillTheSamePage === undefined && globalThis.spectrogram !== undefined, null, 30000);
      await session.waitForFunction(() => caches.keys().then((k) => k.length === 1 && k[0].endsWith('0001')), null, 30000);
    });
  } finally {
    site.server.close();
  }
});
