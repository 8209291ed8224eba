// Advanced SIMD data movement: copy (DUP, INS, UMOV, SMOV), modified immediate (MOVI, MVNI,
// ORR, BIC, FMOV), permute (UZP, TRN, ZIP), EXT and table lookup (TBL, TBX)
// (Arm ARM C4.1.97-99).
import type { Temp } from '../../../ir/types.js';
import type { Fields } from '../../shared/bit-pattern.js';
import { pat, type Pattern } from '../decoder.js';
import type { Emitter } from '../emitter.js';
import { SIMD_HELPERS } from '../helpers/simd.js';
import { expandFpImm } from './fp-arith.js';
import { FP32, FP64 } from './fp-common.js';
import { Lane, readVec, shape, writeVec, type Esize, type Shape } from './simd-common.js';

/** imm5 of the copy class: element size is its lowest set bit, the index sits above it. */
function copyElement(imm5: number): { size: number; esize: Esize; index: number } | null {
  if ((imm5 & 15) === 0) return null;
  const size = 31 - Math.clz32(imm5 & -imm5);
  return { size, esize: (1 << size) as Esize, index: imm5 >> (size + 1) };
}

/** DUP (element) (`fromGeneral` false) and DUP (general): every lane of Vd gets the element. */
const dup = (fromGeneral: boolean) => (e: Emitter, _i: number, f: Fields): boolean => {
  const el = copyElement(f.imm5);
  if (!el || (el.size === 3 && !f.q)) return false;
  const s = shape(f.q, el.size);
  const v = !fromGeneral ? e.vlane(f.rn, el.index, el.esize) : el.size === 3 ? e.x(f.rn) : e.w(f.rn);
  writeVec(e, f.rd, s, Array.from({ length: s.count }, () => v));
  return true;
};

/** INS (element): Vd[index] = Vn[imm4 >> size]. */
function insElement(e: Emitter, _i: number, f: Fields): boolean {
  const el = copyElement(f.imm5);
  if (!el) return false;
  e.setVlane(f.rd, el.index, el.esize, e.vlane(f.rn, f.imm4 >> el.size, el.esize));
  return true;
}

/** INS (general): Vd[index] = Rn. */
function insGeneral(e: Emitter, _i: number, f: Fields): boolean {
  const el = copyElement(f.imm5);
  if (!el) return false;
  e.setVlane(f.rd, el.index, el.esize, el.size === 3 ? e.x(f.rn) : e.w(f.rn));
  return true;
}

/** SMOV: a signed element into Wd (q = 0, byte or halfword) or Xd (q = 1, up to word). */
function smov(e: Emitter, _i: number, f: Fields): boolean {
  const el = copyElement(f.imm5);
  if (!el || el.size >= 2 + f.q) return false;
  const v = new Lane(e, el.esize).sx(e.vlane(f.rn, el.index, el.esize));
  e.setX(f.rd, f.q ? e.b.conv('extend_s', v) : v);
  return true;
}

/** UMOV: an element into Wd (q = 0, up to word) or Xd (q = 1, doubleword). */
function umov(e: Emitter, _i: number, f: Fields): boolean {
  const el = copyElement(f.imm5);
  if (!el || (f.q === 1) !== (el.size === 3)) return false;
  e.setX(f.rd, e.vlane(f.rn, el.index, el.esize));
  return true;
}

function scalarDup(e: Emitter, _i: number, f: Fields): boolean {
  const el = copyElement(f.imm5);
  if (!el) return false;
  writeVec(e, f.rd, { esize: el.esize, count: 1 }, [e.vlane(f.rn, el.index, el.esize)]);
  return true;
}

const rep = (v: bigint, width: number): bigint => {
  let r = 0n;
  for (let pos = 0; pos < 64; pos += width) r |= v << BigInt(pos);
  return r;
};

/** AdvSIMDExpandImm; null for reserved encodings. */
function expandImm(op: number, cmode: number, imm8: number): bigint | null {
  const v = BigInt(imm8);
  switch (cmode >> 1) {
    case 0: case 1: case 2: case 3: return rep(v << BigInt(8 * (cmode >> 1)), 32);
    case 4: case 5: return rep(v << BigInt(8 * ((cmode >> 1) & 1)), 16);
    case 6: return rep(cmode & 1 ? (v << 16n) | 0xffffn : (v << 8n) | 0xffn, 32);
    default:
      if (!(cmode & 1)) {
        if (!op) return rep(v, 8);
        let r = 0n;
        for (let k = 0; k < 8; k++) if ((imm8 >> k) & 1) r |= 0xffn << BigInt(8 * k);
        return r;
      }
      return op ? expandFpImm(imm8, FP64) : rep(expandFpImm(imm8, FP32), 32);
  }
}

