// Exclusive, acquire/release and LSE atomic memory instructions (Arm ARM C4.1.94).
//
// Guest threads run in parallel, so every read-modify-write is one IR atomic operation
// (atomic_cmpxchg / atomic_rmw, sequentially consistent, which covers every ordering variant).
// The exclusive monitor remembers address, size and the value(s) LDXR read; STXR is a
// compare-and-swap of those values with the new ones, so it fails when another thread changed
// the location in between (the usual translator model: an ABA change goes unnoticed).
// Misaligned atomics fault with SIGBUS (BUS_ADRALN), as on Linux; the exclusives check their
// alignment (a pair's: its total size) first, a store-exclusive before its monitor (../shared/alignment.ts).
// 128-bit pairs (LDXP/STXP/CASP of X registers) have no 16-byte compare-and-swap on the host: the
// first doubleword is swapped atomically and the second is compared and stored around it, which
// is not atomic against a concurrent writer of the second half only.
import { requireAligned } from '../../shared/alignment.js';
import type { AccessSize, RmwKind, Temp } from '../../../ir/types.js';
import type { Fields } from '../../shared/bit-pattern.js';
import { pat, type Pattern } from '../decoder.js';
import type { Emitter } from '../emitter.js';
import { A64, EXCL_NONE } from '../state.js';

/** Bytes of one access: the size field, or for the pair forms (pair = 1) sz: 4 or 8 each. */
const accessBytes = (f: Fields, pair: boolean): AccessSize => (pair ? 4 << f.sz : 1 << f.size) as AccessSize;

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

/** LDXR/LDAXR, and LDXP/LDAXP (`pair`): load and open the exclusive monitor on what was read. */
const loadExclusive = (pair: boolean) => (e: Emitter, _i: number, f: Fields): void => {
  const size = accessBytes(f, pair);
  const addr = e.xsp(f.rn);
  requireAligned(e.b, addr, pair ? size * 2 : size);
  const v1 = e.load(addr, size);
  const v2 = pair ? e.load(e.addr(addr, size), size) : null;
  const b = e.b;
  b.set(A64.exclAddr, addr);
  b.set(A64.exclSize, b.i64(pair ? size * 2 : size));
  b.set(A64.exclVal, v1);
  if (v2 !== null) b.set(A64.exclVal2, v2);
  e.setX(f.rt, v1);
  if (v2 !== null) e.setX(f.rt2, v2);
};

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

/** STXR/STLXR, and STXP/STLXP (`pair`): store if the monitor still holds; Ws = 0 on success, 1 on failure. */
const storeExclusive = (pair: boolean) => (e: Emitter, _i: number, f: Fields): void => {
  const b = e.b;
  const size = accessBytes(f, pair);
  const addr = e.xsp(f.rn);
  requireAligned(b, addr, pair ? size * 2 : size);
  const repl = pair ? [e.x(f.rt), e.x(f.rt2)] : [e.x(f.rt)];
  const fail = b.newLabel(), done = b.newLabel();
  const sameAddr = b.cmp('eq', b.get('i64', A64.exclAddr), addr);
  const sameSize = b.cmp('eq', b.get('i64', A64.exclSize), b.i64(pair ? size * 2 : size));
  b.brif(b.cmp('eq', b.bin('and', sameAddr, sameSize), b.i32(0)), fail);
  const exp = pair ? [b.get('i64', A64.exclVal), b.get('i64', A64.exclVal2)] : [b.get('i64', A64.exclVal)];
  const { ok } = casValues(e, addr, size, exp, repl);
  e.setX(f.rs, b.conv('extend_u', b.cmp('eq', ok, b.i32(0))));
  b.brif(b.i32(1), done);
  b.label(fail);
  e.setX(f.rs, b.i64(1));
  b.label(done);
  b.set(A64.exclAddr, b.i64(EXCL_NONE));
};

/** LDAR/LDLAR (L = 1) and STLR/STLLR: ordinary accesses in program order. */
function acquireRelease(e: Emitter, _i: number, f: Fields): void {
  const size = accessBytes(f, false), addr = e.xsp(f.rn);
  if (f.L) e.setX(f.rt, e.load(addr, size));
  else e.store(addr, e.x(f.rt), size);
}

