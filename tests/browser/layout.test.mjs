// layout.test.mjs: the app at four screen sizes (phone portrait and landscape, tablet, desktop)
// in every engine: the layout chosen, every control on screen inside the viewport and at least
// 44 CSS px on the touch layouts (from layout() and from the page's own buttons), the menu and
// the settings sheet fitting the screen, a number typed into the real HTML input taking effect
// (and a bad one refused with a message), and the primary actions in the accessibility tree,
// reachable by the keyboard, with the live region announcing what happened.
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  ENGINE, caps, clickButton, engineTest, microphonePlaying, openApp, root, serversForTests, sleep, startByClick,
  waitForStats, withApp,
} from './harness.mjs';

const servers = serversForTests();
const kTarget = 44 - 0.5;  // CSS px, with rounding to device pixels

const SIZES = [
  { width: 390, height: 844, layout: 'phone-portrait', touch: true },
  { width: 844, height: 390, layout: 'phone-landscape', touch: true },
  { width: 768, height: 1024, layout: 'tablet', touch: true },
  { width: 1280, height: 720, layout: 'desktop', touch: false },
];

// The controls ImGui has on screen now (not regions or texts, not ones partly scrolled out).
const controlsOnScreen = (session) => session.evaluate(() => {
  const top = document.getElementById('canvas').getBoundingClientRect().top;
  return spectrogram.layout().filter((i) => i.kind === 'control' && !i.clipped).map((i) => ({ ...i, y: i.y + top }));
});

function checkControls(controls, size, where) {
  assert.ok(controls.length > 0, `${where}: no controls`);
  for (const c of controls) {
    const text = `${where}: ${c.name} at ${c.x.toFixed(1)},${c.y.toFixed(1)} ${c.width.toFixed(1)}x${c.height.toFixed(1)}`;
    assert.ok(c.x >= -0.5 && c.y >= -0.5 && c.x + c.width <= size.width + 0.5 && c.y + c.height <= size.height + 0.5,
      `${text} is not inside the ${size.width}x${size.height} viewport`);
    if (size.touch) assert.ok(c.width >= kTarget && c.height >= kTarget, `${text} is smaller than 44 px`);
  }
}

// Presses a control as the engine can: a tap on a touch screen (chromium), else a click.
async function press(session, name, touch) {
  if (!touch) return clickButton(session, name);
  const where = await session.waitForFunction((wanted) => {
    const item = spectrogram.layout().find((i) => i.name === wanted && !i.clipped);
    const top = document.getElementById('canvas').getBoundingClientRect().top;
    return item && { x: item.x + item.width / 2, y: top + item.y + item.height / 2 };
  }, name);
  await sleep(150);  // a window that just opened has settled (see clickButton)
  return session.tap(where.x, where.y);
}

