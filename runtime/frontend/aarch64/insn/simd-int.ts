// Advanced SIMD integer lane operations shared by the vector and scalar encodings:
// three-same (arithmetic, compare, min/max, pairwise, saturating, shifts by register) and
// two-register miscellaneous (compare with zero, abs/neg, counts, reversals).
import type { CmpKind, Temp } from '../../../ir/types.js';
import { reverseBits } from './dp-math.js';
import type { Lane } from './simd-common.js';
import { halving, shiftByRegister, sqabs, sqneg } from './simd-sat.js';

export type LaneOp2 = (l: Lane, a: Temp, c: Temp) => Temp;
export type LaneOp1 = (l: Lane, a: Temp) => Temp;

const cmp = (kind: CmpKind, signed: boolean): LaneOp2 => (l, a, c) =>
  l.mask(signed ? l.b.cmp(kind, l.sx(a), l.sx(c)) : l.b.cmp(kind, a, c));
const pick = (kind: CmpKind, signed: boolean): LaneOp2 => (l, a, c) =>
  l.b.select(signed ? l.b.cmp(kind, l.sx(a), l.sx(c)) : l.b.cmp(kind, a, c), a, c);

const add: LaneOp2 = (l, a, c) => l.zx(l.b.bin('add', a, c));
const sub: LaneOp2 = (l, a, c) => l.zx(l.b.bin('sub', a, c));

function unsignedSatAdd(l: Lane, a: Temp, c: Temp): Temp {
  const sum = l.zx(l.b.bin('add', a, c));
  const carry = l.b.cmp('lt_u', sum, a);
  l.e.saturatedIf(carry);
  return l.b.select(carry, l.ones(), sum);
}
function unsignedSatSub(l: Lane, a: Temp, c: Temp): Temp {
  const borrow = l.b.cmp('lt_u', a, c);
  l.e.saturatedIf(borrow);
  return l.b.select(borrow, l.k(0), l.zx(l.b.bin('sub', a, c)));
}
/** Signed saturation of a + c or a - c: overflow iff the wrapped result's sign is wrong. */
export function signedSat(isSub: boolean): LaneOp2 {
  return (l, a, c) => {
    const b = l.b;
    const sa = l.sx(a), sc = l.sx(c);
    // Shift lanes to the top of the temp so the temp's own overflow rules apply.
    const up = l.k(l.ty === 'i64' ? 0 : 32 - l.bits);
    const ha = b.bin('shl', sa, up), hc = b.bin('shl', sc, up);
    const r = b.bin(isSub ? 'sub' : 'add', ha, hc);
    const zero = l.k(0);
    const ov = isSub
      ? b.cmp('lt_s', b.bin('and', b.bin('xor', ha, hc), b.bin('xor', ha, r)), zero)
      : b.cmp('lt_s', b.bin('and', b.bin('xor', ha, r), b.bin('xor', hc, r)), zero);
    const max = l.k((1n << BigInt(l.bits - 1)) - 1n), min = l.k(1n << BigInt(l.bits - 1));
    const sat = b.select(b.cmp('lt_s', sa, zero), min, max);
    l.e.saturatedIf(ov);
    return b.select(ov, sat, l.zx(b.bin('shr_s', r, up)));
  };
}

/** SSHL/USHL: shift by the signed low byte of c; left if positive, right if negative. */
function shiftByReg(signed: boolean): LaneOp2 {
  return (l, a, c) => {
    const b = l.b;
    const amt = b.conv('sext8', b.bin('and', c, l.k(0xff)));
    const width = l.k(l.bits);
    const neg = b.un('neg', amt);
    const v = signed ? l.sx(a) : a;
    const left = b.select(b.cmp('ge_s', amt, width), l.k(0), b.bin('shl', v, amt));
    const clamped = b.select(b.cmp('ge_s', neg, width), l.k(l.bits - 1), neg);
    const rightS = b.bin('shr_s', v, clamped);
    const right = signed ? rightS : b.select(b.cmp('ge_s', neg, width), l.k(0), b.bin('shr_u', v, neg));
    return l.zx(b.select(b.cmp('ge_s', amt, l.k(0)), left, right));
  };
}

const absDiff = (signed: boolean): LaneOp2 => (l, a, c) => {
  const b = l.b;
  const x = signed ? l.sx(a) : a, y = signed ? l.sx(c) : c;
  const gt = b.cmp(signed ? 'gt_s' : 'gt_u', x, y);
  return l.zx(b.select(gt, b.bin('sub', x, y), b.bin('sub', y, x)));
};

