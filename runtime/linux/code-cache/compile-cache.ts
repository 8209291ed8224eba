// `--cache-compile`: compiles every module of the cache that has no machine code yet (the
// baseline ones) with TurboFan and keeps its code serialised, so later runs deserialise it instead
// of compiling the wasm bytes with Liftoff (docs/code-cache.md, "Compiled code"). A module's wasm
// bytes and meaning do not change (its hot counters still promote a busy region, which is then
// compiled alone as before); only which compiler made its code does. TurboFan costs 10-30x
// Liftoff's compile time (seconds for python's modules), which no run pays: this is asked for.
import { CODE_V8, serializeCode } from '../../core/jit/compiled-code.js';
import { compileWasm } from '../../core/jit/wasm-tier.js';
import { decodeEntry, encodeEntry } from './entry-format.js';
import type { CacheStore } from './store.js';

/** Compiles the modules without code of every entry made by `build`; how many entries were rewritten, and modules compiled. */
export function compileCache(store: CacheStore, build: string): { entries: number; modules: number } {
  let entries = 0;
  let modules = 0;
  for (const key of store.keys()) {
    const n = compileEntry(store, build, key);
    if (n > 0) { entries++; modules += n; }
  }
  return { entries, modules };
}

/** Adds code to every module of the entry of `key` that has none; how many (0 if nothing was written). */
function compileEntry(store: CacheStore, build: string, key: string): number {
  if (CODE_V8 === null) return 0;
  const data = store.read(key);
  const modules = data && decodeEntry(data, build, key);
  const todo = modules?.filter((m) => m.module.code === undefined) ?? [];
  if (todo.length === 0) return 0;
  // This process runs no guest: no module with these bytes was compiled by Liftoff here, which
  // V8 would hand back (it shares compiled modules by their bytes) and which cannot be serialised.
  const code = serializeCode(todo.map((m) => compileWasm(m.module.bytes, 'optimized')));
  const byModule = new Map(todo.map((m, i) => [m, code[i]!]));
  const compiled = modules!.map((m) => {
    const bytes = byModule.get(m);
    return bytes === undefined ? m : { ...m, module: { ...m.module, code: { v8: CODE_V8!, bytes } } };
  });
  // A qemu-ts that wrote the entry meanwhile wins (its modules would be lost).
  const now = store.read(key);
  if (now === null || !now.equals(data!)) return 0;
  return store.write(key, encodeEntry(build, key, compiled)) ? todo.length : 0;
}
