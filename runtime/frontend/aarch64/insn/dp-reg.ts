// Data processing (register): logical/add/sub with shifted or extended operand, add/sub with
// carry, conditional compare and select (Arm ARM C4.1.95).
import type { Temp } from '../../../ir/types.js';
import type { Fields } from '../../shared/bit-pattern.js';
import { pat, type Pattern } from '../decoder.js';
import type { Emitter } from '../emitter.js';
import { A64 } from '../state.js';
import { adcFlags, addFlags, subFlags } from './arith.js';

const SHIFT_KIND = ['shl', 'shr_u', 'shr_s', 'rotr'] as const;

/** Rm shifted by an immediate (shift type 0..3 = LSL, LSR, ASR, ROR). */
export function shiftedReg(e: Emitter, sfv: number, reg: number, type: number, amount: number): Temp {
  const v = e.r(sfv, reg);
  return amount === 0 ? v : e.b.bin(SHIFT_KIND[type]!, v, e.k(e.ty(sfv), amount));
}

/** ExtendReg: option 0..7 = UXTB, UXTH, UXTW, UXTX, SXTB, SXTH, SXTW, SXTX, then LSL. */
export function extendedReg(e: Emitter, sfv: number, reg: number, option: number, shift: number): Temp {
  const b = e.b;
  const x = e.x(reg);
  let v: Temp;
  switch (option) {
    case 0: v = b.bin('and', x, b.i64(0xff)); break;
    case 1: v = b.bin('and', x, b.i64(0xffff)); break;
    case 2: v = b.bin('and', x, b.i64(0xffffffff)); break;
    case 4: v = b.conv('sext8', x); break;
    case 5: v = b.conv('sext16', x); break;
    case 6: v = b.conv('sext32', x); break;
    default: v = x;
  }
  if (shift) v = b.bin('shl', v, b.i64(shift));
  return sfv ? v : b.conv('wrap', v);
}

function logicalShifted(e: Emitter, _i: number, f: Fields): boolean {
  if (!f.sf && f.imm6 >= 32) return false;
  const b = e.b;
  let op2 = shiftedReg(e, f.sf, f.rm, f.shift, f.imm6);
  if (f.N) op2 = b.un('not', op2);
  const res = b.bin((['and', 'or', 'xor', 'and'] as const)[f.opc]!, e.r(f.sf, f.rn), op2);
  if (f.opc === 3) e.setFlags(e.logicFlags(res));
  e.setX(f.rd, res);
  return true;
}

function addSub(e: Emitter, f: Fields, a: Temp, op2: Temp, writeSp: boolean): void {
  if (f.S) {
    const { res, flags } = f.sub ? subFlags(e, a, op2) : addFlags(e, a, op2);
    e.setFlags(flags);
    e.setX(f.rd, res);
  } else {
    const res = e.b.bin(f.sub ? 'sub' : 'add', a, op2);
    if (writeSp) e.setXsp(f.rd, res); else e.setX(f.rd, res);
  }
}

function addSubShifted(e: Emitter, _i: number, f: Fields): boolean {
  if (f.shift === 3 || (!f.sf && f.imm6 >= 32)) return false;
  addSub(e, f, e.r(f.sf, f.rn), shiftedReg(e, f.sf, f.rm, f.shift, f.imm6), false);
  return true;
}

function addSubExtended(e: Emitter, _i: number, f: Fields): boolean {
  if (f.imm3 > 4) return false;
  addSub(e, f, e.rsp(f.sf, f.rn), extendedReg(e, f.sf, f.rm, f.option, f.imm3), true);
  return true;
}

function addSubCarry(e: Emitter, _i: number, f: Fields): void {
  const b = e.b;
  const a = e.r(f.sf, f.rn);
  let op2 = e.r(f.sf, f.rm);
  if (f.sub) op2 = b.un('not', op2);
  const { res, flags } = adcFlags(e, a, op2, b.get('i32', A64.c));
  if (f.S) e.setFlags(flags);
  e.setX(f.rd, res);
}

function condCompare(e: Emitter, _i: number, f: Fields): void {
  const a = e.r(f.sf, f.rn);
  const op2 = f.imm ? e.k(e.ty(f.sf), f.rm) : e.r(f.sf, f.rm);
  const { flags } = f.sub ? subFlags(e, a, op2) : addFlags(e, a, op2);
  e.setFlags(e.selectFlags(e.cond(f.cond), flags, e.constFlags(f.nzcv)));
}

function condSelect(e: Emitter, _i: number, f: Fields): void {
  const b = e.b;
  const ty = e.ty(f.sf);
  let other = e.r(f.sf, f.rm);
  const kind = (f.op << 1) | f.o2; // CSEL, CSINC, CSINV, CSNEG
  if (kind === 1) other = b.bin('add', other, e.k(ty, 1));
  else if (kind === 2) other = b.un('not', other);
  else if (kind === 3) other = b.un('neg', other);
  e.setX(f.rd, b.select(e.cond(f.cond), e.r(f.sf, f.rn), other));
}

export const dpRegPatterns: Pattern[] = [
  pat('logical (shifted reg)', 'sf:1 opc:2 01010 shift:2 N:1 rm:5 imm6:6 rn:5 rd:5', logicalShifted),
  pat('ADD/SUB (shifted reg)', 'sf:1 sub:1 S:1 01011 shift:2 0 rm:5 imm6:6 rn:5 rd:5', addSubShifted),
  pat('ADD/SUB (extended reg)', 'sf:1 sub:1 S:1 01011 00 1 rm:5 option:3 imm3:3 rn:5 rd:5', addSubExtended),
  pat('ADC/SBC', 'sf:1 sub:1 S:1 11010000 rm:5 000000 rn:5 rd:5', addSubCarry),
  // rm is the 5-bit immediate when imm = 1.
  pat('CCMN/CCMP', 'sf:1 sub:1 1 11010010 rm:5 cond:4 imm:1 0 rn:5 0 nzcv:4', condCompare),
  pat('CSEL/CSINC/CSINV/CSNEG', 'sf:1 op:1 0 11010100 rm:5 cond:4 0 o2:1 rn:5 rd:5', condSelect),
];
