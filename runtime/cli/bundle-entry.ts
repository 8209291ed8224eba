// What the runtime bundle exports (scripts/bundle-runtime.ts bundles this module): the CLI, the
// worker side of guest threads, and the hooks its loader (bundle-loader.cts) uses.
export { main } from './main.js';
export { runWorker } from '../linux/threads/worker.js';
export { runWorkersFrom } from '../linux/threads/worker-script.js';
export { atExitNow } from '../linux/host/die.js';
