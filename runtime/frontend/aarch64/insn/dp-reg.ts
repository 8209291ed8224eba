// Data processing (register): logical/add/sub with shifted or extended operand, add/sub with
// carry, conditional compare and select (Arm ARM C4.1.95).
import type { Temp } from '../../../ir/types.js';
import { pat, type Pattern } from '../decoder.js';
import type { Emitter } from '../emitter.js';
import { bit, bits, rd, rn, rm, sf } from '../fields.js';
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

function logicalShifted(e: Emitter, i: number): boolean {
  const amount = bits(i, 15, 10);
  if (!sf(i) && amount >= 32) return false;
  const b = e.b;
  let op2 = shiftedReg(e, sf(i), rm(i), bits(i, 23, 22), amount);
  if (bit(i, 21)) op2 = b.un('not', op2);
  const opc = bits(i, 30, 29);
  const res = b.bin((['and', 'or', 'xor', 'and'] as const)[opc]!, e.r(sf(i), rn(i)), op2);
  if (opc === 3) e.setFlags(e.logicFlags(res));
  e.setX(rd(i), res);
  return true;
}

function addSub(e: Emitter, i: number, a: Temp, op2: Temp, writeSp: boolean): void {
  const sub = bit(i, 30) === 1;
  if (bit(i, 29)) {
    const { res, flags } = sub ? subFlags(e, a, op2) : addFlags(e, a, op2);
    e.setFlags(flags);
    e.setX(rd(i), res);
  } else {
    const res = e.b.bin(sub ? 'sub' : 'add', a, op2);
    if (writeSp) e.setXsp(rd(i), res); else e.setX(rd(i), res);
  }
}

function addSubShifted(e: Emitter, i: number): boolean {
  const type = bits(i, 23, 22), amount = bits(i, 15, 10);
  if (type === 3 || (!sf(i) && amount >= 32)) return false;
  addSub(e, i, e.r(sf(i), rn(i)), shiftedReg(e, sf(i), rm(i), type, amount), false);
  return true;
}

function addSubExtended(e: Emitter, i: number): boolean {
  const shift = bits(i, 12, 10);
  if (bits(i, 23, 22) !== 0 || shift > 4) return false;
  addSub(e, i, e.rsp(sf(i), rn(i)), extendedReg(e, sf(i), rm(i), bits(i, 15, 13), shift), true);
  return true;
}

function addSubCarry(e: Emitter, i: number): void {
  const b = e.b;
  const a = e.r(sf(i), rn(i));
  let op2 = e.r(sf(i), rm(i));
  if (bit(i, 30)) op2 = b.un('not', op2);
  const { res, flags } = adcFlags(e, a, op2, b.get('i32', A64.c));
  if (bit(i, 29)) e.setFlags(flags);
  e.setX(rd(i), res);
}

function condCompare(e: Emitter, i: number): boolean {
  if (bit(i, 10) || bit(i, 4)) return false;
  const a = e.r(sf(i), rn(i));
  const op2 = bit(i, 11) ? e.k(e.ty(sf(i)), bits(i, 20, 16)) : e.r(sf(i), rm(i));
  const { flags } = bit(i, 30) ? subFlags(e, a, op2) : addFlags(e, a, op2);
  e.setFlags(e.selectFlags(e.cond(bits(i, 15, 12)), flags, e.constFlags(bits(i, 3, 0))));
  return true;
}

function condSelect(e: Emitter, i: number): boolean {
  const op2kind = bits(i, 11, 10);
  if (bit(i, 29) || op2kind > 1) return false;
  const b = e.b;
  const ty = e.ty(sf(i));
  let other = e.r(sf(i), rm(i));
  const kind = (bit(i, 30) << 1) | op2kind; // CSEL, CSINC, CSINV, CSNEG
  if (kind === 1) other = b.bin('add', other, e.k(ty, 1));
  else if (kind === 2) other = b.un('not', other);
  else if (kind === 3) other = b.un('neg', other);
  e.setX(rd(i), b.select(e.cond(bits(i, 15, 12)), e.r(sf(i), rn(i)), other));
  return true;
}

export const dpRegPatterns: Pattern[] = [
  pat('logical (shifted reg)', '--- 01010 ------------------------', logicalShifted),
  pat('ADD/SUB (shifted reg)', '--- 01011 -- 0 ---------------------', addSubShifted),
  pat('ADD/SUB (extended reg)', '--- 01011 -- 1 ---------------------', addSubExtended),
  pat('ADC/SBC', '--- 11010000 ----- 000000 ----------', addSubCarry),
  pat('CCMN/CCMP', '--- 11010010 ---------------------', condCompare),
  pat('CSEL/CSINC/CSINV/CSNEG', '--- 11010100 ---------------------', condSelect),
];