/**
 * SQDMULH/SQRDMULH: high half of 2*a*c (rounded), for 16- and 32-bit lanes. Computed in i64,
 * where only MIN*MIN overflows; it saturates to MAX.
 */
export function doublingMulHigh(round: boolean): LaneOp2 {
  return (l, a, c) => {
    const b = l.b;
    const wide = (x: Temp): Temp => (l.ty === 'i64' ? x : b.conv('extend_s', l.sx(x)));
    let p = b.bin('shl', b.bin('mul', wide(a), wide(c)), b.i64(1));
    if (round) p = b.bin('add', p, b.i64(1n << BigInt(l.bits - 1)));
    const hi = b.conv('wrap', b.bin('shr_s', p, b.i64(l.bits)));
    const min = l.k(1n << BigInt(l.bits - 1));
    const both = b.bin('and', b.cmp('eq', a, min), b.cmp('eq', c, min));
    l.e.saturatedIf(both);
    return b.select(both, l.k((1n << BigInt(l.bits - 1)) - 1n), l.zx(hi));
  };
}

/**
 * SQDMULL: 2*a*c of two narrow (16/32-bit) lanes as a saturated double-width lane; only
 * MIN*MIN overflows. With `acc`, SQDMLAL/SQDMLSL add/subtract it with signed saturation.
 */
export function sqdmull(ln: Lane, lw: Lane, a: Temp, c: Temp, acc?: { d: Temp; sub: boolean }): Temp {
  const b = ln.b;
  const wide = (x: Temp): Temp => b.conv('extend_s', ln.sx(x));
  const p = b.bin('shl', b.bin('mul', wide(a), wide(c)), b.i64(1));
  const min = ln.k(1n << BigInt(ln.bits - 1));
  const both = b.bin('and', b.cmp('eq', a, min), b.cmp('eq', c, min));
  ln.e.saturatedIf(both);
  const prod = b.select(both, lw.k((1n << BigInt(lw.bits - 1)) - 1n), lw.ty === 'i64' ? p : b.conv('wrap', p));
  return acc ? signedSat(acc.sub)(lw, acc.d, prod) : prod;
}

/** Three-same integer ops keyed by U:opcode (insn<29>, insn<15:11>). */
export interface ThreeSameEntry {
  op: LaneOp2;
  pairwise?: true;
  noD?: true;
  halfOrSingle?: true;
  /** The scalar form exists for every element size (otherwise only for D, or not at all). */
  scalarAnySize?: true;
}

export const THREE_SAME: ReadonlyMap<number, ThreeSameEntry> = new Map<number, ThreeSameEntry>([
  [0x01, { op: signedSat(false), scalarAnySize: true }], [0x21, { op: unsignedSatAdd, scalarAnySize: true }],
  [0x05, { op: signedSat(true), scalarAnySize: true }], [0x25, { op: unsignedSatSub, scalarAnySize: true }],
  [0x00, { op: halving(true, 'add'), noD: true }], [0x20, { op: halving(false, 'add'), noD: true }],
  [0x02, { op: halving(true, 'radd'), noD: true }], [0x22, { op: halving(false, 'radd'), noD: true }],
  [0x04, { op: halving(true, 'sub'), noD: true }], [0x24, { op: halving(false, 'sub'), noD: true }],
  [0x09, { op: shiftByRegister(true, false, true), scalarAnySize: true }], [0x29, { op: shiftByRegister(false, false, true), scalarAnySize: true }],
  [0x0a, { op: shiftByRegister(true, true, false) }], [0x2a, { op: shiftByRegister(false, true, false) }],
  [0x0b, { op: shiftByRegister(true, true, true), scalarAnySize: true }], [0x2b, { op: shiftByRegister(false, true, true), scalarAnySize: true }],
  [0x06, { op: cmp('gt_s', true) }], [0x26, { op: cmp('gt_u', false) }],
  [0x07, { op: cmp('ge_s', true) }], [0x27, { op: cmp('ge_u', false) }],
  [0x08, { op: shiftByReg(true) }], [0x28, { op: shiftByReg(false) }],
  [0x0c, { op: pick('gt_s', true), noD: true }], [0x2c, { op: pick('gt_u', false), noD: true }],
  [0x0d, { op: pick('lt_s', true), noD: true }], [0x2d, { op: pick('lt_u', false), noD: true }],
  [0x0e, { op: absDiff(true), noD: true }], [0x2e, { op: absDiff(false), noD: true }],
  [0x10, { op: add }], [0x30, { op: sub }],
  [0x11, { op: (l, a, c) => l.mask(l.b.cmp('ne', l.b.bin('and', a, c), l.k(0))) }],
  [0x31, { op: cmp('eq', false) }],
  [0x13, { op: (l, a, c) => l.zx(l.b.bin('mul', a, c)), noD: true }],
  [0x14, { op: pick('gt_s', true), pairwise: true, noD: true }], [0x34, { op: pick('gt_u', false), pairwise: true, noD: true }],
  [0x15, { op: pick('lt_s', true), pairwise: true, noD: true }], [0x35, { op: pick('lt_u', false), pairwise: true, noD: true }],
  [0x17, { op: add, pairwise: true }],
  [0x16, { op: doublingMulHigh(false), halfOrSingle: true, scalarAnySize: true }], [0x36, { op: doublingMulHigh(true), halfOrSingle: true, scalarAnySize: true }],
]);

