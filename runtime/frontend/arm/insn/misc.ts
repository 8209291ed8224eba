// Bit and byte manipulation, extension, saturation and SIMD-within-a-register instructions:
// CLZ, REV/REV16/REVSH/RBIT, UBFX/SBFX/BFI/BFC, SXT*/UXT* (and their add and 16-bit-pair forms),
// PKHBT/PKHTB, SSAT/USAT(16), QADD/QSUB/QDADD/QDSUB (sticky Q), SEL, USAD8/USADA8 and the parallel
// add/subtract family (S/Q/SH/U/UQ/UH x ADD8/ADD16/ASX/SAX/SUB8/SUB16, GE flags).
import type { Temp } from '../../../ir/types.js';
import type { Fields } from '../../shared/bit-pattern.js';
import { pat, pat16, type Group } from '../decoder.js';
import type { ArmEmitter } from '../emitter.js';
import { ARM } from '../state.js';
import { setQIf } from './mul.js';

const any15 = (...regs: number[]): boolean => regs.some((r) => r === 15);

function clz(e: ArmEmitter, rd: number, rm: number): boolean {
  if (any15(rd, rm)) return false;
  e.setReg(rd, e.b.un('clz', e.reg(rm)));
  return true;
}

/** REV (0), REV16 (1), RBIT (2), REVSH (3): the order of T32's op field. */
function reverse(e: ArmEmitter, rd: number, rm: number, op: number): boolean {
  if (any15(rd, rm)) return false;
  const b = e.b;
  const v = e.reg(rm);
  let r: Temp;
  switch (op) {
    case 0: r = b.un('bswap', v); break;
    case 1: r = b.bin('rotr', b.un('bswap', v), b.i32(16)); break;
    case 2: {
      r = v;
      for (const [mask, sh] of [[0x55555555, 1], [0x33333333, 2], [0x0f0f0f0f, 4]] as const) {
        r = b.bin('or', b.bin('and', b.bin('shr_u', r, b.i32(sh)), b.i32(mask)), b.bin('shl', b.bin('and', r, b.i32(mask)), b.i32(sh)));
      }
      r = b.un('bswap', r);
      break;
    }
    default: r = b.conv('sext16', b.bin('rotr', b.un('bswap', v), b.i32(16))); break;
  }
  e.setReg(rd, r);
  return true;
}

/** UBFX/SBFX: the field of widthm1+1 bits at lsb, zero- or sign-extended. */
function bitfieldExtract(e: ArmEmitter, rd: number, rn: number, lsb: number, widthm1: number, signed: boolean): boolean {
  if (any15(rd, rn) || lsb + widthm1 > 31) return false;
  const b = e.b;
  const up = 31 - (lsb + widthm1);
  e.setReg(rd, b.bin(signed ? 'shr_s' : 'shr_u', b.bin('shl', e.reg(rn), b.i32(up)), b.i32(up + lsb)));
  return true;
}

/** BFI (Rn's low bits into Rd<msb:lsb>) and BFC (rn = 15: zeros). */
function bitfieldInsert(e: ArmEmitter, rd: number, rn: number, lsb: number, msb: number): boolean {
  if (rd === 15 || msb < lsb) return false;
  const b = e.b;
  const mask = (msb - lsb === 31 ? -1 : ((1 << (msb - lsb + 1)) - 1) << lsb) | 0;
  const ins = rn === 15 ? b.i32(0) : b.bin('and', b.bin('shl', e.reg(rn), b.i32(lsb)), b.i32(mask));
  e.setReg(rd, b.bin('or', b.bin('and', e.reg(rd), b.i32(~mask)), ins));
  return true;
}

/**
 * SXTB/UXTB/SXTH/UXTH/SXTB16/UXTB16 of Rm rotated right by 8*rot, added to Rn unless rn = 15
 * (size 1, 2, or 16 for the two-halfword forms).
 */
