// What a guest thread's Node worker starts from: the worker's module, which imports the runtime
// module by module, unless the runtime was loaded from its bundle. Then the bundle's loader names
// code that loads the same bundle (and its code cache) in the worker.
export interface WorkerScript {
  /** A module to run, or code to evaluate (`eval` in the Worker's options). */
  code: URL | string;
  eval: boolean;
}

let script: WorkerScript = { code: new URL('./worker-thread.js', import.meta.url), eval: false };

export function workerScript(): WorkerScript {
  return script;
}

/** Start workers by evaluating `code` (CommonJS, as Node evaluates a worker's code). */
export function runWorkersFrom(code: string): void {
  script = { code, eval: true };
}
