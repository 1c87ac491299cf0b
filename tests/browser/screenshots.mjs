// screenshots.mjs: pictures of the app as a person sees it, for looking at (not a test: it
// asserts nothing). Serves dist/, opens the app in one engine at one viewport, optionally plays a
// sound through the engine's microphone, presses Start with a real click, waits, and saves a PNG.
//
//   node tests/browser/screenshots.mjs [--engine chromium] [--size 1280x720] [--scale 1]
//        [--hash '#scale=linear'] [--wav file.wav | --tones 440:0.3,660:0.2] [--wait 4000]
//        [--no-start] [--eval 'spectrogram.set({...})'] [--press O] [--report 'return spectrogram.stats()']
//        --out shot.png
// --report prints what its function body returns, after the wait (for looking at numbers too).
//
// --wav works in Chromium only (its fake device plays the file); --tones works everywhere
// (generated streams, see harness.mjs). shell/screenshots runs a standard set.
import { parseArgs } from 'node:util';
import { withApp, openApp, startByClick, startServer, microphonePlaying, sleep } from './harness.mjs';

const { values } = parseArgs({
  options: {
    engine: { type: 'string', default: process.env.SPECTRO_ENGINE || 'chromium' },
    size: { type: 'string', default: '1280x720' },
    scale: { type: 'string', default: '1' },
    hash: { type: 'string', default: '' },
    wav: { type: 'string' },
    tones: { type: 'string' },
    wait: { type: 'string', default: '4000' },
    'no-start': { type: 'boolean', default: false },
    eval: { type: 'string', multiple: true, default: [] },
    press: { type: 'string', multiple: true, default: [] },
    report: { type: 'string', multiple: true, default: [] },
    out: { type: 'string' },
  },
});
if (!values.out) throw new Error('--out is required');
if (values.engine !== (process.env.SPECTRO_ENGINE || 'chromium')) {
  throw new Error('set SPECTRO_ENGINE to the engine (harness.mjs reads it at import)');
}

const [width, height] = values.size.split('x').map(Number);
let options = { viewport: { width, height }, deviceScaleFactor: Number(values.scale) };
if (values.wav) options.wavFile = values.wav;
if (values.tones) {
  const tones = values.tones.split(',').map((t) => {
    const [hz, amplitude] = t.split(':').map(Number);
    return { hz, amplitude };
  });
  options = { ...microphonePlaying('shot', tones), ...options };
}

const server = await startServer();
try {
  await withApp(options, async (session) => {
    await openApp(session, server.url + values.hash);
    if (!values['no-start']) await startByClick(session, 5);
    for (const source of values.eval) await session.evaluate(new Function(source));
    for (const key of values.press) await session.press(key);
    await sleep(Number(values.wait));
    await session.screenshot(values.out);
    for (const source of values.report) console.log(JSON.stringify(await session.evaluate(new Function(source)), null, 1));
  });
} finally {
  server.close();
}
console.log(`saved ${values.out}`);
