// file.test.mjs: opening recordings, in every engine: files made at test time (sox, and
// tests/convert_audio.cpp for MP3 and Opus, which sox cannot write) with tones at known times,
// frequencies and levels, opened by the file chooser and by a simulated drop; columnAt() must
// find each tone at its time, frequency and level, and silence at the floor. Also: channel
// choice, the PNG caption, a truncated WAV and FLAC, corrupt files (the open file is kept), the
// question when the microphone is on, Cancel, a file chosen during another's reading, Clear and
// Start after a file, the browser's CSV against spectrogram-cli's, and (Chromium) a 20-minute
// file whose page (its renderer process) stays under the 400 MB and that a settings
// change reads again.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  ENGINE, clickButton, engineTest, exportFile, microphonePlaying, openAndStart, openApp, pngText, root, sampleBrowserMemory,
  serversForTests, sleep, withApp, withInitScripts,
} from './harness.mjs';

const servers = serversForTests();
const dir = mkdtempSync(path.join(tmpdir(), 'spectrogram-files-'));
const CONVERT = path.join(root, 'build/native-release/tests/convert-audio');
const A_DB = 20 * Math.log10(0.5);    // the 440 Hz tone: amplitude 0.5
const B_DB = 20 * Math.log10(0.25);   // the 2 kHz tone: amplitude 0.25

// [SECTION] files

function sox(...args) { execFileSync('sox', args); }

// 440 Hz at 0.5 for 0-2 s, silence 2-3 s, 2000 Hz at 0.25 for 3-5 s, silence 5-6 s: the same
// in every channel. `format`: sox output options before the name.
function tones(name, { rate = 48000, channels = 2, format = ['-b', '16'] } = {}) {
  const file = path.join(dir, name);
  if (existsSync(file)) return file;
  const part = (n, ...synth) => {
    const p = path.join(dir, `part-${rate}-${n}.wav`);
    sox('-D', '-n', '-r', String(rate), '-c', '1', '-e', 'floating-point', '-b', '32', p, ...synth);
    return p;
  };
  const parts = [part('a', 'synth', '2', 'sine', '440', 'vol', '0.5'), part('s', 'trim', '0', '1'),
    part('b', 'synth', '2', 'sine', '2000', 'vol', '0.25'), part('s', 'trim', '0', '1')];
  const mono = path.join(dir, `mono-${rate}.wav`);
  sox(...parts, mono);
  if (/\.(mp3|opus)$/.test(name)) {
    const wav = path.join(dir, `${name}.wav`);
    sox('-D', mono, '-b', '16', wav, 'remix', ...Array(channels).fill('1'));
    execFileSync(CONVERT, [wav, file]);
  } else {
    sox('-D', mono, ...format, file, 'remix', ...Array(channels).fill('1'));
  }
  return file;
}

const FORMATS = [
  { name: 'pcm16.wav', format: 'WAV 16-bit', make: () => tones('pcm16.wav') },
  { name: 'pcm24-44k-mono.wav', format: 'WAV 24-bit', rate: 44100, channels: 1, make: () => tones('pcm24-44k-mono.wav', { rate: 44100, channels: 1, format: ['-b', '24'] }) },
  { name: 'pcm8.wav', format: 'WAV 8-bit', tolDb: 0.5, make: () => tones('pcm8.wav', { format: ['-b', '8', '-e', 'unsigned-integer'] }) },
  { name: 'pcm32.wav', format: 'WAV 32-bit', make: () => tones('pcm32.wav', { format: ['-b', '32', '-e', 'signed-integer'] }) },
  { name: 'float32.wav', format: 'WAV 32-bit float', make: () => tones('float32.wav', { format: ['-b', '32', '-e', 'floating-point'] }) },
  { name: 'float64-6ch.wav', format: 'WAV 64-bit float', channels: 6, make: () => tones('float64-6ch.wav', { channels: 6, format: ['-b', '64', '-e', 'floating-point'] }) },
  { name: 'tones.flac', format: 'FLAC', make: () => tones('tones.flac') },
  { name: 'tones.ogg', format: 'Ogg Vorbis', lossy: true, make: () => tones('tones.ogg', { format: ['-C', '10'] }) },
  { name: 'tones.opus', format: 'Ogg Opus', lossy: true, make: () => tones('tones.opus') },
  { name: 'tones.mp3', format: 'MP3', lossy: true, make: () => tones('tones.mp3') },
];

// [SECTION] the page

// Opens `file` by the chooser and waits for its overview (or a message): {file, message}.
async function choose(session, file) {
  await session.evaluate(() => { globalThis.spectrogramTestStarted = performance.now(); });
  await session.chooseFile('#file-input', file);
  return waitForOutcome(session, path.basename(file));
}

async function waitForOutcome(session, name, timeoutMs = 60000) {
  return session.waitForFunction((wanted) => {
    const file = spectrogram.stats().file;
    const message = document.getElementById('file-message').hidden ? '' : document.getElementById('file-message-text').textContent;
    if (file && file.name === wanted && file.ready) return { file, message };
    if (message.includes(wanted)) return { file, message };
    return null;
  }, name, timeoutMs);
}

// The strongest row of the column at each time: [{timeSec, hz, db}].
async function peaksAt(session, times) {
  return session.evaluate((list) => list.map((t) => {
    const column = spectrogram.columnAt(t);
    if (!column) return { timeSec: t, hz: null, db: null };
    let best = 0;
    for (let r = 1; r < column.db.length; r++) if (column.db[r] > column.db[best]) best = r;
    return { timeSec: t, hz: column.hz[best], db: column.db[best] };
  }), times);
}

// The tones at their times (with a quarter second of margin for the longest window), silence
// between them.
async function assertTones(session, label, { lossy = false, tolDb = 0.3 } = {}) {
  const [a1, a2, gap1, b1, b2, gap2] = await peaksAt(session, [0.5, 1.75, 2.5, 3.25, 4.75, 5.5]);
  const near = (hz, want) => hz !== null && Math.abs(hz - want) / want < 0.03;
  const levelTol = lossy ? 1.0 : tolDb;
  for (const p of [a1, a2]) {
    assert.ok(near(p.hz, 440), `${label}: 440 Hz at ${p.timeSec} s, found ${p.hz} Hz`);
    assert.ok(Math.abs(p.db - A_DB) < levelTol, `${label}: 440 Hz at ${A_DB.toFixed(2)} dBFS, read ${p.db}`);
  }
  for (const p of [b1, b2]) {
    assert.ok(near(p.hz, 2000), `${label}: 2 kHz at ${p.timeSec} s, found ${p.hz} Hz`);
    assert.ok(Math.abs(p.db - B_DB) < levelTol, `${label}: 2 kHz at ${B_DB.toFixed(2)} dBFS, read ${p.db}`);
  }
  for (const p of [gap1, gap2]) {
    assert.ok(p.db !== null && p.db < (lossy ? -60 : -90), `${label}: silence at ${p.timeSec} s, read ${p.db} dB at ${p.hz} Hz`);
  }
}

