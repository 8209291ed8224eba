// Conversions between floating-point and integer registers: FCVT[NPMZA][SU], SCVTF/UCVTF
// (integer and fixed-point) and FMOV (general) (Arm ARM C4.1.96).
import type { ConvKind, Temp } from '../../../ir/types.js';
import { pat, type Pattern } from '../decoder.js';
import type { Emitter } from '../emitter.js';
import { bit, bits, rd, rn, sf } from '../fields.js';
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

const ROUND_BY_RMODE: RoundMode[] = ['fnearest', 'fceil', 'ffloor', 'ftrunc'];

function fmovGeneral(e: Emitter, i: number): boolean {
  const s = sf(i), ftype = bits(i, 23, 22), rmode = bits(i, 20, 19), toFp = bit(i, 16) === 1;
  if (ftype === 2) { // FMOV Xd, Vn.D[1] / Vd.D[1], Xn: the other half is preserved
    if (!s || rmode !== 1) return false;
    if (toFp) e.setVlane(rd(i), 1, 8, e.x(rn(i)));
    else e.setX(rd(i), e.vlane(rn(i), 1, 8));
    return true;
  }
  if (rmode !== 0 || (ftype === 0 && s) || (ftype === 1 && !s) || ftype === 3) return false;
  if (toFp) e.setVlow(rd(i), s ? e.x(rn(i)) : e.to64(e.w(rn(i))));
  else e.setX(rd(i), e.vlane(rn(i), 0, s ? 8 : 4));
  return true;
}

function intConvert(e: Emitter, i: number): boolean {
  if (bit(i, 29)) return false;
  const opcode = bits(i, 18, 16), rmode = bits(i, 20, 19);
  if (opcode >= 6) return fmovGeneral(e, i);
  const t = fpType(bits(i, 23, 22));
  if (!t) return false;
  const f = new FpOps(e, t), s = sf(i);
  if (opcode === 2 || opcode === 3) {
    if (rmode !== 0) return false;
    f.write(rd(i), toFloat(f, e.r(s, rn(i)), opcode === 2, s));
    return true;
  }
  if (opcode >= 4 && rmode !== 0) return false;
  const mode = opcode >= 4 ? 'away' : ROUND_BY_RMODE[rmode]!;
  e.setX(rd(i), toInt(f, f.read(rn(i)), mode, (opcode & 1) === 0, s));
  return true;
}

function fixedConvert(e: Emitter, i: number): boolean {
  const s = sf(i), scale = bits(i, 15, 10), rmode = bits(i, 20, 19), opcode = bits(i, 18, 16);
  const t = fpType(bits(i, 23, 22));
  if (bit(i, 29) || !t || (!s && scale < 32)) return false;
  const f = new FpOps(e, t), fbits = 64 - scale;
  if (rmode === 0 && (opcode === 2 || opcode === 3)) {
    f.write(rd(i), toFloat(f, e.r(s, rn(i)), opcode === 2, s, fbits));
    return true;
  }
  if (rmode === 3 && opcode <= 1) {
    e.setX(rd(i), toInt(f, f.read(rn(i)), 'ftrunc', opcode === 0, s, fbits));
    return true;
  }
  return false;
}

export const fpConvertPatterns: Pattern[] = [
  pat('FP <-> integer', '- 0 - 11110 -- 1 ----- 000000 ----------', intConvert),
  pat('FP <-> fixed-point', '- 0 - 11110 -- 0 ---------------------', fixedConvert),
];