function extend(e: ArmEmitter, rd: number, rn: number, rm: number, rot: number, signed: boolean, size: 1 | 2 | 16): boolean {
  if (any15(rd, rm)) return false;
  const b = e.b;
  const v = rot ? b.bin('rotr', e.reg(rm), b.i32(rot * 8)) : e.reg(rm);
  if (size === 16) {
    // Bytes 0 and 2, each extended to a halfword; the add form adds halfword by halfword.
    const pairOf = signed
      ? b.bin('or', b.bin('and', b.conv('sext8', v), b.i32(0xffff)), b.bin('shl', b.conv('sext8', b.bin('shr_u', v, b.i32(16))), b.i32(16)))
      : b.bin('and', v, b.i32(0x00ff00ff));
    if (rn === 15) { e.setReg(rd, pairOf); return true; }
    const n = e.reg(rn);
    const lo = b.bin('and', b.bin('add', n, pairOf), b.i32(0xffff));
    const hi = b.bin('add', b.bin('and', n, b.i32(0xffff0000 | 0)), b.bin('and', pairOf, b.i32(0xffff0000 | 0)));
    e.setReg(rd, b.bin('or', hi, lo));
    return true;
  }
  let x: Temp;
  if (signed) x = b.conv(size === 1 ? 'sext8' : 'sext16', v);
  else x = b.bin('and', v, b.i32(size === 1 ? 0xff : 0xffff));
  e.setReg(rd, rn === 15 ? x : b.bin('add', e.reg(rn), x));
  return true;
}

/** PKHBT (tb = 0: Rn bottom, Rm << imm top) and PKHTB (Rn top, Rm ASR imm bottom). */
function pkh(e: ArmEmitter, rd: number, rn: number, rm: number, tb: number, imm5: number): boolean {
  if (any15(rd, rn, rm)) return false;
  const b = e.b;
  const op2 = e.shiftImm(e.reg(rm), tb ? 2 : 0, imm5).v;
  const [top, bottom] = tb ? [e.reg(rn), op2] : [op2, e.reg(rn)];
  e.setReg(rd, b.bin('or', b.bin('and', top, b.i32(0xffff0000 | 0)), b.bin('and', bottom, b.i32(0xffff))));
  return true;
}

/** Saturate v (i32, signed) to [lo, hi]; sets Q when it clamps. */
function saturate(e: ArmEmitter, v: Temp, lo: number, hi: number): Temp {
  const b = e.b;
  const over = b.cmp('gt_s', v, b.i32(hi)), under = b.cmp('lt_s', v, b.i32(lo));
  setQIf(e, b.bin('or', over, under));
  return b.select(over, b.i32(hi), b.select(under, b.i32(lo), v));
}
const signedRange = (bits: number): [number, number] => [-(2 ** (bits - 1)), 2 ** (bits - 1) - 1];

/** SSAT (sat = saturate_to - 1) / USAT (sat = saturate_to) of the shifted operand. */
function sat(e: ArmEmitter, rd: number, rn: number, satImm: number, sh: number, imm5: number, unsigned: boolean): boolean {
  if (any15(rd, rn)) return false;
  const v = e.shiftImm(e.reg(rn), sh ? 2 : 0, imm5).v;
  const [lo, hi] = unsigned ? [0, 2 ** satImm - 1] : signedRange(satImm + 1);
  e.setReg(rd, saturate(e, v, lo, hi));
  return true;
}

/** SSAT16/USAT16: each signed halfword saturated. */
function sat16(e: ArmEmitter, rd: number, rn: number, satImm: number, unsigned: boolean): boolean {
  if (any15(rd, rn) || (unsigned && satImm > 15)) return false;
  const b = e.b;
  const v = e.reg(rn);
  const [lo, hi] = unsigned ? [0, 2 ** satImm - 1] : signedRange(satImm + 1);
  const l = saturate(e, b.conv('sext16', v), lo, hi);
  const h = saturate(e, b.bin('shr_s', v, b.i32(16)), lo, hi);
  e.setReg(rd, b.bin('or', b.bin('shl', h, b.i32(16)), b.bin('and', l, b.i32(0xffff))));
  return true;
}

/** Signed 32-bit saturation of a 64-bit value (Q on clamping). */
function sat32(e: ArmEmitter, w: Temp): Temp {
  const b = e.b;
  const over = b.cmp('gt_s', w, b.i64(0x7fffffff)), under = b.cmp('lt_s', w, b.i64(-0x80000000));
  setQIf(e, b.bin('or', over, under));
  return b.select(over, b.i32(0x7fffffff), b.select(under, b.i32(-0x80000000), b.conv('wrap', w)));
}

/** QADD/QSUB/QDADD/QDSUB: Rd = sat(Rm ± [sat(2 *)] Rn). op: bit 0 doubling, bit 1 subtract (T32's order). */
function qaddsub(e: ArmEmitter, rd: number, rn: number, rm: number, op: number): boolean {
  if (any15(rd, rn, rm)) return false;
  const b = e.b;
  const x = (v: Temp): Temp => b.conv('extend_s', v);
  let n = e.reg(rn);
  if (op & 1) n = sat32(e, b.bin('shl', x(n), b.i64(1)));
  e.setReg(rd, sat32(e, b.bin(op & 2 ? 'sub' : 'add', x(e.reg(rm)), x(n))));
  return true;
}