// [SECTION] tests

engineTest('each format, opened by the file chooser, shows its tones at their times, frequencies and levels', async () => {
  const files = FORMATS.map((f) => ({ ...f, file: f.make() }));
  await withApp({}, async (session) => {
    await openApp(session, servers.isolated.url);
    for (const f of files) {
      const { file, message } = await choose(session, f.file);
      assert.equal(message, '', `${f.name}: no message expected, got "${message}"`);
      assert.equal(file.format, f.format, `${f.name}: format`);
      assert.equal(file.sampleRate, f.rate || 48000, `${f.name}: rate`);
      assert.equal(file.channels, f.channels || 2, `${f.name}: channels`);
      assert.ok(Math.abs(file.durationSec - 6) < 0.01, `${f.name}: 6 s, read ${file.durationSec}`);
      assert.equal(file.progress, 1);
      assert.equal(file.truncated, false);
      await assertTones(session, f.name, f);
      const view = await session.evaluate(() => spectrogram.view());
      assert.ok(view.startSec <= 0.01 && Math.abs(view.endSec - 6) < 0.1, `${f.name}: the whole file in view (${view.startSec}..${view.endSec})`);
    }
    // The PNG's caption names the file (the last one: MP3).
    const png = await exportFile(session, 'exportPNG', { fromSec: 0, toSec: 6 });
    const caption = pngText(png.bytes).Description;
    assert.match(caption, /tones\.mp3 \(MP3, 48 kHz, 2 channels, 0:06\)/, `caption: ${caption}`);
  });
});

engineTest('each format dropped on the page opens the same way', async () => {
  const files = FORMATS.map((f) => ({ ...f, file: f.make() }));
  await withApp({}, async (session) => {
    await openApp(session, servers.isolated.url);
    for (const f of files) {
      const name = `dropped-${f.name}`;
      await session.evaluate(({ base64, name }) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const transfer = new DataTransfer();
        transfer.items.add(new File([bytes], name));
        const canvas = document.getElementById('canvas');
        for (const type of ['dragenter', 'dragover', 'drop']) {
          canvas.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
        }
      }, { base64: readFileSync(f.file).toString('base64'), name });
      const { file, message } = await waitForOutcome(session, name);
      assert.equal(message, '', `${name}: no message expected, got "${message}"`);
      assert.equal(file.format, f.format);
      await assertTones(session, name, f);
      assert.equal(await session.evaluate(() => document.getElementById('drop-target').hidden), true, 'the drop hint is gone');
    }
  });
});

engineTest('the channel setting picks the left, the right or the mix of a stereo file', async () => {
  const file = path.join(dir, 'left440-right2000.wav');
  sox('-D', '-n', '-r', '48000', '-c', '2', '-b', '16', file, 'synth', '3', 'sine', '440', 'sine', '2000', 'vol', '0.5');
  await withApp({}, async (session) => {
    await openApp(session, servers.isolated.url);
    await choose(session, file);
    for (const [channel, hz] of [['left', 440], ['right', 2000]]) {
      await session.evaluate((c) => spectrogram.set({ channel: c }), channel);
      await session.waitForFunction(() => spectrogram.stats().file.ready && !spectrogram.stats().reanalysis.active);
      const [peak] = await peaksAt(session, [1.5]);
      assert.ok(Math.abs(peak.hz - hz) / hz < 0.03, `${channel}: ${hz} Hz, found ${peak.hz}`);
      assert.ok(Math.abs(peak.db - A_DB) < 0.3, `${channel}: ${A_DB.toFixed(2)} dBFS, read ${peak.db}`);
    }
  });
});