/** MLA/MLS (U:opcode 0x12/0x32) accumulate into the destination. */
export const ACCUMULATE: ReadonlyMap<number, (l: Lane, d: Temp, a: Temp, c: Temp) => Temp> = new Map([
  [0x12, (l: Lane, d: Temp, a: Temp, c: Temp) => l.zx(l.b.bin('add', d, l.b.bin('mul', a, c)))],
  [0x32, (l: Lane, d: Temp, a: Temp, c: Temp) => l.zx(l.b.bin('sub', d, l.b.bin('mul', a, c)))],
  [0x0f, (l: Lane, d: Temp, a: Temp, c: Temp) => l.zx(l.b.bin('add', d, absDiff(true)(l, a, c)))],
  [0x2f, (l: Lane, d: Temp, a: Temp, c: Temp) => l.zx(l.b.bin('add', d, absDiff(false)(l, a, c)))],
]);

const zeroCmp = (kind: CmpKind): LaneOp1 => (l, a) => l.mask(l.b.cmp(kind, l.sx(a), l.k(0)));

function popcount(l: Lane, a: Temp): Temp { return l.b.un('popcnt', a); }
function clz(l: Lane, a: Temp): Temp {
  // Lanes narrower than the temp sit in its low bits: discount the extra leading zeros.
  const width = l.ty === 'i64' ? 64 : 32;
  return l.b.bin('sub', l.b.un('clz', a), l.k(width - l.bits));
}
function cls(l: Lane, a: Temp): Temp {
  const s = l.sx(a);
  const x = l.b.bin('xor', s, l.b.bin('shr_s', s, l.k(1)));
  return l.b.bin('sub', clz(l, l.zx(x)), l.k(1));
}
function rbit(l: Lane, a: Temp): Temp {
  // Bit-reverse the byte within an i32 temp: the full reversal leaves it in the top byte.
  return l.b.bin('shr_u', reverseBits(l.e, a), l.k(24));
}

/** Two-register misc integer ops keyed by U:size-class:opcode (insn<29>, insn<16:12>); size checks are the caller's. */
export const TWO_MISC: ReadonlyMap<number, { op: LaneOp1; bytesOnly?: true; noD?: true; scalarAnySize?: true }> = new Map<number, { op: LaneOp1; bytesOnly?: true; noD?: true; scalarAnySize?: true }>([
  [0x07, { op: sqabs, scalarAnySize: true }], [0x27, { op: sqneg, scalarAnySize: true }],
  [0x04, { op: cls, noD: true }], [0x24, { op: clz, noD: true }],
  [0x05, { op: popcount, bytesOnly: true }],
  [0x08, { op: zeroCmp('gt_s') }], [0x28, { op: zeroCmp('ge_s') }],
  [0x09, { op: zeroCmp('eq') }], [0x29, { op: zeroCmp('le_s') }],
  [0x0a, { op: zeroCmp('lt_s') }],
  [0x0b, { op: (l, a) => l.zx(l.b.select(l.b.cmp('lt_s', l.sx(a), l.k(0)), l.b.un('neg', a), a)) }],
  [0x2b, { op: (l, a) => l.zx(l.b.un('neg', a)) }],
]);

/** NOT and RBIT share U=1 opcode 00101 with the size field choosing. */
export const NOT_OP: LaneOp1 = (l, a) => l.zx(l.b.un('not', a));
export const RBIT_OP: LaneOp1 = rbit;
