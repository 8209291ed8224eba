// Advanced SIMD shifts beyond plain VSHL/VSHR by immediate: by register (VSHL, VRSHL, VQSHL,
// VQRSHL: the shift is the signed low byte of each Vm lane, negative shifting right), by
// immediate with rounding, accumulation or insertion (VRSHR, VSRA, VRSRA, VSRI, VSLI), saturating
// (VQSHL, VQSHLU), narrowing (VSHRN, VRSHRN, VQSHRN, VQRSHRN, VQSHRUN, VQRSHRUN) and the
// saturating moves VQMOVN/VQMOVUN, plus VSHLL by the element size. Lanes of up to 32 bits are
// computed in i32 (sign- or zero-extended), 64-bit lanes in i64; saturation sets FPSCR.QC.
import type { Temp } from '../../../ir/types.js';
import type { Fields } from '../../shared/bit-pattern.js';
import type { EmitFn, Group } from '../decoder.js';
import type { ArmEmitter } from '../emitter.js';
import { dnum, dp, evenQ, lane, lanesOf, MISC, SAME, setQc, shiftForms, shiftSize, ty, writeLanes, type LaneSize } from './neon-common.js';

/** A lane computation's width: i32 for lanes of up to 32 bits, i64 for 64-bit lanes. */
interface Lane { e: ArmEmitter; size: LaneSize; signed: boolean }
const width = (l: Lane): number => (l.size === 8 ? 64 : 32);
const k = (l: Lane, v: number | bigint): Temp => (l.size === 8 ? l.e.b.i64(BigInt(v)) : l.e.b.i32(Number(BigInt.asIntN(32, BigInt(v)))));

/** The amount n (an i32) clamped to 0..W-1. */
function clamp(l: Lane, n: Temp): Temp {
  const b = l.e.b, w = width(l);
  const c = b.select(b.cmp('gt_s', n, b.i32(w - 1)), b.i32(w - 1), b.select(b.cmp('lt_s', n, b.i32(0)), b.i32(0), n));
  return l.size === 8 ? b.conv('extend_u', c) : c;
}

/** v shifted right by n >= 0 (any size: the sign or zero beyond the width). */
function shr(l: Lane, v: Temp, n: Temp): Temp {
  const b = l.e.b;
  const r = b.bin(l.signed ? 'shr_s' : 'shr_u', v, clamp(l, n));
  return l.signed ? r : b.select(b.cmp('ge_s', n, b.i32(width(l))), k(l, 0), r);
}
/** v shifted right by n >= 0, rounding: (v >> n) + bit n-1 of v (no overflow at any width). */
function rshr(l: Lane, v: Temp, n: Temp): Temp {
  const b = l.e.b;
  const half = b.bin('and', shr(l, v, b.bin('sub', n, b.i32(1))), k(l, 1));
  return b.bin('add', shr(l, v, n), b.select(b.cmp('gt_s', n, b.i32(0)), half, k(l, 0)));
}
/** v shifted left by n >= 0 (zero from the width on; narrower lanes are truncated when written). */
function shl(l: Lane, v: Temp, n: Temp): Temp {
  const b = l.e.b;
  return b.select(b.cmp('ge_s', n, b.i32(width(l))), k(l, 0), b.bin('shl', v, clamp(l, n)));
}

/** The saturation bounds of `bits`-bit lanes. */
const bounds = (signed: boolean, bits: number): [bigint, bigint] =>
  signed ? [-(1n << BigInt(bits - 1)), (1n << BigInt(bits - 1)) - 1n] : [0n, (1n << BigInt(bits)) - 1n];

/**
 * v shifted left by n >= 0, saturated to the lane's range (`unsignedResult`: VQSHLU, a signed
 * value to the unsigned range). Returns the value and whether it saturated (i32 0/1).
 */
function qshl(l: Lane, v: Temp, n: Temp, unsignedResult = false): { r: Temp; sat: Temp } {
  const b = l.e.b, w = width(l), bits = 8 * l.size;
  const amt = clamp(l, n);
  const r = b.bin('shl', v, amt);
  const signedRange = l.signed && !unsignedResult;
  const back = b.bin(signedRange ? 'shr_s' : 'shr_u', r, amt);
  let fits = b.bin('and', b.cmp('eq', back, v), b.bin('or', b.cmp('lt_s', n, b.i32(w)), b.cmp('eq', v, k(l, 0))));
  const [lo, hi] = bounds(signedRange, bits);
  if (bits < w) {
    const cmp = signedRange ? 's' : 'u';
    fits = b.bin('and', fits, b.bin('and', b.cmp(`ge_${cmp}`, r, k(l, lo)), b.cmp(`le_${cmp}`, r, k(l, hi))));
  }
  let sat: Temp = k(l, hi);
  if (signedRange) sat = b.select(b.cmp('lt_s', v, k(l, 0)), k(l, lo), sat);
  if (unsignedResult) {
    // Negative values saturate to 0; the others as unsigned numbers.
    const neg = b.cmp('lt_s', v, k(l, 0));
    return { r: b.select(neg, k(l, 0), b.select(fits, r, sat)), sat: b.bin('or', neg, b.cmp('eq', fits, b.i32(0))) };
  }
  return { r: b.select(fits, r, sat), sat: b.cmp('eq', fits, b.i32(0)) };
}

