// analysis.test.mjs: the analysis modes, the pitch tracker, scales and weightings in the engine
// under test (SPECTRO_ENGINE), on known signals: a tone between bins in reassigned mode, a low
// semitone dyad in multires mode, a sung-like harmonic tone's pitch (also while the picture is
// paused), and every mode and scale running without an error.
import assert from 'node:assert/strict';
import {
  caps, engineTest, serversForTests, withApp, openAndStart, waitForStats, medianOf, microphonePlaying, sleep,
} from './harness.mjs';

const servers = serversForTests();

// Waits until `count` more columns have been finished after a settings change, and (in the
// multi-resolution modes, which start afresh on a change) until their longest window (~1.5 s)
// holds only sound analysed since.
async function columnsAfterChange(session, count) {
  const start = await session.evaluate(() => spectrogram.stats().framesAnalyzed);
  await waitForStats(session, (s) => {
    const perSecond = s.sampleRate / s.hopFrames;
    const fill = s.mode.startsWith('multires') ? 1.6 * perSecond : 0;
    return s.framesAnalyzed > start + count + fill + s.columnLatencyMs / 1000 * perSecond;
  });
}

// In the page: the ridge nearest `near` Hz (within `search` Hz) of the newest column: its energy
// summed over the rows it occupies (dB), and its energy-weighted centre frequency.
function ridgeReading({ near, search }) {
  const column = spectrogram.latestColumn();
  let peak = -1;
  for (let r = 0; r < column.hz.length; r++) {
    if (Math.abs(column.hz[r] - near) > search) continue;
    if (peak < 0 || column.db[r] > column.db[peak]) peak = r;
  }
  let first = peak, last = peak;
  while (first > 0 && column.db[first - 1] < column.db[first] && column.db[first - 1] > -190) first--;
  while (last < column.db.length - 1 && column.db[last + 1] < column.db[last] && column.db[last + 1] > -190) last++;
  let energy = 0, moment = 0;
  for (let r = first; r <= last; r++) {
    const e = 10 ** (column.db[r] / 10);
    energy += e;
    moment += e * column.hz[r];
  }
  return { hz: moment / energy, db: 10 * Math.log10(energy), rowHz: column.hz[1] - column.hz[0],
    widthHz: column.hz[last] - column.hz[first], inputRms: spectrogram.stats().inputRms };
}

engineTest('reassigned: a tone between bins reads within 1 Hz and 0.5 dB in latestColumn()', async () => {
  const tone = { hz: 1234.5, amplitude: 0.5 };  // 114.6 bins of 4096 at 44.1 kHz, 102.9 at 48 kHz
  await withApp(microphonePlaying('reassigned-tone', [tone]), async (session) => {
    await openAndStart(session, servers.isolated.url, 20);
    await session.evaluate(() => spectrogram.set({ mode: 'reassigned', scale: 'linear', fmin: 1100, fmax: 1400 }));
    await columnsAfterChange(session, 20);
    const reading = await medianOf(() => session.evaluate(ridgeReading, { near: tone.hz, search: 20 }));
    assert.ok(reading.rowHz < 1, `rows ${reading.rowHz} Hz apart: dense enough to place a tone within 1 Hz`);
    assert.ok(Math.abs(reading.hz - tone.hz) <= 1, `reassigned tone at ${reading.hz} Hz, expected ${tone.hz} (readings ${JSON.stringify(reading.readings)})`);
    // The level of what arrived (a lone sine: amplitude = RMS x sqrt 2), in every engine; and
    // the generated level where the engine delivers generated streams unaltered.
    const arrivedDb = 20 * Math.log10(Math.SQRT2 * reading.inputRms);
    assert.ok(Math.abs(reading.db - arrivedDb) <= 0.5, `tone energy ${reading.db} dBFS, the input's ${arrivedDb}`);
    if (!caps.generatedStreamsAltered) {
      assert.ok(Math.abs(reading.db - 20 * Math.log10(tone.amplitude)) <= 0.5, `tone energy ${reading.db} dBFS, expected -6.02`);
    }
    const binHz = (await session.evaluate(() => spectrogram.stats().sampleRate)) / 4096;
    assert.ok(reading.widthHz <= binHz / 2, `the ridge is ${reading.widthHz} Hz wide (a Hann main lobe: ${4 * binHz} Hz)`);
    const stats = await session.evaluate(() => spectrogram.stats());
    assert.equal(stats.mode, 'reassigned');
    assert.ok(stats.columnLatencyMs > 0 && stats.columnLatencyMs <= 1000 * stats.windowLength / 2 / stats.sampleRate + 1e-6,
      `added latency ${stats.columnLatencyMs} ms, at most half a window`);
    assert.equal(stats.frameErrors + stats.pageErrors, 0);
  });
});

// In the page: the levels at the two tones' rows of the newest column and the lowest level
// between them.
function dyadReading({ low, high }) {
  const column = spectrogram.latestColumn();
  const nearest = (hz) => {
    let best = -1;
    for (let r = 0; r < column.hz.length; r++) if (Math.abs(column.hz[r] - hz) < 0.8 && (best < 0 || column.db[r] > column.db[best])) best = r;
    return best;
  };
  const a = nearest(low), b = nearest(high);
  let dip = Infinity;
  for (let r = a + 1; r < b; r++) dip = Math.min(dip, column.db[r]);
  return { low: column.db[a], high: column.db[b], dip: Math.min(column.db[a], column.db[b]) - dip };
}

