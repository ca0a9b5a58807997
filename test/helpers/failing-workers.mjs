// Preloaded (NODE_OPTIONS=--import=…) into a spawned `claims` to make its worker threads fail, as on a system at
// its thread limit or with a worker that runs out of memory. CLAIMS_TEST_WORKERS says how:
// - "no-start": the second Worker of each kind (file checking, quote search) throws ERR_WORKER_INIT_FAILED;
// - "crash": every worker starts, and throws an uncaught error on the second message it gets.
import { createRequire, syncBuiltinESMExports } from 'node:module';

const wt = createRequire(import.meta.url)('node:worker_threads');
const Real = wt.Worker;
const mode = process.env.CLAIMS_TEST_WORKERS;
const made = new Map();
const CRASHING = `
const { parentPort } = require('node:worker_threads');
let n = 0;
parentPort.on('message', () => {
  if (++n === 2) throw new Error('simulated: the worker crashed');
});
`;
wt.Worker = class extends Real {
  constructor(file, options) {
    const kind = String(file).split(/[\\/]/).pop();
    const ours = /^(quote-)?worker\.c?js$/.test(kind);
    made.set(kind, (made.get(kind) ?? 0) + 1);
    if (ours && mode === 'no-start' && made.get(kind) === 2) {
      throw Object.assign(new Error('simulated: cannot start a thread'), { code: 'ERR_WORKER_INIT_FAILED' });
    }
    if (ours && mode === 'crash') super(CRASHING, { eval: true });
    else super(file, options);
  }
};
syncBuiltinESMExports();
