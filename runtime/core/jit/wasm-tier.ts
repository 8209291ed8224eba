// Which of V8's two wasm compilers compiles a module. V8 chooses by process-wide flags only: the
// launchers start with `--no-liftoff` (TurboFan) and `--no-wasm-lazy-compilation`, and a baseline
// module is compiled with `--liftoff` switched on for the length of its synchronous compile.
// Liftoff compiles our region code about 10-30x faster than TurboFan and runs it about 2-3x
// slower (docs/PERFORMANCE.md, "Cold code"): code that runs a few times gets Liftoff, code that
// stays hot is compiled again with TurboFan (see jit.ts).
//
// Eager compilation matters: a lazily compiled function would pick its compiler at its first
// call, under whatever the flag is then. Flags are restored after every compile, so V8's flag
// hash (part of the bundle's code-cache key) is the launcher's again by the time the cache is
// written. Guest threads run engines in worker isolates of the same process: a compile in one
// while another flips the flag may get the other compiler, which changes speed, not behaviour.
//
// A forked child is the exception (compileAfterFork): V8's eager compilation hands functions to
// helper threads a fork does not copy, and the child hangs; lazy compilation compiles each
// function on the calling thread at its first call, under the compiler flag set then (left at
// the tier of the last module made, which is almost always the one about to run).
import { setFlagsFromString } from 'node:v8';

export type WasmTier = 'baseline' | 'optimized';

/** The flags this process started with decide what to restore. */
const startedWithLiftoff = !process.execArgv.includes('--no-liftoff');
const startedLazy = !process.execArgv.includes('--no-wasm-lazy-compilation');

function liftoffFlag(on: boolean): string { return on ? '--liftoff' : '--no-liftoff'; }

/** Set in a forked child: modules are compiled lazily from then on. */
let forked = false;

/** After a fork, in the child (see above). */
export function compileAfterFork(): void {
  forked = true;
  setFlagsFromString('--wasm-lazy-compilation');
}

/** Compiles `bytes` (synchronously, every function; lazily in a forked child) with the compiler of `tier`. */
export function compileWasm(bytes: Uint8Array, tier: WasmTier): WebAssembly.Module {
  const liftoff = tier === 'baseline';
  if (forked) {
    setFlagsFromString(liftoffFlag(liftoff));
    return new WebAssembly.Module(bytes);
  }
  const switchTier = liftoff !== startedWithLiftoff;
  if (switchTier || startedLazy) setFlagsFromString(`${liftoffFlag(liftoff)} --no-wasm-lazy-compilation`);
  try {
    return new WebAssembly.Module(bytes);
  } finally {
    if (switchTier || startedLazy) setFlagsFromString(`${liftoffFlag(startedWithLiftoff)} ${startedLazy ? '--wasm-lazy-compilation' : ''}`);
  }
}