engineTest('multires: A1 and A#1 played together are resolved; the plain STFT merges them', async () => {
  const a1 = 55, aSharp1 = 55 * 2 ** (1 / 12);
  await withApp(microphonePlaying('semitone-dyad', [{ hz: a1, amplitude: 0.25 }, { hz: aSharp1, amplitude: 0.25 }]), async (session) => {
    await openAndStart(session, servers.isolated.url, 10);
    await session.evaluate(() => spectrogram.set({ mode: 'multires', scale: 'log', fmin: 30, fmax: 200 }));
    await columnsAfterChange(session, 400);  // the lowest band's window (~1.4 s) is full of the dyad
    // Why medianOf and levels relative to each other: the dyad beats at 3.3 Hz, so a frame's RMS
    // swings from 0 to twice a tone's and cannot tell an attenuated stream (WebKit) from a
    // trough; absolute levels are checked with steady tones elsewhere.
    const multires = await medianOf(() => session.evaluate(dyadReading, { low: a1, high: aSharp1 }));
    assert.ok(multires.dip >= 6, `dip between A1 and A#1: ${multires.dip} dB (readings ${JSON.stringify(multires.readings)})`);
    assert.ok(Math.abs(multires.low - multires.high) <= 1.5, `equal tones read ${multires.low} and ${multires.high} dBFS`);
    await session.evaluate(() => spectrogram.set({ mode: 'stft' }));
    await columnsAfterChange(session, 30);
    const stft = await medianOf(() => session.evaluate(dyadReading, { low: a1, high: aSharp1 }));
    assert.ok(stft.dip < 3, `the default STFT (bins ~11 Hz) should not separate them, dip ${stft.dip} dB`);
  });
});

// A sung-like G3: harmonics falling off like a voice's, the fundamental not the loudest.
const G3 = 195.9977;
const sungG3 = [0.12, 0.2, 0.16, 0.1, 0.08, 0.05, 0.04, 0.03, 0.02, 0.015].map((amplitude, k) => ({ hz: G3 * (k + 1), amplitude }));

engineTest('pitch: a sung-like harmonic tone reads G3 within 10 cents, also while the picture is paused', async () => {
  await withApp(microphonePlaying('sung-g3', sungG3), async (session) => {
    await openAndStart(session, servers.isolated.url, 20);
    await sleep(1000);
    // A pitch does not depend on the level: every reading counts.
    const reading = async () => medianOf(() => session.evaluate(() => {
      const track = spectrogram.pitchTrack(0.5).filter((p) => p.hz !== null).map((p) => p.hz).sort((a, b) => a - b);
      const now = spectrogram.pitch();
      return { hz: track.length ? track[Math.floor(track.length / 2)] : 0, voiced: track.length, timeSec: now ? now.timeSec : 0 };
    }));
    const live = await reading();
    const cents = 1200 * Math.log2(live.hz / G3);
    assert.ok(Math.abs(cents) <= 10, `pitch ${live.hz} Hz is ${cents} cents from G3`);
    const now = await session.evaluate(() => spectrogram.pitch());
    assert.equal(now.note, 'G3');
    assert.ok(Math.abs(now.cents) <= 10, `pitch() says ${now.note} ${now.cents} cents`);
    assert.ok(now.confidence >= 0.7);
    // Pause the picture (Space): capture and pitch go on.
    await session.press('Space');
    await sleep(1500);
    const paused = await reading();
    assert.equal((await session.evaluate(() => spectrogram.stats())).capturing, true);
    assert.ok(paused.timeSec > live.timeSec + 1, `pitch time ${paused.timeSec} s advanced from ${live.timeSec} s while paused`);
    assert.ok(Math.abs(1200 * Math.log2(paused.hz / G3)) <= 10);
  });
});

engineTest('every mode and scale runs, with weighting, tilt and A4 set, without an error', async () => {
  await withApp(microphonePlaying('mode-tour', [{ hz: 440, amplitude: 0.3 }, { hz: 3000, amplitude: 0.1 }]), async (session) => {
    await openAndStart(session, servers.isolated.url, 10);
    // Every scale in the STFT mode, every other mode on a scale of its own (each combination
    // shares the same code paths: the mode's engine and the scale's warp).
    const tour = ['log', 'mel', 'bark', 'erb', 'note', 'linear'].map((scale) => ['stft', scale])
      .concat([['reassigned', 'note'], ['multires', 'mel'], ['multires-reassigned', 'erb'], ['reassigned', 'log']]);
    for (const [mode, scale] of tour) {
      {
        const applied = await session.evaluate((s) => spectrogram.set(s),
          { mode, scale, fmin: 50, fmax: 8000, weighting: 'a', tilt: 3, a4: 432 });
        assert.equal(applied.mode, mode);
        assert.equal(applied.scale, scale);
        await columnsAfterChange(session, 3);
        const column = await session.evaluate(() => {
          const c = spectrogram.latestColumn();
          let increasing = true;
          for (let r = 1; r < c.hz.length; r++) increasing = increasing && c.hz[r] > c.hz[r - 1];
          let loudest = 0;
          for (let r = 1; r < c.hz.length; r++) if (c.db[r] > c.db[loudest]) loudest = r;
          return { first: c.hz[0], last: c.hz[c.hz.length - 1], increasing, loudestHz: c.hz[loudest], finite: c.db.every(Number.isFinite) };
        });
        const where = `${mode} on ${scale}`;
        assert.ok(column.increasing && column.finite, where);
        assert.ok(column.first >= 50 && column.first < 60 && column.last > 7900 && column.last <= 8000, `${where}: rows span ${column.first}-${column.last} Hz`);
        assert.ok(Math.abs(1200 * Math.log2(column.loudestHz / 440)) < 100, `${where}: loudest row at ${column.loudestHz} Hz`);
      }
    }
    const stats = await session.evaluate(() => spectrogram.stats());
    assert.equal(stats.frameErrors + stats.pageErrors, 0);
    assert.equal(stats.droppedSamples, 0);
  });
});