for (const wanted of SIZES) {
  // MiniBrowser's window cannot be narrower than capabilities().minViewportWidth: the phone in
  // portrait is tested there at that width (still a phone's portrait layout).
  const size = { ...wanted, width: Math.max(wanted.width, caps.minViewportWidth || 0) };
  engineTest(`at ${size.width}x${size.height} the ${size.layout} layout fits: controls in the viewport${size.touch ? ', 44 px targets, menu and settings sheet, a typed number' : ''}`, async () => {
    const touch = size.touch && caps.touch;  // real touch input where the automation has it
    await withApp({ ...microphonePlaying('layout', [{ hz: 220, amplitude: 0.2 }, { hz: 440, amplitude: 0.1 }]),
      viewport: { width: size.width, height: size.height }, ...(touch ? { touch: true } : {}) }, async (session) => {
      await openApp(session, servers.isolated.url);
      await startByClick(session, 10);
      const stats = await waitForStats(session, (s) => /^Listening/.test(s.status), 5000);
      assert.equal(stats.layout, size.layout);
      assert.match(stats.status, /^Listening — \d+(\.\d+)? kHz, nothing lost$/);
      const toolbar = await controlsOnScreen(session);
      checkControls(toolbar, size, 'toolbar');
      const names = toolbar.map((c) => c.name);
      for (const name of ['start', 'freeze']) assert.ok(names.includes(name), `toolbar lacks ${name}: ${names}`);
      // Nothing overlaps: a finger (or a click) meant for one control hits only that one.
      for (const a of toolbar) for (const b of toolbar) {
        if (a === b) continue;
        const overlap = a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5;
        assert.ok(!overlap, `${a.name} overlaps ${b.name}`);
      }
      // The plot takes the width on a phone in portrait (no spectrum panel beside it).
      const plot = (await session.evaluate(() => spectrogram.layout())).find((i) => i.name === 'plot');
      assert.ok(plot.width >= (size.layout === 'phone-portrait' ? 0.6 : 0.5) * size.width, `plot ${plot.width} px wide`);

      if (!size.touch) {
        assert.ok(names.includes('png') && names.includes('settings'), `desktop toolbar: ${names}`);
        return;
      }
      assert.ok(names.includes('menu'), `touch toolbar lacks the menu: ${names}`);
      await press(session, 'menu', touch);
      await session.waitForFunction(() => spectrogram.layout().some((i) => i.name === 'png'));
      const menu = await controlsOnScreen(session);
      checkControls(menu, size, 'menu');
      for (const name of ['open', 'png', 'wav', 'csv', 'copy-link', 'clear', 'help']) {
        assert.ok(menu.some((c) => c.name === name), `the menu lacks ${name}`);
      }
      await session.screenshot(path.join(root, 'build/screenshots', `layout-${ENGINE}-${size.layout}-menu.png`));
      // Settings: from the menu on a phone in portrait, from the toolbar elsewhere.
      await press(session, 'settings', touch);
      await session.waitForFunction(() => spectrogram.layout().some((i) => i.name === 'settings-close'));
      await sleep(300);
      const sheet = await controlsOnScreen(session);
      checkControls(sheet, size, 'settings sheet');
      assert.ok(sheet.some((c) => c.name === 'speech'), 'the sheet shows the presets');
      await session.screenshot(path.join(root, 'build/screenshots', `layout-${ENGINE}-${size.layout}-settings.png`));

      // A number through the real input: the phone's keyboard is a decimal one. The sheet
      // scrolls to Min Hz by dragging its background (as a finger does; the wheel works too).
      for (let drag = 0; drag < 12; drag++) {
        const shown = await session.evaluate(() => spectrogram.layout().some((i) => i.name === 'edit-fmin' && !i.clipped));
        if (shown) break;
        const x = size.width - 40, y = Math.round(size.height * 0.8);  // left of the scroll bar
        await session.mouseMove(x, y);
        await session.mouseDown();
        for (let step = 1; step <= 6; step++) {
          await session.mouseMove(x, y - step * Math.round(size.height * 0.05));
          await sleep(40);
        }
        await session.mouseUp();
        await sleep(100);
      }
      const field = (await controlsOnScreen(session)).find((c) => c.name === 'edit-fmin');
      assert.ok(field, `the sheet shows Min Hz: ${(await controlsOnScreen(session)).map((c) => c.name)}`);
      checkControls(await controlsOnScreen(session), size, 'settings sheet, scrolled');
      await press(session, 'edit-fmin', touch);
      const input = await session.waitForFunction(() => {
        const element = document.getElementById('number-edit-input');
        const box = element.getBoundingClientRect();
        return !document.getElementById('number-edit').hidden && document.activeElement === element
          && { mode: element.inputMode, value: element.value, right: box.right, bottom: box.bottom, height: box.height };
      });
      assert.equal(input.mode, 'decimal');
      assert.equal(input.value, '20');
      assert.ok(input.right <= size.width && input.bottom <= size.height && input.height >= kTarget, JSON.stringify(input));
      // Letters typed there are the field's, not the app's shortcuts (C clears, S stops).
      const before = await session.evaluate(() => spectrogram.stats());
      for (const key of ['Backspace', 'Backspace', 'c', 's', 'Enter']) await session.press(key);
      const refused = await session.waitForFunction(() => document.getElementById('number-edit-error').textContent);
      assert.match(refused, /fmin|number/i);
      const after = await session.evaluate(() => spectrogram.stats());
      assert.ok(after.capturing && after.historySeconds >= before.historySeconds, 'typing C and S reached the shortcuts');
      assert.equal((await session.evaluate(() => spectrogram.settings())).fmin, 20, 'a bad number changed nothing');
      await session.evaluate(() => document.getElementById('number-edit-input').select());
      for (const key of ['Backspace', '1', '0', '0', 'Enter']) await session.press(key);
      await session.waitForFunction(() => document.getElementById('number-edit').hidden);
      assert.equal((await session.evaluate(() => spectrogram.settings())).fmin, 100);
      await session.waitForFunction(() => /(^|&)fmin=100(&|$)/.test(location.hash.slice(1)), null, 5000);
      // The sheet closes with its button (a finger's target, on screen).
      await press(session, 'settings-close', touch);
      await session.waitForFunction(() => !spectrogram.layout().some((i) => i.name === 'settings-close'));
    });
  });
}

