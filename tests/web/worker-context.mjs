// worker-context.mjs: the page's file worker scripts (web/file-worker.js, which loads
// file-seek.js at its end) run in a node vm context, for unit tests of their parsers.
// workerContext() returns `worker(expression)`, which evaluates an expression in that context
// (its functions and classes by name). Why a vm: the scripts are classic worker scripts whose
// names are script-global, as importScripts leaves them; nothing of them is exported.
// Does not: decode files (worker-in-node.mjs runs the whole worker for that).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';

const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web');

export function workerContext() {
  const context = vm.createContext({ postMessage() {}, console, Blob });
  context.self = context;
  context.importScripts = (name) => vm.runInContext(readFileSync(path.join(web, name), 'utf8'), context, { filename: name });
  context.importScripts('file-worker.js');
  return (expression) => vm.runInContext(expression, context);
}
