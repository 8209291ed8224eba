// Advanced SIMD integer lane operations shared by the vector and scalar encodings, and the rows
// (instruction, opcode bits, lane op) of the three-same group (arithmetic, compare, min/max,
// pairwise, saturating, shifts by register) and the two-register misc group (compare with zero,
// abs/neg, counts, saturating accumulate).
import type { CmpKind, Temp } from '../../../ir/types.js';
import { reverseBits } from './dp-math.js';
import type { Lane } from './simd-common.js';
import { halving, shiftByRegister, sqabs, sqneg, suqadd, usqadd } from './simd-sat.js';

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

/** Element sizes an instruction has: one bit per value of the size field (bit 0: B ... bit 3: D). */
export const ANY_SIZE = 0b1111, NO_D = 0b0111, H_OR_S = 0b0110, B_ONLY = 0b0001;

/** MLA/MLS/SABA/UABA: the lane op also reads the destination lane d. */
export type LaneAcc = (l: Lane, d: Temp, a: Temp, c: Temp) => Temp;

/**
 * One row of a data-table instruction group: its name, its U bit and opcode bits as written in
 * the Arm ARM's encoding tables, the element sizes of its vector form (default ANY_SIZE), and its
 * scalar form: for every size the vector form has, for D only (the pattern fixes size = 11), or
 * none. simd-arith.ts turns each row into its own patterns, so the decoder picks the instruction
 * and opcodes no row has are unallocated; the rows are data rather than written-out patterns
 * because 40 patterns differing only in U and opcode would repeat the same spec 40 times.
 */
export interface Row {
  readonly name: string;
  readonly U: 0 | 1;
  readonly opcode: string;
  readonly sizes?: number;
  readonly scalar?: 'any' | 'D';
}

/** The scalar form's name: "FOO (vector)" becomes "FOO (scalar)", "FOO" "FOO (scalar)". */
export const scalarName = (name: string): string =>
  (name.includes('vector') ? name.replace('vector', 'scalar') : `${name} (scalar)`);

/** Three same (vector insn<15:11>, scalar the same): the op is applied lane by lane, or pairwise. */
export type ThreeSameRow = Row & ({ readonly op: LaneOp2; readonly pairwise?: true } | { readonly acc: LaneAcc });

const mla: LaneAcc = (l, d, a, c) => l.zx(l.b.bin('add', d, l.b.bin('mul', a, c)));
const mls: LaneAcc = (l, d, a, c) => l.zx(l.b.bin('sub', d, l.b.bin('mul', a, c)));
const aba = (signed: boolean): LaneAcc => (l, d, a, c) => l.zx(l.b.bin('add', d, absDiff(signed)(l, a, c)));