engineTest('the primary actions are labelled buttons in the accessibility tree, the keyboard reaches them, and the live region announces', async () => {
  await withApp(microphonePlaying('a11y', [{ hz: 440, amplitude: 0.1 }]), async (session) => {
    await openApp(session, servers.isolated.url);
    for (const name of ['Start listening', 'Freeze the picture', 'Read the peak', 'Clear', 'Save picture (PNG)',
      'Save sound (WAV)', 'Save levels (CSV)', 'Open a recording', 'Settings', 'Help']) {
      assert.ok(await session.hasAccessible('button', name), `no button "${name}" in the accessibility tree`);
    }
    assert.ok(await session.hasAccessible('image', await session.evaluate(() => document.getElementById('canvas').getAttribute('aria-label'))),
      'the canvas is an image with a description');
    // Tab from the page reaches the first action; the bar shows itself, its buttons 44 px.
    await session.evaluate(() => document.activeElement && document.activeElement.blur());
    await session.press('Tab');
    const focused = await session.waitForFunction(() => {
      const element = document.activeElement;
      const bar = document.getElementById('page-controls').getBoundingClientRect();
      return element && element.dataset && element.dataset.action && { action: element.dataset.action, barHeight: bar.height,
        sizes: [...document.querySelectorAll('#page-controls button')].map((b) => [b.offsetWidth, b.offsetHeight]) };
    });
    assert.equal(focused.action, 'start');
    // Where the window never has the system's focus (capabilities().windowFocus), no focus style
    // can apply: the bar stays out of sight there, so its size is checked elsewhere only.
    if (caps.windowFocus) {
      assert.ok(focused.barHeight >= kTarget, `the focused bar is ${focused.barHeight} px tall`);
      for (const [w, h] of focused.sizes) assert.ok(w >= kTarget && h >= kTarget, `a button is ${w}x${h}`);
    }
    // Keys activate the focused button only in a window with the system's focus; elsewhere the
    // canvas's Start (a real click) stands in, and what follows is checked all the same.
    if (caps.windowFocus) await session.press('Enter');
    else await clickButton(session, 'start');
    await waitForStats(session, (s) => s.capturing && s.framesAnalyzed > 30 && s.inputRms > 0);
    await session.waitForFunction(() => document.getElementById('announce').textContent === 'Listening', null, 10000);
    assert.equal(await session.evaluate(() => document.querySelector('[data-action="start"]').textContent), 'Stop listening');
    await sleep(1500);
    // Read the peak: Tab twice (Freeze, then Read the peak) and Enter.
    if (caps.windowFocus) {
      await session.press('Tab');
      await session.press('Tab');
      assert.equal(await session.evaluate(() => document.activeElement.dataset.action), 'peak');
      await session.press('Enter');
    } else {
      await session.evaluate(() => document.querySelector('[data-action="peak"]').click());
    }
    const said = await session.waitForFunction(() => /^Peak /.test(document.getElementById('announce').textContent)
      && document.getElementById('announce').textContent, null, 5000);
    const match = /^Peak ([\d.]+) Hz, A4 [+−]\d+ cents, −([\d.]+) dBFS\.$/.exec(said);
    assert.ok(match, `announced "${said}"`);
    assert.ok(Math.abs(Number(match[1]) - 440) < 2, said);
    // -20 dBFS generated (WebKit's generated streams may arrive quieter: see capabilities()).
    if (!caps.generatedStreamsAltered) assert.ok(Math.abs(Number(match[2]) - 20) < 1, said);
    if (!caps.windowFocus) return;
    // The keys typed on the page's buttons are theirs: Space on Freeze freezes once (not twice:
    // the canvas's own Space shortcut stays out of it).
    await session.evaluate(() => document.querySelector('[data-action="freeze"]').focus());
    await session.press('Space');
    await session.waitForFunction(() => spectrogram.stats().frozen, null, 5000);
    await sleep(500);
    assert.equal((await session.evaluate(() => spectrogram.stats())).frozen, true);
    assert.equal(await session.evaluate(() => document.activeElement.getAttribute('aria-pressed')), 'true');
    await session.waitForFunction(() => document.getElementById('announce').textContent === 'Frozen; still listening', null, 5000);
  });
});

