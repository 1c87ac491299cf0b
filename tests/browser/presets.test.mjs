// presets.test.mjs: the presets and Auto range in every engine: each preset (by the API and by
// its button in the Settings panel) sets exactly its settings and the link carries them; Auto
// range puts the ceiling at a tone's level and the floor below it, and says why not when
// nothing is in view.
import assert from 'node:assert/strict';
import {
  clickButton, engineTest, microphonePlaying, openApp, serversForTests, sleep, startByClick, withApp,
} from './harness.mjs';

const servers = serversForTests();

const PRESETS = {
  speech: { scale: 'linear', fmin: 0, fmax: 8000, fft: 2048, floor: -90, ceil: -20 },
  music: { scale: 'log', fmin: 50, fmax: 5000, fft: 8192 },
  birdsong: { scale: 'linear', fmin: 1000, fmax: 12000, fft: 1024, span: 5 },
  hum: { scale: 'log', fmin: 20, fmax: 500, fft: 16384 },
  full: { scale: 'log', fmin: 20, fmax: 20000, fft: 4096, floor: -120, ceil: 0, span: 10 },
};

const hashOf = (session) => session.evaluate(() => Object.fromEntries(new URLSearchParams(location.hash.slice(1))));

engineTest('each preset, by the API, sets its settings and the link carries them', async () => {
  await withApp({}, async (session) => {
    await openApp(session, servers.isolated.url);
    for (const [name, expected] of Object.entries(PRESETS)) {
      const settings = await session.evaluate((n) => spectrogram.preset(n), name);
      for (const [key, value] of Object.entries(expected)) assert.equal(settings[key], value, `${name}: ${key}`);
      await sleep(600);  // the link is rewritten at most every 0.4 s
      const hash = await hashOf(session);
      for (const [key, value] of Object.entries(expected)) assert.equal(hash[key], String(value), `${name}: the link's ${key}`);
    }
    const refused = await session.evaluate(() => { try { spectrogram.preset('karaoke'); return ''; } catch (error) { return error.message; } });
    assert.match(refused, /unknown preset "karaoke" \(one of: speech, music, birdsong, hum, full\)/);
  });
});

engineTest("a preset's button in the Settings panel sets it", async () => {
  await withApp({}, async (session) => {
    await openApp(session, servers.isolated.url);
    await clickButton(session, 'settings');
    await clickButton(session, 'speech');
    const settings = await session.waitForFunction(() => spectrogram.settings().scale === 'linear' && spectrogram.settings());
    for (const [key, value] of Object.entries(PRESETS.speech)) assert.equal(settings[key], value, key);
    await clickButton(session, 'hum');
    await session.waitForFunction(() => spectrogram.settings().fmax === 500);
    await sleep(600);
    assert.equal((await hashOf(session)).fft, '16384');
  });
});

engineTest('Auto range puts the ceiling at a tone and the floor below it; with nothing in view it says so', async () => {
  await withApp(microphonePlaying('auto-range', [{ hz: 1000, amplitude: 0.1 }]), async (session) => {
    await openApp(session, servers.isolated.url);
    const nothing = await session.evaluate(() => { try { spectrogram.autoRange(); return ''; } catch (error) { return error.message; } });
    assert.match(nothing, /Nothing in view/);
    await startByClick(session, 30);
    await sleep(3000);
    const settings = await session.evaluate(() => spectrogram.autoRange());
    // A 0.1 sine is -20 dBFS: the ceiling rounds it up to the next 5 dB.
    assert.ok(settings.ceil === -20 || settings.ceil === -15, `ceiling ${settings.ceil}`);
    assert.ok(settings.floor <= settings.ceil - 30 && settings.floor >= settings.ceil - 120, `floor ${settings.floor}`);
  });
});

engineTest('Help explains the picture and closes with its button or Escape', async () => {
  await withApp({}, async (session) => {
    await openApp(session, servers.isolated.url);
    const present = (name) => session.evaluate((n) => spectrogram.layout().some((i) => i.name === n), name);
    await clickButton(session, 'help');
    await session.waitForFunction(() => spectrogram.layout().some((i) => i.name === 'help-close'));
    await clickButton(session, 'help-close');
    await session.waitForFunction(() => !spectrogram.layout().some((i) => i.name === 'help-close'));
    await clickButton(session, 'help');
    await session.waitForFunction(() => spectrogram.layout().some((i) => i.name === 'help-close'));
    await session.press('Escape');
    await session.waitForFunction(() => !spectrogram.layout().some((i) => i.name === 'help-close'), null, 5000);
    assert.equal(await present('help-close'), false);
  });
});
