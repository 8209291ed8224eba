// Exclusive, acquire/release and LSE atomic memory instructions (Arm ARM C4.1.94).
//
// Guest threads run in parallel, so every read-modify-write is one IR atomic operation
// (atomic_cmpxchg / atomic_rmw, sequentially consistent, which covers every ordering variant).
// The exclusive monitor remembers address, size and the value(s) LDXR read; STXR is a
// compare-and-swap of those values with the new ones, so it fails when another thread changed
// the location in between (the usual translator model: an ABA change goes unnoticed).
// Misaligned atomics fault with SIGBUS (BUS_ADRALN), as on Linux.
// 128-bit pairs (LDXP/STXP/CASP of X registers) have no 16-byte compare-and-swap on the host: the
// first doubleword is swapped atomically and the second is compared and stored around it, which
// is not atomic against a concurrent writer of the second half only.
import type { AccessSize, RmwKind, Temp } from '../../../ir/types.js';
import { pat, type Pattern } from '../decoder.js';
import type { Emitter } from '../emitter.js';
import { bit, bits, rd, rn, rm } from '../fields.js';
import { A64, EXCL_NONE } from '../state.js';

const sizeBytes = (i: number): AccessSize => (1 << bits(i, 31, 30)) as AccessSize;

/** Register value truncated to `size` bytes, as an i64. */
function regBytes(e: Emitter, reg: number, size: AccessSize): Temp {
  const v = e.x(reg);
  return size === 8 ? v : e.b.bin('and', v, e.b.i64((1n << BigInt(size * 8)) - 1n));
}

/** lo | hi << 32 of two 4-byte values (a 32-bit register pair as one doubleword). */
function joinPair(e: Emitter, lo: Temp, hi: Temp): Temp {
  const b = e.b;
  return b.bin('or', b.bin('and', lo, b.i64(0xffffffffn)), b.bin('shl', hi, b.i64(32)));
}

function loadExclusive(e: Emitter, i: number, pairRegs: boolean): void {
  const size = pairRegs ? ((4 << bit(i, 30)) as AccessSize) : sizeBytes(i);
  const addr = e.xsp(rn(i));
  const v1 = e.load(addr, size);
  const v2 = pairRegs ? e.load(e.addr(addr, size), size) : null;
  const b = e.b;
  b.set(A64.exclAddr, addr);
  b.set(A64.exclSize, b.i64(pairRegs ? size * 2 : size));
  b.set(A64.exclVal, v1);
  if (v2 !== null) b.set(A64.exclVal2, v2);
  e.setX(rd(i), v1);
  if (v2 !== null) e.setX(bits(i, 14, 10), v2);
}

/**
 * Compare-and-swap of (exp1[, exp2]) with (new1[, new2]) at addr, `size` bytes each; returns an
 * i32 that is nonzero when memory held the expected values (and now holds the new ones), and the
 * old values. Nothing is written to registers, so a fault leaves the state precise.
 */
function casValues(e: Emitter, addr: Temp, size: AccessSize, exp: Temp[], repl: Temp[]): { ok: Temp; old: Temp[] } {
  const b = e.b;
  if (exp.length === 1) {
    const old = b.atomicCmpxchg(addr, exp[0]!, repl[0]!, size, 'le');
    return { ok: b.cmp('eq', old, exp[0]!), old: [old] };
  }
  if (size === 4) {
    const whole = joinPair(e, exp[0]!, exp[1]!);
    const old = b.atomicCmpxchg(addr, whole, joinPair(e, repl[0]!, repl[1]!), 8, 'le');
    const lo = b.bin('and', old, b.i64(0xffffffffn)), hi = b.bin('shr_u', old, b.i64(32));
    return { ok: b.cmp('eq', old, whole), old: [lo, hi] };
  }
  // Two doublewords (see the header comment): the first is swapped only if the second matched
  // (else it is "swapped" with itself), then the second is stored if both matched.
  const addr2 = e.addr(addr, 8);
  const old2 = e.load(addr2, 8);
  const secondOk = b.cmp('eq', old2, exp[1]!);
  const old1 = b.atomicCmpxchg(addr, exp[0]!, b.select(secondOk, repl[0]!, exp[0]!), 8, 'le');
  const ok = b.bin('and', secondOk, b.cmp('eq', old1, exp[0]!));
  const skip = b.newLabel();
  b.brif(b.cmp('eq', ok, b.i32(0)), skip);
  e.store(addr2, repl[1]!, 8);
  b.label(skip);
  return { ok, old: [old1, old2] };
}

