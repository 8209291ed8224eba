// Scalar floating-point data processing: 1-, 2- and 3-source, compare, conditional compare and
// select, and FMOV (immediate) (Arm ARM C4.1.96). Rounding follows FPCR.RMode and every
// operation accumulates its FPSR exception flags (see FpOps).
import type { Temp } from '../../../ir/types.js';
import type { Fields } from '../../shared/bit-pattern.js';
import { pat, type Pattern } from '../decoder.js';
import type { Emitter } from '../emitter.js';
import { FpOps, fpType, type FpType } from './fp-common.js';
import { convertPrecision, type Precision } from './fp-precision.js';

/** The operations on the ftype field's type; null for the types not provided (half, 10). */
const ops = (e: Emitter, f: Fields): FpOps | null => {
  const t = fpType(f.ftype);
  return t && new FpOps(e, t);
};

/** A 2-source operation: Vd = op(Vn, Vm). */
const fp2 = (op: (o: FpOps, a: Temp, c: Temp) => Temp) => (e: Emitter, _i: number, f: Fields): boolean => {
  const o = ops(e, f);
  if (!o) return false;
  o.write(f.rd, op(o, o.read(f.rn), o.read(f.rm)));
  return true;
};

/** A 1-source operation: Vd = op(Vn). */
const fp1 = (op: (o: FpOps, x: Temp) => Temp) => (e: Emitter, _i: number, f: Fields): boolean => {
  const o = ops(e, f);
  if (!o) return false;
  o.write(f.rd, op(o, o.read(f.rn)));
  return true;
};

/** FCVT between single, double and half precision (ftype: 0, 1, 3; `to` the same codes). */
function convert(e: Emitter, _i: number, f: Fields): boolean {
  if (f.ftype === 2 || f.to === 2) return false;
  const res = convertPrecision(e, f.ftype as Precision, f.to as Precision, e.vlane(f.rn, 0, f.ftype === 3 ? 2 : f.ftype === 0 ? 4 : 8));
  if (res === null) return false;
  e.setVlow(f.rd, e.to64(res));
  return true;
}

/** FMADD, FMSUB, FNMADD, FNMSUB: o1 negates the addend, o1 != o0 the product. */
function threeSource(e: Emitter, _i: number, f: Fields): boolean {
  const o = ops(e, f);
  if (!o) return false;
  let x = o.read(f.rn);
  let addend = o.read(f.ra);
  if (f.o0 !== f.o1) x = o.neg(x);
  if (f.o1) addend = o.neg(addend);
  o.write(f.rd, o.fma(addend, x, o.read(f.rm)));
  return true;
}

/** FCMP/FCMPE with Vm or (zero = 1) with zero; FCMPE (E = 1) signals on quiet NaNs. */
function compare(e: Emitter, _i: number, f: Fields): boolean {
  const o = ops(e, f);
  if (!o) return false;
  const a = o.read(f.rn);
  const c = f.zero ? e.b.konst(o.t.ity, 0) : o.read(f.rm);
  e.setFlags(o.compareFlags(a, c, f.E === 1));
  return true;
}

/** FCCMP/FCCMPE: the comparison's flags if the condition holds, else nzcv. */
function condCompare(e: Emitter, _i: number, f: Fields): boolean {
  const o = ops(e, f);
  if (!o) return false;
  const cond = e.cond(f.cond);
  const flags = o.compareFlags(o.read(f.rn), o.read(f.rm), f.E === 1, cond);
  e.setFlags(e.selectFlags(cond, flags, e.constFlags(f.nzcv)));
  return true;
}

function condSelect(e: Emitter, _i: number, f: Fields): boolean {
  const o = ops(e, f);
  if (!o) return false;
  o.write(f.rd, e.b.select(e.cond(f.cond), o.read(f.rn), o.read(f.rm)));
  return true;
}

/** VFPExpandImm: imm8 = a:b:cdefgh -> sign a, exponent NOT(b):b..b:cd, fraction efgh. */
export function expandFpImm(imm8: number, t: FpType): bigint {
  const expBits = t.bits === 32 ? 8 : 11, mant = t.bits === 32 ? 23 : 52;
  const b6 = (imm8 >> 6) & 1;
  const exp = ((b6 ^ 1) << (expBits - 1)) | ((b6 ? (1 << (expBits - 3)) - 1 : 0) << 2) | ((imm8 >> 4) & 3);
  return (BigInt(imm8 >> 7) << BigInt(t.bits - 1)) | (BigInt(exp) << BigInt(mant)) | (BigInt(imm8 & 15) << BigInt(mant - 4));
}

