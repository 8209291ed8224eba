// Advanced SIMD floating-point lane operations (three same and two-register misc), built on the
// scalar FpOps so NaN results follow the same Arm rules.
import type { CmpKind, Temp } from '../../../ir/types.js';
import type { Emitter } from '../emitter.js';
import { bit, bits, rd, rn, rm } from '../fields.js';
import { ESTIMATE_HELPERS } from '../helpers/estimate.js';
import { FP_HELPERS } from '../helpers/fp.js';
import type { FlagOp } from '../helpers/fp-flags.js';
import { FP32, FP64, FpOps, type RoundMode } from './fp-common.js';
import { toFloat, toInt } from './fp-convert.js';
import { convertPrecision, type Precision } from './fp-precision.js';
import { Lane, readVec, writeHalf, writeVec, type Shape } from './simd-common.js';

function setup(e: Emitter, i: number, scalar = false): { f: FpOps; s: Shape; l: Lane } | null {
  const q = bit(i, 30), sz = bit(i, 22);
  if (sz && !q && !scalar) return null;
  const t = sz ? FP64 : FP32;
  const s: Shape = { esize: t.size, count: scalar ? 1 : (q ? 16 : 8) / t.size };
  return { f: new FpOps(e, t), s, l: new Lane(e, t.size) };
}

/** FCMEQ is a quiet comparison; the ordered ones signal Invalid Operation on any NaN. */
const fcmp = (kind: CmpKind, abs = false) => (f: FpOps, l: Lane, a0: Temp, c0: Temp): Temp => {
  const b = f.e.b;
  const [a, c] = f.flushed([a0, c0]) as [Temp, Temp];
  const x = f.toF(abs ? f.abs(a) : a), y = f.toF(abs ? f.abs(c) : c);
  f.compareException(b.bin('or', b.cmp('fne', x, x), b.cmp('fne', y, y)), a, c, kind !== 'feq');
  return l.mask(b.cmp(kind, x, y));
};

type FpLaneOp = (f: FpOps, l: Lane, a: Temp, c: Temp) => Temp;

/** x*y where infinity times zero gives `special` (signed like the product for FMULX). */
function infTimesZero(f: FpOps, a: Temp, c: Temp): Temp {
  const b = f.e.b;
  const isInf = (x: Temp): Temp => b.cmp('eq', f.abs(x), b.konst(f.t.ity, f.t.inf));
  const isZero = (x: Temp): Temp => b.cmp('eq', f.abs(x), b.konst(f.t.ity, 0));
  return b.bin('or', b.bin('and', isInf(a), isZero(c)), b.bin('and', isZero(a), isInf(c)));
}

/** FMULX: FMUL except that infinity times zero (after FZ's flushing) is 2.0 with the product's sign. */
export const fmulx: FpLaneOp = (f, _l, a0, c0) => {
  const b = f.e.b;
  const [a, c] = f.flushed([a0, c0]) as [Temp, Temp];
  const two = b.bin('or', b.konst(f.t.ity, f.t.bits === 32 ? 0x40000000n : 0x4000000000000000n), b.bin('and', b.bin('xor', a, c), b.konst(f.t.ity, f.t.sign)));
  return b.select(infTimesZero(f, a, c), two, f.bin('fmul', a, c, 'mulx'));
};

/** FRECPS (2 - a*c) and FRSQRTS ((3 - a*c) / 2), fused; infinity times zero gives 2.0 / 1.5. */
const step = (rsqrt: boolean): FpLaneOp => (f, _l, a0, c0) => {
  const b = f.e.b;
  const [a, c] = f.flushed([a0, c0]) as [Temp, Temp];
  const k = (v: number): Temp => f.toBits(b.konst(f.t.fty, v));
  let r: Temp;
  if (rsqrt) {
    const args = [k(3), f.neg(a), c];
    r = b.call(f.t === FP32 ? FP_HELPERS.rsqrts32 : FP_HELPERS.rsqrts64, [...args, f.env()], f.t.ity);
    f.roundingFlags('rsqrts', r, args);
  } else {
    r = f.fma(k(2), f.neg(a), c, 'recps');
  }
  return b.select(infTimesZero(f, a, c), k(rsqrt ? 1.5 : 2), r);
};