/** SEL: each byte from Rn where its GE bit is set, else from Rm. */
function sel(e: ArmEmitter, rd: number, rn: number, rm: number): boolean {
  if (any15(rd, rn, rm)) return false;
  const b = e.b;
  // Spread GE<3:0> to a byte mask: bit k -> byte k.
  const ge = b.get('i32', ARM.ge);
  let mask = b.i32(0);
  for (let k = 0; k < 4; k++) mask = b.bin('or', mask, b.bin('mul', b.bin('and', b.bin('shr_u', ge, b.i32(k)), b.i32(1)), b.i32(0xff << (8 * k))));
  e.setReg(rd, b.bin('or', b.bin('and', e.reg(rn), mask), b.bin('and', e.reg(rm), b.un('not', mask))));
  return true;
}

/** USAD8/USADA8: the sum of the absolute differences of the four byte pairs [+ Ra] (ra = 15: none). */
function usad8(e: ArmEmitter, rd: number, rn: number, rm: number, ra: number): boolean {
  if (any15(rd, rn, rm)) return false;
  const b = e.b;
  const n = e.reg(rn), m = e.reg(rm);
  let sum = ra === 15 ? b.i32(0) : e.reg(ra);
  for (let k = 0; k < 4; k++) {
    const byte = (v: typeof n): typeof n => b.bin('and', b.bin('shr_u', v, b.i32(8 * k)), b.i32(0xff));
    const d = b.bin('sub', byte(n), byte(m));
    sum = b.bin('add', sum, b.select(b.cmp('lt_s', d, b.i32(0)), b.un('neg', d), d));
  }
  e.setReg(rd, sum);
  return true;
}

/** Parallel operations: which lanes add and which subtract, and which Rm lane each uses. */
type ParOp = 'add16' | 'asx' | 'sax' | 'sub16' | 'add8' | 'sub8';
/** Prefixes: signed/unsigned x modular with GE (s/u), saturating (q/uq), halving (sh/uh). */
type Prefix = 's' | 'q' | 'sh' | 'u' | 'uq' | 'uh';

function parallel(e: ArmEmitter, rd: number, rn: number, rm: number, op: ParOp, prefix: Prefix): boolean {
  if (any15(rd, rn, rm)) return false;
  const b = e.b;
  const signed = prefix === 's' || prefix === 'q' || prefix === 'sh';
  const bits = op.endsWith('8') ? 8 : 16;
  const lanes = 32 / bits;
  const n = e.reg(rn), m = e.reg(rm);
  const lane = (v: Temp, k: number): Temp => (signed
    ? b.bin('shr_s', b.bin('shl', v, b.i32(32 - bits * (k + 1))), b.i32(32 - bits))
    : b.bin('and', b.bin('shr_u', v, b.i32(bits * k)), b.i32(2 ** bits - 1)));
  let res = b.i32(0), ge = b.i32(0);
  for (let k = 0; k < lanes; k++) {
    const sub = op === 'sub8' || op === 'sub16' || (op === 'asx' && k === 0) || (op === 'sax' && k === 1);
    const mk = op === 'asx' || op === 'sax' ? 1 - k : k;
    const r = b.bin(sub ? 'sub' : 'add', lane(n, k), lane(m, mk));
    let out = r;
    if (prefix === 's' || prefix === 'u') {
      // GE: the signed result is >= 0; unsigned: the addition carried / the subtraction did not borrow.
      const geLane = prefix === 'u' && !sub ? b.cmp('ge_s', r, b.i32(2 ** bits)) : b.cmp('ge_s', r, b.i32(0));
      const geBits = b.bin('mul', geLane, b.i32(bits === 8 ? 1 << k : 3 << (2 * k)));
      ge = b.bin('or', ge, geBits);
    } else if (prefix === 'q' || prefix === 'uq') {
      const [lo, hi] = signed ? signedRange(bits) : [0, 2 ** bits - 1];
      out = b.select(b.cmp('gt_s', r, b.i32(hi)), b.i32(hi), b.select(b.cmp('lt_s', r, b.i32(lo)), b.i32(lo), r));
    } else {
      out = b.bin('shr_s', r, b.i32(1));
    }
    res = b.bin('or', res, b.bin('shl', b.bin('and', out, b.i32(2 ** bits - 1)), b.i32(bits * k)));
  }
  if (prefix === 's' || prefix === 'u') b.set(ARM.ge, ge);
  e.setReg(rd, res);
  return true;
}

