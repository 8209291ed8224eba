// Data processing (immediate): PC-relative addressing, add/sub, logical, move wide,
// bitfield and extract (Arm ARM C4.1.92).
import { decodeLogicalImm } from '../bitmask.js';
import type { Fields } from '../../shared/bit-pattern.js';
import { pat, type Pattern } from '../decoder.js';
import type { Emitter, IntTy } from '../emitter.js';
import { addFlags, subFlags } from './arith.js';

const mask = (w: number): bigint => (1n << BigInt(w)) - 1n;

function adr(e: Emitter, _i: number, f: Fields): void {
  const value = f.page ? BigInt(e.pc - (e.pc % 4096)) + (BigInt(f.imm) << 12n) : BigInt(e.pc + f.imm);
  e.setX(f.rd, e.b.i64(value));
}

function addSubImm(e: Emitter, _i: number, f: Fields): void {
  const ty = e.ty(f.sf);
  const a = e.rsp(f.sf, f.rn);
  const b = e.k(ty, f.imm12 << (f.sh ? 12 : 0));
  if (f.S) {
    const { res, flags } = f.sub ? subFlags(e, a, b) : addFlags(e, a, b);
    e.setFlags(flags);
    e.setX(f.rd, res);
  } else {
    e.setXsp(f.rd, e.b.bin(f.sub ? 'sub' : 'add', a, b));
  }
}

function logicalImm(e: Emitter, _i: number, f: Fields): boolean {
  if (!f.sf && f.N) return false;
  const imm = decodeLogicalImm(f.N, f.imms, f.immr, f.sf ? 64 : 32);
  if (imm === null) return false;
  const ty = e.ty(f.sf);
  const a = e.r(f.sf, f.rn);
  const res = e.b.bin((['and', 'or', 'xor', 'and'] as const)[f.opc]!, a, e.k(ty, imm));
  if (f.opc === 3) {
    e.setFlags(e.logicFlags(res));
    e.setX(f.rd, res);
  } else {
    e.setXsp(f.rd, res);
  }
  return true;
}

/** MOVN (opc 0), MOVZ (2), MOVK (3). */
const moveWide = (opc: 0 | 2 | 3) => (e: Emitter, _i: number, f: Fields): boolean => {
  if (!f.sf && f.hw >= 2) return false;
  const shift = BigInt(f.hw * 16);
  const imm = BigInt(f.imm16) << shift;
  const width = f.sf ? 64 : 32;
  const ty = e.ty(f.sf);
  if (opc === 0) e.setX(f.rd, e.k(ty, ~imm & mask(width)));
  else if (opc === 2) e.setX(f.rd, e.k(ty, imm));
  else {
    const old = e.r(f.sf, f.rd);
    const kept = e.b.bin('and', old, e.k(ty, ~(0xffffn << shift) & mask(width)));
    e.setX(f.rd, e.b.bin('or', kept, e.k(ty, imm)));
  }
  return true;
};

/** SBFM (opc 0), BFM (1), UBFM (2), with R = immr, S = imms, expressed as extracts/inserts instead of masks. */
const bitfield = (opc: 0 | 1 | 2) => (e: Emitter, _i: number, f: Fields): boolean => {
  const { sf, immr, imms } = f;
  const width = sf ? 64 : 32;
  if (f.N !== sf || immr >= width || imms >= width) return false;
  const ty: IntTy = e.ty(sf);
  const b = e.b;
  const src = e.r(sf, f.rn);
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
      res = b.bin('or', b.bin('and', e.r(sf, f.rd), k(keep)), placed);
    }
  }
  e.setX(f.rd, res);
  return true;
};

function extract(e: Emitter, _i: number, f: Fields): boolean {
  const width = f.sf ? 64 : 32;
  const lsb = f.imms;
  if (f.N !== f.sf || lsb >= width) return false;
  const ty = e.ty(f.sf);
  const hi = e.r(f.sf, f.rn), lo = e.r(f.sf, f.rm);
  if (lsb === 0) { e.setX(f.rd, lo); return true; }
  const b = e.b;
  const res = b.bin('or', b.bin('shr_u', lo, e.k(ty, lsb)), b.bin('shl', hi, e.k(ty, width - lsb)));
  e.setX(f.rd, res);
  return true;
}

// Unallocated combinations of two fields (N != sf, or sf = 0 with N = 1) stay checks in the semantics.
export const dpImmPatterns: Pattern[] = [
  pat('ADR/ADRP', 'page:1 immlo:2 10000 immhi:19 rd:5 imm:s=immhi:immlo', adr),
  pat('ADD/SUB (imm)', 'sf:1 sub:1 S:1 100010 sh:1 imm12:12 rn:5 rd:5', addSubImm),
  pat('logical (imm)', 'sf:1 opc:2 100100 N:1 immr:6 imms:6 rn:5 rd:5', logicalImm),
  pat('MOVN', 'sf:1 00 100101 hw:2 imm16:16 rd:5', moveWide(0)),
  pat('MOVZ', 'sf:1 10 100101 hw:2 imm16:16 rd:5', moveWide(2)),
  pat('MOVK', 'sf:1 11 100101 hw:2 imm16:16 rd:5', moveWide(3)),
  pat('SBFM', 'sf:1 00 100110 N:1 immr:6 imms:6 rn:5 rd:5', bitfield(0)),
  pat('BFM', 'sf:1 01 100110 N:1 immr:6 imms:6 rn:5 rd:5', bitfield(1)),
  pat('UBFM', 'sf:1 10 100110 N:1 immr:6 imms:6 rn:5 rd:5', bitfield(2)),
  pat('EXTR', 'sf:1 00 100111 N:1 0 rm:5 imms:6 rn:5 rd:5', extract),
];
