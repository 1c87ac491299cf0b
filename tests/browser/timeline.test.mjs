// timeline.test.mjs: looking back, in the engine under test: the kept audio re-analysed after an
// FFT change and found at its true times, freeze while capture goes on, zoom about the pointer,
// exports that decode back to what was captured (WAV, CSV, a captioned PNG), and a stop/start
// labelled on the time axis. Signals: a tone sequence, or steady tones (see harness.mjs).
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import {
  ENGINE, caps, engineTest, serversForTests, withApp, openAndStart, waitForStats, microphonePlaying, microphoneSequence,
  microphoneKnownSamples, knownSample, exportFile, decodeWav, decodePng, pngText, clickButton, sleep, messageText, withInitScripts,
} from './harness.mjs';

const servers = serversForTests();
const SEQUENCE_HZ = [500, 1000, 2000];
const SEGMENT_S = 1.5;

// [SECTION] helpers

// The strength of `hz` in samples [from, to) of `x` (Goertzel power, relative).
function goertzel(x, from, to, hz, rate) {
  const w = 2 * Math.PI * hz / rate, coefficient = 2 * Math.cos(w);
  let s1 = 0, s2 = 0;
  for (let i = from; i < to; i++) {
    const s0 = x[i] + coefficient * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - coefficient * s1 * s2;
}

// Where the sequence changes tone in the kept samples `x` (first sample `first`): the truth the
// analysis is judged against, found in the audio itself. [{timeSec, from, to}] (Hz), to 5 ms.
function toneChanges(x, first, rate) {
  const block = Math.round(0.005 * rate);
  const dominant = [];
  for (let at = 0; at + block <= x.length; at += block) {
    const powers = SEQUENCE_HZ.map((hz) => goertzel(x, at, at + block, hz, rate));
    const best = powers.indexOf(Math.max(...powers));
    dominant.push(powers[best] > 1e-3 * block * block ? best : -1);
  }
  const changes = [];
  const steady = 20;  // blocks (100 ms) of one tone on both sides
  for (let b = steady; b + steady <= dominant.length; b++) {
    const before = dominant[b - 1], after = dominant[b];
    if (before < 0 || after < 0 || before === after) continue;
    if (dominant.slice(b - steady, b).every((d) => d === before) && dominant.slice(b, b + steady).every((d) => d === after)) {
      changes.push({ timeSec: (first + b * block) / rate, from: SEQUENCE_HZ[before], to: SEQUENCE_HZ[after] });
    }
  }
  return changes;
}

// In the page: which of `candidates` (Hz) is strongest in the column nearest each time, by the
// strongest display row within 3 % of each: [{timeSec, hz, db}] (null where no column is kept).
const strongestAt = ({ times, candidates }) => times.map((t) => {
  const column = spectrogram.columnAt(t);
  if (!column) return null;
  let best = null, bestDb = -Infinity;
  for (const hz of candidates) {
    for (let r = 0; r < column.hz.length; r++) {
      if (Math.abs(column.hz[r] - hz) <= 0.03 * hz && column.db[r] > bestDb) {
        bestDb = column.db[r];
        best = hz;
      }
    }
  }
  return { timeSec: column.timeSec, hz: best, db: bestDb };
});

async function reanalysed(session) {
  await session.waitForFunction(() => !spectrogram.stats().reanalysis.active, null, 60000);
}

// The columns tell each tone change within what the window allows: the strongest tone switches
// between `timeSec - tolerance` and `timeSec + tolerance`, and holds mid-segment.
async function checkSequence(session, changes, label) {
  const stats = await session.evaluate(() => spectrogram.stats());
  const secondsPerColumn = stats.hopFrames / stats.sampleRate;
  // Energy-weighted, a symmetric window centred on the column's time hands over at the change;
  // allowed: one column either way and a 10 % share of the window for the 5 ms truth blocks.
  const tolerance = secondsPerColumn + 0.1 * stats.windowLength / stats.sampleRate + 0.006;
  for (const change of changes) {
    const offsets = [-0.4 * SEGMENT_S, -tolerance, tolerance, 0.4 * SEGMENT_S];
    const times = offsets.map((d) => change.timeSec + d);
    const found = await session.evaluate(strongestAt, { times, candidates: SEQUENCE_HZ });
    const where = `${label}: change ${change.from} -> ${change.to} Hz at ${change.timeSec.toFixed(3)} s, columns ${JSON.stringify(found)}`;
    found.forEach((f, i) => {
      assert.ok(f, `${where}: no column at ${times[i]}`);
      assert.ok(Math.abs(f.timeSec - times[i]) <= secondsPerColumn / 2 + 1e-6, `${where}: the column nearest ${times[i]} is at ${f.timeSec}`);
    });
    assert.equal(found[0].hz, change.from, `${where}: before`);
    assert.equal(found[1].hz, change.from, `${where}: just before`);
    assert.equal(found[2].hz, change.to, `${where}: just after`);
    assert.equal(found[3].hz, change.to, `${where}: after`);
  }
}

async function keptSamples(session, fromSec, toSec, format = 'float32') {
  const wav = await exportFile(session, 'exportWAV', { fromSec, toSec, format });
  const decoded = decodeWav(wav.bytes);
  return { ...decoded, firstSample: wav.firstSample, name: wav.name };
}

// [SECTION] re-analysis keeps time

engineTest('a tone sequence is found by columnAt at its true times, before and after an FFT-size change', async () => {
  await withApp(microphoneSequence('sequence', SEQUENCE_HZ, SEGMENT_S, 0.5), async (session) => {
    await openAndStart(session, servers.isolated.url, 30);
    await session.evaluate(() => spectrogram.set({ fft: 2048, padding: 1, overlap: 75, scale: 'log', fmin: 100, fmax: 8000 }));
    await waitForStats(session, (s) => s.historySeconds > 8, 30000);
    const view = await session.evaluate(() => spectrogram.view());
    const kept = await keptSamples(session, view.newestSec - 7, view.newestSec - 0.5);
    const changes = toneChanges(kept.channels[0], kept.firstSample, kept.rate);
    assert.ok(changes.length >= 3, `the audio holds tone changes: ${JSON.stringify(changes)}`);
    await checkSequence(session, changes, 'FFT 2048');
    const before = await session.evaluate(() => spectrogram.stats().reanalysis.lastMs);
    await session.evaluate(() => spectrogram.set({ fft: 8192 }));
    await reanalysed(session);
    const after = await session.evaluate(() => spectrogram.stats());
    assert.equal(after.windowLength, 8192);
    assert.notEqual(after.reanalysis.lastMs, before, 'the kept audio was analysed again');
    await checkSequence(session, changes, 'FFT 8192');
  });
});

// [SECTION] freeze, zoom

engineTest('Space freezes the view while capture goes on; End goes back to live', async () => {
  await withApp(microphonePlaying('freeze', [{ hz: 1000, amplitude: 0.5 }]), async (session) => {
    await openAndStart(session, servers.isolated.url, 30);
    await waitForStats(session, (s) => s.historySeconds > 3);
    await session.press('Space');
    const frozen = await session.waitForFunction(() => !spectrogram.view().live && spectrogram.view(), null, 5000);
    const analysed = (await session.evaluate(() => spectrogram.stats())).framesAnalyzed;
    await sleep(2000);
    const later = await session.evaluate(() => ({ view: spectrogram.view(), stats: spectrogram.stats() }));
    assert.equal(later.view.startSec, frozen.startSec, 'the frozen view stays put');
    assert.equal(later.view.endSec, frozen.endSec);
    assert.ok(later.view.newestSec >= frozen.newestSec + 1.5, `capture goes on: newest ${frozen.newestSec} -> ${later.view.newestSec}`);
    assert.ok(later.stats.framesAnalyzed > analysed + 100, `analysis goes on: ${analysed} -> ${later.stats.framesAnalyzed} frames`);
    // The newest sound is found although it is not shown.
    const column = await session.evaluate((t) => spectrogram.columnAt(t) && spectrogram.columnAt(t).timeSec, later.view.newestSec - 0.1);
    assert.ok(column > frozen.endSec, 'columns after the frozen view are kept');
    await session.press('End');
    const live = await session.waitForFunction(() => spectrogram.view().live && spectrogram.view(), null, 5000);
    assert.ok(Math.abs(live.endSec - live.newestSec) < 0.2, `live again: the view ends at the newest sound (${live.endSec} vs ${live.newestSec})`);
  });
});

// Time (s) and frequency (Hz, log scale) under a point of the plot, from view() and the plot's place.
function timeUnder(view, plot, x) {
  return view.startSec + (x - plot.x) / plot.width * (view.endSec - view.startSec);
}
function hzUnder(view, plot, y) {
  return view.fminHz * (view.fmaxHz / view.fminHz) ** ((plot.y + plot.height - y) / plot.height);
}

engineTest('before the first sound the screen shows nothing: no columns wrapped in from elsewhere', async () => {
  await withApp(microphonePlaying('empty-before', [{ hz: 440, amplitude: 0.3 }, { hz: 1320, amplitude: 0.1 }]), async (session) => {
    await openAndStart(session, servers.isolated.url, 30);
    await session.evaluate(() => spectrogram.set({ span: 10, pitch: false }));
    await waitForStats(session, (s) => s.historySeconds > 3);
    // Frozen while capturing, then live after Stop: both still pictures (a live, moving one
    // would drift between reading the view and the screenshot).
    for (const stopped of [false, true]) {
      if (stopped) await session.evaluate(() => { spectrogram.setView({ ...spectrogram.view(), live: true }); spectrogram.stop(); });
      else await session.evaluate(() => spectrogram.setView({ ...spectrogram.view(), live: false }));
      await sleep(600);  // frames of this state on screen
      const { view, screen, canvasTop, ratio } = await session.evaluate(() => ({
        view: spectrogram.view(), screen: spectrogram.layout(), ratio: devicePixelRatio,
        canvasTop: document.getElementById('canvas').getBoundingClientRect().top,
      }));
      const shot = `${process.env.TMPDIR || '/tmp'}/spectrogram-empty-test-${ENGINE}-${process.pid}.png`;
      await session.screenshot(shot);
      const png = decodePng(readFileSync(shot));
      if (!process.env.SPECTRO_KEEP_PICTURES) rmSync(shot, { force: true });
      const plot = screen.find((r) => r.name === 'plot');
      const xAt = (t) => plot.x + (t - view.startSec) / (view.endSec - view.startSec) * plot.width;
      // Rows of the two tones (log 20 Hz to 20 kHz), where stray columns would show brightest.
      const yAt = (hz) => canvasTop + plot.y + plot.height * (1 - Math.log(hz / 20) / Math.log(1000));
      const where = stopped ? 'after Stop' : 'frozen while capturing';
      const firstSoundX = xAt(view.oldestSec);
      assert.ok(firstSoundX - plot.x > 100, `${where}: room before the first sound (${firstSoundX - plot.x} px)`);
      let lit = 0, lines = 0;
      for (const hz of [440, 1320]) {
        for (let x = plot.x + 4; x < firstSoundX - 8; x += 3) {
          const [, g] = png.pixel(Math.round(x * ratio), Math.round(yAt(hz) * ratio));
          if (g > 120) lit++;  // a tone's colour; the empty colour is (18, 18, 23), grid lines grey
        }
        // Drawn where there was sound: most of seven points along it (an engine's stream may
        // drop a moment).
        let drawn = 0;
        for (const f of [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]) {
          const [, g] = png.pixel(Math.round((firstSoundX + f * (plot.x + plot.width - firstSoundX)) * ratio), Math.round(yAt(hz) * ratio));
          if (g > 150) drawn++;
        }
        if (drawn >= 4) lines++;
      }
      assert.equal(lines, 2, `${where}: the tones are drawn where there was sound`);
      assert.equal(lit, 0, `${where}: ${lit} lit pixels before the first sound (${firstSoundX} px; ${shot})`);
    }
  });
});

engineTest('the wheel zooms time about the pointer, Shift+wheel frequency; the keys zoom about the centre', async () => {
  await withApp(microphonePlaying('zoom', [{ hz: 1000, amplitude: 0.5 }]), async (session) => {
    await openAndStart(session, servers.isolated.url, 30);
    await session.evaluate(() => spectrogram.set({ span: 10, scale: 'log', fmin: 50, fmax: 10000 }));
    await waitForStats(session, (s) => s.historySeconds > 12, 30000);
    await session.press('Space');
    await session.waitForFunction(() => !spectrogram.view().live, null, 5000);
    const plot = await session.evaluate(() => spectrogram.layout().find((i) => i.name === 'plot'));
    const top = await session.evaluate(() => document.getElementById('canvas').getBoundingClientRect().top);
    const x = plot.x + 0.3 * plot.width, y = plot.y + 0.25 * plot.height;
    const before = await session.evaluate(() => spectrogram.view());
    await session.wheel(x, top + y, -100);
    const zoomed = await session.waitForFunction((span) => spectrogram.view().endSec - spectrogram.view().startSec < span - 0.01 && spectrogram.view(),
      before.endSec - before.startSec, 5000);
    const pixelSec = (before.endSec - before.startSec) / plot.width;
    assert.ok(Math.abs(timeUnder(zoomed, plot, x) - timeUnder(before, plot, x)) <= pixelSec,
      `the time under the pointer stays: ${timeUnder(before, plot, x)} -> ${timeUnder(zoomed, plot, x)}`);
    const ratio = (zoomed.endSec - zoomed.startSec) / (before.endSec - before.startSec);
    assert.ok(ratio > 0.5 && ratio < 0.95, `zoomed in: span x${ratio}`);

    // Frequency: Shift+wheel about the pointer; where the automation cannot hold Shift during a
    // wheel turn, the Up key (about the middle).
    const anchorY = caps.wheelModifiers ? y : plot.y + plot.height / 2;
    if (caps.wheelModifiers) await session.wheel(x, top + y, -100, { shift: true });
    else await session.press('ArrowUp');
    const narrowed = await session.waitForFunction((fmax) => spectrogram.view().fmaxHz < fmax - 1 && spectrogram.view(), zoomed.fmaxHz, 5000);
    assert.equal(narrowed.startSec, zoomed.startSec, `a frequency zoom leaves time alone: ${JSON.stringify([zoomed, narrowed])}`);
    const rowHz = Math.log(zoomed.fmaxHz / zoomed.fminHz) / plot.height;  // one pixel, in log units
    assert.ok(Math.abs(Math.log(hzUnder(narrowed, plot, anchorY) / hzUnder(zoomed, plot, anchorY))) <= 1.5 * rowHz,
      `the frequency under the pointer stays: ${hzUnder(zoomed, plot, anchorY)} -> ${hzUnder(narrowed, plot, anchorY)} Hz`);

    // '+' zooms time about the middle of a frozen view.
    const middle = plot.x + plot.width / 2;
    await session.press('+');
    const keyed = await session.waitForFunction((span) => spectrogram.view().endSec - spectrogram.view().startSec < span - 0.01 && spectrogram.view(),
      narrowed.endSec - narrowed.startSec, 5000);
    assert.ok(Math.abs(timeUnder(keyed, plot, middle) - timeUnder(narrowed, plot, middle)) <= pixelSec, 'the middle stays');
    assert.equal(keyed.live, false, 'zooming a frozen view keeps it frozen');
  });
});

// [SECTION] exports

// Where in the 1 s loop of known samples the kept samples x[at..at+64) of `channel` sit (-1:
// nowhere); `starts` maps each value to the loop offsets holding it.
function loopOffset(x, at, channel, rate, starts) {
  for (const offset of starts.get(x[at]) || []) {
    let i = 0;
    while (i < 64 && at + i < x.length && knownSample(channel, offset + i, rate) === x[at + i]) i++;
    if (i === 64) return offset;
  }
  return -1;
}

// How the kept samples `x` compare with the known loop: {exact, zero, other, runs}: samples equal
// to the loop, digital zeros (an engine's dropout), others, and the runs of the loop found (one
// when nothing was dropped or repeated on the way).
function compareWithLoop(x, channel, rate) {
  const result = { exact: 0, zero: 0, other: 0, runs: [] };
  const starts = new Map();
  for (let o = 0; o < rate; o++) {
    const value = knownSample(channel, o, rate);
    if (!starts.has(value)) starts.set(value, []);
    starts.get(value).push(o);
  }
  // x[i] is loop sample offset + i while a run lasts; offset may be negative (a run that starts
  // later in x than in the loop), so "no run yet" is null, not a sign.
  let offset = null;
  for (let i = 0; i < x.length;) {
    if (offset !== null && knownSample(channel, offset + i, rate) === x[i]) {
      result.exact++;
      i++;
      continue;
    }
    const found = x.length - i >= 64 ? loopOffset(x, i, channel, rate, starts) : -1;
    if (found >= 0) {
      offset = found - i;
      result.runs.push(i);
      if (result.runs.length === 1) result.loopAt = offset;  // where in the loop x[0] lies
    } else {
      if (x[i] === 0) result.zero++;
      else result.other++;
      i++;
    }
  }
  return result;
}

engineTest('exportWAV() gives back the captured samples: float32 exactly, 16-bit within 1 LSB, every channel', async () => {
  await withApp(microphoneKnownSamples(), async (session) => {
    const stats = await openAndStart(session, servers.isolated.url, 30);
    await waitForStats(session, (s) => s.historySeconds > 4);
    const view = await session.evaluate(() => spectrogram.view());
    const span = { fromSec: view.newestSec - 3, toSec: view.newestSec - 1 };
    const float = await keptSamples(session, span.fromSec, span.toSec);
    const pcm = await keptSamples(session, span.fromSec, span.toSec, 'pcm16');
    assert.equal(float.format, 3);
    assert.equal(float.rate, stats.sampleRate);
    assert.equal(float.channels.length, 2, 'both captured channels');
    const frames = float.channels[0].length;
    assert.ok(Math.abs(frames - 2 * stats.sampleRate) <= 1, `${frames} frames for 2 s`);
    assert.equal(float.firstSample, Math.round(span.fromSec * stats.sampleRate), 'the span starts where asked');
    assert.match(float.name, /^spectrogram-\d{8}-\d{6}(-to-\d{6})?\.wav$/);
    // Each channel is the known loop, sample for sample (the engine hands the stream over
    // unaltered, which this test checks: an engine that filters it changes its level).
    const loopAt = [];
    for (let c = 0; c < 2; c++) {
      const found = compareWithLoop(float.channels[c], c, float.rate);
      loopAt.push(found.runs.length === 1 ? found.loopAt : null);
      const where = `channel ${c}: ${found.exact} samples exact, ${found.zero} zero, ${found.other} other, runs at ${found.runs.slice(0, 8)}`;
      if (caps.micDropouts && found.runs.length > 1) {
        // This engine's stream now and then drops or repeats a stretch before it reaches the
        // page: each run between must still be the loop exactly.
        console.log(`[${ENGINE}] ${where}`);
        assert.ok(found.exact + found.zero >= 0.99 * frames && found.runs.length <= 8, where);
      } else {
        assert.equal(found.exact, frames, where);
      }
    }
    // The channels are the same moments (the buffer plays both at once).
    if (loopAt[0] !== null && loopAt[1] !== null) assert.equal(loopAt[0], loopAt[1], 'left and right are in step');
    // An overlapping export gives the same samples at the same times, bit for bit.
    const again = await keptSamples(session, span.fromSec + 0.5, span.toSec);
    const shift = again.firstSample - float.firstSample;
    for (let i = 0; i < again.channels[0].length; i++) {
      if (again.channels[1][i] !== float.channels[1][shift + i]) assert.fail(`sample ${i} of the overlapping export differs`);
    }
    // 16-bit: the same samples rounded, within one step.
    assert.equal(pcm.format, 1);
    assert.equal(pcm.channels[0].length, frames);
    for (let c = 0; c < 2; c++) {
      for (let i = 0; i < frames; i++) {
        const expected = Math.max(-32768, Math.min(32767, float.channels[c][i] * 32768));
        if (Math.abs(pcm.channels[c][i] - expected) > 1) assert.fail(`channel ${c} sample ${i}: ${pcm.channels[c][i]} vs ${expected}`);
      }
    }
  });
});

// What the page hands the speakers: each AudioBufferSourceNode started, with its samples, its
// loop flag and whether it reaches the context's destination (the speakers).
const RECORD_PLAYBACK = `
  globalThis.playedSources = [];
  const connect = AudioNode.prototype.connect;
  AudioNode.prototype.connect = function (target, ...rest) {
    if (this instanceof AudioBufferSourceNode && target === this.context.destination) this.toSpeakers = true;
    return connect.call(this, target, ...rest);
  };
  const start = AudioBufferSourceNode.prototype.start;
  AudioBufferSourceNode.prototype.start = function (...args) {
    if (this.buffer && this.toSpeakers) playedSources.push(this);
    return start.apply(this, args);
  };`;

engineTest('play() sends the selection\'s exact samples to the speakers, loops on request, and the playhead moves', async () => {
  const options = withInitScripts(microphoneKnownSamples(), RECORD_PLAYBACK);
  await withApp(options, async (session) => {
    await openAndStart(session, servers.isolated.url, 30);
    await waitForStats(session, (s) => s.historySeconds > 4);
    const view = await session.evaluate(() => spectrogram.view());
    const span = { fromSec: view.newestSec - 3, toSec: view.newestSec - 2 };
    await session.evaluate(({ fromSec, toSec }) => spectrogram.select(fromSec, toSec), span);
    const kept = await keptSamples(session, span.fromSec, span.toSec);
    await session.evaluate(() => spectrogram.play());
    const played = await session.evaluate(() => {
      const source = playedSources[playedSources.length - 1];
      return source && { loop: source.loop, rate: source.buffer.sampleRate,
        channels: [0, 1].map((c) => Array.from(source.buffer.getChannelData(c))) };
    });
    assert.ok(played, 'a buffer was started towards the speakers');
    assert.equal(played.loop, false);
    assert.equal(played.rate, kept.rate, 'played at the capture rate');
    for (let c = 0; c < 2; c++) {
      assert.equal(played.channels[c].length, kept.channels[c].length, `channel ${c}: the selection's length`);
      const differing = played.channels[c].findIndex((value, i) => value !== kept.channels[c][i]);
      assert.equal(differing, -1, `channel ${c}: sample ${differing} differs from the kept sound`);
    }
    // The playhead moves through the selection, then the single play ends.
    // The playhead moves through the 1 s selection (sampled twice, 300 ms apart, both while it
    // plays), then the single play ends.
    const first = await session.waitForFunction(() => spectrogram.stats().playback.playing && spectrogram.stats().playback, null, 5000);
    await sleep(300);
    const later = await session.evaluate(() => spectrogram.stats().playback);
    assert.ok(later.playing, `still playing 0.3 s into a 1 s selection: ${JSON.stringify(later)}`);
    assert.ok(first.positionSec >= span.fromSec - 1e-6 && later.positionSec <= span.toSec + 1e-6, 'inside the selection');
    assert.ok(later.positionSec > first.positionSec + 0.15, `the playhead moved: ${first.positionSec} then ${later.positionSec}`);
    await session.waitForFunction(() => !spectrogram.stats().playback.playing, null, 5000);
    assert.equal((await session.evaluate(() => spectrogram.stats().playback)).positionSec, null, 'no position once it has ended');
    // Loop: the same samples, repeated until stopped.
    await session.evaluate(() => spectrogram.play({ loop: true }));
    const looped = await session.evaluate(() => playedSources[playedSources.length - 1].loop);
    assert.equal(looped, true);
    await sleep(1600);
    const looping = await session.evaluate(() => spectrogram.stats().playback);
    assert.ok(looping.playing && looping.positionSec >= span.fromSec - 1e-6 && looping.positionSec <= span.toSec + 1e-6,
      `still playing inside the selection after more than its length: ${JSON.stringify(looping)}`);
    await session.evaluate(() => spectrogram.stopPlaying());
    assert.equal((await session.evaluate(() => spectrogram.stats().playback)).playing, false);
  });
});

// The level a steady tone of the analysed samples reads: the generated level where the engine
// delivers it unaltered, else what arrived (a sine's RMS times sqrt 2, in dBFS).
function toneLevelDb(stats, generatedDb) {
  return caps.generatedStreamsAltered ? 20 * Math.log10(stats.inputRms * Math.SQRT2) : generatedDb;
}
const HALF_SCALE_DB = 20 * Math.log10(0.5);

engineTest('exportCSV() parses: a header of frequencies, a time column at the hop, dBFS peaking at the tone, as columnAt() reads', async () => {
  await withApp(microphonePlaying('csv', [{ hz: 1000, amplitude: 0.5 }]), async (session) => {
    await openAndStart(session, servers.isolated.url, 30);
    await session.evaluate(() => spectrogram.set({ fft: 4096, overlap: 75, padding: 1 }));
    await waitForStats(session, (s) => s.historySeconds > 4);
    const stats = await session.evaluate(() => spectrogram.stats());
    const view = await session.evaluate(() => spectrogram.view());
    const span = { fromSec: view.newestSec - 2.5, toSec: view.newestSec - 1.5 };
    const csv = await exportFile(session, 'exportCSV', span);
    assert.equal(csv.type, 'text/csv');
    assert.match(csv.name, /^spectrogram-\d{8}-\d{6}(-to-\d{6})?\.csv$/);
    const lines = csv.bytes.toString('utf8').trim().split('\n').map((line) => line.split(','));
    const [header, ...rows] = lines;
    assert.equal(header[0], 'time_s');
    const hz = header.slice(1).map(Number);
    assert.ok(hz.length > 100 && hz.every((f, i) => Number.isFinite(f) && (i === 0 || f > hz[i - 1])), 'rising frequencies');
    const secondsPerColumn = stats.hopFrames / stats.sampleRate;
    assert.ok(Math.abs(rows.length - 1 / secondsPerColumn) <= 2, `${rows.length} rows for 1 s at ${secondsPerColumn} s a column`);
    const toneRow = hz.reduce((best, f, i) => (Math.abs(Math.log(f / 1000)) < Math.abs(Math.log(hz[best] / 1000)) ? i : best), 0);
    const expectedDb = toneLevelDb(stats, HALF_SCALE_DB);
    // The level of every row, within 1 dB; a fake capture device under load now and then hands
    // over a glitched moment (one column a few dB low, seen once in Chromium's), so up to two
    // of the ~100 rows may stray, while the median holds to the same 1 dB.
    const levels = [];
    rows.forEach((row, k) => {
      assert.equal(row.length, header.length, `row ${k} has every frequency`);
      const values = row.map(Number);
      assert.ok(values.every(Number.isFinite), `row ${k} is numbers`);
      if (k > 0) assert.ok(Math.abs(values[0] - Number(rows[k - 1][0]) - secondsPerColumn) < 1e-5, `row ${k}: one hop after the last`);
      const db = values.slice(1);
      const peak = db.indexOf(Math.max(...db));
      assert.ok(Math.abs(peak - toneRow) <= 1, `row ${k}: the maximum at ${hz[peak]} Hz, not at the tone (${hz[toneRow]} Hz)`);
      levels.push(db[peak]);
    });
    const strays = levels.map((db, k) => [k, db]).filter(([, db]) => Math.abs(db - expectedDb) > 1);
    assert.ok(strays.length <= 2, `rows off the tone's level (${expectedDb} dBFS) by over 1 dB: ${JSON.stringify(strays)}`);
    const sortedLevels = [...levels].sort((a, b) => a - b);
    const medianLevel = sortedLevels[sortedLevels.length >> 1];
    assert.ok(Math.abs(medianLevel - expectedDb) <= 1, `median level ${medianLevel} dBFS, expected ${expectedDb}`);
    assert.ok(Number(rows[0][0]) >= span.fromSec - secondsPerColumn && Number(rows.at(-1)[0]) <= span.toSec + secondsPerColumn, 'the rows are the span');
    // The same numbers columnAt() gives (to the CSV's 0.001 dB).
    const middle = rows[rows.length >> 1];
    const column = await session.evaluate((t) => spectrogram.columnAt(t), Number(middle[0]));
    assert.ok(Math.abs(column.timeSec - Number(middle[0])) < 1e-5);
    for (const r of [0, toneRow, hz.length - 1]) assert.ok(Math.abs(column.db[r] - Number(middle[r + 1])) <= 0.0006, `row ${r}`);
    // Asked for right after a change of range: the file waits for the kept sound to be analysed
    // again, so every row is on the new rows. Two minutes of known sound (0.3 sin 440 Hz left,
    // 0.2 sin 660 Hz right: 440 Hz strongest in the mix), and a span far from the visible part,
    // which the re-analysis reaches last.
    await session.evaluate(() => spectrogram.stop());
    assert.equal(await session.evaluate(() => Module.fillHistoryForBenchmarks(120)), '');
    await reanalysed(session);
    const after = await session.evaluate(async () => {
      spectrogram.set({ fmin: 200, fmax: 5000, scale: 'linear' });
      const asked = spectrogram.stats().reanalysis.active;
      const blob = await spectrogram.exportCSV({ fromSec: 10, toSec: 11 });
      return { asked, doneBefore: !spectrogram.stats().reanalysis.active, text: await blob.text() };
    });
    assert.ok(after.asked, 'asked while the kept sound was analysed again');
    assert.ok(after.doneBefore, 'resolved once the re-analysis was done');
    const [newHeader, ...newRows] = after.text.trim().split('\n').map((line) => line.split(','));
    const newHz = newHeader.slice(1).map(Number);
    assert.ok(newHz[0] >= 200 && newHz.at(-1) <= 5000, `the new range: ${newHz[0]} to ${newHz.at(-1)} Hz`);
    const newTone = newHz.reduce((best, f, i) => (Math.abs(f - 440) < Math.abs(newHz[best] - 440) ? i : best), 0);
    assert.ok(newRows.length > 20, `${newRows.length} rows for 1 s`);
    newRows.forEach((row, k) => {
      const db = row.slice(1).map(Number);
      const peak = db.indexOf(Math.max(...db));
      assert.ok(Math.abs(peak - newTone) <= 1, `after the change, row ${k}: the maximum at ${newHz[peak]} Hz, not 440 Hz`);
    });
  });
});

// Pixels of the peak-hold curve (orange, drawn over the panel) in `region` of a decoded PNG:
// for each row of the region, the rightmost orange pixel's x from the region's left (or null).
function peakHoldCurve(png, region) {
  const xs = [];
  for (let y = Math.ceil(region.y) + 2; y < Math.floor(region.y + region.height) - 2; y++) {
    let found = null;
    for (let x = Math.ceil(region.x); x < Math.floor(region.x + region.width); x++) {
      const [r, g, b] = png.pixel(x, y);
      if (r > 120 && r > 1.2 * g && g > 1.5 * b && b < 110) found = x - region.x;
    }
    xs.push(found);
  }
  return xs;
}

engineTest('exportPNG(): the span at full column resolution, a caption strip (and text chunk) saying what it is, the peak hold as on screen', async () => {
  // The sequence keeps the last tone in the peak hold while the next plays: the hold and the
  // live curve differ, so the hold can be seen.
  await withApp(microphoneSequence('png', SEQUENCE_HZ, SEGMENT_S, 0.5), async (session) => {
    await openAndStart(session, servers.isolated.url, 30);
    // No pitch trace: its line would hide the tones' colour, which is what is judged here.
    await session.evaluate(() => spectrogram.set({ fft: 4096, overlap: 90, padding: 1, scale: 'log', fmin: 50, fmax: 10000, pitch: false }));
    await waitForStats(session, (s) => s.historySeconds > 6);
    await session.press('Space');
    await session.waitForFunction(() => !spectrogram.view().live, null, 5000);
    await sleep(500);  // a frame of the frozen view on screen
    const { stats, view, settings, screen, canvasTop } = await session.evaluate(() => ({
      stats: spectrogram.stats(), view: spectrogram.view(), settings: spectrogram.settings(), screen: spectrogram.layout(),
      canvasTop: document.getElementById('canvas').getBoundingClientRect().top,
    }));
    const shot = `${process.env.TMPDIR || '/tmp'}/spectrogram-png-test-${ENGINE}-${process.pid}.png`;
    await session.screenshot(shot);
    const span = { fromSec: view.newestSec - 4, toSec: view.newestSec - 1 };
    const file = await exportFile(session, 'exportPNG', span);
    assert.equal(file.type, 'image/png');
    assert.match(file.name, /^spectrogram-\d{8}-\d{6}(-to-\d{6})?\.png$/);
    const png = decodePng(file.bytes);
    if (process.env.SPECTRO_KEEP_PICTURES) writeFileSync(`${process.env.SPECTRO_KEEP_PICTURES}/export-${ENGINE}.png`, file.bytes);
    const region = (layout, name) => layout.find((r) => r.name === name);
    const plot = region(file.layout, 'plot'), screenPlot = region(screen, 'plot');
    // Full column resolution: one pixel a column for the 3 s asked for, as tall as the screen's plot.
    const columns = (span.toSec - span.fromSec) * stats.sampleRate / stats.hopFrames;
    assert.equal(plot.width, Math.round(columns), `plot ${plot.width} px for ${columns} columns`);
    assert.equal(plot.height, screenPlot.height);
    assert.ok(png.width >= plot.x + plot.width && png.height >= plot.y + plot.height);
    // The tones: at their rows, in the colormap's loudest colours (not the pitch trace's white),
    // together across the whole width (the sequence leaves no moment silent).
    const loud = ([r, g, b]) => r > 150 && g > 150 && b < 120;
    // An engine whose stream now and then gives something else than the generated sound
    // (caps.micDropouts: silence, or a stretch out of place): the pixels whose own kept samples
    // hold none of the sequence's tones at its level (a Hann-windowed Goertzel over the pixel's
    // moment) are excused, and only those.
    const silent = new Array(plot.width).fill(false);
    if (caps.micDropouts) {
      const kept = (await keptSamples(session, span.fromSec, span.toSec)).channels[0];
      const half = 1024;
      for (let p = 0; p < plot.width; p++) {
        const centre = Math.floor((p + 0.5) * kept.length / plot.width);
        const a = Math.max(0, centre - half), b = Math.min(kept.length, centre + half);
        let strongest = 0;
        for (const hz of SEQUENCE_HZ) {
          let re = 0, im = 0, gain = 0;
          for (let i = a; i < b; i++) {
            const w = 0.5 - 0.5 * Math.cos(2 * Math.PI * (i - a) / (b - a));
            const phase = 2 * Math.PI * hz * i / stats.sampleRate;
            re += w * kept[i] * Math.cos(phase);
            im += w * kept[i] * Math.sin(phase);
            gain += w;
          }
          strongest = Math.max(strongest, 2 * Math.hypot(re, im) / gain);  // the tone's amplitude
        }
        silent[p] = strongest < 0.1;  // the sequence plays at 0.5: under -20 dBFS it is not there
      }
    }
    let lit = 0, excused = 0;
    for (let x = plot.x; x < plot.x + plot.width; x++) {
      const on = SEQUENCE_HZ.some((hz) => {
        const y = Math.round(plot.y + plot.height * (1 - Math.log(hz / view.fminHz) / Math.log(view.fmaxHz / view.fminHz)));
        return [-2, -1, 0, 1, 2].some((d) => loud(png.pixel(x, y + d)));
      });
      if (on) lit++;
      else if (silent[x - plot.x]) excused++;
    }
    if (excused > 0) console.log(`[${ENGINE}] exportPNG: ${excused} px excused (the engine's stream held no sequence tone there)`);
    assert.ok(excused <= plot.width / 2, `${excused} of ${plot.width} px without the sequence: the stream hardly played`);
    assert.ok(lit >= 0.97 * (plot.width - excused), `the tones fill the span: ${lit} of ${plot.width} px lit (${excused} silent)`);
    // The caption: drawn in its strip, and in the file's Description.
    const caption = pngText(file.bytes).Description;
    assert.ok(caption, 'the PNG carries its caption as text');
    for (const part of [`${Math.round(stats.sampleRate)} Hz`, `FFT ${settings.fft}`, `window ${settings.window} ${stats.windowLength}`,
      `hop ${stats.hopFrames}`, '| stft |', 'log 50-10000 Hz', `${settings.floor} to ${settings.ceil} dBFS`]) {
      assert.ok(caption.includes(part), `the caption names ${part}: ${caption}`);
    }
    assert.match(caption, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}( to \d{2}:\d{2}:\d{2})? \(3\.00 s\)/);
    const strip = region(file.layout, 'caption');
    assert.ok(strip && strip.height > 8 && strip.y + strip.height <= png.height, 'a caption strip');
    assert.deepEqual(png.pixel(strip.x + 1, strip.y + 1), [30, 30, 38], 'the strip is drawn');
    const brightness = (x, y) => png.pixel(x, y).reduce((a, b) => a + b) / 3;
    let text = 0;
    for (let x = strip.x; x < strip.x + strip.width; x++) for (let y = strip.y; y < strip.y + strip.height; y++) if (brightness(x, y) > 150) text++;
    assert.ok(text > 500, `the strip holds text (${text} light pixels)`);
    // The peak-hold curve: where the screen draws it (a fraction of the panel's width, row by row).
    const screenPng = decodePng(readFileSync(shot));
    if (process.env.SPECTRO_KEEP_PICTURES) writeFileSync(`${process.env.SPECTRO_KEEP_PICTURES}/screen-${ENGINE}.png`, readFileSync(shot));
    rmSync(shot, { force: true });
    const onScreen = region(screen, 'spectrum'), inFile = region(file.layout, 'spectrum');
    const screenCurve = peakHoldCurve(screenPng, { ...onScreen, y: onScreen.y + canvasTop });
    const exportCurve = peakHoldCurve(png, inFile);
    assert.equal(exportCurve.length, screenCurve.length, 'the panels are as tall');
    const both = screenCurve.map((x, i) => [x, exportCurve[i]]).filter(([p, q]) => p !== null && q !== null)
      .map(([p, q]) => [p / onScreen.width, q / inFile.width]);
    const shown = screenCurve.filter((x) => x !== null).length;
    assert.ok(shown >= 20, `the screen shows the peak hold (${shown} rows)`);
    assert.ok(both.length >= 0.8 * shown, `the export shows it where the screen does (${both.length} of ${shown} rows)`);
    const worst = Math.max(...both.map(([p, q]) => Math.abs(p - q)));
    assert.ok(worst <= 0.03, `the exported peak hold departs from the screen's by ${(worst * 100).toFixed(1)} % of the panel`);
    const spread = Math.max(...both.map(([, q]) => q)) - Math.min(...both.map(([, q]) => q));
    assert.ok(spread > 0.3, `the exported peak hold is a spectrum, not a line (spread ${spread.toFixed(2)} of the panel)`);
  });
});