// Every control explains itself: each toolbar and Settings control has a one-line tooltip
// (layout()'s `tip`), the Settings window scrolled through by the wheel to reach all of them.
engineTest('every control in the toolbar and in Settings has a one-line explanation', async () => {
  await withApp({ viewport: { width: 1280, height: 720 } }, async (session) => {
    await openApp(session, servers.isolated.url);
    await clickButton(session, 'settings');
    await session.waitForFunction(() => spectrogram.layout().some((i) => i.name === 'speech'));
    await sleep(300);
    const seen = new Map();
    let unchanged = 0;
    for (let turn = 0; turn < 30 && unchanged < 3; turn++) {
      const controls = await controlsOnScreen(session);
      const before = seen.size;
      for (const c of controls) if (!seen.has(c.name) || c.tip) seen.set(c.name, c.tip);
      unchanged = seen.size === before ? unchanged + 1 : 0;
      // The wheel over the lowest control the Settings window shows (the toolbar's are above it),
      // then a wait until what is on screen moved (or, at the bottom, a while).
      const lowest = controls.reduce((a, c) => (c.y > a.y ? c : a));
      await session.wheel(Math.round(lowest.x + lowest.width / 2), Math.round(lowest.y + lowest.height / 2), 120);
      await session.waitForFunction(({ name, y }) => {
        const item = spectrogram.layout().find((i) => i.name === name);
        return !item || item.y < y - 1;
      }, { name: lowest.name, y: lowest.y }, 1500).catch(() => {});
    }
    const expected = ['start', 'freeze', 'open', 'clear', 'play', 'loop', 'png', 'wav', 'csv', 'copy-link', 'settings', 'help',
      'speech', 'music', 'birdsong', 'hum', 'full', 'auto-range', 'mode', 'fft', 'window', 'overlap', 'padding', 'scale', 'edit-fmin', 'edit-fmax',
      'edit-floor', 'edit-ceil', 'weighting', 'tilt', 'edit-a4', 'edit-span', 'clock', 'pitch-trace', 'colormap', 'theme',
      'waveform-on', 'spectrum-on', 'channel', 'history', 'processing'];
    for (const name of expected) assert.ok(seen.has(name), `Settings never showed ${name}: ${[...seen.keys()]}`);
    const unexplained = [...seen].filter(([, tip]) => !tip).map(([name]) => name);
    assert.deepEqual(unexplained, [], `controls without a tooltip: ${unexplained}`);
  });
});
