// Which of V8's two wasm compilers compiles a module. V8 chooses by process-wide flags only: the
// launchers start with `--no-liftoff` (TurboFan), every region module is compiled eagerly
// (`--no-wasm-lazy-compilation` for the length of its compile), and a baseline module with
// `--liftoff` switched on for the length of its synchronous compile.
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
const startedWithNatives = process.execArgv.includes('--allow-natives-syntax');

function liftoffFlag(on: boolean): string { return on ? '--liftoff' : '--no-liftoff'; }

/** The flags that compileWasm and inCodeState change, as this process started. */
const startFlags = `${liftoffFlag(startedWithLiftoff)} ${startedLazy ? '--wasm-lazy-compilation' : '--no-wasm-lazy-compilation'} ${startedWithNatives ? '--allow-natives-syntax' : '--no-allow-natives-syntax'}`;

/**
 * Set when a guest thread's worker isolate starts: from then on another thread may change the
 * flags while this one compiles, so nothing is serialised or deserialised (compiled-code.ts).
 */
let shared = false;

/** Set in a forked child: modules are compiled lazily from then on (see above). */
let forked = false;

/**
 * Whether compiled code may be serialised and deserialised here (compiled-code.ts): not once
 * another thread may switch the flags, nor in a forked child (its modules are compiled lazily,
 * which serialising aborts on, and deserialising hands work to helper threads it does not have).
 */
export function compiledCodeUsable(): boolean { return !shared && !forked; }

export function shareFlags(): void { shared = true; }

/** After a fork, in the child (see above). */
export function compileAfterFork(): void {
  forked = true;
  setFlagsFromString('--wasm-lazy-compilation');
}

function withFlags<T>(flags: string, fn: () => T): T {
  setFlagsFromString(flags);
  try {
    return fn();
  } finally {
    setFlagsFromString(startFlags);
  }
}

/** Compiles `bytes` (synchronously, every function; lazily in a forked child) with the compiler of `tier`. */
export function compileWasm(bytes: Uint8Array, tier: WasmTier): WebAssembly.Module {
  const liftoff = tier === 'baseline';
  if (forked) {
    setFlagsFromString(liftoffFlag(liftoff));
    return new WebAssembly.Module(bytes);
  }
  if (liftoff === startedWithLiftoff && !startedLazy) return new WebAssembly.Module(bytes);
  return withFlags(`${liftoffFlag(liftoff)} --no-wasm-lazy-compilation`, () => new WebAssembly.Module(bytes));
}

/**
 * Runs `fn` in the one flag state in which compiled code is serialised and deserialised (see
 * compiled-code.ts): V8 accepts serialised code only under the flag hash it was made with, so it
 * must not depend on where the flags happen to be. It is that of an optimised compile, with the
 * test intrinsics allowed.
 */
export function inCodeState<T>(fn: () => T): T {
  return withFlags('--no-liftoff --no-wasm-lazy-compilation --allow-natives-syntax', fn);
}
