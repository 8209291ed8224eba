// Advanced SIMD saturating and halving lane operations: SQSHL/UQSHL/SQRSHL/UQRSHL/SRSHL/URSHL
// (by register and immediate), SQSHLU, SHADD/UHADD/SRHADD/URHADD/SHSUB/UHSUB, SQABS/SQNEG,
// SUQADD/USQADD and the saturating narrowing shifts. Lanes are computed in their temp (i32 for
// up to 4 bytes, i64 for 8) with overflow detected by shifting back, so one formulation serves
// every element size. Each saturating lane reports its "clamped != exact" condition to the
// emitter (`saturatedIf`), which sets FPSR.QC once per instruction.
import type { Temp } from '../../../ir/types.js';
import type { Lane } from './simd-common.js';
import type { LaneOp1, LaneOp2 } from './simd-int.js';

const maxS = (l: Lane): Temp => l.k((1n << BigInt(l.bits - 1)) - 1n);
const minS = (l: Lane): Temp => l.k(1n << BigInt(l.bits - 1));

/** Value of a lane as a temp-width integer: sign-extended or as is. */
const val = (l: Lane, x: Temp, signed: boolean): Temp => (signed ? l.sx(x) : x);

/** The saturated result for an overflowing value of sign `negative`. */
function saturated(l: Lane, negative: Temp, signedOut: boolean): Temp {
  return signedOut ? l.b.select(negative, minS(l), maxS(l)) : l.b.select(negative, l.k(0), l.ones());
}

/**
 * v << amt (0 <= amt < 2*bits as a temp) saturated to the lane: `signedIn` interprets v,
 * `signedOut` the result range (SQSHLU: signed in, unsigned out).
 */
function satShiftLeft(l: Lane, v: Temp, amt: Temp, signedIn: boolean, signedOut: boolean): Temp {
  const b = l.b;
  const width = l.k(l.bits);
  const big = b.cmp('ge_u', amt, width);
  const sh = b.select(big, l.k(0), amt);
  const r = b.bin('shl', v, sh);
  const back = b.bin(signedOut ? 'shr_s' : 'shr_u', r, sh);
  const rLane = l.zx(r);
  // The result must survive the round trip and fit the output range.
  const fits = signedOut ? b.cmp('eq', l.sx(rLane), r) : b.cmp('eq', rLane, r);
  const negative = signedIn ? b.cmp('lt_s', v, l.k(0)) : b.i32(0);
  const ok = b.bin('and', b.cmp('eq', back, v), b.bin('and', fits, b.cmp('eq', big, b.i32(0))));
  const zero = b.cmp('eq', v, l.k(0));
  const inRange = signedOut || !signedIn ? ok : b.bin('and', ok, b.cmp('eq', negative, b.i32(0)));
  const exact = b.bin('or', inRange, zero);
  l.e.saturatedIf(b.cmp('eq', exact, b.i32(0)));
  return b.select(exact, l.zx(b.select(zero, l.k(0), r)), saturated(l, negative, signedOut));
}

/** v >> n (n >= 1 as a temp, may exceed the lane), optionally rounding. */
function shiftRightVar(l: Lane, v: Temp, n: Temp, signed: boolean, round: boolean): Temp {
  const b = l.b;
  const last = l.k(l.bits - 1);
  const over = b.cmp('gt_u', n, last);
  const t1 = b.select(over, signed ? b.bin('shr_s', v, last) : l.k(0), b.bin(signed ? 'shr_s' : 'shr_u', v, n));
  if (!round) return t1;
  const n1 = b.bin('sub', n, l.k(1));
  const beyond = b.cmp('gt_u', n1, last);
  const bitOut = b.bin('and', b.bin(signed ? 'shr_s' : 'shr_u', v, b.select(beyond, last, n1)), l.k(1));
  return b.bin('add', t1, signed ? bitOut : b.select(beyond, l.k(0), bitOut));
}

/** SQSHL/UQSHL/SQRSHL/UQRSHL/SRSHL/URSHL by register: the signed low byte of c is the shift. */
export function shiftByRegister(signed: boolean, round: boolean, saturate: boolean): LaneOp2 {
  return (l, a, c) => {
    const b = l.b;
    const amt = b.conv('sext8', c);
    const v = val(l, a, signed);
    const neg = b.cmp('lt_s', amt, l.k(0));
    const right = l.zx(shiftRightVar(l, v, b.un('neg', amt), signed, round));
    let left: Temp;
    if (saturate) left = satShiftLeft(l, v, b.select(neg, l.k(0), amt), signed, signed);
    else {
      const big = b.cmp('ge_s', amt, l.k(l.bits));
      left = b.select(big, l.k(0), l.zx(b.bin('shl', v, b.select(big, l.k(0), amt))));
    }
    return b.select(neg, right, left);
  };
}

