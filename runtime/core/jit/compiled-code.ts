// TurboFan code of region modules, serialised for the persistent code cache so that a later
// process skips V8's compile (docs/code-cache.md, "Compiled code"). Node 20 has no API for it;
// V8's test intrinsics %SerializeWasmModule / %DeserializeWasmModule do it, allowed only inside
// inCodeState (wasm-tier.ts), which also gives both ends the same flag hash.
//
// Both abort the whole process (a V8 CHECK, not an exception) when misused, so:
// - only modules compiled eagerly by TurboFan (compileWasm 'optimized') are serialised, never a
//   Liftoff or lazily compiled one, nor one that was itself deserialised (its blob is kept);
// - the wire bytes are passed as a Uint8Array and the code as an ArrayBuffer of its own;
// - both run only on the V8 this was checked against (Node 20's): on another, every module is
//   compiled from its wire bytes as before;
// - nothing once a guest thread's worker isolate exists (compiledCodeUsable): it may switch
//   Liftoff on, or natives syntax off, in the middle of a compile or a (de)serialisation of this
//   thread; nothing in a forked child (its modules are compiled lazily, and deserialising hands
//   work to helper threads the child does not have);
// - what is deserialised was written by this build (an entry's key and header name the build,
//   and its SHA-256 is checked) under this V8 version (SavedCode.v8), so it is our own blob.
// A blob V8 does not take (other flags, other CPU features) gives undefined: the caller compiles.
import { compiledCodeUsable, inCodeState } from './wasm-tier.js';

/** The V8 version serialised code is made and read under; null where the intrinsics are not trusted. */
export const CODE_V8: string | null = /^11\.3\./.test(process.versions.v8) ? process.versions.v8 : null;

/** The serialised code of each module (eagerly TurboFan-compiled ones only, see above). */
export function serializeCode(modules: readonly WebAssembly.Module[]): Uint8Array[] {
  if (CODE_V8 === null || modules.length === 0 || !compiledCodeUsable()) return [];
  return inCodeState(() => {
    // Made inside the flag state: the intrinsic is only parsed while natives syntax is allowed.
    const serialize = new Function('m', 'return %SerializeWasmModule(m)') as (m: WebAssembly.Module) => ArrayBuffer;
    return modules.map((m) => new Uint8Array(serialize(m)));
  });
}

/** The module of `wire` from its serialised code, or undefined when this V8 does not take it. */
export function deserializeCode(code: Uint8Array, wire: Uint8Array, v8: string): WebAssembly.Module | undefined {
  if (CODE_V8 === null || v8 !== CODE_V8 || !compiledCodeUsable()) return undefined;
  const buffer = code.byteOffset === 0 && code.byteLength === code.buffer.byteLength ? code.buffer : code.slice().buffer;
  // A Buffer (a Uint8Array subclass) is copied into a plain one.
  const wireBytes = wire.constructor === Uint8Array ? wire : new Uint8Array(wire);
  return inCodeState(() => {
    const deserialize = new Function('b', 'w', 'return %DeserializeWasmModule(b, w)') as (b: ArrayBuffer, w: Uint8Array) => WebAssembly.Module | undefined;
    const m = deserialize(buffer as ArrayBuffer, wireBytes);
    return m instanceof WebAssembly.Module ? m : undefined;
  });
}
