// Native bypass for one guest process: checks nothing about the library itself (see
// runtime/libnative/verify.ts), registers one IR helper per bypassed function over this
// process's guest memory, and hands the frontend the hook that lowers each stub it meets.
import type { Frontend } from '../arch/types.js';
import type { GuestMemoryApi } from '../core/api.js';
import type { IRBuilder } from '../ir/builder.js';
import { registerHelper, type HelperDef } from '../ir/helpers.js';
import { GuestFault, type FaultAccess } from '../core/fault.js';
import { pendingHelperFault, reportHelperFault } from '../core/helper-fault.js';
import { loadFunctionTable } from '../libnative/functions.js';
import { LayoutError } from '../libnative/layouts.js';
import { readStubAt } from '../libnative/stub-reader.js';
import type { Target } from '../targets.js';
import { HOST_FUNCTIONS, type HostFunction } from './host-functions.js';
import { lowerNativeCall, nativeHelperName } from './lower-call.js';
import type { NativeMemory } from './native-memory.js';
import { NativeStats, type FunctionStats } from './native-stats.js';
import { wasmFunctions, type WasmFunction } from './wasm-functions.js';

export interface NativeBypass {
  lowerNative: (b: IRBuilder, markerPc: number) => number | null;
  /** Present with statistics enabled. */
  stats: NativeStats | null;
}

export function nativeMemory(mem: GuestMemoryApi): NativeMemory {
  return {
    buf: Buffer.from(mem.memory.buffer),
    firstFault: (addr, len, access) => mem.firstFault(addr, len, access),
    check: (addr, len, access) => mem.check(addr, len, access),
    wrote: (addr, len) => mem.noteWrite(addr, len),
    copy: (dst, src, n) => mem.copyRaw(dst, src, n),
    fill: (dst, byte, n) => mem.fillRaw(dst, byte, n),
  };
}

/** Same memory, but every checked extent is added to the function's byte count. */
function countingMemory(m: NativeMemory, current: () => FunctionStats): NativeMemory {
  return {
    ...m,
    check(addr: number, len: number, access: FaultAccess) { current().bytes += len; m.check(addr, len, access); },
  };
}

function timed(impl: HostFunction, s: FunctionStats, setCurrent: (s: FunctionStats) => void): HostFunction {
  return (m, a, b, c) => {
    setCurrent(s);
    s.calls++;
    const t0 = performance.now();
    try { return impl(m, a, b, c); } finally { s.ms += performance.now() - t0; }
  };
}

/** The interpreter's view of a wasm implementation: its fault report becomes a thrown GuestFault. */
function throwingFaults(mem: GuestMemoryApi, w: WasmFunction): HelperDef['fn'] {
  return (ctx, a = 0, b = 0, c = 0) => {
    const st = ctx.state.byteOffset;
    const r = w(st, a, b, c);
    const fault = pendingHelperFault(mem, st);
    if (fault === null) return r;
    if (mem.firstFault(fault.addr, 1, fault.access) < 0) throw new Error('wasm native function reported a fault at an accessible address');
    throw fault;
  };
}

/** The inverse: a JS implementation called from wasm reports its fault in the control page and returns 0. */
function reportingFaults(mem: GuestMemoryApi, m: NativeMemory, impl: HostFunction): (st: number, a: number, b: number, c?: number) => number {
  return (st, a, b, c = 0) => {
    try {
      return impl(m, a >>> 0, b >>> 0, c >>> 0) | 0;
    } catch (e) {
      if (!(e instanceof GuestFault)) throw e;
      reportHelperFault(mem.dv, st, e);
      return 0;
    }
  };
}

/** The wasm implementations over this guest memory, wired to its code-write hook and host fallbacks. */
export function guestWasmFunctions(mem: GuestMemoryApi, m: NativeMemory = nativeMemory(mem)): ReadonlyMap<string, WasmFunction> {
  return wasmFunctions(mem.memory, mem.memory.buffer instanceof SharedArrayBuffer, {
    noteWrite: (addr, len) => mem.noteWrite(addr, len),
    longStrstr: reportingFaults(mem, m, HOST_FUNCTIONS.strstr!),
  });
}

export function setupNativeBypass(target: Target, frontend: Frontend, mem: GuestMemoryApi, withStats: boolean): NativeBypass {
  const conv = frontend.callConv;
  if (!conv) throw new Error(`native bypass is not available for ${frontend.name} yet`);
  const table = loadFunctionTable();
  const stats = withStats ? new NativeStats() : null;
  let current: FunctionStats = { calls: 0, bytes: 0, ms: 0 };
  const plain = nativeMemory(mem);
  const m = stats ? countingMemory(plain, () => current) : plain;

  // With statistics, every function runs its JS implementation, which counts the bytes it checks.
  const wasm = stats ? new Map<string, WasmFunction>() : guestWasmFunctions(mem, plain);
  for (const fn of table.functions) {
    const name = nativeHelperName(fn.name);
    const params = fn.params.map(() => 'i32' as const);
    const w = wasm.get(fn.name);
    if (w) {
      registerHelper({ name, params, result: 'i32', effects: 'fault', wasm: w, fn: throwingFaults(mem, w) });
      continue;
    }
    const base = HOST_FUNCTIONS[fn.name];
    if (!base) throw new Error(`libnative function ${fn.name} has no host implementation`);
    const impl = stats ? timed(base, stats.entry(fn.name), (s) => { current = s; }) : base;
    registerHelper({ name, params, result: 'i32', effects: 'fault', fn: (_ctx, a = 0, b = 0, c = 0) => impl(m, a >>> 0, b >>> 0, c >>> 0) | 0 });
  }

  const read = (addr: number, len: number): Uint8Array | null => {
    const bad = mem.firstFault(addr, len, 'read');
    const n = bad < 0 ? len : bad - addr;
    return n > 0 ? mem.u8.slice(addr, addr + n) : null;
  };
  const wordTy = frontend.wordBits === 64 ? 'i64' : 'i32';

  return {
    stats,
    lowerNative(b, markerPc) {
      // Only a stub of the loaded libnative (verified at start, so its functions are all known)
      // is a host call; any other marker is left to be the guest's illegal instruction.
      let stub;
      try {
        stub = readStubAt(target, read, markerPc);
      } catch (e) {
        if (e instanceof LayoutError) return null;
        throw e;
      }
      const fn = stub && table.byId(stub.descriptor.id);
      if (!stub || !fn || fn.name !== stub.descriptor.name) return null;
      lowerNativeCall(b, fn, conv, wordTy);
      return stub.resumeAddress;
    },
  };
}
