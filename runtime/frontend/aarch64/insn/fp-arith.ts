// Scalar floating-point data processing: 1-, 2- and 3-source, compare, conditional compare and
// select, and FMOV (immediate) (Arm ARM C4.1.96). Rounding follows FPCR.RMode and every
// operation accumulates its FPSR exception flags (see FpOps).
import type { Temp } from '../../../ir/types.js';
import { pat, type Pattern } from '../decoder.js';
import type { Emitter } from '../emitter.js';
import { bit, bits, ra, rd, rn, rm } from '../fields.js';
import { FpOps, fpType, type FpType, type RoundMode } from './fp-common.js';
import { convertPrecision, type Precision } from './fp-precision.js';

const ops = (e: Emitter, i: number): FpOps | null => {
  const t = fpType(bits(i, 23, 22));
  return t && new FpOps(e, t);
};

const TWO_SOURCE = [
  (f: FpOps, a: Temp, c: Temp) => f.bin('fmul', a, c),
  (f: FpOps, a: Temp, c: Temp) => f.bin('fdiv', a, c),
  (f: FpOps, a: Temp, c: Temp) => f.bin('fadd', a, c),
  (f: FpOps, a: Temp, c: Temp) => f.bin('fsub', a, c),
  (f: FpOps, a: Temp, c: Temp) => f.bin('fmax', a, c),
  (f: FpOps, a: Temp, c: Temp) => f.bin('fmin', a, c),
  (f: FpOps, a: Temp, c: Temp) => f.binNum('fmax', a, c),
  (f: FpOps, a: Temp, c: Temp) => f.binNum('fmin', a, c),
  (f: FpOps, a: Temp, c: Temp) => f.neg(f.bin('fmul', a, c)), // FNMUL negates after rounding, NaNs included
];

function twoSource(e: Emitter, i: number): boolean {
  const f = ops(e, i), op = TWO_SOURCE[bits(i, 15, 12)];
  if (!f || !op) return false;
  f.write(rd(i), op(f, f.read(rn(i)), f.read(rm(i))));
  return true;
}

const FRINT: Record<number, RoundMode> = { 8: 'fnearest', 9: 'fceil', 10: 'ffloor', 11: 'ftrunc', 12: 'away' };
/** FRINTX (14, which signals Inexact) and FRINTI (15) round in the FPCR.RMode mode. */
const FRINT_FPCR = new Set([14, 15]);

function oneSource(e: Emitter, i: number): boolean {
  const op = bits(i, 20, 15), ftype = bits(i, 23, 22);
  if ((op & 0x3c) === 4) { // FCVT
    const to = op & 3;
    if (ftype === 2 || to === 2) return false;
    const res = convertPrecision(e, ftype as Precision, to as Precision, e.vlane(rn(i), 0, ftype === 3 ? 2 : ftype === 0 ? 4 : 8));
    if (res === null) return false;
    e.setVlow(rd(i), e.to64(res));
    return true;
  }
  const f = ops(e, i);
  if (!f) return false;
  const x = (): Temp => f.read(rn(i));
  let res: Temp;
  switch (op) {
    case 0: res = x(); break;
    case 1: res = f.abs(x()); break;
    case 2: res = f.neg(x()); break;
    case 3: res = f.un('fsqrt', x()); break;
    default: {
      const mode = FRINT[op];
      if (FRINT_FPCR.has(op)) res = f.roundIntFpcr(x(), op === 14);
      else if (mode) res = f.roundInt(x(), mode);
      else return false;
    }
  }
  f.write(rd(i), res);
  return true;
}

function threeSource(e: Emitter, i: number): boolean {
  const f = ops(e, i);
  if (!f) return false;
  const negProduct = bit(i, 15) !== bit(i, 21), negAddend = bit(i, 21) === 1; // FMADD, FMSUB, FNMADD, FNMSUB
  let x = f.read(rn(i));
  let addend = f.read(ra(i));
  if (negProduct) x = f.neg(x);
  if (negAddend) addend = f.neg(addend);
  f.write(rd(i), f.fma(addend, x, f.read(rm(i))));
  return true;
}

function compare(e: Emitter, i: number): boolean {
  const f = ops(e, i);
  if (!f || bits(i, 2, 0) !== 0) return false;
  const a = f.read(rn(i));
  const c = bit(i, 3) ? e.b.konst(f.t.ity, 0) : f.read(rm(i));
  e.setFlags(f.compareFlags(a, c, bit(i, 4) === 1)); // FCMPE signals on quiet NaNs
  return true;
}

function condCompare(e: Emitter, i: number): boolean {
  const f = ops(e, i);
  if (!f) return false;
  const cond = e.cond(bits(i, 15, 12));
  const flags = f.compareFlags(f.read(rn(i)), f.read(rm(i)), bit(i, 4) === 1, cond);
  e.setFlags(e.selectFlags(cond, flags, e.constFlags(bits(i, 3, 0))));
  return true;
}

function condSelect(e: Emitter, i: number): boolean {
  const f = ops(e, i);
  if (!f) return false;
  f.write(rd(i), e.b.select(e.cond(bits(i, 15, 12)), f.read(rn(i)), f.read(rm(i))));
  return true;
}

/** VFPExpandImm: imm8 = a:b:cdefgh -> sign a, exponent NOT(b):b..b:cd, fraction efgh. */
export function expandFpImm(imm8: number, t: FpType): bigint {
  const expBits = t.bits === 32 ? 8 : 11, mant = t.bits === 32 ? 23 : 52;
  const b6 = (imm8 >> 6) & 1;
  const exp = ((b6 ^ 1) << (expBits - 1)) | ((b6 ? (1 << (expBits - 3)) - 1 : 0) << 2) | ((imm8 >> 4) & 3);
  return (BigInt(imm8 >> 7) << BigInt(t.bits - 1)) | (BigInt(exp) << BigInt(mant)) | (BigInt(imm8 & 15) << BigInt(mant - 4));
}

function immediate(e: Emitter, i: number): boolean {
  const f = ops(e, i);
  if (!f || bits(i, 9, 5) !== 0) return false;
  f.write(rd(i), e.b.konst(f.t.ity, expandFpImm(bits(i, 20, 13), f.t)));
  return true;
}

export const fpArithPatterns: Pattern[] = [
  pat('FP compare', '00011110 -- 1 ----- 001000 ----------', compare),
  pat('FMOV (scalar, imm)', '00011110 -- 1 -------- 100 ----------', immediate),
  pat('FP data-processing (1 source)', '00011110 -- 1 ------ 10000 ----------', oneSource),
  pat('FP conditional compare', '00011110 -- 1 --------- 01 ----------', condCompare),
  pat('FP data-processing (2 source)', '00011110 -- 1 --------- 10 ----------', twoSource),
  pat('FCSEL', '00011110 -- 1 --------- 11 ----------', condSelect),
  pat('FP data-processing (3 source)', '00011111 ------------------------', threeSource),
];
