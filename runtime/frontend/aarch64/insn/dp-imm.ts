// Data processing (immediate): PC-relative addressing, add/sub, logical, move wide,
// bitfield and extract (Arm ARM C4.1.92).
import { decodeLogicalImm } from '../bitmask.js';
import { pat, type Pattern } from '../decoder.js';
import type { Emitter, IntTy } from '../emitter.js';
import { bit, bits, rd, rn, rm, sbits, sf } from '../fields.js';
import { addFlags, subFlags } from './arith.js';

const mask = (w: number): bigint => (1n << BigInt(w)) - 1n;

function adr(e: Emitter, i: number): void {
  const imm = (sbits(i, 23, 5) * 4) + bits(i, 30, 29);
  const page = bit(i, 31) === 1;
  const value = page ? BigInt(e.pc - (e.pc % 4096)) + (BigInt(imm) << 12n) : BigInt(e.pc + imm);
  e.setX(rd(i), e.b.i64(value));
}

function addSubImm(e: Emitter, i: number): void {
  const ty = e.ty(sf(i));
  const imm = bits(i, 21, 10) << (bit(i, 22) ? 12 : 0);
  const setFlags = bit(i, 29) === 1, sub = bit(i, 30) === 1;
  const a = e.rsp(sf(i), rn(i));
  const b = e.k(ty, imm);
  if (setFlags) {
    const { res, flags } = sub ? subFlags(e, a, b) : addFlags(e, a, b);
    e.setFlags(flags);
    e.setX(rd(i), res);
  } else {
    e.setXsp(rd(i), e.b.bin(sub ? 'sub' : 'add', a, b));
  }
}

function logicalImm(e: Emitter, i: number): boolean {
  const width = sf(i) ? 64 : 32;
  if (!sf(i) && bit(i, 22)) return false;
  const imm = decodeLogicalImm(bit(i, 22), bits(i, 15, 10), bits(i, 21, 16), width);
  if (imm === null) return false;
  const ty = e.ty(sf(i));
  const a = e.r(sf(i), rn(i));
  const opc = bits(i, 30, 29);
  const res = e.b.bin((['and', 'or', 'xor', 'and'] as const)[opc]!, a, e.k(ty, imm));
  if (opc === 3) {
    e.setFlags(e.logicFlags(res));
    e.setX(rd(i), res);
  } else {
    e.setXsp(rd(i), res);
  }
  return true;
}

function moveWide(e: Emitter, i: number): boolean {
  const opc = bits(i, 30, 29), hw = bits(i, 22, 21);
  if (opc === 1 || (!sf(i) && hw >= 2)) return false;
  const shift = BigInt(hw * 16);
  const imm = BigInt(bits(i, 20, 5)) << shift;
  const width = sf(i) ? 64 : 32;
  const ty = e.ty(sf(i));
  if (opc === 0) e.setX(rd(i), e.k(ty, ~imm & mask(width)));
  else if (opc === 2) e.setX(rd(i), e.k(ty, imm));
  else {
    const old = e.r(sf(i), rd(i));
    const kept = e.b.bin('and', old, e.k(ty, ~(0xffffn << shift) & mask(width)));
    e.setX(rd(i), e.b.bin('or', kept, e.k(ty, imm)));
  }
  return true;
}

/** Bitfield move with R = immr, S = imms, expressed as extracts/inserts instead of masks. */
function bitfield(e: Emitter, i: number): boolean {
  const opc = bits(i, 30, 29);
  const width = sf(i) ? 64 : 32;
  const immr = bits(i, 21, 16), imms = bits(i, 15, 10);
  if (opc === 3 || bit(i, 22) !== sf(i) || immr >= width || imms >= width) return false;
  const ty: IntTy = e.ty(sf(i));
  const b = e.b;
  const src = e.r(sf(i), rn(i));
  const k = (v: number | bigint): number => e.k(ty, v);
  const extract = imms >= immr;
  // Field length and destination position.
  const len = extract ? imms - immr + 1 : imms + 1;
  const pos = extract ? 0 : width - immr;
  let res: number;
  if (opc === 0) { // SBFM: sign-extend the field, then place it
    const up = width - 1 - imms;
    const field = b.bin('shr_s', b.bin('shl', src, k(up)), k(up + (extract ? immr : 0)));
    res = pos ? b.bin('shl', field, k(pos)) : field;
  } else {
    const lowField = extract
      ? b.bin('and', immr ? b.bin('shr_u', src, k(immr)) : src, k(mask(len)))
      : b.bin('and', src, k(mask(len)));
    const placed = pos ? b.bin('shl', lowField, k(pos)) : lowField;
    if (opc === 2) res = placed; // UBFM
    else { // BFM keeps the destination bits outside the field
      const keep = ~(mask(len) << BigInt(pos)) & mask(width);
      res = b.bin('or', b.bin('and', e.r(sf(i), rd(i)), k(keep)), placed);
    }
  }
  e.setX(rd(i), res);
  return true;
}

function extract(e: Emitter, i: number): boolean {
  const width = sf(i) ? 64 : 32;
  const lsb = bits(i, 15, 10);
  if (bits(i, 30, 29) !== 0 || bit(i, 22) !== sf(i) || bit(i, 21) !== 0 || lsb >= width) return false;
  const ty = e.ty(sf(i));
  const hi = e.r(sf(i), rn(i)), lo = e.r(sf(i), rm(i));
  if (lsb === 0) { e.setX(rd(i), lo); return true; }
  const b = e.b;
  const res = b.bin('or', b.bin('shr_u', lo, e.k(ty, lsb)), b.bin('shl', hi, e.k(ty, width - lsb)));
  e.setX(rd(i), res);
  return true;
}

export const dpImmPatterns: Pattern[] = [
  pat('ADR/ADRP', '--- 10000 ------------------------', adr),
  pat('ADD/SUB (imm)', '--- 100010 -----------------------', addSubImm),
  pat('logical (imm)', '--- 100100 -----------------------', logicalImm),
  pat('MOVN/MOVZ/MOVK', '--- 100101 -----------------------', moveWide),
  pat('SBFM/BFM/UBFM', '--- 100110 -----------------------', bitfield),
  pat('EXTR', '--- 100111 -----------------------', extract),
];