/** MOVI, MVNI, ORR, BIC, FMOV (vector, immediate): op and cmode select the operation and AdvSIMDExpandImm's form. */
function modifiedImm(e: Emitter, _i: number, f: Fields): boolean {
  const { q, op, cmode } = f;
  if (cmode === 15 && op && !q) return false;
  const imm = expandImm(op, cmode, f.imm8);
  if (imm === null) return false;
  const b = e.b;
  const halves: Shape = { esize: 8, count: q ? 2 : 1 };
  // ORR/BIC: odd cmode below 12; everything else writes the (possibly inverted) immediate.
  const bitwise = cmode < 12 && (cmode & 1) === 1;
  const inverted = op === 1 && cmode !== 14 && cmode !== 15;
  if (bitwise) {
    const d = readVec(e, f.rd, halves);
    writeVec(e, f.rd, halves, d.map((x) => op ? b.bin('and', x, b.i64(~imm)) : b.bin('or', x, b.i64(imm))));
  } else {
    const v = b.i64(inverted ? ~imm : imm);
    writeVec(e, f.rd, halves, Array.from({ length: halves.count }, () => v));
  }
  return true;
}

/** UZP1/UZP2, TRN1/TRN2, ZIP1/ZIP2 (part: 0 for the "1" forms, 1 for the "2" forms). */
const permute = (kind: 'uzp' | 'trn' | 'zip') => (e: Emitter, _i: number, f: Fields): boolean => {
  const { q, size, part } = f;
  if (size === 3 && !q) return false;
  const s = shape(q, size);
  const n = readVec(e, f.rn, s), m = readVec(e, f.rm, s);
  const half = s.count / 2;
  let res: Temp[];
  switch (kind) {
    case 'uzp': { const cat = [...n, ...m]; res = n.map((_, j) => cat[2 * j + part]!); break; }
    case 'trn': res = n.map((_, j) => (j & 1 ? m : n)[(j & ~1) + part]!); break;
    default: res = n.map((_, j) => (j & 1 ? m : n)[part * half + (j >> 1)]!);
  }
  writeVec(e, f.rd, s, res);
  return true;
};

function ext(e: Emitter, _i: number, f: Fields): boolean {
  const { q, imm4: pos } = f;
  if (!q && pos >= 8) return false;
  const s: Shape = { esize: 1, count: q ? 16 : 8 };
  const cat = [...readVec(e, f.rn, s), ...readVec(e, f.rm, s)];
  writeVec(e, f.rd, s, Array.from({ length: s.count }, (_, j) => cat[pos + j]!));
  return true;
}

/** TBL/TBX go through a state helper: an IR select tree over up to 64 table bytes would be huge. */
function table(e: Emitter, _i: number, f: Fields): void {
  const packed = f.rd | (f.rn << 5) | (f.rm << 10) | (f.len << 15) | (f.op << 17) | (f.q << 18);
  e.b.call(SIMD_HELPERS.tbl, [e.b.i32(packed)]);
}

/** The copy group: imm5 gives the element size and index (copyElement). */
const COPY = (q: string, op: string, imm4: string): string => `0 ${q} ${op} 01110000 imm5:5 0 ${imm4} 1 rn:5 rd:5`;
const PERMUTE = (opcode: string): string => `0 q:1 001110 size:2 0 rm:5 0 part:1 ${opcode} 10 rn:5 rd:5`;
export const simdMovePatterns: Pattern[] = [
  pat('DUP (element)', COPY('q:1', '0', '0000'), dup(false)),
  pat('DUP (general)', COPY('q:1', '0', '0001'), dup(true)),
  pat('INS (general)', COPY('1', '0', '0011'), insGeneral),
  pat('SMOV', COPY('q:1', '0', '0101'), smov),
  pat('UMOV', COPY('q:1', '0', '0111'), umov),
  pat('INS (element)', COPY('1', '1', 'imm4:4'), insElement),
  pat('DUP (element, scalar)', '01011110000 imm5:5 000001 rn:5 rd:5', scalarDup),
  // One pattern for the group: the Arm ARM's own decode of it is AdvSIMDExpandImm's table of
  // op and cmode (expandImm), which a pattern per cmode would only repeat.
  pat('MOVI/MVNI/ORR/BIC/FMOV (vector, immediate)', '0 q:1 op:1 0111100000 abc:3 cmode:4 0 1 defgh:5 rd:5 imm8=abc:defgh', modifiedImm),
  pat('UZP1/UZP2', PERMUTE('01'), permute('uzp')),
  pat('TRN1/TRN2', PERMUTE('10'), permute('trn')),
  pat('ZIP1/ZIP2', PERMUTE('11'), permute('zip')),
  pat('EXT', '0 q:1 101110000 rm:5 0 imm4:4 0 rn:5 rd:5', ext),
  pat('TBL/TBX', '0 q:1 001110000 rm:5 0 len:2 op:1 00 rn:5 rd:5', table),
];