export const THREE_SAME: readonly ThreeSameRow[] = [
  { name: 'SHADD', U: 0, opcode: '00000', op: halving(true, 'add'), sizes: NO_D },
  { name: 'UHADD', U: 1, opcode: '00000', op: halving(false, 'add'), sizes: NO_D },
  { name: 'SQADD', U: 0, opcode: '00001', op: signedSat(false), scalar: 'any' },
  { name: 'UQADD', U: 1, opcode: '00001', op: unsignedSatAdd, scalar: 'any' },
  { name: 'SRHADD', U: 0, opcode: '00010', op: halving(true, 'radd'), sizes: NO_D },
  { name: 'URHADD', U: 1, opcode: '00010', op: halving(false, 'radd'), sizes: NO_D },
  { name: 'SHSUB', U: 0, opcode: '00100', op: halving(true, 'sub'), sizes: NO_D },
  { name: 'UHSUB', U: 1, opcode: '00100', op: halving(false, 'sub'), sizes: NO_D },
  { name: 'SQSUB', U: 0, opcode: '00101', op: signedSat(true), scalar: 'any' },
  { name: 'UQSUB', U: 1, opcode: '00101', op: unsignedSatSub, scalar: 'any' },
  { name: 'CMGT (register)', U: 0, opcode: '00110', op: cmp('gt_s', true), scalar: 'D' },
  { name: 'CMHI (register)', U: 1, opcode: '00110', op: cmp('gt_u', false), scalar: 'D' },
  { name: 'CMGE (register)', U: 0, opcode: '00111', op: cmp('ge_s', true), scalar: 'D' },
  { name: 'CMHS (register)', U: 1, opcode: '00111', op: cmp('ge_u', false), scalar: 'D' },
  { name: 'SSHL', U: 0, opcode: '01000', op: shiftByReg(true), scalar: 'D' },
  { name: 'USHL', U: 1, opcode: '01000', op: shiftByReg(false), scalar: 'D' },
  { name: 'SQSHL (register)', U: 0, opcode: '01001', op: shiftByRegister(true, false, true), scalar: 'any' },
  { name: 'UQSHL (register)', U: 1, opcode: '01001', op: shiftByRegister(false, false, true), scalar: 'any' },
  { name: 'SRSHL', U: 0, opcode: '01010', op: shiftByRegister(true, true, false), scalar: 'D' },
  { name: 'URSHL', U: 1, opcode: '01010', op: shiftByRegister(false, true, false), scalar: 'D' },
  { name: 'SQRSHL', U: 0, opcode: '01011', op: shiftByRegister(true, true, true), scalar: 'any' },
  { name: 'UQRSHL', U: 1, opcode: '01011', op: shiftByRegister(false, true, true), scalar: 'any' },
  { name: 'SMAX', U: 0, opcode: '01100', op: pick('gt_s', true), sizes: NO_D },
  { name: 'UMAX', U: 1, opcode: '01100', op: pick('gt_u', false), sizes: NO_D },
  { name: 'SMIN', U: 0, opcode: '01101', op: pick('lt_s', true), sizes: NO_D },
  { name: 'UMIN', U: 1, opcode: '01101', op: pick('lt_u', false), sizes: NO_D },
  { name: 'SABD', U: 0, opcode: '01110', op: absDiff(true), sizes: NO_D },
  { name: 'UABD', U: 1, opcode: '01110', op: absDiff(false), sizes: NO_D },
  { name: 'SABA', U: 0, opcode: '01111', acc: aba(true), sizes: NO_D },
  { name: 'UABA', U: 1, opcode: '01111', acc: aba(false), sizes: NO_D },
  { name: 'ADD (vector)', U: 0, opcode: '10000', op: add, scalar: 'D' },
  { name: 'SUB (vector)', U: 1, opcode: '10000', op: sub, scalar: 'D' },
  { name: 'CMTST', U: 0, opcode: '10001', op: (l, a, c) => l.mask(l.b.cmp('ne', l.b.bin('and', a, c), l.k(0))), scalar: 'D' },
  { name: 'CMEQ (register)', U: 1, opcode: '10001', op: cmp('eq', false), scalar: 'D' },
  { name: 'MLA (vector)', U: 0, opcode: '10010', acc: mla, sizes: NO_D },
  { name: 'MLS (vector)', U: 1, opcode: '10010', acc: mls, sizes: NO_D },
  { name: 'MUL (vector)', U: 0, opcode: '10011', op: (l, a, c) => l.zx(l.b.bin('mul', a, c)), sizes: NO_D },
  { name: 'SMAXP', U: 0, opcode: '10100', op: pick('gt_s', true), pairwise: true, sizes: NO_D },
  { name: 'UMAXP', U: 1, opcode: '10100', op: pick('gt_u', false), pairwise: true, sizes: NO_D },
  { name: 'SMINP', U: 0, opcode: '10101', op: pick('lt_s', true), pairwise: true, sizes: NO_D },
  { name: 'UMINP', U: 1, opcode: '10101', op: pick('lt_u', false), pairwise: true, sizes: NO_D },
  { name: 'SQDMULH (vector)', U: 0, opcode: '10110', op: doublingMulHigh(false), sizes: H_OR_S, scalar: 'any' },
  { name: 'SQRDMULH (vector)', U: 1, opcode: '10110', op: doublingMulHigh(true), sizes: H_OR_S, scalar: 'any' },
  { name: 'ADDP (vector)', U: 0, opcode: '10111', op: add, pairwise: true },
];

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

/** Two-register misc (vector insn<16:12>, scalar the same); SUQADD/USQADD accumulate into the destination. */
export type TwoMiscRow = Row & ({ readonly op: LaneOp1 } | { readonly acc: (l: Lane, d: Temp, n: Temp) => Temp });

const abs: LaneOp1 = (l, a) => l.zx(l.b.select(l.b.cmp('lt_s', l.sx(a), l.k(0)), l.b.un('neg', a), a));

export const TWO_MISC: readonly TwoMiscRow[] = [
  { name: 'SUQADD', U: 0, opcode: '00011', acc: suqadd, scalar: 'any' },
  { name: 'USQADD', U: 1, opcode: '00011', acc: usqadd, scalar: 'any' },
  { name: 'CLS (vector)', U: 0, opcode: '00100', op: cls, sizes: NO_D },
  { name: 'CLZ (vector)', U: 1, opcode: '00100', op: clz, sizes: NO_D },
  { name: 'CNT', U: 0, opcode: '00101', op: popcount, sizes: B_ONLY },
  { name: 'SQABS', U: 0, opcode: '00111', op: sqabs, scalar: 'any' },
  { name: 'SQNEG', U: 1, opcode: '00111', op: sqneg, scalar: 'any' },
  { name: 'CMGT (zero)', U: 0, opcode: '01000', op: zeroCmp('gt_s'), scalar: 'D' },
  { name: 'CMGE (zero)', U: 1, opcode: '01000', op: zeroCmp('ge_s'), scalar: 'D' },
  { name: 'CMEQ (zero)', U: 0, opcode: '01001', op: zeroCmp('eq'), scalar: 'D' },
  { name: 'CMLE (zero)', U: 1, opcode: '01001', op: zeroCmp('le_s'), scalar: 'D' },
  { name: 'CMLT (zero)', U: 0, opcode: '01010', op: zeroCmp('lt_s'), scalar: 'D' },
  { name: 'ABS', U: 0, opcode: '01011', op: abs, scalar: 'D' },
  { name: 'NEG (vector)', U: 1, opcode: '01011', op: (l, a) => l.zx(l.b.un('neg', a)), scalar: 'D' },
];

/** NOT and RBIT share U=1 opcode 00101, the size field choosing (00 and 01); they work on bytes. */
export const NOT_OP: LaneOp1 = (l, a) => l.zx(l.b.un('not', a));
export const RBIT_OP: LaneOp1 = rbit;
