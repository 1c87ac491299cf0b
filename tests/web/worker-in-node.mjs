// worker-in-node.mjs: runs web/file-worker.js (and the npm decoders it loads) in plain node and
// decodes one file, whole or a range of frames, the way the page's worker does. A helper of
// file-seek.test.mjs, run as a child process per decode (the worker's state is script-global).
// Usage: node worker-in-node.mjs in.file fromFrame|- toFrame|- out.f32 [mp3index.json] → prints
//        {frames, decodedFromFrame, end} and writes the left channel as raw float32 (a range
//        is given the MP3 frame index a whole decode's `end` carried, when named).
// Does not: stand in for the browser tests; the page's real worker is tested in every engine.
import vm from 'node:vm';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const [file, from, to, outPath, indexPath] = process.argv.slice(2);
const posted = [];
let finish;
const finished = new Promise((resolve) => { finish = resolve; });
globalThis.self = globalThis;
globalThis.Worker = class {};  // the bundles check for it; they decode on this thread
globalThis.importScripts = (name) => {
  // Why the decoders from dist/: shell/build-web copies the npm bundles there, and its list is
  // the one the page ships (the worker's own scripts come from web/, as edited).
  const script = name.startsWith('decoders/') ? path.join(root, 'dist', name) : path.join(root, 'web', name);
  if (!existsSync(script)) throw new Error(`${script} is missing: run shell/build-web first`);
  vm.runInThisContext(readFileSync(script, 'utf8'), { filename: script });
};
globalThis.postMessage = (message) => {
  posted.push(message);
  if (message.type === 'audio') setTimeout(() => self.onmessage({ data: { type: 'pull' } }), 0);
  if (message.type === 'done' || message.type === 'error') finish();
};
importScripts('file-worker.js');
self.onmessage({ data: { type: 'pull' } });
const range = from === '-' ? {} : { fromFrame: Number(from), toFrame: Number(to), mp3Index: indexPath ? JSON.parse(readFileSync(indexPath, 'utf8')) : null };
self.onmessage({ data: { type: 'open', file: new Blob([readFileSync(file)]), ...range } });
await finished;
const blocks = posted.filter((m) => m.type === 'audio');
const left = new Float32Array(blocks.reduce((n, b) => n + b.left.length, 0));
blocks.reduce((at, b) => { left.set(b.left, at); return at + b.left.length; }, 0);
writeFileSync(outPath, Buffer.from(left.buffer));
const seek = posted.find((m) => m.type === 'range');
console.log(JSON.stringify({ frames: left.length, decodedFromFrame: seek ? seek.decodedFromFrame : null, end: posted.at(-1) }));