function storeExclusive(e: Emitter, i: number, pairRegs: boolean): void {
  const b = e.b;
  const size = pairRegs ? ((4 << bit(i, 30)) as AccessSize) : sizeBytes(i);
  const addr = e.xsp(rn(i));
  const repl = pairRegs ? [e.x(rd(i)), e.x(bits(i, 14, 10))] : [e.x(rd(i))];
  const fail = b.newLabel(), done = b.newLabel();
  const sameAddr = b.cmp('eq', b.get('i64', A64.exclAddr), addr);
  const sameSize = b.cmp('eq', b.get('i64', A64.exclSize), b.i64(pairRegs ? size * 2 : size));
  b.brif(b.cmp('eq', b.bin('and', sameAddr, sameSize), b.i32(0)), fail);
  const exp = pairRegs ? [b.get('i64', A64.exclVal), b.get('i64', A64.exclVal2)] : [b.get('i64', A64.exclVal)];
  const { ok } = casValues(e, addr, size, exp, repl);
  e.setX(rm(i), b.conv('extend_u', b.cmp('eq', ok, b.i32(0))));
  b.brif(b.i32(1), done);
  b.label(fail);
  e.setX(rm(i), b.i64(1));
  b.label(done);
  b.set(A64.exclAddr, b.i64(EXCL_NONE));
}

/** LDAR/LDLAR/STLR/STLLR: ordinary accesses in program order. */
function acquireRelease(e: Emitter, i: number): void {
  const size = sizeBytes(i), addr = e.xsp(rn(i));
  if (bit(i, 22)) e.setX(rd(i), e.load(addr, size));
  else e.store(addr, e.x(rd(i)), size);
}

/** CAS: compare Rs with memory, store Rt if equal; Rs receives the old value either way. */
function compareAndSwap(e: Emitter, i: number): void {
  const size = sizeBytes(i), s = rm(i);
  const { old } = casValues(e, e.xsp(rn(i)), size, [regBytes(e, s, size)], [e.x(rd(i))]);
  e.setX(s, old[0]!);
}

/** CASP: the same on a pair of consecutive registers (Rs, Rs+1) / (Rt, Rt+1). */
function compareAndSwapPair(e: Emitter, i: number): boolean {
  const size = (4 << bit(i, 30)) as AccessSize, s = rm(i), t = rd(i);
  if (s & 1 || t & 1) return false;
  const exp = [regBytes(e, s, size), regBytes(e, s + 1, size)];
  const { old } = casValues(e, e.xsp(rn(i)), size, exp, [e.x(t), e.x(t + 1)]);
  e.setX(s, old[0]!);
  e.setX(s + 1, old[1]!);
  return true;
}

function exclusive(e: Emitter, i: number): boolean {
  const o2 = bit(i, 23), o1 = bit(i, 21), load = bit(i, 22) === 1, size = bits(i, 31, 30);
  if (!o2 && !o1) { if (load) loadExclusive(e, i, false); else storeExclusive(e, i, false); return true; }
  if (!o2 && o1) {
    if (size < 2) return compareAndSwapPair(e, i);
    if (load) loadExclusive(e, i, true); else storeExclusive(e, i, true);
    return true;
  }
  if (o2 && !o1) { acquireRelease(e, i); return true; }
  compareAndSwap(e, i);
  return true;
}

// opc: LDADD, LDCLR, LDEOR, LDSET, LDSMAX, LDSMIN, LDUMAX, LDUMIN (LDCLR is AND with the complement).
const RMW: readonly RmwKind[] = ['add', 'and', 'xor', 'or', 'smax', 'smin', 'umax', 'umin'];

function atomicRmw(e: Emitter, i: number): boolean {
  const o3 = bit(i, 15), opc = bits(i, 14, 12), size = sizeBytes(i);
  const b = e.b;
  if (o3 && opc === 4) { // LDAPR
    if (rm(i) !== 31 || !bit(i, 23) || bit(i, 22)) return false;
    e.setX(rd(i), e.load(e.xsp(rn(i)), size));
    return true;
  }
  const kind: RmwKind | undefined = o3 ? (opc === 0 ? 'xchg' : undefined) : RMW[opc];
  if (!kind) return false;
  const addr = e.xsp(rn(i));
  const operand = regBytes(e, rm(i), size);
  const value = !o3 && opc === 1 ? b.un('not', operand) : operand;
  e.setX(rd(i), b.atomicRmw(kind, addr, value, size, 'le'));
  return true;
}

export const atomicPatterns: Pattern[] = [
  pat('exclusive/ordered/CAS', '-- 001000 ------------------------', exclusive),
  pat('LSE atomic / LDAPR', '-- 111000 -- 1 --------- 00 ----------', atomicRmw),
];