/** VSHL/VRSHL/VQSHL/VQRSHL (register): insn<4> = saturate, insn<8> (R) = round; U: unsigned. */
const byRegister = (round: boolean, saturate: boolean): EmitFn => (e, f) => {
  if (!evenQ(f, f.vd, f.vn, f.vm)) return false;
  const b = e.b;
  const size = (1 << f.size) as LaneSize;
  const l: Lane = { e, size, signed: f.u === 0 };
  const regsN = f.Q ? 2 : 1;
  // Vm holds the value, Vn the shifts.
  const v = lanesOf(e, dnum(f.vm, f.M), regsN, size, l.signed), s = lanesOf(e, dnum(f.vn, f.N), regsN, size);
  let sat = b.i32(0);
  const out = v.map((x, i) => {
    const n = b.conv('sext8', size === 8 ? b.conv('wrap', s[i]!) : s[i]!);
    const negN = b.bin('sub', b.i32(0), n);
    const right = round ? rshr(l, x, negN) : shr(l, x, negN);
    const left = saturate ? qshl(l, x, n) : { r: shl(l, x, n), sat: b.i32(0) };
    const isLeft = b.cmp('ge_s', n, b.i32(0));
    sat = b.bin('or', sat, b.bin('and', left.sat, isLeft));
    return b.select(isLeft, left.r, right);
  });
  writeLanes(e, dnum(f.vd, f.D), size, out);
  if (saturate) setQc(e, sat);
  return true;
};

/** The immediate forms' element size and shift (right: esize..1, left: 0..esize-1). */
function immShift(f: Fields, left: boolean): { size: LaneSize; n: number } | null {
  const s = shiftSize(f);
  if (s === null) return null;
  return { size: s.size, n: left ? (f.L ? f.imm6 : f.imm6 - s.esize) : (f.L ? 64 : 2 * s.esize) - f.imm6 };
}

/** VSRA/VRSHR/VRSRA: Vm >> n (rounded), added to Vd when accumulating. */
const shiftRight = (round: boolean, accumulate: boolean): EmitFn => (e, f) => {
  const s = immShift(f, false);
  if (s === null || !evenQ(f, f.vd, f.vm)) return false;
  const b = e.b;
  const l: Lane = { e, size: s.size, signed: f.u === 0 };
  const regsN = f.Q ? 2 : 1, d = dnum(f.vd, f.D);
  const v = lanesOf(e, dnum(f.vm, f.M), regsN, s.size, l.signed);
  const acc = accumulate ? lanesOf(e, d, regsN, s.size) : null;
  writeLanes(e, d, s.size, v.map((x, i) => {
    const r = round ? rshr(l, x, b.i32(s.n)) : shr(l, x, b.i32(s.n));
    return acc ? b.bin('add', acc[i]!, r) : r;
  }));
  return true;
};

/** VSRI (right) and VSLI (left): the shifted bits of Vm replace those of Vd. */
const insert = (left: boolean): EmitFn => (e, f) => {
  const s = immShift(f, left);
  if (s === null || !evenQ(f, f.vd, f.vm)) return false;
  const b = e.b;
  const bits = 8 * s.size;
  const all = (1n << BigInt(bits)) - 1n;
  const keep = left ? ~(all << BigInt(s.n)) & all : s.n >= bits ? all : ~(all >> BigInt(s.n)) & all;
  const l: Lane = { e, size: s.size, signed: false };
  const regsN = f.Q ? 2 : 1, d = dnum(f.vd, f.D);
  const v = lanesOf(e, dnum(f.vm, f.M), regsN, s.size), old = lanesOf(e, d, regsN, s.size);
  writeLanes(e, d, s.size, v.map((x, i) => {
    const moved = left ? shl(l, x, b.i32(s.n)) : shr(l, x, b.i32(s.n));
    return b.bin('or', b.bin('and', old[i]!, k(l, keep)), b.bin('and', moved, k(l, ~keep & all)));
  }));
  return true;
};

/** VQSHL (immediate, U: unsigned) and VQSHLU (immediate, signed to unsigned). */
const qshlImm = (toUnsigned: boolean): EmitFn => (e, f) => {
  const s = immShift(f, true);
  if (s === null || !evenQ(f, f.vd, f.vm)) return false;
  const b = e.b;
  const l: Lane = { e, size: s.size, signed: toUnsigned || f.u === 0 };
  let sat = b.i32(0);
  const v = lanesOf(e, dnum(f.vm, f.M), f.Q ? 2 : 1, s.size, l.signed);
  writeLanes(e, dnum(f.vd, f.D), s.size, v.map((x) => {
    const q = qshl(l, x, b.i32(s.n), toUnsigned);
    sat = b.bin('or', sat, q.sat);
    return q.r;
  }));
  setQc(e, sat);
  return true;
};