engineTest('each channel: left above right, each lane its own channel in the picture, readout, CSV and caption', async () => {
  const file = path.join(dir, 'left440-right2000.wav');
  if (!existsSync(file)) sox('-D', '-n', '-r', '48000', '-c', '2', '-b', '16', file, 'synth', '3', 'sine', '440', 'sine', '2000', 'vol', '0.5');
  await withApp({}, async (session) => {
    await openApp(session, servers.isolated.url);
    await choose(session, file);
    await session.evaluate(() => spectrogram.set({ channel: 'each' }));
    await session.waitForFunction(() => spectrogram.stats().file.ready && !spectrogram.stats().reanalysis.active);
    // columnAt(): each lane's rows on their own, its loudest row at its channel's tone, and
    // the other channel's tone absent from it.
    const lanes = await session.evaluate(() => spectrogram.columnAt(1.5).lanes.map((lane) => {
      let best = 0;
      for (let r = 1; r < lane.db.length; r++) if (lane.db[r] > lane.db[best]) best = r;
      const levelAt = (hz) => {
        let row = 0;
        for (let r = 1; r < lane.hz.length; r++) if (Math.abs(lane.hz[r] - hz) < Math.abs(lane.hz[row] - hz)) row = r;
        return lane.db[row];
      };
      return { channel: lane.channel, rows: lane.db.length, hz: lane.hz[best], db: lane.db[best], at440: levelAt(440), at2000: levelAt(2000) };
    }));
    assert.deepEqual(lanes.map((l) => l.channel), ['left', 'right'], JSON.stringify(lanes));
    const [left, right] = lanes;
    assert.ok(Math.abs(left.hz - 440) / 440 < 0.03 && Math.abs(left.db - A_DB) < 0.3, `left lane: ${JSON.stringify(left)}`);
    assert.ok(Math.abs(right.hz - 2000) / 2000 < 0.03 && Math.abs(right.db - A_DB) < 0.3, `right lane: ${JSON.stringify(right)}`);
    assert.ok(left.at2000 < -60 && right.at440 < -60, `each lane holds only its channel: ${JSON.stringify(lanes)}`);
    // peak() and latestFrame() (the analysis's newest frame, the file's last): each lane's own.
    const peak = await session.evaluate(() => spectrogram.peak());
    assert.deepEqual(peak.lanes.map((l) => l.channel), ['left', 'right'], JSON.stringify(peak));
    assert.ok(Math.abs(peak.lanes[0].hz - 440) < 0.5 && peak.lanes[0].note === 'A4' && Math.abs(peak.lanes[0].db - A_DB) < 0.3, JSON.stringify(peak));
    assert.ok(Math.abs(peak.lanes[1].hz - 2000) < 1 && Math.abs(peak.lanes[1].db - A_DB) < 0.3, JSON.stringify(peak));
    assert.ok(peak.hz === peak.lanes[0].hz || peak.hz === peak.lanes[1].hz, `the stronger lane's: ${JSON.stringify(peak)}`);
    const frameLevels = await session.evaluate(() => {
      const frame = spectrogram.latestFrame();
      const at = (db, hz) => db[Math.round(hz / frame.hz[1])];
      return frame.lanes.map((l) => ({ channel: l.channel, at440: at(l.db, 440), at2000: at(l.db, 2000) }));
    });
    assert.ok(frameLevels[0].at440 > -12 && frameLevels[0].at2000 < -60 && frameLevels[1].at2000 > -12 && frameLevels[1].at440 < -60,
      `latestFrame's lanes: ${JSON.stringify(frameLevels)}`);
    const plot = await session.evaluate(() => spectrogram.layout().find((i) => i.name === 'plot'));
    assert.ok(Math.abs(left.rows - plot.height * (await session.evaluate(() => devicePixelRatio)) / 2) <= 1, `a lane is half the plot: ${left.rows} rows`);
    // The readout: scanning the picture from top to bottom at 1.5 s, a snap to 440 Hz is found
    // only in the top lane and named left, a snap to 2 kHz only in the bottom lane, named right
    // (the 16-bit file's dither noise snaps too, far below).
    const snaps = await session.evaluate(() => {
      const plot = spectrogram.layout().find((i) => i.name === 'plot');
      const view = spectrogram.view();
      const x = plot.x + plot.width * (1.5 - view.startSec) / (view.endSec - view.startSec);
      const found = [];
      for (let y = plot.y + 1; y < plot.y + plot.height - 1; y += 1) {
        const r = spectrogram.readout(x, y);
        if (r && r.snapped && r.db > -60) found.push({ top: y < plot.y + plot.height / 2, hz: Math.round(r.hz), db: r.db, channel: r.channel });
      }
      return found;
    });
    // (At the very edge of the snap's reach it can read the bin next to a tone: within 2 %.)
    const near = (hz, want) => Math.abs(hz - want) / want < 0.02;
    assert.ok(snaps.some((s) => near(s.hz, 440)) && snaps.some((s) => near(s.hz, 2000)), `both tones snapped: ${JSON.stringify(snaps)}`);
    for (const s of snaps) {
      assert.ok(near(s.hz, 440) || near(s.hz, 2000), `only the tones snap: ${JSON.stringify(s)}`);
      const wantLeft = near(s.hz, 440);
      assert.equal(s.top, wantLeft, `${s.hz} Hz snapped in the ${s.top ? 'top' : 'bottom'} lane`);
      assert.equal(s.channel, wantLeft ? 'left' : 'right');
    }
    const exact = snaps.filter((s) => Math.abs(s.hz - 440) < 0.5 || Math.abs(s.hz - 2000) < 0.5);
    assert.ok(exact.length >= 4, `the tones read exactly: ${JSON.stringify(snaps)}`);
    for (const s of exact) assert.ok(Math.abs(s.db - A_DB) < 0.3, `snapped level ${JSON.stringify(s)}`);
    // The CSV: every lane's rows, each header cell named by its channel, the levels to match.
    const csv = new TextDecoder().decode((await exportFile(session, 'exportCSV', { fromSec: 1.4, toSec: 1.6 })).bytes);
    const [header, line] = csv.split('\n');
    const cells = header.split(',').slice(1), levels = line.split(',').slice(1).map(Number);
    assert.equal(cells.length, levels.length, 'a level for every header cell');
    const loudest = (name) => {
      let best = -1;
      cells.forEach((c, i) => { if (c.startsWith(name + ':') && (best < 0 || levels[i] > levels[best])) best = i; });
      return { hz: Number(cells[best].split(':')[1]), db: levels[best] };
    };
    assert.ok(cells[0].startsWith('left:') && cells.at(-1).startsWith('right:'), `the left channel first: ${cells[0]} … ${cells.at(-1)}`);
    assert.equal(cells.filter((c) => c.startsWith('left:')).length, left.rows);
    assert.equal(cells.filter((c) => c.startsWith('right:')).length, right.rows);
    const csvLeft = loudest('left'), csvRight = loudest('right');
    assert.ok(Math.abs(csvLeft.hz - 440) / 440 < 0.03 && Math.abs(csvRight.hz - 2000) / 2000 < 0.03, `CSV: ${JSON.stringify([csvLeft, csvRight])}`);
    // The PNG says what it shows.
    const png = await exportFile(session, 'exportPNG', { fromSec: 0, toSec: 3 });
    assert.match(pngText(png.bytes).Description, /each channel \(left above, right below\)/);
  });
});

engineTest('a truncated WAV, FLAC, Ogg Vorbis or Ogg Opus shows what could be read and says it was truncated', async () => {
  const wav = path.join(dir, 'cut.wav');
  execFileSync('cp', [tones('pcm16.wav'), wav]);
  truncateSync(wav, 44 + 48000 * 4 * 3.5);  // 3.5 of its 6 s (header says 6)
  const flac = path.join(dir, 'cut.flac');
  execFileSync('cp', [tones('tones.flac'), flac]);
  truncateSync(flac, Math.floor(statSync(flac).size * 0.7));
  // An Ogg stream cut off has no end-of-stream page (its length: its last whole page's).
  const cutOgg = (name, options) => {
    const file = path.join(dir, `cut-${name}`);
    execFileSync('cp', [tones(name, options), file]);
    truncateSync(file, Math.floor(statSync(file).size * 0.7));
    return file;
  };
  const vorbis = cutOgg('tones.ogg', { format: ['-C', '10'] }), opus = cutOgg('tones.opus');
  await withApp({}, async (session) => {
    await openApp(session, servers.isolated.url);
    for (const [file, seconds, tolDb] of [[wav, 3.5, 0.3], [flac, null, 0.3], [vorbis, null, 1], [opus, null, 1]]) {
      const name = path.basename(file);
      const { message } = await choose(session, file);
      assert.match(message, new RegExp(`${name.replace('.', '\\.')} is truncated`), `${name}: ${message}`);
      const stats = await session.waitForFunction(() => spectrogram.stats().file.ready && spectrogram.stats().file);
      assert.equal(stats.truncated, true);
      if (seconds) assert.ok(Math.abs(stats.durationSec - seconds) < 0.01, `${name}: ${seconds} s read, ${stats.durationSec}`);
      else assert.ok(stats.durationSec > 2 && stats.durationSec < 5.9, `${name}: part read, ${stats.durationSec}`);
      const [a] = await peaksAt(session, [1.0]);
      assert.ok(Math.abs(a.hz - 440) < 15 && Math.abs(a.db - A_DB) < tolDb, `${name}: the tone before the cut, ${a.hz} Hz ${a.db} dB`);
    }
  });
});

