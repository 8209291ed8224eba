// Advanced SIMD shift by immediate, vector and scalar: SSHR/USHR, SSRA/USRA, SRSHR/URSHR,
// SRSRA/URSRA, SHL, SLI, SRI, SHRN/RSHRN, SSHLL/USHLL (Arm ARM C4.1.97-99).
import type { Temp } from '../../../ir/types.js';
import { pat, type Pattern } from '../decoder.js';
import type { Emitter } from '../emitter.js';
import { bit, bits, rd, rn } from '../fields.js';
import { Lane, readVec, writeHalf, writeVec, type Esize, type Shape } from './simd-common.js';
import { toFloat, toInt } from './fp-convert.js';
import { FP32, FP64, FpOps } from './fp-common.js';
import { clampNarrow, satShiftLeftImm, shiftRightConst } from './simd-sat.js';

/** Element size from immh (its highest set bit) and the raw immh:immb value. */
function decodeImm(i: number): { size: number; immhb: number } | null {
  const immh = bits(i, 22, 19);
  if (immh === 0) return null;
  return { size: 31 - Math.clz32(immh), immhb: bits(i, 22, 16) };
}

/** x >> sh for 1 <= sh <= lane bits, optionally rounding (adds the last bit shifted out). */
function shiftRight(l: Lane, x: Temp, sh: number, signed: boolean, round: boolean): Temp {
  const b = l.b;
  const v = signed ? l.sx(x) : x;
  const whole = sh >= l.bits;
  let r: Temp;
  if (whole) r = signed ? b.bin('shr_s', v, l.k(l.bits - 1)) : l.k(0);
  else r = b.bin(signed ? 'shr_s' : 'shr_u', v, l.k(sh));
  if (round) {
    const lastOut = b.bin('and', b.bin(signed ? 'shr_s' : 'shr_u', v, l.k(sh - 1)), l.k(1));
    r = b.bin('add', r, lastOut);
  }
  return l.zx(r);
}

function shiftOp(e: Emitter, i: number, s: Shape, scalar: boolean): boolean {
  const dec = decodeImm(i)!;
  const bitsE = s.esize * 8;
  const rightSh = 2 * bitsE - dec.immhb, leftSh = dec.immhb - bitsE;
  const signed = bit(i, 29) === 0;
  const opcode = bits(i, 15, 11);
  const l = new Lane(e, s.esize), b = e.b;
  const a = readVec(e, rn(i), s);
  const d = (): Temp[] => readVec(e, rd(i), s);
  let res: Temp[];
  switch (opcode) {
    case 0: case 4: res = a.map((x) => shiftRight(l, x, rightSh, signed, opcode === 4)); break;
    case 2: case 6: {
      const acc = d();
      res = a.map((x, j) => l.zx(b.bin('add', acc[j]!, shiftRight(l, x, rightSh, signed, opcode === 6))));
      break;
    }
    case 8: { // SRI
      if (signed) return false;
      const acc = d();
      const keep = rightSh >= bitsE ? (1n << BigInt(bitsE)) - 1n : ~(((1n << BigInt(bitsE)) - 1n) >> BigInt(rightSh)) & ((1n << BigInt(bitsE)) - 1n);
      res = a.map((x, j) => b.bin('or', b.bin('and', acc[j]!, l.k(keep)), shiftRight(l, x, rightSh, false, false)));
      break;
    }
    case 10: { // SHL / SLI
      const shifted = a.map((x) => l.zx(b.bin('shl', x, l.k(leftSh))));
      if (signed) { res = shifted; break; }
      const acc = d();
      const keep = ((1n << BigInt(leftSh)) - 1n);
      res = shifted.map((x, j) => b.bin('or', b.bin('and', acc[j]!, l.k(keep)), x));
      break;
    }
    default: return false;
  }
  if (scalar && s.esize !== 8) return false;
  writeVec(e, rd(i), s, res);
  return true;
}

/**
 * SHRN/RSHRN and the saturating narrowing shifts SQSHRN/UQSHRN/SQRSHRN/UQRSHRN/SQSHRUN/SQRSHRUN:
 * immh gives the narrow (destination) element; opcode bit 0 selects rounding.
 */
function shiftNarrow(e: Emitter, i: number, scalar: boolean): boolean {
  const dec = decodeImm(i)!;
  const opcode = bits(i, 15, 11), u = bit(i, 29);
  if (dec.size === 3 || (scalar && opcode < 18 && !u)) return false;
  const round = (opcode & 1) === 1;
  // opcode 16/17: SHRN/RSHRN (U=0) or SQSHRUN/SQRSHRUN (U=1); 18/19: SQSHRN.. (U=0), UQSHRN.. (U=1)
  const saturate = opcode >= 18 || u === 1;
  const signedIn = opcode >= 18 ? u === 0 : true, signedOut = opcode >= 18 ? u === 0 : false;
  const dst = (1 << dec.size) as Esize;
  const src: Shape = { esize: (dst * 2) as Esize, count: scalar ? 1 : 8 / dst };
  const sh = 2 * dst * 8 - dec.immhb;
  const l = new Lane(e, src.esize);
  const vals = readVec(e, rn(i), src).map((x) => {
    if (!saturate) return l.resize(shiftRight(l, x, sh, false, round), dst, false);
    const shifted = shiftRightConst(l, x, sh, signedIn, round);
    return l.resize(clampNarrow(l, l.zx(shifted), dst * 8, signedIn, signedOut), dst, false);
  });
  if (scalar) writeVec(e, rd(i), { esize: dst, count: 1 }, vals);
  else writeHalf(e, rd(i), dst, vals, bit(i, 30));
  return true;
}