/** Keyed by U:a:opcode (insn<29>, insn<23>, insn<15:11>). */
const THREE_SAME: ReadonlyMap<number, { op: FpLaneOp; pairwise?: true }> = new Map<number, { op: FpLaneOp; pairwise?: true }>([
  [0x18, { op: (f, _l, a, c) => f.binNum('fmax', a, c) }],
  [0x38, { op: (f, _l, a, c) => f.binNum('fmin', a, c) }],
  [0x1a, { op: (f, _l, a, c) => f.bin('fadd', a, c) }],
  [0x3a, { op: (f, _l, a, c) => f.bin('fsub', a, c) }],
  [0x1c, { op: fcmp('feq') }],
  [0x1e, { op: (f, _l, a, c) => f.bin('fmax', a, c) }],
  [0x3e, { op: (f, _l, a, c) => f.bin('fmin', a, c) }],
  [0x58, { op: (f, _l, a, c) => f.binNum('fmax', a, c), pairwise: true }],
  [0x78, { op: (f, _l, a, c) => f.binNum('fmin', a, c), pairwise: true }],
  [0x5a, { op: (f, _l, a, c) => f.bin('fadd', a, c), pairwise: true }],
  [0x7a, { op: (f, _l, a, c) => f.abs(f.bin('fsub', a, c)) }],
  [0x5b, { op: (f, _l, a, c) => f.bin('fmul', a, c) }],
  [0x5c, { op: fcmp('fge') }],
  [0x7c, { op: fcmp('fgt') }],
  [0x5d, { op: fcmp('fge', true) }],
  [0x7d, { op: fcmp('fgt', true) }],
  [0x5e, { op: (f, _l, a, c) => f.bin('fmax', a, c), pairwise: true }],
  [0x7e, { op: (f, _l, a, c) => f.bin('fmin', a, c), pairwise: true }],
  [0x5f, { op: (f, _l, a, c) => f.bin('fdiv', a, c) }],
  [0x1b, { op: fmulx }],
  [0x1f, { op: step(false) }],
  [0x3f, { op: step(true) }],
]);

/** Keys of the three-same ops that also exist as scalar (one lane) instructions. */
const SCALAR_THREE_SAME = new Set([0x1b, 0x1c, 0x1f, 0x3f, 0x5c, 0x5d, 0x7a, 0x7c, 0x7d]);

export function fpThreeSame(e: Emitter, i: number, scalar = false): boolean {
  const key = (bit(i, 29) << 6) | (bit(i, 23) << 5) | bits(i, 15, 11);
  if (scalar && !SCALAR_THREE_SAME.has(key)) return false;
  const ctx = setup(e, i, scalar);
  if (!ctx) return false;
  const { f, s, l } = ctx;
  const a = readVec(e, rn(i), s), c = readVec(e, rm(i), s);
  if ((key & 0x5f) === 0x19) { // FMLA / FMLS: fused, one rounding per lane
    const d = readVec(e, rd(i), s);
    const neg = (key & 0x20) !== 0;
    writeVec(e, rd(i), s, a.map((x, j) => f.fma(d[j]!, neg ? f.neg(x) : x, c[j]!)));
    return true;
  }
  const entry = THREE_SAME.get(key);
  if (!entry) return false;
  if (entry.pairwise) {
    const cat = [...a, ...c];
    writeVec(e, rd(i), s, a.map((_, j) => entry.op(f, l, cat[2 * j]!, cat[2 * j + 1]!)));
  } else {
    writeVec(e, rd(i), s, a.map((x, j) => entry.op(f, l, x, c[j]!)));
  }
  return true;
}

const zeroCmp = (kind: CmpKind) => (f: FpOps, l: Lane, a0: Temp): Temp => {
  const b = f.e.b;
  const [a] = f.flushed([a0]) as [Temp];
  const x = f.toF(a);
  f.compareException(b.cmp('fne', x, x), a, a, kind !== 'feq');
  return l.mask(b.cmp(kind, x, b.konst(f.t.fty, 0)));
};
const toIntLane = (mode: RoundMode, signed: boolean) => (f: FpOps, _l: Lane, a: Temp): Temp => toInt(f, a, mode, signed, f.t === FP64 ? 1 : 0);
const fromInt = (signed: boolean) => (f: FpOps, _l: Lane, a: Temp): Temp => toFloat(f, a, signed, f.t === FP64 ? 1 : 0);
const rint = (mode: RoundMode) => (f: FpOps, _l: Lane, a: Temp): Temp => f.roundInt(a, mode);