// The level a Hann window of `windowFrames` centred at `centreSec` reads of a tone that stops at
// `endSec`: the window's share over the tone (its sum there over its whole sum), in dB.
function hannShareDb(centreSec, endSec, windowFrames, rate = 48000) {
  let inside = 0, whole = 0;
  for (let n = 0; n < windowFrames; n++) {
    const w = 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / windowFrames);
    whole += w;
    if (centreSec + (n - windowFrames / 2) / rate < endSec) inside += w;
  }
  return 20 * Math.log10(inside / whole);
}

engineTest("the picture reaches a file's last sample: a tone to the end shows in the last half window, fading as the window passes the end", async () => {
  const file = path.join(dir, 'to-the-end.wav');  // 3 s of 1 kHz at amplitude 0.5, to the last sample
  if (!existsSync(file)) sox('-D', '-n', '-r', '48000', '-c', '1', '-b', '24', file, 'synth', '3', 'sine', '1000', 'vol', '0.5');
  await withApp({}, async (session) => {
    await openApp(session, `${servers.isolated.url}#window=hann&padding=1&fmin=200&fmax=5000`);
    await choose(session, file);
    // The stream's end (4096), then a re-analysis of the kept file after a change (8192).
    for (const fft of [4096, 8192]) {
      if (fft !== 4096) {
        await session.evaluate((n) => spectrogram.set({ fft: n }), fft);
        await session.waitForFunction((n) => spectrogram.settings().fft === n && spectrogram.stats().file.ready && !spectrogram.stats().reanalysis.active, fft, 30000);
      }
      const hopSec = (await session.evaluate(() => spectrogram.stats().hopFrames)) / 48000;
      const halfSec = fft / 2 / 48000;
      const times = [...Array.from({ length: 8 }, (_, i) => 3 - halfSec + (i + 0.5) * halfSec / 8), 2.9999];
      const columns = await session.evaluate((list) => list.map((t) => {
        const column = spectrogram.columnAt(t);
        if (!column) return null;
        let best = 0;
        for (let r = 1; r < column.db.length; r++) if (column.db[r] > column.db[best]) best = r;
        return { timeSec: column.timeSec, hz: column.hz[best], db: column.db[best] };
      }), times);
      columns.forEach((column, i) => {
        const label = `fft ${fft}, at ${times[i].toFixed(4)} s (the last ${(halfSec * 1000).toFixed(1)} ms): ${JSON.stringify(column)}`;
        // The nearest column, its cell (a hop around its centre) beginning inside the file.
        assert.ok(column && Math.abs(column.timeSec - times[i]) <= hopSec && column.timeSec - hopSec / 2 < 3, `a column: ${label}`);
        assert.ok(Math.abs(column.hz - 1000) < 30, `the tone: ${label}`);
        const expected = A_DB + hannShareDb(column.timeSec, 3, fft);
        assert.ok(Math.abs(column.db - expected) < 1, `the level the window's share gives (${expected.toFixed(2)} dB): ${label}`);
      });
    }
  });
});

engineTest('a corrupt or unsupported file names the problem, and the open file stays', async () => {
  const noise = path.join(dir, 'noise.wav');
  writeFileSync(noise, Buffer.from(Array.from({ length: 50000 }, (_, i) => (i * 7919) % 251)));
  const badFlac = path.join(dir, 'bad.flac');
  writeFileSync(badFlac, Buffer.concat([Buffer.from('fLaC'), Buffer.alloc(30000, 0x5a)]));
  const adpcm = path.join(dir, 'adpcm.wav');
  sox('-n', '-r', '8000', '-c', '1', '-e', 'ms-adpcm', adpcm, 'synth', '1', 'sine', '440');
  const empty = path.join(dir, 'empty.wav');
  writeFileSync(empty, '');
  await withApp({}, async (session) => {
    await openApp(session, servers.isolated.url);
    await choose(session, tones('pcm16.wav'));
    for (const [file, pattern] of [[noise, /not an audio file this app can read/], [badFlac, /No FLAC audio could be decoded/],
      [adpcm, /encoding \(format 2, 4 bits\) is not supported/], [empty, /is empty/]]) {
      const { message } = await choose(session, file);
      assert.match(message, pattern, `${path.basename(file)}: ${message}`);
      const kept = await session.evaluate(() => spectrogram.stats().file);
      assert.equal(kept.name, 'pcm16.wav', 'the file that was open is still the timeline');
      await assertTones(session, `pcm16.wav after ${path.basename(file)}`);
    }
  });
});

engineTest('a file opened while the microphone is on asks first; "Keep listening" keeps it', async () => {
  await withApp(microphonePlaying('file-while-live', [{ hz: 1000, amplitude: 0.3 }]), async (session) => {
    await openAndStart(session, servers.isolated.url, 10);
    const plotHeight = () => session.evaluate(() => document.getElementById('canvas').getBoundingClientRect().height);
    const heightBefore = await plotHeight();
    await session.chooseFile('#file-input', tones('tones.flac'));
    await session.waitForFunction(() => !document.getElementById('file-ask').hidden);
    const question = await session.evaluate(() => document.getElementById('file-ask-text').textContent);
    assert.match(question, /tones\.flac.*microphone stops/);
    // Why: a plot that shrinks for the question and grows back as the file begins changes the row
    // count, which analyses again (a long file is read again from its start).
    assert.equal(await plotHeight(), heightBefore, 'the question sits over the plot, not above it');
    await session.evaluate(() => document.getElementById('file-ask-keep').click());
    await sleep(500);
    const live = await session.evaluate(() => spectrogram.stats());
    assert.equal(live.capturing, true, 'still listening');
    assert.equal(live.file, null, 'no file opened');
    await session.chooseFile('#file-input', tones('tones.flac'));
    await session.waitForFunction(() => !document.getElementById('file-ask').hidden);
    await session.evaluate(() => document.getElementById('file-ask-open').click());
    const { file, message } = await waitForOutcome(session, 'tones.flac');
    assert.equal(message, '', 'no message expected');
    assert.equal(file.ready, true);
    assert.ok(Math.abs(file.durationSec - 6) < 0.01, `6 s, read ${file.durationSec}`);
    assert.equal((await session.evaluate(() => spectrogram.stats())).capturing, false, 'the microphone stopped');
    await assertTones(session, 'tones.flac after the microphone');
  });
});

