// theme.test.mjs: the light theme (for classrooms, projectors and print) in every engine: a link
// with theme=light opens light (the page's ground, the canvas's ground, dark labels), an export
// follows the theme, and switching back to dark changes the screen and the link.
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import {
  ENGINE, decodePng, engineTest, exportFile, microphonePlaying, openApp, serversForTests, sleep, startByClick, waitForStats,
  withApp,
} from './harness.mjs';

const servers = serversForTests();
const luminance = ([r, g, b]) => 0.2126 * r + 0.7152 * g + 0.0722 * b;

// The screen's ground above the plot's middle, and the darkest and brightest pixels among the
// frequency labels left of the plot.
async function readScreen(session) {
  const { screen, canvasTop, ratio } = await session.evaluate(() => ({
    screen: spectrogram.layout(), ratio: devicePixelRatio, canvasTop: document.getElementById('canvas').getBoundingClientRect().top,
  }));
  const shot = `${process.env.TMPDIR || '/tmp'}/spectrogram-theme-test-${ENGINE}-${process.pid}.png`;
  await session.screenshot(shot);
  const png = decodePng(readFileSync(shot));
  rmSync(shot, { force: true });
  const plot = screen.find((r) => r.name === 'plot');
  const ground = luminance(png.pixel(Math.round((plot.x + plot.width / 2) * ratio), Math.round((canvasTop + plot.y - 6) * ratio)));
  let darkest = 255, brightest = 0;
  for (let y = plot.y + 4; y < plot.y + plot.height - 4; y += 1) {
    for (let x = 2; x < plot.x - 12; x += 1) {
      const l = luminance(png.pixel(Math.round(x * ratio), Math.round((canvasTop + y) * ratio)));
      darkest = Math.min(darkest, l);
      brightest = Math.max(brightest, l);
    }
  }
  return { ground, darkest, brightest };
}

engineTest('theme=light opens light (page, canvas, dark labels), an export follows it, and dark comes back', async () => {
  await withApp(microphonePlaying('theme', [{ hz: 440, amplitude: 0.1 }]), async (session) => {
    await openApp(session, `${servers.isolated.url}#theme=light`);
    assert.equal((await session.evaluate(() => spectrogram.settings())).theme, 'light');
    await startByClick(session, 10);
    await waitForStats(session, (s) => s.historySeconds > 2);
    await sleep(300);
    const page = await session.evaluate(() => ({
      light: document.documentElement.classList.contains('light'), ground: getComputedStyle(document.body).backgroundColor,
    }));
    assert.ok(page.light, 'the page has no light class');
    assert.equal(page.ground, 'rgb(242, 242, 245)');
    // The page's notices keep their dark grounds, so their text stays light.
    const notice = await session.evaluate(() => {
      SpectrogramPage.showMessage('A test notice', 'info', 'theme-test');
      const element = document.getElementById('message-text');
      const parse = (css) => css.match(/[\d.]+/g).slice(0, 3).map(Number);
      const text = parse(getComputedStyle(element).color), ground = parse(getComputedStyle(document.getElementById('message')).backgroundColor);
      SpectrogramPage.clearMessage('theme-test');
      return { text, ground };
    });
    assert.ok(luminance(notice.text) - luminance(notice.ground) > 120, `a notice reads ${notice.text} on ${notice.ground}`);
    const light = await readScreen(session);
    assert.ok(light.ground > 220, `light ground ${light.ground}`);
    assert.ok(light.darkest < 80, `light theme labels: darkest ${light.darkest}`);
    // An export of the view has the theme's ground around its plot.
    const view = await session.evaluate(() => spectrogram.view());
    const file = await exportFile(session, 'exportPNG', { fromSec: view.newestSec - 2, toSec: view.newestSec });
    const png = decodePng(file.bytes);
    const plot = file.layout.find((r) => r.name === 'plot');
    assert.ok(luminance(png.pixel(Math.round(plot.x + plot.width / 2), Math.round(plot.y - 6))) > 220, 'the export is not light');

    await session.evaluate(() => spectrogram.set({ theme: 'dark' }));
    await session.waitForFunction(() => !document.documentElement.classList.contains('light'), null, 5000);
    await session.waitForFunction(() => /(^|&)theme=dark(&|$)/.test(location.hash.slice(1)), null, 5000);
    await sleep(300);
    const dark = await readScreen(session);
    assert.ok(dark.ground < 40, `dark ground ${dark.ground}`);
    assert.ok(dark.brightest > 180, `dark theme labels: brightest ${dark.brightest}`);
  });
});