/** Op and prefix fields of the A32 (op1 = insn<22:20>, op2 = insn<7:5>) and T32 encodings. */
const A32_PREFIX: Record<number, Prefix> = { 1: 's', 2: 'q', 3: 'sh', 5: 'u', 6: 'uq', 7: 'uh' };
const A32_PAROP: Record<number, ParOp> = { 0: 'add16', 1: 'asx', 2: 'sax', 3: 'sub16', 4: 'add8', 7: 'sub8' };
const T32_PREFIX: Record<number, Prefix> = { 0: 's', 1: 'q', 2: 'sh', 4: 'u', 5: 'uq', 6: 'uh' };
const T32_PAROP: Record<number, ParOp> = { 0: 'add8', 1: 'add16', 2: 'asx', 4: 'sub8', 5: 'sub16', 6: 'sax' };
function parallelBy(prefixes: Record<number, Prefix>, ops: Record<number, ParOp>) {
  return (e: ArmEmitter, f: Fields): boolean => {
    const p = prefixes[f.pre], o = ops[f.op];
    return p !== undefined && o !== undefined && parallel(e, f.rd, f.rn, f.rm, o, p);
  };
}

/** A32 extend op (insn<22:20>) and T32 op (hw1<6:4>) -> signed, size. */
const A32_EXT: Record<number, [boolean, 1 | 2 | 16]> = { 0: [true, 16], 2: [true, 1], 3: [true, 2], 4: [false, 16], 6: [false, 1], 7: [false, 2] };
const T32_EXT: Record<number, [boolean, 1 | 2 | 16]> = { 0: [true, 2], 1: [false, 2], 2: [true, 16], 3: [false, 16], 4: [true, 1], 5: [false, 1] };
const extendBy = (table: Record<number, [boolean, 1 | 2 | 16]>) => (e: ArmEmitter, f: Fields): boolean => {
  const x = table[f.op];
  return x !== undefined && extend(e, f.rd, f.rn, f.rm, f.rot, x[0], x[1]);
};

