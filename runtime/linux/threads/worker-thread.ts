// A guest thread worker's module when the runtime runs module by module (worker-script.ts).
import { workerData } from 'node:worker_threads';
import { runWorker, type WorkerStart } from './worker.js';

runWorker(workerData as WorkerStart);