function immediate(e: Emitter, _i: number, f: Fields): boolean {
  const o = ops(e, f);
  if (!o) return false;
  o.write(f.rd, e.b.konst(o.t.ity, expandFpImm(f.imm8, o.t)));
  return true;
}

const DP1 = '00011110 ftype:2 1';
/** FP data-processing (1 source): opcode insn<20:15> between DP1 and '10000 rn rd'. */
const ONE = (opcode: string): string => `${DP1} ${opcode} 10000 rn:5 rd:5`;
/** FP data-processing (2 source): opcode insn<15:12>. */
const TWO = (opcode: string): string => `${DP1} rm:5 ${opcode} 10 rn:5 rd:5`;
export const fpArithPatterns: Pattern[] = [
  pat('FCMP/FCMPE', `${DP1} rm:5 001000 rn:5 E:1 zero:1 000`, compare),
  pat('FMOV (scalar, imm)', `${DP1} imm8:8 100 00000 rd:5`, immediate),
  pat('FMOV (register)', ONE('000000'), fp1((_o, x) => x)),
  pat('FABS (scalar)', ONE('000001'), fp1((o, x) => o.abs(x))),
  pat('FNEG (scalar)', ONE('000010'), fp1((o, x) => o.neg(x))),
  pat('FSQRT (scalar)', ONE('000011'), fp1((o, x) => o.un('fsqrt', x))),
  pat('FCVT', ONE('0001 to:2'), convert),
  pat('FRINTN (scalar)', ONE('001000'), fp1((o, x) => o.roundInt(x, 'fnearest'))),
  pat('FRINTP (scalar)', ONE('001001'), fp1((o, x) => o.roundInt(x, 'fceil'))),
  pat('FRINTM (scalar)', ONE('001010'), fp1((o, x) => o.roundInt(x, 'ffloor'))),
  pat('FRINTZ (scalar)', ONE('001011'), fp1((o, x) => o.roundInt(x, 'ftrunc'))),
  pat('FRINTA (scalar)', ONE('001100'), fp1((o, x) => o.roundInt(x, 'away'))),
  // FRINTX and FRINTI round in the FPCR.RMode mode; FRINTX signals Inexact.
  pat('FRINTX (scalar)', ONE('001110'), fp1((o, x) => o.roundIntFpcr(x, true))),
  pat('FRINTI (scalar)', ONE('001111'), fp1((o, x) => o.roundIntFpcr(x, false))),
  pat('FCCMP/FCCMPE', `${DP1} rm:5 cond:4 01 rn:5 E:1 nzcv:4`, condCompare),
  pat('FMUL (scalar)', TWO('0000'), fp2((o, a, c) => o.bin('fmul', a, c))),
  pat('FDIV (scalar)', TWO('0001'), fp2((o, a, c) => o.bin('fdiv', a, c))),
  pat('FADD (scalar)', TWO('0010'), fp2((o, a, c) => o.bin('fadd', a, c))),
  pat('FSUB (scalar)', TWO('0011'), fp2((o, a, c) => o.bin('fsub', a, c))),
  pat('FMAX (scalar)', TWO('0100'), fp2((o, a, c) => o.bin('fmax', a, c))),
  pat('FMIN (scalar)', TWO('0101'), fp2((o, a, c) => o.bin('fmin', a, c))),
  pat('FMAXNM (scalar)', TWO('0110'), fp2((o, a, c) => o.binNum('fmax', a, c))),
  pat('FMINNM (scalar)', TWO('0111'), fp2((o, a, c) => o.binNum('fmin', a, c))),
  // FNMUL negates after rounding, NaNs included.
  pat('FNMUL (scalar)', TWO('1000'), fp2((o, a, c) => o.neg(o.bin('fmul', a, c)))),
  pat('FCSEL', `${DP1} rm:5 cond:4 11 rn:5 rd:5`, condSelect),
  pat('FMADD/FMSUB/FNMADD/FNMSUB', '00011111 ftype:2 o1:1 rm:5 o0:1 ra:5 rn:5 rd:5', threeSource),
];