/** SCVTF/UCVTF and FCVTZS/FCVTZU (vector and scalar, fixed-point): fbits = 2*esize - immh:immb. */
function fixedPoint(e: Emitter, i: number, scalar: boolean): boolean {
  const dec = decodeImm(i)!;
  if (dec.size < 2 || (!scalar && dec.size === 3 && !bit(i, 30))) return false;
  const t = dec.size === 3 ? FP64 : FP32, f = new FpOps(e, t);
  const fbits = 2 * t.bits - dec.immhb, signed = bit(i, 29) === 0, wide = t.bits === 64 ? 1 : 0;
  const s: Shape = { esize: t.size, count: scalar ? 1 : (bit(i, 30) ? 16 : 8) / t.size };
  const toFp = bits(i, 15, 11) === 28;
  writeVec(e, rd(i), s, readVec(e, rn(i), s).map((x) => (toFp ? toFloat(f, x, signed, wide, fbits) : toInt(f, x, 'ftrunc', signed, wide, fbits))));
  return true;
}

/** SQSHL/UQSHL (immediate) and SQSHLU. */
function satShiftLeftOp(e: Emitter, i: number, s: Shape): boolean {
  const dec = decodeImm(i)!;
  const opcode = bits(i, 15, 11), u = bit(i, 29);
  if (opcode === 12 && !u) return false;
  const sh = dec.immhb - s.esize * 8;
  const signedIn = opcode === 12 || u === 0, signedOut = opcode === 14 && u === 0;
  const l = new Lane(e, s.esize);
  writeVec(e, rd(i), s, readVec(e, rn(i), s).map((x) => satShiftLeftImm(l, x, sh, signedIn, signedOut)));
  return true;
}

/** SSHLL/USHLL (and SXTL/UXTL): widen the low or high half, then shift left. */
function shiftLong(e: Emitter, i: number): boolean {
  const dec = decodeImm(i)!;
  if (dec.size === 3) return false;
  const src = (1 << dec.size) as Esize, dst = (src * 2) as Esize;
  const count = 8 / src, upper = bit(i, 30);
  const sh = dec.immhb - src * 8;
  const ls = new Lane(e, src), ld = new Lane(e, dst);
  const vals = Array.from({ length: count }, (_, j) => {
    const wide = ls.resize(e.vlane(rn(i), j + (upper ? count : 0), src), dst, bit(i, 29) === 0);
    return sh ? ld.zx(e.b.bin('shl', wide, ld.k(sh))) : wide;
  });
  writeVec(e, rd(i), { esize: dst, count }, vals);
  return true;
}

function vectorShift(e: Emitter, i: number): boolean {
  const dec = decodeImm(i);
  if (!dec) return false;
  const q = bit(i, 30);
  const opcode = bits(i, 15, 11);
  if (opcode >= 16 && opcode <= 19) return shiftNarrow(e, i, false);
  if (opcode === 20) return shiftLong(e, i);
  if (opcode === 28 || opcode === 31) return fixedPoint(e, i, false);
  if (dec.size === 3 && !q) return false;
  const esize = (1 << dec.size) as Esize;
  const s: Shape = { esize, count: (q ? 16 : 8) / esize };
  if (opcode === 12 || opcode === 14) return satShiftLeftOp(e, i, s);
  return shiftOp(e, i, s, false);
}

function scalarShift(e: Emitter, i: number): boolean {
  const dec = decodeImm(i);
  if (!dec) return false;
  const opcode = bits(i, 15, 11);
  if (opcode >= 16 && opcode <= 19) return shiftNarrow(e, i, true);
  if (opcode === 28 || opcode === 31) return fixedPoint(e, i, true);
  if (opcode === 12 || opcode === 14) return satShiftLeftOp(e, i, { esize: (1 << dec.size) as Esize, count: 1 });
  if (dec.size !== 3) return false;
  return shiftOp(e, i, { esize: 8, count: 1 }, true);
}

export const simdShiftPatterns: Pattern[] = [
  pat('AdvSIMD shift by immediate', '0 -- 011110 ------------ 1 ----------', vectorShift),
  pat('AdvSIMD scalar shift by immediate', '01 - 111110 ------------ 1 ----------', scalarShift),
];