engineTest('Cancel stops reading a long file; what was read stays and the message says how much', async () => {
  const long = path.join(dir, 'ten-minutes.wav');
  if (!existsSync(long)) sox('-D', '-n', '-r', '48000', '-c', '1', '-b', '16', long, 'synth', '600', 'sine', '1000', 'vol', '0.5');
  await withApp({}, async (session) => {
    await openApp(session, servers.isolated.url);
    await session.chooseFile('#file-input', long);
    await session.waitForFunction(() => { const f = spectrogram.stats().file; return f && f.progress > 0.02; }, null, 60000);
    const progressText = await session.evaluate(() => document.getElementById('file-progress-text').textContent);
    // Cancel must work on either reading ("Analysing again" after a change); that a file opened
    // as the page starts is read only once is the next test's.
    assert.match(progressText, /(Reading|Analysing again) ten-minutes\.wav — \d+ % · \d+:\d\d elapsed/);
    await session.evaluate(() => document.getElementById('file-cancel').click());
    const { file, message } = await waitForOutcome(session, 'ten-minutes.wav');
    assert.equal(file.cancelled, true);
    assert.ok(file.durationSec > 1 && file.durationSec < 590, `part of it read: ${file.durationSec} s`);
    assert.match(message, /Stopped reading ten-minutes\.wav: showing its first \d+:\d\d of 10:00/);
    assert.equal(await session.evaluate(() => document.getElementById('file-progress').hidden), true);
    const [peak] = await peaksAt(session, [file.durationSec / 2]);
    assert.ok(Math.abs(peak.hz - 1000) < 30 && Math.abs(peak.db - A_DB) < 0.3, `the part read is analysed: ${peak.hz} Hz ${peak.db} dB`);
  });
});

engineTest('a long file opened as the page starts is read once, kept through a change of width, and read again for a new height', async () => {
  const long = path.join(dir, 'ten-minutes.wav');
  if (!existsSync(long)) sox('-D', '-n', '-r', '48000', '-c', '1', '-b', '16', long, 'synth', '600', 'sine', '1000', 'vol', '0.5');
  // The page's first display frames are held back until the file's facts are in and its blocks
  // queued, as on a slow machine (WebKit in CI): the wake-ups run meanwhile.
  const holdFrames = `
    const held = [], original = globalThis.requestAnimationFrame.bind(globalThis);
    globalThis.spectrogramHoldFrames = true;
    globalThis.requestAnimationFrame = (callback) => (globalThis.spectrogramHoldFrames ? (held.push(callback), 0) : original(callback));
    globalThis.spectrogramReleaseFrames = () => { globalThis.spectrogramHoldFrames = false; for (const callback of held.splice(0)) original(callback); };`;
  await withApp(withInitScripts({}, holdFrames), async (session) => {
    await openApp(session, servers.isolated.url);
    await session.chooseFile('#file-input', long);
    await session.waitForFunction(() => spectrogram.stats().file, null, 30000);
    await sleep(1500);
    await session.evaluate(() => globalThis.spectrogramReleaseFrames());
    const first = await waitForOutcome(session, 'ten-minutes.wav', 120000);
    assert.equal(first.message, '');
    assert.equal(first.file.keptWhole, false, 'ten minutes of 48 kHz are more than the kept sound');
    assert.equal(first.file.readings, 1, 'the file was read again right after it was opened');
    const tone = async (label) => {
      const [peak] = await peaksAt(session, [300]);
      assert.ok(Math.abs(peak.hz - 1000) < 30 && Math.abs(peak.db - A_DB) < 0.3, `${label}: ${peak.hz} Hz ${peak.db} dB`);
    };
    await tone('first reading');
    // Narrower (a split screen): the picture is re-pooled from what is stored, not read again.
    await session.evaluate(() => { document.getElementById('canvas').style.width = '75%'; });
    await session.waitForFunction(() => spectrogram.layout().find((r) => r.name === 'plot').width < 0.75 * innerWidth, null, 5000);
    await sleep(1000);
    const narrower = await session.evaluate(() => spectrogram.stats().file);
    assert.equal(narrower.readings, 1, 'a new width read the file again');
    assert.ok(narrower.ready);
    await tone('narrower');
    // Lower: the rows change, so the overview is read again (once), and shows the same tone.
    await session.evaluate(() => { const c = document.getElementById('canvas'); c.style.flex = 'none'; c.style.height = '60vh'; });
    const again = await session.waitForFunction(() => { const f = spectrogram.stats().file; return f.readings === 2 && f.ready && f; }, null, 120000);
    assert.equal(again.readings, 2);
    await tone('lower');
  });
});

// Seven minutes of 1 kHz with 30 ms of 3 kHz at 60.000 s: at FFT 1024 and 95 % overlap (hop 51,
// about a millisecond) its overview takes a longer hop, and 60 s lies before the kept sound (the
// last 5.8 minutes), so the detail is read again from the file.
function burstFile(name, format) {
  const file = path.join(dir, name);
  if (existsSync(file)) return file;
  const part = (n, ...synth) => { const p = path.join(dir, `burst-${n}.wav`); sox('-D', '-n', '-r', '48000', '-c', '1', '-b', '16', p, ...synth); return p; };
  const lossy = /\.(mp3|ogg|opus)$/.test(name);  // encoded by libsndfile from a WAV
  const target = lossy ? path.join(dir, `${name}.wav`) : file;
  sox(part('a', 'synth', '60', 'sine', '1000', 'vol', '0.5'), part('b', 'synth', '0.03', 'sine', '3000', 'vol', '0.5'),
    part('c', 'synth', '359.97', 'sine', '1000', 'vol', '0.5'), ...format, target);
  if (lossy) execFileSync(CONVERT, [target, file]);
  return file;
}