type NarrowKind = 'wrap' | 'signed' | 'unsigned' | 'signedToUnsigned';

/**
 * The narrowing forms: Qm's 2*esize lanes (signed unless `unsigned` source), shifted right by n
 * (rounded), then truncated or saturated into Dd's esize lanes.
 */
function narrow(e: ArmEmitter, f: Fields, esize: LaneSize, n: number, round: boolean, kind: NarrowKind): boolean {
  if (f.vm & 1 || esize === 8) return false;
  const b = e.b;
  const wide = (2 * esize) as LaneSize;
  const l: Lane = { e, size: wide, signed: kind !== 'unsigned' };
  const v = lanesOf(e, dnum(f.vm, f.M), 2, wide, l.signed);
  let sat = b.i32(0);
  const out = v.map((x) => {
    let r = n === 0 ? x : round ? rshr(l, x, b.i32(n)) : shr(l, x, b.i32(n));
    if (kind !== 'wrap') {
      const [lo, hi] = bounds(kind === 'signed', 8 * esize);
      const cmp = kind === 'unsigned' ? 'u' : 's';
      const under = b.cmp(`lt_${cmp}`, r, k(l, lo)), over = b.cmp(`gt_${cmp}`, r, k(l, hi));
      sat = b.bin('or', sat, b.bin('or', under, over));
      r = b.select(under, k(l, lo), b.select(over, k(l, hi), r));
    }
    return wide === 8 ? b.conv('wrap', r) : r;
  });
  writeLanes(e, dnum(f.vd, f.D), esize, out);
  if (kind !== 'wrap') setQc(e, sat);
  return true;
}

/** VSHRN/VRSHRN (U = 0), VQSHRUN/VQRSHRUN (U = 1): B (insn<6>, here Q) = round; L must be 0. */
const narrowShift = (saturating: boolean): EmitFn => (e, f) => {
  const s = immShift(f, false);
  if (s === null || f.L) return false;
  const kind: NarrowKind = saturating ? (f.u ? 'unsigned' : 'signed') : f.u ? 'signedToUnsigned' : 'wrap';
  return narrow(e, f, s.size, s.n, f.Q === 1, kind);
};

/** VQMOVN (op: 11 unsigned, 10 signed) and VQMOVUN (01). */
const qmovn: EmitFn = (e, f) => {
  if (f.size === 3 || f.op === 0) return false;
  return narrow(e, f, (1 << f.size) as LaneSize, 0, false, f.op === 1 ? 'signedToUnsigned' : f.op === 2 ? 'signed' : 'unsigned');
};

/** VSHLL by the element size (its own encoding; shorter shifts are VSHLL/VMOVL in ./neon.ts). */
const vshllMax: EmitFn = (e, f) => {
  if (f.vd & 1 || f.size === 3) return false;
  const b = e.b;
  const size = (1 << f.size) as LaneSize, wide = (2 * size) as LaneSize;
  const v = lanesOf(e, dnum(f.vm, f.M), 1, size);
  writeLanes(e, dnum(f.vd, f.D), wide, v.map((x) => b.bin('shl', wide === 8 ? b.conv('extend_u', x) : x, b.konst(ty(wide), 8 * size))));
  return true;
};

const DP = [
  dp('VSHL (register)', SAME('0100', '0'), byRegister(false, false)),
  dp('VQSHL (register)', SAME('0100', '1'), byRegister(false, true)),
  dp('VRSHL', SAME('0101', '0'), byRegister(true, false)),
  dp('VQRSHL', SAME('0101', '1'), byRegister(true, true)),
  ...shiftForms('VSRA', '0001', shiftRight(false, true)),
  ...shiftForms('VRSHR', '0010', shiftRight(true, false)),
  ...shiftForms('VRSRA', '0011', shiftRight(true, true)),
  ...shiftForms('VSRI', '0100', (e, f) => (f.u ? insert(false)(e, f) : false)),
  ...shiftForms('VQSHLU', '0110', (e, f) => (f.u ? qshlImm(true)(e, f) : false)),
  ...shiftForms('VQSHL (immediate)', '0111', qshlImm(false)),
  ...shiftForms('VSHRN/VRSHRN/VQSHRUN/VQRSHRUN', '1000', narrowShift(false)),
  ...shiftForms('VQSHRN/VQRSHRN', '1001', narrowShift(true)),
  dp('VQMOVN/VQMOVUN', '1 D:1 11 size:2 10 vd:4 0 010 op:2 M:1 0 vm:4', qmovn, 1),
  dp('VSHLL (maximum shift)', '1 D:1 11 size:2 10 vd:4 0011 0 0 M:1 0 vm:4', vshllMax, 1),
];

/** VSLI shares VSHL (immediate)'s encoding with U = 1 (./neon.ts decodes it and calls this). */
export const vsli = insert(true);

export const neonShiftGroup: Group = { a32u: DP.map((x) => x.a32u), t32: DP.map((x) => x.t32) };