/** SQSHL/UQSHL/SQSHLU (immediate). */
export function satShiftLeftImm(l: Lane, a: Temp, sh: number, signedIn: boolean, signedOut: boolean): Temp {
  return satShiftLeft(l, val(l, a, signedIn), l.k(sh), signedIn, signedOut);
}

/** Halving add/sub (SHADD, URHADD, SHSUB...): exact without a wider type. */
export function halving(signed: boolean, kind: 'add' | 'radd' | 'sub'): LaneOp2 {
  return (l, a, c) => {
    const b = l.b;
    const x = val(l, a, signed), y = val(l, c, signed);
    const sh = (t: Temp): Temp => b.bin(signed ? 'shr_s' : 'shr_u', t, l.k(1));
    const one = l.k(1);
    let r: Temp;
    if (kind === 'sub') r = b.bin('sub', b.bin('sub', sh(x), sh(y)), b.bin('and', b.bin('and', b.un('not', x), y), one));
    else r = b.bin('add', b.bin('add', sh(x), sh(y)), b.bin('and', kind === 'add' ? b.bin('and', x, y) : b.bin('or', x, y), one));
    return l.zx(r);
  };
}

/** SQABS/SQNEG: only the most negative value overflows (to MAX). */
function negatesMin(l: Lane, a: Temp): Temp {
  const isMin = l.b.cmp('eq', a, l.zx(minS(l)));
  l.e.saturatedIf(isMin);
  return isMin;
}
export const sqabs: LaneOp1 = (l, a) => {
  const b = l.b, v = l.sx(a);
  return b.select(negatesMin(l, a), maxS(l), l.zx(b.select(b.cmp('lt_s', v, l.k(0)), b.un('neg', v), v)));
};
export const sqneg: LaneOp1 = (l, a) => l.b.select(negatesMin(l, a), maxS(l), l.zx(l.b.un('neg', a)));

/** SUQADD: signed d + unsigned n, saturated signed. (d is the destination lane.) */
export function suqadd(l: Lane, d: Temp, n: Temp): Temp {
  const b = l.b;
  const room = l.zx(b.bin('sub', maxS(l), l.sx(d))); // MAX - d as an unsigned lane value
  const over = b.cmp('gt_u', n, room);
  l.e.saturatedIf(over);
  return b.select(over, maxS(l), l.zx(b.bin('add', d, n)));
}

/** USQADD: unsigned d + signed n, saturated unsigned. */
export function usqadd(l: Lane, d: Temp, n: Temp): Temp {
  const b = l.b;
  const sn = l.sx(n);
  const negative = b.cmp('lt_s', sn, l.k(0));
  const mag = l.zx(b.un('neg', sn));
  const over = b.cmp('gt_u', n, l.zx(b.bin('sub', l.ones(), d)));
  const under = b.cmp('gt_u', mag, d);
  const sum = l.zx(b.bin('add', d, n));
  l.e.saturatedIf(b.select(negative, under, over));
  return b.select(negative, b.select(under, l.k(0), sum), b.select(over, l.ones(), sum));
}

/** Saturate a source-lane value (already shifted) into a destination of `dstBits`. */
export function clampNarrow(l: Lane, v: Temp, dstBits: number, signedIn: boolean, signedOut: boolean): Temp {
  const b = l.b;
  const hi = (1n << BigInt(dstBits - (signedOut ? 1 : 0))) - 1n;
  const lo = signedOut ? -(1n << BigInt(dstBits - 1)) : 0n;
  const x = val(l, v, signedIn);
  const aboveHi = b.cmp(signedIn ? 'gt_s' : 'gt_u', x, l.k(hi));
  if (!signedIn) {
    l.e.saturatedIf(aboveHi);
    return b.select(aboveHi, l.k(hi), x);
  }
  const belowLo = b.cmp('lt_s', x, l.k(lo));
  l.e.saturatedIf(b.bin('or', aboveHi, belowLo));
  return b.select(aboveHi, l.k(hi), b.select(belowLo, l.k(lo), x));
}

/** Shift right by a constant 1..bits (signed or not, rounding or not) for the narrowing forms. */
export function shiftRightConst(l: Lane, a: Temp, n: number, signed: boolean, round: boolean): Temp {
  return shiftRightVar(l, val(l, a, signed), l.k(n), signed, round);
}