type FpLaneOp1 = (f: FpOps, l: Lane, a: Temp) => Temp;

/** An estimate helper, with the flags of `flagOp` for special results (the only ones that raise any). */
const estimate = (h32: string, h64: string, flagOp: FlagOp): FpLaneOp1 => (f, _l, a0) => {
  const [a] = f.flushed([a0]) as [Temp];
  const r = f.e.b.call(f.t === FP32 ? h32 : h64, [a, f.env()], f.t.ity);
  f.specialFlags(flagOp, f.special(r), [a]);
  return r;
};
/** URECPE/URSQRTE (32-bit lanes only, checked by the caller). */
const unsignedEstimate = (h: string): FpLaneOp1 => (f, _l, a) => f.e.b.call(h, [a], 'i32');

/** Keyed by U:a:opcode (insn<29>, insn<23>, insn<16:12>). */
const TWO_MISC: ReadonlyMap<number, FpLaneOp1> = new Map<number, FpLaneOp1>([
  [0x2c, zeroCmp('fgt')], [0x6c, zeroCmp('fge')], [0x2d, zeroCmp('feq')], [0x6d, zeroCmp('fle')], [0x2e, zeroCmp('flt')],
  [0x2f, (f, _l, a) => f.abs(a)], [0x6f, (f, _l, a) => f.neg(a)], [0x7f, (f, _l, a) => f.un('fsqrt', a)],
  [0x18, rint('fnearest')], [0x38, rint('fceil')], [0x19, rint('ffloor')], [0x39, rint('ftrunc')],
  [0x58, rint('away')], [0x59, (f, _l, a) => f.roundIntFpcr(a, true)], [0x79, (f, _l, a) => f.roundIntFpcr(a, false)],
  [0x1a, toIntLane('fnearest', true)], [0x5a, toIntLane('fnearest', false)],
  [0x3a, toIntLane('fceil', true)], [0x7a, toIntLane('fceil', false)],
  [0x1b, toIntLane('ffloor', true)], [0x5b, toIntLane('ffloor', false)],
  [0x3b, toIntLane('ftrunc', true)], [0x7b, toIntLane('ftrunc', false)],
  [0x1c, toIntLane('away', true)], [0x5c, toIntLane('away', false)],
  [0x1d, fromInt(true)], [0x5d, fromInt(false)],
  [0x3d, estimate(ESTIMATE_HELPERS.recpe32, ESTIMATE_HELPERS.recpe64, 'recpe')],
  [0x7d, estimate(ESTIMATE_HELPERS.rsqrte32, ESTIMATE_HELPERS.rsqrte64, 'rsqrte')],
  [0x3f, estimate(ESTIMATE_HELPERS.recpx32, ESTIMATE_HELPERS.recpx64, 'snan')],
  [0x3c, unsignedEstimate(ESTIMATE_HELPERS.urecpe)], [0x7c, unsignedEstimate(ESTIMATE_HELPERS.ursqrte)],
]);

/** Keys of the two-register ops that also exist as scalar instructions (conversions, compares with zero). */
const SCALAR_TWO_MISC = new Set([0x3d, 0x7d, 0x3f, 0x1a, 0x5a, 0x3a, 0x7a, 0x1b, 0x5b, 0x3b, 0x7b, 0x1c, 0x5c, 0x1d, 0x5d, 0x2c, 0x6c, 0x2d, 0x6d, 0x2e]);

export function fpTwoMisc(e: Emitter, i: number, scalar = false): boolean {
  const key = (bit(i, 29) << 6) | (bit(i, 23) << 5) | bits(i, 16, 12);
  if ((scalar && !SCALAR_TWO_MISC.has(key)) || (!scalar && key === 0x3f)) return false;
  if ((key === 0x3c || key === 0x7c) && bit(i, 22)) return false;
  const op = TWO_MISC.get(key);
  const ctx = op && setup(e, i, scalar);
  if (!op || !ctx) return false;
  writeVec(e, rd(i), ctx.s, readVec(e, rn(i), ctx.s).map((x) => op(ctx.f, ctx.l, x)));
  return true;
}

