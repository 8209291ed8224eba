// Conversions between floating-point and integer registers: FCVT[NPMZA][SU], SCVTF/UCVTF
// (integer and fixed-point) and FMOV (general) (Arm ARM C4.1.96).
import type { ConvKind, Temp } from '../../../ir/types.js';
import type { Fields } from '../../shared/bit-pattern.js';
import { pat, type Pattern } from '../decoder.js';
import type { Emitter } from '../emitter.js';
import { FP_HELPERS } from '../helpers/fp.js';
import { FpOps, fpType, type RoundMode } from './fp-common.js';

/**
 * Float to integer, saturating (NaN gives 0). Flags as FPToFixed: IOC for NaN or a value out of
 * range, else IXC when the value had a fraction.
 */
export function toInt(f: FpOps, x0: Temp, mode: RoundMode, signed: boolean, wide: number, fbits = 0): Temp {
  const b = f.e.b;
  const [x] = f.flushed([x0]) as [Temp];
  let v = f.toF(x);
  // Scaling by a power of two is exact (or overflows to an infinity, which saturates).
  if (fbits) v = b.bin('fmul', v, b.konst(f.t.fty, 2 ** fbits));
  const rounded = f.roundF(v, mode);
  const width = wide ? 64 : 32;
  const k = (n: number): Temp => b.konst(f.t.fty, n);
  const below = signed ? b.cmp('flt', rounded, k(-(2 ** (width - 1)))) : b.cmp('flt', rounded, k(0));
  const above = b.cmp('fge', rounded, k(2 ** (signed ? width - 1 : width)));
  const invalid = b.bin('or', b.bin('or', below, above), b.cmp('fne', v, v));
  f.raiseInvalid(invalid);
  f.raiseInexact(b.bin('and', b.cmp('fne', rounded, v), b.bin('xor', invalid, b.i32(1))));
  return b.conv(`f_to_${signed ? 's' : 'u'}${width}` as ConvKind, rounded);
}

/** Integer (or fixed-point with `fbits`) to float; IXC when the integer is not representable. */
export function toFloat(f: FpOps, v: Temp, signed: boolean, wide: number, fbits = 0): Temp {
  const b = f.e.b;
  const kind = `${signed ? 's' : 'u'}${wide ? 64 : 32}_to_${f.t.fty}` as ConvKind;
  const rounded = b.conv(kind, v);
  const v64 = wide ? v : b.conv(signed ? 'extend_s' : 'extend_u', v);
  if (wide || f.t.bits === 32) {
    // Converting back is exact-or-saturating; a result of 2^63 (2^64) is above every source value.
    const back = b.conv(signed ? 'f_to_s64' : 'f_to_u64', rounded);
    const limit = b.cmp('fge', rounded, b.konst(f.t.fty, 2 ** (signed ? 63 : 64)));
    f.raiseInexact(b.bin('or', b.cmp('ne', back, v64), limit));
  }
  // Scaling by a power of two after the (single) rounding is exact.
  const r = fbits ? b.bin('fmul', rounded, b.konst(f.t.fty, 2 ** -fbits)) : rounded;
  const helper = f.t.bits === 32 ? FP_HELPERS.intToF32 : FP_HELPERS.intToF64;
  return f.unlessDefaultEnv(f.toBits(r), helper, [v64, b.i32((signed ? 1 : 0) | (fbits << 1))]);
}

/**
 * FMOV between a general register and the low S (32) or D (64) or the upper D (upper) of a V
 * register; toFp = 1 writes the V register (the upper form preserves its other half).
 */
const fmovGeneral = (form: 32 | 64 | 'upper') => (e: Emitter, _i: number, f: Fields): void => {
  if (form === 'upper') {
    if (f.toFp) e.setVlane(f.rd, 1, 8, e.x(f.rn));
    else e.setX(f.rd, e.vlane(f.rn, 1, 8));
  } else if (f.toFp) {
    e.setVlow(f.rd, form === 64 ? e.x(f.rn) : e.to64(e.w(f.rn)));
  } else {
    e.setX(f.rd, e.vlane(f.rn, 0, form / 8 as 4 | 8));
  }
};