export const miscGroup: Group = {
  a32: [
    pat('CLZ', '---- 0001 0110 1111 rd:4 1111 0001 rm:4', (e, f) => clz(e, f.rd, f.rm)),
    pat('REV', '---- 0110 1011 1111 rd:4 1111 0011 rm:4', (e, f) => reverse(e, f.rd, f.rm, 0)),
    pat('REV16', '---- 0110 1011 1111 rd:4 1111 1011 rm:4', (e, f) => reverse(e, f.rd, f.rm, 1)),
    pat('RBIT', '---- 0110 1111 1111 rd:4 1111 0011 rm:4', (e, f) => reverse(e, f.rd, f.rm, 2)),
    pat('REVSH', '---- 0110 1111 1111 rd:4 1111 1011 rm:4', (e, f) => reverse(e, f.rd, f.rm, 3)),
    pat('SBFX', '---- 0111 101 widthm1:5 rd:4 lsb:5 101 rn:4', (e, f) => bitfieldExtract(e, f.rd, f.rn, f.lsb, f.widthm1, true)),
    pat('UBFX', '---- 0111 111 widthm1:5 rd:4 lsb:5 101 rn:4', (e, f) => bitfieldExtract(e, f.rd, f.rn, f.lsb, f.widthm1, false)),
    pat('BFI/BFC', '---- 0111 110 msb:5 rd:4 lsb:5 001 rn:4', (e, f) => bitfieldInsert(e, f.rd, f.rn, f.lsb, f.msb)),
    pat('extend', '---- 0110 1 op:3 rn:4 rd:4 rot:2 00 0111 rm:4', extendBy(A32_EXT)),
    pat('PKH', '---- 0110 1000 rn:4 rd:4 imm5:5 tb:1 01 rm:4', (e, f) => pkh(e, f.rd, f.rn, f.rm, f.tb, f.imm5)),
    pat('SSAT', '---- 0110 101 sat:5 rd:4 imm5:5 sh:1 01 rn:4', (e, f) => sat(e, f.rd, f.rn, f.sat, f.sh, f.imm5, false)),
    pat('USAT', '---- 0110 111 sat:5 rd:4 imm5:5 sh:1 01 rn:4', (e, f) => sat(e, f.rd, f.rn, f.sat, f.sh, f.imm5, true)),
    pat('SSAT16', '---- 0110 1010 sat:4 rd:4 1111 0011 rn:4', (e, f) => sat16(e, f.rd, f.rn, f.sat, false)),
    pat('USAT16', '---- 0110 1110 sat:4 rd:4 1111 0011 rn:4', (e, f) => sat16(e, f.rd, f.rn, f.sat, true)),
    pat('QADD/QSUB/QDADD/QDSUB', '---- 00010 op:2 0 rn:4 rd:4 0000 0101 rm:4', (e, f) => qaddsub(e, f.rd, f.rn, f.rm, ((f.op & 1) << 1) | (f.op >> 1))),
    pat('SEL', '---- 0110 1000 rn:4 rd:4 1111 1011 rm:4', (e, f) => sel(e, f.rd, f.rn, f.rm)),
    pat('USAD8/USADA8', '---- 0111 1000 rd:4 ra:4 rm:4 0001 rn:4', (e, f) => usad8(e, f.rd, f.rn, f.rm, f.ra)),
    pat('parallel add/sub', '---- 0110 0 pre:3 rn:4 rd:4 1111 op:3 1 rm:4', parallelBy(A32_PREFIX, A32_PAROP)),
  ],
  t32: [
    pat('CLZ', '111110101011 rn:4 1111 rd:4 1000 rm:4', (e, f) => clz(e, f.rd, f.rm)),
    pat('REV/REV16/RBIT/REVSH', '111110101001 rn:4 1111 rd:4 10 op:2 rm:4', (e, f) => reverse(e, f.rd, f.rm, f.op)),
    pat('SBFX', '11110 0 11 0100 rn:4 0 imm3:3 rd:4 imm2:2 0 widthm1:5 lsb=imm3:imm2', (e, f) => bitfieldExtract(e, f.rd, f.rn, f.lsb, f.widthm1, true)),
    pat('UBFX', '11110 0 11 1100 rn:4 0 imm3:3 rd:4 imm2:2 0 widthm1:5 lsb=imm3:imm2', (e, f) => bitfieldExtract(e, f.rd, f.rn, f.lsb, f.widthm1, false)),
    pat('BFI/BFC', '11110 0 11 0110 rn:4 0 imm3:3 rd:4 imm2:2 0 msb:5 lsb=imm3:imm2', (e, f) => bitfieldInsert(e, f.rd, f.rn, f.lsb, f.msb)),
    pat('extend', '11111010 0 op:3 rn:4 1111 rd:4 10 rot:2 rm:4', extendBy(T32_EXT)),
    pat('PKH', '1110101 0110 0 rn:4 0 imm3:3 rd:4 imm2:2 tb:1 0 rm:4 imm5=imm3:imm2', (e, f) => pkh(e, f.rd, f.rn, f.rm, f.tb, f.imm5)),
    pat('SSAT', '11110 0 11 00 sh:1 0 rn:4 0 imm3:3 rd:4 imm2:2 0 sat:5 imm5=imm3:imm2', (e, f) =>
      (f.sh && f.imm5 === 0 ? sat16(e, f.rd, f.rn, f.sat & 0xf, false) : sat(e, f.rd, f.rn, f.sat, f.sh, f.imm5, false))),
    pat('USAT', '11110 0 11 10 sh:1 0 rn:4 0 imm3:3 rd:4 imm2:2 0 sat:5 imm5=imm3:imm2', (e, f) =>
      (f.sh && f.imm5 === 0 ? sat16(e, f.rd, f.rn, f.sat & 0xf, true) : sat(e, f.rd, f.rn, f.sat, f.sh, f.imm5, true))),
    pat('QADD/QSUB/QDADD/QDSUB', '111110101000 rn:4 1111 rd:4 10 op:2 rm:4', (e, f) => qaddsub(e, f.rd, f.rn, f.rm, f.op)),
    pat('SEL', '111110101010 rn:4 1111 rd:4 1000 rm:4', (e, f) => sel(e, f.rd, f.rn, f.rm)),
    pat('USAD8/USADA8', '111110110111 rn:4 ra:4 rd:4 0000 rm:4', (e, f) => usad8(e, f.rd, f.rn, f.rm, f.ra)),
    pat('parallel add/sub', '111110101 op:3 rn:4 1111 rd:4 0 pre:3 rm:4', parallelBy(T32_PREFIX, T32_PAROP)),
  ],
  t16: [
    pat16('SXTH/SXTB/UXTH/UXTB', '1011 0010 op:2 rm:3 rd:3', (e, f) => extend(e, f.rd, 15, f.rm, 0, f.op < 2, f.op & 1 ? 1 : 2)),
    pat16('REV/REV16/REVSH', '1011 1010 op:2 rm:3 rd:3', (e, f) => f.op !== 2 && reverse(e, f.rd, f.rm, f.op === 3 ? 3 : f.op)),
  ],
};
