// Preloaded (NODE_OPTIONS=--import=…) into a spawned `claims` to make worker threads fail to start, as on a system
// at its thread limit: the second Worker of each kind (file checking, quote search) throws ERR_WORKER_INIT_FAILED.
import { createRequire, syncBuiltinESMExports } from 'node:module';

const wt = createRequire(import.meta.url)('node:worker_threads');
const Real = wt.Worker;
const made = new Map();
wt.Worker = class extends Real {
  constructor(file, options) {
    const kind = String(file).split(/[\\/]/).pop();
    made.set(kind, (made.get(kind) ?? 0) + 1);
    if ((kind === 'worker.js' || kind === 'quote-worker.js') && made.get(kind) === 2) {
      throw Object.assign(new Error('simulated: cannot start a thread'), { code: 'ERR_WORKER_INIT_FAILED' });
    }
    super(file, options);
  }
};
syncBuiltinESMExports();