/** The operations on the ftype field's type; null for the types not provided (half, 10). */
const ops = (e: Emitter, f: Fields): FpOps | null => {
  const t = fpType(f.ftype);
  return t && new FpOps(e, t);
};

const ROUND_BY_RMODE: RoundMode[] = ['fnearest', 'fceil', 'ffloor', 'ftrunc'];

/** FCVT{N,P,M,Z}{S,U} by rmode, FCVTA{S,U} (`mode` given): float to integer, U = 1 unsigned. */
const floatToInt = (mode?: RoundMode) => (e: Emitter, _i: number, f: Fields): boolean => {
  const o = ops(e, f);
  if (!o) return false;
  e.setX(f.rd, toInt(o, o.read(f.rn), mode ?? ROUND_BY_RMODE[f.rmode]!, f.U === 0, f.sf));
  return true;
};

/** SCVTF/UCVTF (integer). */
function intToFloat(e: Emitter, _i: number, f: Fields): boolean {
  const o = ops(e, f);
  if (!o) return false;
  o.write(f.rd, toFloat(o, e.r(f.sf, f.rn), f.U === 0, f.sf));
  return true;
}

/** A fixed-point form's type and fraction bits (64 - scale); null when unallocated (a W register takes at most 32). */
function fixed(e: Emitter, f: Fields): { o: FpOps; fbits: number } | null {
  const o = ops(e, f);
  return !o || (!f.sf && f.scale < 32) ? null : { o, fbits: 64 - f.scale };
}

/** SCVTF/UCVTF (fixed-point). */
function fixedToFloat(e: Emitter, _i: number, f: Fields): boolean {
  const x = fixed(e, f);
  if (!x) return false;
  x.o.write(f.rd, toFloat(x.o, e.r(f.sf, f.rn), f.U === 0, f.sf, x.fbits));
  return true;
}

/** FCVTZS/FCVTZU (fixed-point). */
function floatToFixed(e: Emitter, _i: number, f: Fields): boolean {
  const x = fixed(e, f);
  if (!x) return false;
  e.setX(f.rd, toInt(x.o, x.o.read(f.rn), 'ftrunc', f.U === 0, f.sf, x.fbits));
  return true;
}

/** Conversion between FP and integer: rmode insn<20:19>, opcode insn<18:16>. */
const INT = (rmodeOpcode: string): string => `sf:1 00 11110 ftype:2 1 ${rmodeOpcode} 000000 rn:5 rd:5`;
/** Conversion between FP and fixed-point. */
const FIXED = (rmodeOpcode: string): string => `sf:1 00 11110 ftype:2 0 ${rmodeOpcode} scale:6 rn:5 rd:5`;
export const fpConvertPatterns: Pattern[] = [
  pat('FCVT{N,P,M,Z}{S,U} (scalar, integer)', INT('rmode:2 00 U:1'), floatToInt()),
  pat('SCVTF/UCVTF (scalar, integer)', INT('00 01 U:1'), intToFloat),
  pat('FCVTAS/FCVTAU (scalar)', INT('00 10 U:1'), floatToInt('away')),
  pat('FMOV (general, W <-> S)', '0 00 11110 00 1 00 11 toFp:1 000000 rn:5 rd:5', fmovGeneral(32)),
  pat('FMOV (general, X <-> D)', '1 00 11110 01 1 00 11 toFp:1 000000 rn:5 rd:5', fmovGeneral(64)),
  pat('FMOV (general, X <-> D[1])', '1 00 11110 10 1 01 11 toFp:1 000000 rn:5 rd:5', fmovGeneral('upper')),
  pat('SCVTF/UCVTF (scalar, fixed-point)', FIXED('00 01 U:1'), fixedToFloat),
  pat('FCVTZS/FCVTZU (scalar, fixed-point)', FIXED('11 00 U:1'), floatToFixed),
];