/** FCVTL/FCVTL2 (single to double) and FCVTN/FCVTN2 (double to single). */
/** FCVTXN/FCVTXN2 (vector) and FCVTXN (scalar): double to single rounding to odd. */
export function fcvtxn(e: Emitter, i: number, scalar: boolean): boolean {
  if (bit(i, 22) !== 1 || bit(i, 23)) return false;
  const src = readVec(e, rn(i), { esize: 8, count: scalar ? 1 : 2 });
  const double = new FpOps(e, FP64);
  const vals = src.map((x0) => {
    const [x] = double.flushed([x0]) as [Temp];
    const r = e.b.call(ESTIMATE_HELPERS.fcvtxn, [x, double.env()], 'i32');
    double.roundingFlags('to32odd', r, [x], undefined, FP32);
    return r;
  });
  writeHalf(e, rd(i), 4, vals, scalar ? 0 : bit(i, 30));
  return true;
}

export function fpWidenNarrow(e: Emitter, i: number): boolean {
  if (bit(i, 29) || bit(i, 23)) return false;
  const upper = bit(i, 30), widen = bits(i, 16, 12) === 0x17;
  // sz = 0: half <-> single; 1: single <-> double.
  const [narrow, wide]: [Precision, Precision] = bit(i, 22) ? [0, 1] : [3, 0];
  const nsize = narrow === 3 ? 2 : 4, wsize = narrow === 3 ? 4 : 8;
  const lanes = 16 / wsize;
  if (widen) {
    const src = Array.from({ length: lanes }, (_, k) => e.vlane(rn(i), k + (upper ? lanes : 0), nsize));
    writeVec(e, rd(i), { esize: wsize, count: lanes }, src.map((x) => convertPrecision(e, narrow, wide, x)!));
  } else {
    const src = readVec(e, rn(i), { esize: wsize, count: lanes });
    writeHalf(e, rd(i), nsize, src.map((x) => convertPrecision(e, wide, narrow, x)!), upper);
  }
  return true;
}

/** FP pairwise ops keyed by U:a:opcode, shared by scalar pairwise and across-lanes. */
const PAIRWISE: ReadonlyMap<number, (f: FpOps, a: Temp, c: Temp) => Temp> = new Map<number, (f: FpOps, a: Temp, c: Temp) => Temp>([
  [0x4c, (f, a, c) => f.binNum('fmax', a, c)], [0x6c, (f, a, c) => f.binNum('fmin', a, c)],
  [0x4d, (f, a, c) => f.bin('fadd', a, c)],
  [0x4f, (f, a, c) => f.bin('fmax', a, c)], [0x6f, (f, a, c) => f.bin('fmin', a, c)],
]);

/** FADDP/FMAXP/FMINP/FMAXNMP/FMINNMP (scalar): the two elements of the low 64 or all 128 bits. */
export function fpScalarPairwise(e: Emitter, i: number): boolean {
  const op = PAIRWISE.get((bit(i, 29) << 6) | (bit(i, 23) << 5) | bits(i, 16, 12));
  if (!op || !bit(i, 29)) return false;
  const t = bit(i, 22) ? FP64 : FP32, f = new FpOps(e, t);
  const [x, y] = readVec(e, rn(i), { esize: t.size, count: 2 });
  writeVec(e, rd(i), { esize: t.size, count: 1 }, [op(f, x!, y!)]);
  return true;
}

/** FMAXV/FMINV/FMAXNMV/FMINNMV (4S): a pairwise tree, as the architecture reduces. */
export function fpAcrossLanes(e: Emitter, i: number): boolean {
  const key = (bit(i, 29) << 6) | (bit(i, 23) << 5) | bits(i, 16, 12);
  const op = key === 0x4d ? undefined : PAIRWISE.get(key);
  if (!op || !bit(i, 30) || bit(i, 22)) return false;
  const f = new FpOps(e, FP32);
  const v = readVec(e, rn(i), { esize: 4, count: 4 });
  writeVec(e, rd(i), { esize: 4, count: 1 }, [op(f, op(f, v[0]!, v[1]!), op(f, v[2]!, v[3]!))]);
  return true;
}