// Where the automation reports no downloads: the page's download links, recorded as they are
// clicked ({name, blob}) instead of saved (the page's CSP does not let a test fetch blob: URLs).
const RECORD_DOWNLOADS = `
  globalThis.recordedDownloads = [];
  const blobs = new Map();
  const createObjectURL = URL.createObjectURL;
  URL.createObjectURL = function (blob) { const url = createObjectURL.call(URL, blob); blobs.set(url, blob); return url; };
  const click = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function () {
    if (this.download) { recordedDownloads.push({ name: this.download, blob: blobs.get(this.href) }); return; }
    return click.call(this);
  };`;

engineTest('the PNG button downloads the visible view as spectrogram-YYYYMMDD-HHMMSS[-to-HHMMSS].png', async () => {
  const options = caps.download ? microphonePlaying('download', [{ hz: 1000, amplitude: 0.5 }])
    : withInitScripts(microphonePlaying('download', [{ hz: 1000, amplitude: 0.5 }]), RECORD_DOWNLOADS);
  await withApp(options, async (session) => {
    await openAndStart(session, servers.isolated.url, 30);
    await waitForStats(session, (s) => s.historySeconds > 3);
    let name, bytes;
    if (caps.download) {
      // The browser's own download, as a person gets it.
      const { page } = session.native;
      const [download] = await Promise.all([page.waitForEvent('download'), clickButton(session, 'png')]);
      name = download.suggestedFilename();
      bytes = readFileSync(await download.path());
    } else {
      await clickButton(session, 'png');
      await session.waitForFunction(() => globalThis.recordedDownloads.length > 0, null, 10000);
      const recorded = await session.evaluate(async () => {
        const { name: file, blob } = recordedDownloads[0];
        const data = new Uint8Array(await blob.arrayBuffer());
        let binary = '';
        for (let i = 0; i < data.length; i += 0x8000) binary += String.fromCharCode(...data.subarray(i, i + 0x8000));
        return { file, base64: btoa(binary) };
      });
      name = recorded.file;
      bytes = Buffer.from(recorded.base64, 'base64');
    }
    assert.match(name, /^spectrogram-\d{8}-\d{6}(-to-\d{6})?\.png$/);
    const png = decodePng(bytes);
    const stats = await session.evaluate(() => spectrogram.stats());
    assert.ok(png.width > 300 && png.height > 300, `${png.width} x ${png.height}`);
    assert.match(await messageText(session), /Saved spectrogram-.*\.png/);
    assert.ok(stats.frameErrors === 0);
  });
});