const BURSTS = [['burst.wav', ['-b', '16']], ['burst.flac', []], ['burst.mp3', ['-b', '16']], ['burst.ogg', ['-b', '16']], ['burst.opus', ['-b', '16']]];
for (const [name, format] of BURSTS) {
  engineTest(`zoomed into a long ${name.split('.')[1].toUpperCase()}, the view is analysed again at the settings' own hop (the overview's is coarser)`, async () => {
    const file = burstFile(name, format);
    await withApp({}, async (session) => {
      await openApp(session, `${servers.isolated.url}#fft=1024&overlap=95&fmin=500&fmax=5000`);
      const { file: opened, message } = await choose(session, file);
      assert.equal(message, '');
      assert.ok(opened.hopFactor * opened.pooledColumns > 1, `the overview is at the settings' hop already: ${JSON.stringify(opened)}`);
      const hopSec = (await session.evaluate(() => spectrogram.stats().hopFrames)) / 48000 / opened.hopFactor;
      // The overview reaches the file's end: its last (pooled) column's cell holds the last sample.
      const overviewColumnSec = hopSec * opened.hopFactor * opened.pooledColumns;
      const { newestSec } = await session.evaluate(() => spectrogram.view());
      assert.ok(newestSec >= opened.durationSec - 1e-6 && newestSec < opened.durationSec + overviewColumnSec + 1e-6,
        `the overview ends at ${newestSec} s, the file at ${opened.durationSec} s (a column ${(overviewColumnSec * 1000).toFixed(1)} ms)`);
      // The overview's columns are coarse around the burst.
      const distinct = (times) => new Set(times.map((t) => { const c = spectrogram.columnAt(t); return c && c.timeSec; })).size;
      const times = Array.from({ length: 200 }, (_, i) => 59.95 + i * 0.0005);
      const before = await session.evaluate(distinct, times);
      await session.evaluate(() => spectrogram.setView({ startSec: 59, endSec: 61 }));  // the shortest span, 2 s
      const detail = await session.waitForFunction(() => { const d = spectrogram.stats().file.detail; return d && d.state !== 'reading' && (d.state !== 'ready' || d.shown) && d; }, null, 60000);
      assert.equal(detail.state, 'ready', JSON.stringify(detail));
      assert.equal(detail.fromMemory, false, '60 s is before the kept sound: read from the file');
      assert.ok(detail.fromSec <= 59 && detail.toSec >= 61, JSON.stringify(detail));
      // Decoding began near the part (a WAV seeks to it, a FLAC to a frame just before it, found
      // by its frame headers, an MP3 ten frames before it, counted by walking its headers, an Ogg
      // file to a page a second or so before it, found by its granules), not at the file's start.
      assert.ok(detail.decodedFromFrame > (detail.fromSec - 2) * 48000 && detail.decodedFromFrame <= detail.fromSec * 48000,
        `decoding began at frame ${detail.decodedFromFrame}, the part at ${detail.fromSec} s`);
      const after = await session.evaluate(distinct, times);
      // 100 ms at ~1.06 ms a column: about 94 columns, where the overview had a fifth as many.
      assert.ok(after >= 0.9 * 0.1 / hopSec, `${after} columns in 100 ms (hop ${(hopSec * 1000).toFixed(2)} ms); overview ${before}`);
      assert.ok(before < 0.5 * after, `overview ${before}, detail ${after}`);
      // The detail reads the signal where it is: the burst's 3 kHz inside it, 1 kHz either side.
      const [tone, burst, after1k] = await peaksAt(session, [59.95, 60.015, 60.07]);
      assert.ok(Math.abs(tone.hz - 1000) < 30 && Math.abs(tone.db - A_DB) < 0.3, `before the burst: ${tone.hz} Hz ${tone.db} dB`);
      assert.ok(Math.abs(burst.hz - 3000) < 60, `in the burst: ${burst.hz} Hz`);
      assert.ok(Math.abs(after1k.hz - 1000) < 30, `after the burst: ${after1k.hz} Hz`);
      // Where the burst starts: the first column (1 ms steps) whose loudest row is 3 kHz is within
      // half a window (10.7 ms) and a hop of 60.000 s.
      // Where the burst is: the columns (read every 0.25 ms) whose loudest row is 3 kHz centre on
      // its middle, 60.015 s, within a hop and a half (a misaligned detail is off by whole hops).
      const scan = await peaksAt(session, Array.from({ length: 320 }, (_, i) => 59.975 + i * 0.00025));
      const inBurst = scan.filter((p) => p.hz !== null && Math.abs(p.hz - 3000) < 60);
      assert.ok(inBurst.length > 0, 'no column shows the burst');
      const middle = (inBurst[0].timeSec + inBurst[inBurst.length - 1].timeSec) / 2;
      assert.ok(Math.abs(middle - 60.015) < 1.5 * hopSec, `the burst's columns centre on ${middle.toFixed(4)} s`);
      assert.equal(detail.shown, true, 'the picture shows the detail');
      // A PNG of the view has the detail's columns, one a pixel.
      const png = await exportFile(session, 'exportPNG', { fromSec: 59, toSec: 61 });
      const plotWidth = png.layout.find((r) => r.name === 'plot').width;
      assert.ok(Math.abs(plotWidth - 2 / hopSec) < 3, `the PNG's plot is ${plotWidth} px for ${(2 / hopSec).toFixed(0)} columns`);
      // A CSV of the part has the detail's columns too, the burst in them at its time.
      const csv = new TextDecoder().decode((await exportFile(session, 'exportCSV', { fromSec: 59.9, toSec: 60.1 })).bytes).trim().split('\n');
      const csvHz = csv[0].split(',').slice(1).map(Number);
      const csvLines = csv.slice(1).map((line) => line.split(',').map(Number));
      assert.ok(Math.abs(csvLines.length - 0.2 / hopSec) < 3, `${csvLines.length} CSV lines for 0.2 s at ${(hopSec * 1000).toFixed(2)} ms a column`);
      const loudestHz = ([, ...levels]) => csvHz[levels.indexOf(Math.max(...levels))];
      const burstLines = csvLines.filter((line) => Math.abs(loudestHz(line) - 3000) < 60);
      assert.ok(burstLines.length > 0 && Math.abs((burstLines[0][0] + burstLines.at(-1)[0]) / 2 - 60.015) < 1.5 * hopSec,
        `the CSV's burst lines: ${burstLines.map((line) => line[0]).join(', ')}`);
      // Near the end, inside the kept sound, the detail is analysed from memory.
      await session.evaluate(() => spectrogram.setView({ startSec: 400, endSec: 402 }));
      const kept = await session.waitForFunction(() => { const d = spectrogram.stats().file.detail; return d && d.fromSec <= 400 && d.toSec >= 402 && d.state !== 'reading' && (d.state !== 'ready' || d.shown) && d; }, null, 60000);
      assert.equal(kept.state, 'ready', JSON.stringify(kept));
      assert.equal(kept.fromMemory, true, 'the end of the file is kept: analysed from memory');
      const keptTimes = times.map((t) => t + 341);
      assert.ok(await session.evaluate(distinct, keptTimes) >= 0.9 * 0.1 / hopSec, 'full resolution from memory');
      const [late] = await peaksAt(session, [401]);
      assert.ok(Math.abs(late.hz - 1000) < 30 && Math.abs(late.db - A_DB) < 0.3, `at 401 s: ${late.hz} Hz ${late.db} dB`);
      // At the file's very end (420 s) too: the last columns are finished (the audio past the
      // end counts as silence), so the detail's fine columns reach the end.
      await session.evaluate(() => spectrogram.setView({ startSec: 418, endSec: 420 }));
      await session.waitForFunction(() => { const d = spectrogram.stats().file.detail; return d && d.toSec >= 419.99 && d.state === 'ready' && d.shown; }, null, 60000);
      const ending = await session.evaluate((ts) => ts.map((t) => { const c = spectrogram.columnAt(t); return c && c.timeSec; }),
        Array.from({ length: 20 }, (_, i) => 419.9 + i * 0.005));
      ending.forEach((timeSec, i) => assert.ok(timeSec !== null && Math.abs(timeSec - (419.9 + i * 0.005)) <= hopSec,
        `at ${(419.9 + i * 0.005).toFixed(3)} s the nearest column is at ${timeSec} (hop ${(hopSec * 1000).toFixed(2)} ms): ${ending.join(', ')}`));
      const [last] = await peaksAt(session, [419.97]);
      assert.ok(Math.abs(last.hz - 1000) < 30 && Math.abs(last.db - A_DB) < 0.3, `at 419.97 s: ${last.hz} Hz ${last.db} dB`);
      // Zoomed out again, the picture shows the overview (the detail does not hold the view);
      // columnAt() still gives the finest column kept.
      await session.evaluate(() => spectrogram.setView({ startSec: 0, endSec: 420 }));
      await session.waitForFunction(() => spectrogram.stats().file.detail.shown === false, null, 5000);
    });
  });
}

