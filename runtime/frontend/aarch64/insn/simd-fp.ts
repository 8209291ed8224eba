// Advanced SIMD floating-point encodings: three same, two-register misc, precision conversions,
// pairwise and across lanes (vector and scalar). Lane operations are built on the scalar FpOps
// so NaN results follow the same Arm rules.
import type { CmpKind, Temp } from '../../../ir/types.js';
import type { Fields } from '../../shared/bit-pattern.js';
import { pat, type EmitFn, type Pattern } from '../decoder.js';
import type { Emitter } from '../emitter.js';
import { ESTIMATE_HELPERS } from '../helpers/estimate.js';
import { FP_HELPERS } from '../helpers/fp.js';
import type { FlagOp } from '../helpers/fp-flags.js';
import { FP32, FP64, FpOps, type RoundMode } from './fp-common.js';
import { toFloat, toInt } from './fp-convert.js';
import { convertPrecision, type Precision } from './fp-precision.js';
import { Lane, readVec, writeHalf, writeVec, type Shape } from './simd-common.js';
import { scalarName } from './simd-int.js';

/** The lane type (sz: single or double) and shape (Q, or one lane when scalar); 2D needs Q. */
function setup(e: Emitter, fl: Fields, scalar: boolean): { f: FpOps; s: Shape; l: Lane } | null {
  if (fl.sz && !fl.Q && !scalar) return null;
  const t = fl.sz ? FP64 : FP32;
  const s: Shape = { esize: t.size, count: scalar ? 1 : (fl.Q ? 16 : 8) / t.size };
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

/**
 * One FP instruction of a data-table group: U, a (insn<23>) and opcode bits as in the Arm ARM's
 * tables, its lane op, and its forms. Each row becomes its own vector and/or scalar pattern (with
 * sz:1 choosing single or double), so the decoder picks the instruction; the rows are data for
 * the same reason as the integer rows (simd-int.ts): written-out patterns would differ only there.
 */
interface FpRow<Op> {
  readonly name: string;
  readonly bits: string;
  readonly op: Op;
  readonly forms?: 'vector' | 'both' | 'scalar';
}

/** Three same (insn<15:11>; bits 'U a opcode'): lane by lane, or pairwise. */
type FpThreeSameRow = FpRow<FpLaneOp> & { readonly pairwise?: true };

const THREE_SAME: readonly FpThreeSameRow[] = [
  { name: 'FMAXNM (vector)', bits: '0 0 11000', op: (f, _l, a, c) => f.binNum('fmax', a, c) },
  { name: 'FMINNM (vector)', bits: '0 1 11000', op: (f, _l, a, c) => f.binNum('fmin', a, c) },
  { name: 'FADD (vector)', bits: '0 0 11010', op: (f, _l, a, c) => f.bin('fadd', a, c) },
  { name: 'FSUB (vector)', bits: '0 1 11010', op: (f, _l, a, c) => f.bin('fsub', a, c) },
  { name: 'FMULX', bits: '0 0 11011', op: fmulx, forms: 'both' },
  { name: 'FCMEQ (register)', bits: '0 0 11100', op: fcmp('feq'), forms: 'both' },
  { name: 'FMAX (vector)', bits: '0 0 11110', op: (f, _l, a, c) => f.bin('fmax', a, c) },
  { name: 'FMIN (vector)', bits: '0 1 11110', op: (f, _l, a, c) => f.bin('fmin', a, c) },
  { name: 'FRECPS', bits: '0 0 11111', op: step(false), forms: 'both' },
  { name: 'FRSQRTS', bits: '0 1 11111', op: step(true), forms: 'both' },
  { name: 'FMAXNMP (vector)', bits: '1 0 11000', op: (f, _l, a, c) => f.binNum('fmax', a, c), pairwise: true },
  { name: 'FMINNMP (vector)', bits: '1 1 11000', op: (f, _l, a, c) => f.binNum('fmin', a, c), pairwise: true },
  { name: 'FADDP (vector)', bits: '1 0 11010', op: (f, _l, a, c) => f.bin('fadd', a, c), pairwise: true },
  { name: 'FABD', bits: '1 1 11010', op: (f, _l, a, c) => f.abs(f.bin('fsub', a, c)), forms: 'both' },
  { name: 'FMUL (vector)', bits: '1 0 11011', op: (f, _l, a, c) => f.bin('fmul', a, c) },
  { name: 'FCMGE (register)', bits: '1 0 11100', op: fcmp('fge'), forms: 'both' },
  { name: 'FCMGT (register)', bits: '1 1 11100', op: fcmp('fgt'), forms: 'both' },
  { name: 'FACGE', bits: '1 0 11101', op: fcmp('fge', true), forms: 'both' },
  { name: 'FACGT', bits: '1 1 11101', op: fcmp('fgt', true), forms: 'both' },
  { name: 'FMAXP (vector)', bits: '1 0 11110', op: (f, _l, a, c) => f.bin('fmax', a, c), pairwise: true },
  { name: 'FMINP (vector)', bits: '1 1 11110', op: (f, _l, a, c) => f.bin('fmin', a, c), pairwise: true },
  { name: 'FDIV (vector)', bits: '1 0 11111', op: (f, _l, a, c) => f.bin('fdiv', a, c) },
];

const fpThreeSame = (row: FpThreeSameRow, scalar: boolean): EmitFn => (e, _i, fl) => {
  const ctx = setup(e, fl, scalar);
  if (!ctx) return false;
  const { f, s, l } = ctx;
  const a = readVec(e, fl.rn, s), c = readVec(e, fl.rm, s);
  if (row.pairwise) {
    const cat = [...a, ...c];
    writeVec(e, fl.rd, s, a.map((_, j) => row.op(f, l, cat[2 * j]!, cat[2 * j + 1]!)));
  } else {
    writeVec(e, fl.rd, s, a.map((x, j) => row.op(f, l, x, c[j]!)));
  }
  return true;
};

/** FMLA / FMLS (vector): fused, one rounding per lane. */
const fpFma = (neg: boolean): EmitFn => (e, _i, fl) => {
  const ctx = setup(e, fl, false);
  if (!ctx) return false;
  const { f, s } = ctx;
  const a = readVec(e, fl.rn, s), c = readVec(e, fl.rm, s);
  const d = readVec(e, fl.rd, s);
  writeVec(e, fl.rd, s, a.map((x, j) => f.fma(d[j]!, neg ? f.neg(x) : x, c[j]!)));
  return true;
};

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

/** Two-register misc (insn<16:12>; bits 'U a opcode'); `single` rows exist for 32-bit lanes only. */
type FpTwoMiscRow = FpRow<FpLaneOp1> & { readonly single?: true };

const TWO_MISC: readonly FpTwoMiscRow[] = [
  { name: 'FCMGT (zero)', bits: '0 1 01100', op: zeroCmp('fgt'), forms: 'both' },
  { name: 'FCMGE (zero)', bits: '1 1 01100', op: zeroCmp('fge'), forms: 'both' },
  { name: 'FCMEQ (zero)', bits: '0 1 01101', op: zeroCmp('feq'), forms: 'both' },
  { name: 'FCMLE (zero)', bits: '1 1 01101', op: zeroCmp('fle'), forms: 'both' },
  { name: 'FCMLT (zero)', bits: '0 1 01110', op: zeroCmp('flt'), forms: 'both' },
  { name: 'FABS (vector)', bits: '0 1 01111', op: (f, _l, a) => f.abs(a) },
  { name: 'FNEG (vector)', bits: '1 1 01111', op: (f, _l, a) => f.neg(a) },
  { name: 'FSQRT (vector)', bits: '1 1 11111', op: (f, _l, a) => f.un('fsqrt', a) },
  { name: 'FRINTN (vector)', bits: '0 0 11000', op: rint('fnearest') },
  { name: 'FRINTP (vector)', bits: '0 1 11000', op: rint('fceil') },
  { name: 'FRINTM (vector)', bits: '0 0 11001', op: rint('ffloor') },
  { name: 'FRINTZ (vector)', bits: '0 1 11001', op: rint('ftrunc') },
  { name: 'FRINTA (vector)', bits: '1 0 11000', op: rint('away') },
  { name: 'FRINTX (vector)', bits: '1 0 11001', op: (f, _l, a) => f.roundIntFpcr(a, true) },
  { name: 'FRINTI (vector)', bits: '1 1 11001', op: (f, _l, a) => f.roundIntFpcr(a, false) },
  { name: 'FCVTNS (vector)', bits: '0 0 11010', op: toIntLane('fnearest', true), forms: 'both' },
  { name: 'FCVTNU (vector)', bits: '1 0 11010', op: toIntLane('fnearest', false), forms: 'both' },
  { name: 'FCVTPS (vector)', bits: '0 1 11010', op: toIntLane('fceil', true), forms: 'both' },
  { name: 'FCVTPU (vector)', bits: '1 1 11010', op: toIntLane('fceil', false), forms: 'both' },
  { name: 'FCVTMS (vector)', bits: '0 0 11011', op: toIntLane('ffloor', true), forms: 'both' },
  { name: 'FCVTMU (vector)', bits: '1 0 11011', op: toIntLane('ffloor', false), forms: 'both' },
  { name: 'FCVTZS (vector, integer)', bits: '0 1 11011', op: toIntLane('ftrunc', true), forms: 'both' },
  { name: 'FCVTZU (vector, integer)', bits: '1 1 11011', op: toIntLane('ftrunc', false), forms: 'both' },
  { name: 'FCVTAS (vector)', bits: '0 0 11100', op: toIntLane('away', true), forms: 'both' },
  { name: 'FCVTAU (vector)', bits: '1 0 11100', op: toIntLane('away', false), forms: 'both' },
  { name: 'SCVTF (vector, integer)', bits: '0 0 11101', op: fromInt(true), forms: 'both' },
  { name: 'UCVTF (vector, integer)', bits: '1 0 11101', op: fromInt(false), forms: 'both' },
  { name: 'URECPE', bits: '0 1 11100', op: unsignedEstimate(ESTIMATE_HELPERS.urecpe), single: true },
  { name: 'URSQRTE', bits: '1 1 11100', op: unsignedEstimate(ESTIMATE_HELPERS.ursqrte), single: true },
  { name: 'FRECPE', bits: '0 1 11101', op: estimate(ESTIMATE_HELPERS.recpe32, ESTIMATE_HELPERS.recpe64, 'recpe'), forms: 'both' },
  { name: 'FRSQRTE', bits: '1 1 11101', op: estimate(ESTIMATE_HELPERS.rsqrte32, ESTIMATE_HELPERS.rsqrte64, 'rsqrte'), forms: 'both' },
  { name: 'FRECPX', bits: '0 1 11111', op: estimate(ESTIMATE_HELPERS.recpx32, ESTIMATE_HELPERS.recpx64, 'snan'), forms: 'scalar' },
];

const fpTwoMisc = (row: FpTwoMiscRow, scalar: boolean): EmitFn => (e, _i, fl) => {
  const ctx = setup(e, fl, scalar);
  if (!ctx) return false;
  writeVec(e, fl.rd, ctx.s, readVec(e, fl.rn, ctx.s).map((x) => row.op(ctx.f, ctx.l, x)));
  return true;
};

/** FCVTXN/FCVTXN2 (vector) and FCVTXN (scalar): double to single rounding to odd. */
const fcvtxn = (scalar: boolean): EmitFn => (e, _i, fl) => {
  const src = readVec(e, fl.rn, { esize: 8, count: scalar ? 1 : 2 });
  const double = new FpOps(e, FP64);
  const vals = src.map((x0) => {
    const [x] = double.flushed([x0]) as [Temp];
    const r = e.b.call(ESTIMATE_HELPERS.fcvtxn, [x, double.env()], 'i32');
    double.roundingFlags('to32odd', r, [x], undefined, FP32);
    return r;
  });
  writeHalf(e, fl.rd, 4, vals, scalar ? 0 : fl.Q);
};

/** FCVTL/FCVTL2 (widen) and FCVTN/FCVTN2 (narrow); sz = 0: half <-> single, 1: single <-> double. */
const fpWidenNarrow = (widen: boolean): EmitFn => (e, _i, fl) => {
  const upper = fl.Q;
  const [narrow, wide]: [Precision, Precision] = fl.sz ? [0, 1] : [3, 0];
  const nsize = narrow === 3 ? 2 : 4, wsize = narrow === 3 ? 4 : 8;
  const lanes = 16 / wsize;
  if (widen) {
    const src = Array.from({ length: lanes }, (_, k) => e.vlane(fl.rn, k + (upper ? lanes : 0), nsize));
    writeVec(e, fl.rd, { esize: wsize, count: lanes }, src.map((x) => convertPrecision(e, narrow, wide, x)!));
  } else {
    const src = readVec(e, fl.rn, { esize: wsize, count: lanes });
    writeHalf(e, fl.rd, nsize, src.map((x) => convertPrecision(e, wide, narrow, x)!), upper);
  }
};

type PairOp = (f: FpOps, a: Temp, c: Temp) => Temp;
const fmaxnm: PairOp = (f, a, c) => f.binNum('fmax', a, c), fminnm: PairOp = (f, a, c) => f.binNum('fmin', a, c);
const fmax: PairOp = (f, a, c) => f.bin('fmax', a, c), fmin: PairOp = (f, a, c) => f.bin('fmin', a, c);
const fadd: PairOp = (f, a, c) => f.bin('fadd', a, c);

/** FADDP/FMAXP/FMINP/FMAXNMP/FMINNMP (scalar): the two elements of the low 64 or all 128 bits. */
const fpScalarPairwise = (op: PairOp): EmitFn => (e, _i, fl) => {
  const t = fl.sz ? FP64 : FP32, f = new FpOps(e, t);
  const [x, y] = readVec(e, fl.rn, { esize: t.size, count: 2 });
  writeVec(e, fl.rd, { esize: t.size, count: 1 }, [op(f, x!, y!)]);
};

/** FMAXV/FMINV/FMAXNMV/FMINNMV (4S only): a pairwise tree, as the architecture reduces. */
const fpAcrossLanes = (op: PairOp): EmitFn => (e, _i, fl) => {
  const f = new FpOps(e, FP32);
  const v = readVec(e, fl.rn, { esize: 4, count: 4 });
  writeVec(e, fl.rd, { esize: 4, count: 1 }, [op(f, op(f, v[0]!, v[1]!), op(f, v[2]!, v[3]!))]);
};

/** A row's vector and/or scalar patterns: `middle` comes before the opcode, `tail` after; `sz` is the size bit's spec. */
function rowPatterns<Op>(row: FpRow<Op>, middle: string, tail: string, sz: string,
  emit: (scalar: boolean) => EmitFn): Pattern[] {
  const [U, a, opcode] = row.bits.split(' ');
  const out: Pattern[] = [];
  if (row.forms !== 'scalar') out.push(pat(row.name, `0 Q:1 ${U} 01110 ${a} ${sz} ${middle} ${opcode} ${tail}`, emit(false)));
  if (row.forms) out.push(pat(scalarName(row.name), `01 ${U} 11110 ${a} ${sz} ${middle} ${opcode} ${tail}`, emit(true)));
  return out;
}

export const fpThreeSamePatterns: Pattern[] = [
  ...THREE_SAME.flatMap((row) => rowPatterns(row, '1 rm:5', '1 rn:5 rd:5', 'sz:1', (scalar) => fpThreeSame(row, scalar))),
  pat('FMLA (vector)', '0 Q:1 0 01110 0 sz:1 1 rm:5 11001 1 rn:5 rd:5', fpFma(false)),
  pat('FMLS (vector)', '0 Q:1 0 01110 1 sz:1 1 rm:5 11001 1 rn:5 rd:5', fpFma(true)),
];

export const fpTwoMiscPatterns: Pattern[] = TWO_MISC.flatMap((row) =>
  rowPatterns(row, '10000', '10 rn:5 rd:5', row.single ? '0' : 'sz:1', (scalar) => fpTwoMisc(row, scalar)));

export const fpWidenNarrowPatterns: Pattern[] = [
  pat('FCVTN/FCVTN2', '0 Q:1 0 01110 0 sz:1 10000 10110 10 rn:5 rd:5', fpWidenNarrow(false)),
  pat('FCVTL/FCVTL2', '0 Q:1 0 01110 0 sz:1 10000 10111 10 rn:5 rd:5', fpWidenNarrow(true)),
  pat('FCVTXN/FCVTXN2', '0 Q:1 1 01110 01 10000 10110 10 rn:5 rd:5', fcvtxn(false)),
  pat('FCVTXN (scalar)', '01 1 11110 01 10000 10110 10 rn:5 rd:5', fcvtxn(true)),
];

export const fpScalarPairwisePatterns: Pattern[] = [
  pat('FMAXNMP (scalar)', '01 1 11110 0 sz:1 11000 01100 10 rn:5 rd:5', fpScalarPairwise(fmaxnm)),
  pat('FMINNMP (scalar)', '01 1 11110 1 sz:1 11000 01100 10 rn:5 rd:5', fpScalarPairwise(fminnm)),
  pat('FADDP (scalar)', '01 1 11110 0 sz:1 11000 01101 10 rn:5 rd:5', fpScalarPairwise(fadd)),
  pat('FMAXP (scalar)', '01 1 11110 0 sz:1 11000 01111 10 rn:5 rd:5', fpScalarPairwise(fmax)),
  pat('FMINP (scalar)', '01 1 11110 1 sz:1 11000 01111 10 rn:5 rd:5', fpScalarPairwise(fmin)),
];

export const fpAcrossLanesPatterns: Pattern[] = [
  pat('FMAXNMV', '0 1 1 01110 00 11000 01100 10 rn:5 rd:5', fpAcrossLanes(fmaxnm)),
  pat('FMINNMV', '0 1 1 01110 10 11000 01100 10 rn:5 rd:5', fpAcrossLanes(fminnm)),
  pat('FMAXV', '0 1 1 01110 00 11000 01111 10 rn:5 rd:5', fpAcrossLanes(fmax)),
  pat('FMINV', '0 1 1 01110 10 11000 01111 10 rn:5 rd:5', fpAcrossLanes(fmin)),
];