// [SECTION] gaps

// "-12 s" -> -12; "stopped 4 s" and others -> null.
function secondsOf(label) {
  const match = /^(-?\d+(?:\.\d+)?) s$/.exec(label);
  return match ? Number(match[1]) : null;
}

engineTest('a stop and a start are one mark on the time axis, "stopped N s", and the labels stay true on both sides', async () => {
  await withApp(microphonePlaying('gap', [{ hz: 1000, amplitude: 0.5 }]), async (session) => {
    await openAndStart(session, servers.isolated.url, 30);
    await session.evaluate(() => spectrogram.set({ span: 20 }));
    await waitForStats(session, (s) => s.historySeconds > 4);
    await session.evaluate(() => spectrogram.stop());
    const stoppedAt = Date.now();
    await sleep(5000);
    await clickButton(session, 'start');
    await waitForStats(session, (s) => s.framesAnalyzed > 0 && s.inputRms > 0);
    const restartedAt = Date.now();
    // Why 4 s: a clock label after the mark needs about 2.5 s of new sound to fit before the
    // plot's edge; on a loaded machine the first second after the restart can come late.
    await sleep(4000);
    await session.press('Space');  // hold the labels still while they are read
    const labels = await session.waitForFunction(() => !spectrogram.view().live && spectrogram.axis(), null, 5000);
    const now = Date.now();
    const marks = labels.filter((l) => /^stopped \d+ s$/.test(l.text));
    assert.equal(marks.length, 1, `one stop mark: ${JSON.stringify(labels)}`);
    const pause = (restartedAt - stoppedAt) / 1000;
    const shown = Number(/\d+/.exec(marks[0].text)[0]);
    assert.ok(Math.abs(shown - pause) <= 1.5, `the mark says ${shown} s for a ${pause.toFixed(1)} s stop`);
    const ticks = labels.filter((l) => secondsOf(l.text) !== null).sort((p, q) => p.x - q.x);
    const before = ticks.filter((l) => l.x < marks[0].x), after = ticks.filter((l) => l.x > marks[0].x);
    assert.ok(before.length >= 1 && after.length >= 1, `labels on both sides: ${JSON.stringify(labels)}`);
    ticks.forEach((l, i) => i > 0 && assert.ok(secondsOf(l.text) > secondsOf(ticks[i - 1].text), 'labels rise left to right'));
    // Seconds ago, by the clock on the wall: before the mark, at least the stop plus what came after.
    const sinceRestart = (now - restartedAt) / 1000;
    for (const l of before) assert.ok(-secondsOf(l.text) >= pause + sinceRestart - 1.5, `${l.text} before a ${pause.toFixed(1)} s stop ${sinceRestart.toFixed(1)} s ago`);
    for (const l of after) assert.ok(-secondsOf(l.text) <= sinceRestart + 1.5, `${l.text} after the restart ${sinceRestart.toFixed(1)} s ago`);
    // Time of day: the labels before the mark are the stop's length earlier than a steady clock would say.
    await session.evaluate(() => spectrogram.set({ clock: 'wall' }));
    const clock = await session.waitForFunction(() => spectrogram.axis().some((l) => /^\d\d:\d\d:\d\d$/.test(l.text)) && spectrogram.axis(), null, 5000);
    const seconds = (text) => text.split(':').map(Number).reduce((a, b) => 60 * a + b);
    const wall = clock.filter((l) => /^\d\d:\d\d:\d\d$/.test(l.text)).sort((p, q) => p.x - q.x);
    const mark = clock.find((l) => /^stopped/.test(l.text));
    const left = wall.filter((l) => l.x < mark.x).at(-1), right = wall.find((l) => l.x > mark.x);
    assert.ok(left && right, `clock labels on both sides: ${JSON.stringify(clock)}`);
    const plot = (await session.evaluate(() => spectrogram.layout())).find((r) => r.name === 'plot');
    const view = await session.evaluate(() => spectrogram.view());
    const recorded = (right.x - left.x) / plot.width * (view.endSec - view.startSec);  // seconds of sound between them
    const elapsed = seconds(right.text) - seconds(left.text);
    assert.ok(Math.abs(elapsed - recorded - pause) <= 1.5, `${left.text} .. ${right.text}: ${elapsed} s on the clock for ${recorded.toFixed(1)} s of sound and a ${pause.toFixed(1)} s stop`);
  });
});