engineTest('a 20-minute file goes through with the page under 400 MB, and a settings change reads it again',
  { skip: ENGINE === 'chromium' ? '' : "the page's memory is read from Chromium's processes (the issue asks it of Chromium)" }, async () => {
    const file = path.join(dir, 'twenty-minutes.wav');
    const part = (name, ...synth) => { const p = path.join(dir, name); sox('-D', '-n', '-r', '48000', '-c', '2', '-b', '16', p, ...synth); return p; };
    sox(part('t1.wav', 'synth', '600', 'sine', '1000', 'vol', '0.5'), part('t2.wav', 'synth', '5', 'sine', '3000', 'vol', '0.25'),
      part('t3.wav', 'synth', '595', 'sine', '1000', 'vol', '0.5'), file);
    await withApp({}, async (session) => {
      await openApp(session, servers.isolated.url);
      const { pageMb, allMb, samples, result } = await sampleBrowserMemory(async () => {
        await session.chooseFile('#file-input', file);
        return waitForOutcome(session, 'twenty-minutes.wav', 600000);
      });
      console.log(`20-minute WAV: overview in ${result.file.elapsedSec.toFixed(1)} s; the page's renderer peaked at ${pageMb.toFixed(0)} MB `
        + `PSS, all of Chromium's processes at ${allMb.toFixed(0)} MB (${samples} samples); hop x${result.file.hopFactor}, pooled ${result.file.pooledColumns}`);
      assert.equal(result.message, '');
      assert.ok(Math.abs(result.file.durationSec - 1200) < 0.01);
      assert.ok(pageMb > 150 && pageMb < 400, `the page's memory peaked at ${pageMb.toFixed(0)} MB`);
      const check = async (label) => {
        const [before, burst, after] = await peaksAt(session, [300, 602.5, 900]);
        for (const p of [before, after]) assert.ok(Math.abs(p.hz - 1000) < 30 && Math.abs(p.db - A_DB) < 0.5, `${label}: 1 kHz at ${p.timeSec} s: ${p.hz} Hz ${p.db} dB`);
        assert.ok(Math.abs(burst.hz - 3000) < 90 && Math.abs(burst.db - B_DB) < 0.5, `${label}: 3 kHz at 602.5 s: ${burst.hz} Hz ${burst.db} dB`);
      };
      await check('overview');
      assert.equal(result.file.keptWhole, false, 'twenty minutes of stereo are more than a file keeps as sound');
      await session.evaluate(() => spectrogram.set({ fft: 8192 }));
      await session.waitForFunction(() => { const f = spectrogram.stats().file; return f && !f.ready; }, null, 10000);
      const again = await waitForOutcome(session, 'twenty-minutes.wav', 600000);
      assert.equal(again.message, '');
      await check('after FFT 8192');
    });
  });

// The mix of tones.flac, and each channel of a stereo file with a tone in each (its header cells
// named "left:440.000").
const CLI_CASES = [['the mix', 'mix', () => tones('tones.flac')], ['each channel', 'each', () => {
  const file = path.join(dir, 'left440-right2000.flac');  // 6 s, as long as tones.flac
  if (!existsSync(file)) sox('-D', '-n', '-r', '48000', '-c', '2', '-b', '16', file, 'synth', '6', 'sine', '440', 'sine', '2000', 'vol', '0.5');
  return file;
}]];
for (const [label, channel, makeFile] of CLI_CASES) engineTest(`the browser's CSV of a FLAC file holds the same numbers as spectrogram-cli's (within 0.01 dB): ${label}`, async () => {
  const cli = path.join(root, 'build/native-release/spectrogram-cli');
  const flac = makeFile();
  // The header's cells as they are (Hz, or "left:Hz"); the lines as numbers.
  const parse = (text) => text.trim().split('\n').map((line, i) => line.split(',').map((cell) => (i === 0 ? cell : Number(cell))));
  await withApp({}, async (session) => {
    await openApp(session, `${servers.isolated.url}#channel=${channel}`);
    await choose(session, flac);
    assert.equal((await session.evaluate(() => spectrogram.settings())).channel, channel);
    const settings = await session.evaluate(() => spectrogram.settings());
    const browser = parse((await exportFile(session, 'exportCSV', { fromSec: 0, toSec: 6 })).bytes.toString('utf8'));
    const rows = browser[0].length - 1;
    const out = path.join(dir, 'cli.csv');
    execFileSync(cli, [flac, '-o', path.join(dir, 'cli.png'), '--csv', out, '--height', String(rows), '--from', '0', '--to', '6',
      '--fft', String(settings.fft), '--overlap', String(settings.overlap), '--window', settings.window, '--mode', settings.mode,
      '--scale', settings.scale, '--fmin', String(settings.fmin), '--fmax', String(settings.fmax), '--channel', channel]);
    const tool = parse(readFileSync(out, 'utf8'));
    assert.deepEqual(tool[0].slice(1), browser[0].slice(1), 'the same display rows (Hz, and lanes)');
    if (channel === 'each') assert.ok(browser[0][1].startsWith('left:') && browser[0].at(-1).startsWith('right:'), browser[0].slice(0, 3).join(','));
    const byTime = new Map(tool.slice(1).map((row) => [row[0].toFixed(4), row]));
    let compared = 0, columns = 0, worst = 0, belowAgree = true;
    for (const row of browser.slice(1)) {
      const other = byTime.get(row[0].toFixed(4));
      if (!other) continue;
      columns += 1;
      for (let r = 1; r < row.length; r++) {
        // Why above -60 dBFS: two float32 FFTs (wasm and native, operations in different orders)
        // differ by about 1e-6 of full scale (-120 dBFS); levels 60 dB above that agree to 0.01 dB.
        if (Math.max(row[r], other[r]) > -60) {
          worst = Math.max(worst, Math.abs(row[r] - other[r]));
          compared += 1;
        } else {
          belowAgree &&= Math.min(row[r], other[r]) < -50;
        }
      }
    }
    assert.ok(columns > 0.9 * (browser.length - 1), `columns at the same times: ${columns} of ${browser.length - 1}`);
    assert.ok(compared > columns * 5, `levels above -60 dBFS compared: ${compared}`);
    assert.ok(worst <= 0.0105, `largest difference above -60 dBFS: ${worst} dB`);
    assert.ok(belowAgree, 'where one reads below -60 dBFS the other is below -50 dBFS');
  });
});

