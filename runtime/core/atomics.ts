// Guest atomic read-modify-writes (IR atomic_cmpxchg / atomic_rmw) performed with JS Atomics on
// the shared memory: the interpreter's implementation, and the JIT's slow path (misaligned or
// faulting addresses, pages holding translated code, kinds wasm has no instruction for). JS
// Atomics and wasm atomic instructions are both sequentially consistent over the same memory,
// so an operation done here is atomic with respect to compiled code running in other threads.
import type { AccessSize, RmwKind } from '../ir/types.js';
import { GuestFault } from './fault.js';
import { PF_CODE } from './layout.js';
import type { GuestMemory } from './memory.js';

/** atomic_rmw kinds by number (the JIT passes the index to its slow path); 'cmpxchg' last. */
export const ATOMIC_KINDS: readonly (RmwKind | 'cmpxchg')[] = ['add', 'and', 'or', 'xor', 'xchg', 'smax', 'smin', 'umax', 'umin', 'cmpxchg'];

type Views = [Uint8Array, Uint16Array, Uint32Array, BigUint64Array];
const viewsOf = new WeakMap<GuestMemory, Views>();

function views(mem: GuestMemory): Views {
  let v = viewsOf.get(mem);
  if (v === undefined) {
    const buf = mem.memory.buffer;
    v = [new Uint8Array(buf), new Uint16Array(buf), new Uint32Array(buf), new BigUint64Array(buf)];
    viewsOf.set(mem, v);
  }
  return v;
}

/** The guest address of an atomic access, or a GuestFault: misaligned, or not readable and writable. */
function checkedAddress(mem: GuestMemory, addr: bigint, size: AccessSize): number {
  const a = BigInt.asUintN(64, addr);
  if (a % BigInt(size) !== 0n) throw new GuestFault(Number(a), 'write', 'alignment');
  const n = Number(a);
  const bad = mem.firstFault(n, size, 'read');
  if (bad !== -1) throw mem.faultAt(bad, 'read');
  const badW = mem.firstFault(n, size, 'write');
  if (badW !== -1) throw mem.faultAt(badW, 'write');
  return n;
}

function bswap(v: bigint, size: AccessSize): bigint {
  let r = 0n;
  for (let i = 0; i < size; i++) { r = (r << 8n) | (v & 0xffn); v >>= 8n; }
  return r;
}

/** Compare-and-swap on the raw (host little-endian) cell; returns what the cell held. */
function casRaw(v: Views, a: number, size: AccessSize, expect: bigint, repl: bigint): bigint {
  switch (size) {
    case 1: return BigInt(Atomics.compareExchange(v[0], a, Number(expect), Number(repl)));
    case 2: return BigInt(Atomics.compareExchange(v[1], a >>> 1, Number(expect), Number(repl)));
    case 4: return BigInt(Atomics.compareExchange(v[2], a >>> 2, Number(expect), Number(repl)));
    case 8: return Atomics.compareExchange(v[3], a >>> 3, expect, repl);
  }
}

function loadRaw(v: Views, a: number, size: AccessSize): bigint {
  switch (size) {
    case 1: return BigInt(Atomics.load(v[0], a));
    case 2: return BigInt(Atomics.load(v[1], a >>> 1));
    case 4: return BigInt(Atomics.load(v[2], a >>> 2));
    case 8: return Atomics.load(v[3], a >>> 3);
  }
}

/** new = kind(old, value), both unsigned `bits`-bit values. */
function combine(kind: RmwKind, old: bigint, value: bigint, bits: number): bigint {
  switch (kind) {
    case 'add': return BigInt.asUintN(bits, old + value);
    case 'and': return old & value;
    case 'or': return old | value;
    case 'xor': return old ^ value;
    case 'xchg': return value;
    case 'umax': return old > value ? old : value;
    case 'umin': return old < value ? old : value;
    case 'smax': return BigInt.asIntN(bits, old) > BigInt.asIntN(bits, value) ? old : value;
    case 'smin': return BigInt.asIntN(bits, old) < BigInt.asIntN(bits, value) ? old : value;
  }
}

/**
 * One atomic operation at guest address addr: cmpxchg(expected = a, replacement = b) or
 * rmw kind(value = a). Operands use their low `size` bytes; returns the old value (unsigned).
 * Throws GuestFault; a write into a page with translated code is reported to the memory's
 * code-write hook (the result says so, so the caller stops at the next instruction).
 */
export function atomicOp(
  mem: GuestMemory, kind: RmwKind | 'cmpxchg', addr: bigint, size: AccessSize, be: boolean, a: bigint, b: bigint,
): { old: bigint; codeWritten: boolean } {
  const at = checkedAddress(mem, addr, size);
  const bits = size * 8;
  const toRaw = (x: bigint): bigint => (be ? bswap(x, size) : x);
  const v = views(mem);
  let old: bigint;
  if (kind === 'cmpxchg') {
    old = toRaw(casRaw(v, at, size, toRaw(BigInt.asUintN(bits, a)), toRaw(BigInt.asUintN(bits, b))));
  } else {
    const value = BigInt.asUintN(bits, a);
    for (let raw = loadRaw(v, at, size); ;) {
      old = toRaw(raw);
      const seen = casRaw(v, at, size, raw, toRaw(combine(kind, old, value, bits)));
      if (seen === raw) break;
      raw = seen;
    }
  }
  const codeWritten = (mem.flags[at >>> 12]! & PF_CODE) !== 0;
  if (codeWritten) mem.onCodeWrite?.(at, size);
  return { old, codeWritten };
}