/** CAS: compare Rs with memory, store Rt if equal; Rs receives the old value either way. */
function compareAndSwap(e: Emitter, _i: number, f: Fields): void {
  const size = accessBytes(f, false), s = f.rs;
  const { old } = casValues(e, e.xsp(f.rn), size, [regBytes(e, s, size)], [e.x(f.rt)]);
  e.setX(s, old[0]!);
}

/** CASP: the same on a pair of consecutive registers (Rs, Rs+1) / (Rt, Rt+1); both must be even. */
function compareAndSwapPair(e: Emitter, _i: number, f: Fields): boolean {
  const size = accessBytes(f, true), s = f.rs, t = f.rt;
  if (s & 1 || t & 1) return false;
  const exp = [regBytes(e, s, size), regBytes(e, s + 1, size)];
  const { old } = casValues(e, e.xsp(f.rn), size, exp, [e.x(t), e.x(t + 1)]);
  e.setX(s, old[0]!);
  e.setX(s + 1, old[1]!);
  return true;
}

/** LD<op> (`invert`: LDCLR, AND with the complement) and SWP: one atomic read-modify-write, Rt gets the old value. */
const atomicRmw = (kind: RmwKind, invert = false) => (e: Emitter, _i: number, f: Fields): void => {
  const size = accessBytes(f, false);
  const b = e.b;
  const addr = e.xsp(f.rn);
  const operand = regBytes(e, f.rs, size);
  e.setX(f.rt, b.atomicRmw(kind, addr, invert ? b.un('not', operand) : operand, size, 'le'));
};

/** LDAPR: a load-acquire (RCpc), in program order like LDAR. */
function loadAcquirePc(e: Emitter, _i: number, f: Fields): void {
  e.setX(f.rt, e.load(e.xsp(f.rn), accessBytes(f, false)));
}

/**
 * Exclusives, ordered and compare-and-swap: o2 (insn<23>), L (load), o1 (insn<21>), o0 (acquire
 * or release ordering, which sequentially consistent atomics already give). Rs and Rt2 are don't
 * care where unused.
 */
const EXCL = (size: string, o2L: string, o1: string): string => `${size} 001000 ${o2L} ${o1} rs:5 o0:1 rt2:5 rn:5 rt:5`;
/** LSE atomic memory operations: A and R (ordering), o3:opc insn<15:12>. */
const LSE = (opc: string): string => `size:2 111000 A:1 R:1 1 rs:5 ${opc} 00 rn:5 rt:5`;
export const atomicPatterns: Pattern[] = [
  pat('STXR/STLXR', EXCL('size:2', '0 0', '0'), storeExclusive(false)),
  pat('LDXR/LDAXR', EXCL('size:2', '0 1', '0'), loadExclusive(false)),
  pat('STXP/STLXP', EXCL('1 sz:1', '0 0', '1'), storeExclusive(true)),
  pat('LDXP/LDAXP', EXCL('1 sz:1', '0 1', '1'), loadExclusive(true)),
  pat('CASP/CASPA/CASPL/CASPAL', EXCL('0 sz:1', '0 L:1', '1'), compareAndSwapPair),
  pat('LDAR/LDLAR/STLR/STLLR', EXCL('size:2', '1 L:1', '0'), acquireRelease),
  pat('CAS/CASA/CASL/CASAL', EXCL('size:2', '1 L:1', '1'), compareAndSwap),
  pat('LDADD', LSE('0 000'), atomicRmw('add')),
  pat('LDCLR', LSE('0 001'), atomicRmw('and', true)),
  pat('LDEOR', LSE('0 010'), atomicRmw('xor')),
  pat('LDSET', LSE('0 011'), atomicRmw('or')),
  pat('LDSMAX', LSE('0 100'), atomicRmw('smax')),
  pat('LDSMIN', LSE('0 101'), atomicRmw('smin')),
  pat('LDUMAX', LSE('0 110'), atomicRmw('umax')),
  pat('LDUMIN', LSE('0 111'), atomicRmw('umin')),
  pat('SWP', LSE('1 000'), atomicRmw('xchg')),
  pat('LDAPR', 'size:2 111000 1 0 1 11111 1 100 00 rn:5 rt:5', loadAcquirePc),
];