engineTest('a file chosen while another is being read: a bad one leaves the reading alone, a good one replaces it', async () => {
  const long = path.join(dir, 'ten-minutes.wav');
  if (!existsSync(long)) sox('-D', '-n', '-r', '48000', '-c', '1', '-b', '16', long, 'synth', '600', 'sine', '1000', 'vol', '0.5');
  const noise = path.join(dir, 'noise-2.wav');
  writeFileSync(noise, Buffer.from(Array.from({ length: 50000 }, (_, i) => (i * 7919) % 251)));
  await withApp({}, async (session) => {
    await openApp(session, servers.isolated.url);
    await session.chooseFile('#file-input', long);
    await session.waitForFunction(() => { const f = spectrogram.stats().file; return f && f.progress > 0.02; }, null, 60000);
    await session.chooseFile('#file-input', noise);
    const bad = await session.waitForFunction(() => !document.getElementById('file-message').hidden
      && document.getElementById('file-message-text').textContent, null, 30000);
    assert.match(bad, /noise-2\.wav: .*not an audio file/);
    const reading = await session.evaluate(() => spectrogram.stats().file);
    assert.equal(reading.name, 'ten-minutes.wav');
    assert.equal(reading.ready, false, 'still being read');
    // Now a good one: it replaces the reading, which ends.
    const { file, message } = await choose(session, tones('tones.flac'));
    assert.equal(message, '');
    assert.equal(file.name, 'tones.flac');
    await assertTones(session, 'tones.flac after the interrupted reading');
    await sleep(500);
    assert.equal((await session.evaluate(() => spectrogram.stats().file)).name, 'tones.flac', 'nothing of the first file came back');
  });
});

engineTest('Clear closes a file, and starting the microphone after a file begins a new live timeline', async () => {
  await withApp(microphonePlaying('after-file', [{ hz: 1000, amplitude: 0.3 }]), async (session) => {
    await openApp(session, servers.isolated.url);
    const spanBefore = (await session.evaluate(() => spectrogram.settings())).span;
    await choose(session, tones('tones.flac'));
    assert.equal((await session.evaluate(() => spectrogram.settings())).span, 6, 'the whole file in view');
    // A file's toolbar has no Freeze or Live (its picture stands still): Clear moves left.
    await session.waitForFunction(() => !spectrogram.layout().some((i) => i.name === 'freeze'));
    await clickButton(session, 'clear');
    await session.waitForFunction(() => spectrogram.stats().file === null);
    assert.equal((await session.evaluate(() => spectrogram.settings())).span, spanBefore, 'the live span is back');
    await choose(session, tones('tones.flac'));
    await clickButton(session, 'start');
    const live = await session.waitForFunction(() => { const s = spectrogram.stats(); return s.capturing && s.framesAnalyzed > 20 && s; }, null, 30000);
    assert.equal(live.file, null, 'the file made way for the live timeline');
    assert.ok(live.historySeconds < 5, `a new timeline: ${live.historySeconds} s kept`);
    // The microphone's tone arrives (a generated stream can take a moment to reach full level).
    await session.waitForFunction(() => Math.abs(spectrogram.peak().hz - 1000) < 5, null, 15000);
    assert.equal((await session.evaluate(() => spectrogram.view())).live, true);
  });
});

engineTest("the readout snaps to a tone's exact frequency and level near the pointer, and says so", async () => {
  await withApp({}, async (session) => {
    await openApp(session, servers.isolated.url);
    await choose(session, tones('tones.flac'));
    const at = async (timeSec, hz) => session.evaluate(({ timeSec, hz }) => {
      const plot = spectrogram.layout().find((i) => i.name === 'plot');
      const view = spectrogram.view();
      const unit = Math.log(hz / view.fminHz) / Math.log(view.fmaxHz / view.fminHz);  // the default log axis
      const x = plot.x + plot.width * (timeSec - view.startSec) / (view.endSec - view.startSec);
      return spectrogram.readout(x, plot.y + plot.height * (1 - unit));
    }, { timeSec, hz });
    // 15 cents above the 440 Hz tone: the row there reads about 444 Hz; the snap reads the tone.
    const near = await at(1.0, 440 * 2 ** (15 / 1200));
    assert.equal(near.snapped, true, JSON.stringify(near));
    assert.ok(Math.abs(near.hz - 440) < 0.5, `snapped to ${near.hz} Hz`);
    assert.equal(near.note, 'A4');
    assert.ok(Math.abs(near.cents) < 2, `${near.cents} cents`);
    assert.ok(Math.abs(near.db - A_DB) < 0.3, `${near.db} dBFS`);
    // Far from any tone (1 kHz at the same time): the row as it is, no snap.
    const far = await at(1.0, 1000);
    assert.equal(far.snapped, false, JSON.stringify(far));
    assert.ok(Math.abs(far.hz - 1000) < 20);
    // The 2 kHz tone later, from 20 cents below it.
    const later = await at(4.0, 2000 * 2 ** (-20 / 1200));
    assert.equal(later.snapped, true, JSON.stringify(later));
    assert.ok(Math.abs(later.hz - 2000) < 1 && Math.abs(later.db - B_DB) < 0.3, JSON.stringify(later));
  });
});
