// Upgrades code-cache entries: compiles each baseline module with TurboFan and keeps its code
// serialised, so later runs deserialise it (milliseconds) instead of compiling it with Liftoff
// (docs/code-cache.md, "Compiled code"). The module's wasm bytes and meaning do not change (its
// hot counters still promote a busy region, which is then compiled alone as before); only which
// compiler made its code does. TurboFan costs 10-30x Liftoff's compile, so this runs apart from
// the guest program, in a process of its own.
import { CODE_V8, serializeCode } from '../../core/jit/compiled-code.js';
import { compileWasm } from '../../core/jit/wasm-tier.js';
import { decodeEntry, encodeEntry } from './entry-format.js';
import type { CacheStore } from './store.js';

/** Whether an entry's modules include one a later run would compile (there is code to make). */
export function upgradable(modules: readonly { module: { code?: unknown } }[]): boolean {
  return CODE_V8 !== null && modules.some((m) => m.module.code === undefined);
}

/** Adds compiled code to every module of the entry of `key` that has none; false if nothing was written. */
export function upgradeEntry(store: CacheStore, build: string, key: string): boolean {
  if (CODE_V8 === null) return false;
  const data = store.read(key);
  const modules = data && decodeEntry(data, build, key);
  if (!modules || !upgradable(modules)) return false;
  const todo = modules.filter((m) => m.module.code === undefined);
  // A fresh process: no module with these bytes was compiled by Liftoff here, which V8 would
  // hand back (it shares compiled modules by their bytes) and which cannot be serialised.
  const code = serializeCode(todo.map((m) => compileWasm(m.module.bytes, 'optimized')));
  const byModule = new Map(todo.map((m, i) => [m, code[i]!]));
  const upgraded = modules.map((m) => {
    const bytes = byModule.get(m);
    return bytes === undefined ? m : { ...m, module: { ...m.module, code: { v8: CODE_V8!, bytes } } };
  });
  // Another process may have written the entry meanwhile: its version wins.
  const now = store.read(key);
  if (now === null || !now.equals(data!)) return false;
  return store.write(key, encodeEntry(build, key, upgraded));
}
