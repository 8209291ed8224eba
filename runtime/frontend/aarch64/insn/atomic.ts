// Exclusive, acquire/release and LSE atomic memory instructions (Arm ARM C4.1.94).
//
// Single-threaded model: guest threads never run in parallel with each other, so ordering
// semantics reduce to program order and an atomic read-modify-write is load, compute, store.
// The exclusive monitor remembers address, size and the value(s) LDXR read; STXR succeeds when
// address and size match and memory still holds those values (so an intervening plain store of
// a different value by another thread makes it fail, as a real monitor would).
// Alignment faults for misaligned atomics are not modelled.
import type { AccessSize, BinKind, CmpKind, Temp } from '../../../ir/types.js';
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

function storeExclusive(e: Emitter, i: number, pairRegs: boolean): void {
  const b = e.b;
  const size = pairRegs ? ((4 << bit(i, 30)) as AccessSize) : sizeBytes(i);
  const addr = e.xsp(rn(i));
  const new1 = e.x(rd(i));
  const new2 = pairRegs ? e.x(bits(i, 14, 10)) : null;
  const fail = b.newLabel(), done = b.newLabel();
  const sameAddr = b.cmp('eq', b.get('i64', A64.exclAddr), addr);
  const sameSize = b.cmp('eq', b.get('i64', A64.exclSize), b.i64(pairRegs ? size * 2 : size));
  b.brif(b.cmp('eq', b.bin('and', sameAddr, sameSize), b.i32(0)), fail);
  const cur1 = e.load(addr, size);
  let unchanged = b.cmp('eq', cur1, b.get('i64', A64.exclVal));
  if (pairRegs) {
    const cur2 = e.load(e.addr(addr, size), size);
    unchanged = b.bin('and', unchanged, b.cmp('eq', cur2, b.get('i64', A64.exclVal2)));
  }
  b.brif(b.cmp('eq', unchanged, b.i32(0)), fail);
  e.store(addr, new1, size);
  if (new2 !== null) e.store(e.addr(addr, size), new2, size);
  e.setX(rm(i), b.i64(0));
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
  const b = e.b, size = sizeBytes(i), s = rm(i);
  const addr = e.xsp(rn(i));
  const expected = regBytes(e, s, size), replacement = e.x(rd(i));
  const old = e.load(addr, size);
  const skip = b.newLabel();
  b.brif(b.cmp('ne', old, expected), skip);
  e.store(addr, replacement, size);
  b.label(skip);
  e.setX(s, old);
}

/** CASP: the same on a pair of consecutive registers (Rs, Rs+1) / (Rt, Rt+1). */
function compareAndSwapPair(e: Emitter, i: number): boolean {
  const b = e.b, size = (4 << bit(i, 30)) as AccessSize, s = rm(i), t = rd(i);
  if (s & 1 || t & 1) return false;
  const addr = e.xsp(rn(i)), addr2 = e.addr(addr, size);
  const exp1 = regBytes(e, s, size), exp2 = regBytes(e, s + 1, size);
  const new1 = e.x(t), new2 = e.x(t + 1);
  const old1 = e.load(addr, size), old2 = e.load(addr2, size);
  const skip = b.newLabel();
  const equal = b.bin('and', b.cmp('eq', old1, exp1), b.cmp('eq', old2, exp2));
  b.brif(b.cmp('eq', equal, b.i32(0)), skip);
  e.store(addr, new1, size);
  e.store(addr2, new2, size);
  b.label(skip);
  e.setX(s, old1);
  e.setX(s + 1, old2);
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

type RmwOp = { kind: BinKind; not?: true } | { pick: CmpKind; signed: boolean } | 'swap';

// opc: LDADD, LDCLR, LDEOR, LDSET, LDSMAX, LDSMIN, LDUMAX, LDUMIN
const RMW: readonly RmwOp[] = [
  { kind: 'add' }, { kind: 'and', not: true }, { kind: 'xor' }, { kind: 'or' },
  { pick: 'gt_s', signed: true }, { pick: 'lt_s', signed: true }, { pick: 'gt_u', signed: false }, { pick: 'lt_u', signed: false },
];

function signExtendBytes(e: Emitter, v: Temp, size: AccessSize): Temp {
  switch (size) {
    case 1: return e.b.conv('sext8', v);
    case 2: return e.b.conv('sext16', v);
    case 4: return e.b.conv('sext32', v);
    default: return v;
  }
}

function atomicRmw(e: Emitter, i: number): boolean {
  const o3 = bit(i, 15), opc = bits(i, 14, 12), size = sizeBytes(i);
  const b = e.b;
  if (o3 && opc === 4) { // LDAPR
    if (rm(i) !== 31 || !bit(i, 23) || bit(i, 22)) return false;
    e.setX(rd(i), e.load(e.xsp(rn(i)), size));
    return true;
  }
  const op: RmwOp | undefined = o3 ? (opc === 0 ? 'swap' : undefined) : RMW[opc];
  if (!op) return false;
  const addr = e.xsp(rn(i));
  const operand = regBytes(e, rm(i), size);
  const old = e.load(addr, size);
  let updated: Temp;
  if (op === 'swap') updated = operand;
  else if ('kind' in op) updated = b.bin(op.kind, old, op.not ? b.un('not', operand) : operand);
  else {
    const a = op.signed ? signExtendBytes(e, old, size) : old;
    const c = op.signed ? signExtendBytes(e, operand, size) : operand;
    updated = b.select(b.cmp(op.pick, a, c), old, operand);
  }
  e.store(addr, updated, size);
  e.setX(rd(i), old);
  return true;
}

export const atomicPatterns: Pattern[] = [
  pat('exclusive/ordered/CAS', 0x3f000000, 0x08000000, exclusive),
  pat('LSE atomic / LDAPR', 0x3f200c00, 0x38200000, atomicRmw),
];
