// Advanced SIMD data movement: copy (DUP, INS, UMOV, SMOV), modified immediate (MOVI, MVNI,
// ORR, BIC, FMOV), permute (UZP, TRN, ZIP), EXT and table lookup (TBL, TBX)
// (Arm ARM C4.1.97-99).
import type { Temp } from '../../../ir/types.js';
import { pat, type Pattern } from '../decoder.js';
import type { Emitter } from '../emitter.js';
import { bit, bits, rd, rn, rm } from '../fields.js';
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

function copy(e: Emitter, i: number): boolean {
  const q = bit(i, 30), op = bit(i, 29), imm4 = bits(i, 14, 11);
  const el = copyElement(bits(i, 20, 16));
  if (!el) return false;
  const { size, esize, index } = el;
  if (op === 1) { // INS (element)
    if (!q) return false;
    e.setVlane(rd(i), index, esize, e.vlane(rn(i), imm4 >> size, esize));
    return true;
  }
  switch (imm4) {
    case 0: case 1: { // DUP (element), DUP (general)
      if (size === 3 && !q) return false;
      const s = shape(q, size);
      const v = imm4 === 0 ? e.vlane(rn(i), index, esize) : size === 3 ? e.x(rn(i)) : e.w(rn(i));
      writeVec(e, rd(i), s, Array.from({ length: s.count }, () => v));
      return true;
    }
    case 3: // INS (general)
      if (!q) return false;
      e.setVlane(rd(i), index, esize, size === 3 ? e.x(rn(i)) : e.w(rn(i)));
      return true;
    case 5: { // SMOV
      if (size >= 2 + q) return false;
      const v = new Lane(e, esize).sx(e.vlane(rn(i), index, esize));
      e.setX(rd(i), q ? e.b.conv('extend_s', v) : v);
      return true;
    }
    case 7: // UMOV
      if ((q === 1) !== (size === 3)) return false;
      e.setX(rd(i), e.vlane(rn(i), index, esize));
      return true;
    default: return false;
  }
}

function scalarDup(e: Emitter, i: number): boolean {
  const el = copyElement(bits(i, 20, 16));
  if (!el) return false;
  writeVec(e, rd(i), { esize: el.esize, count: 1 }, [e.vlane(rn(i), el.index, el.esize)]);
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

function modifiedImm(e: Emitter, i: number): boolean {
  const q = bit(i, 30), op = bit(i, 29), cmode = bits(i, 15, 12);
  if (bit(i, 11)) return false;
  if (cmode === 15 && op && !q) return false;
  const imm = expandImm(op, cmode, (bits(i, 18, 16) << 5) | bits(i, 9, 5));
  if (imm === null) return false;
  const b = e.b;
  const halves: Shape = { esize: 8, count: q ? 2 : 1 };
  // ORR/BIC: odd cmode below 12; everything else writes the (possibly inverted) immediate.
  const bitwise = cmode < 12 && (cmode & 1) === 1;
  const inverted = op === 1 && cmode !== 14 && cmode !== 15;
  if (bitwise) {
    const d = readVec(e, rd(i), halves);
    writeVec(e, rd(i), halves, d.map((x) => op ? b.bin('and', x, b.i64(~imm)) : b.bin('or', x, b.i64(imm))));
  } else {
    const v = b.i64(inverted ? ~imm : imm);
    writeVec(e, rd(i), halves, Array.from({ length: halves.count }, () => v));
  }
  return true;
}

function permute(e: Emitter, i: number): boolean {
  const q = bit(i, 30), size = bits(i, 23, 22), op = bits(i, 14, 12);
  if ((op & 3) === 0 || (size === 3 && !q)) return false;
  const s = shape(q, size);
  const n = readVec(e, rn(i), s), m = readVec(e, rm(i), s);
  const part = op >> 2; // 0: ...1, 1: ...2
  const half = s.count / 2;
  let res: Temp[];
  switch (op & 3) {
    case 1: { const cat = [...n, ...m]; res = n.map((_, j) => cat[2 * j + part]!); break; } // UZP
    case 2: res = n.map((_, j) => (j & 1 ? m : n)[(j & ~1) + part]!); break; // TRN
    default: res = n.map((_, j) => (j & 1 ? m : n)[part * half + (j >> 1)]!); // ZIP
  }
  writeVec(e, rd(i), s, res);
  return true;
}

function ext(e: Emitter, i: number): boolean {
  const q = bit(i, 30), pos = bits(i, 14, 11);
  if (!q && pos >= 8) return false;
  const s: Shape = { esize: 1, count: q ? 16 : 8 };
  const cat = [...readVec(e, rn(i), s), ...readVec(e, rm(i), s)];
  writeVec(e, rd(i), s, Array.from({ length: s.count }, (_, j) => cat[pos + j]!));
  return true;
}

/** TBL/TBX go through a state helper: an IR select tree over up to 64 table bytes would be huge. */
function table(e: Emitter, i: number): void {
  const packed = rd(i) | (rn(i) << 5) | (rm(i) << 10) | (bits(i, 14, 13) << 15) | (bit(i, 12) << 17) | (bit(i, 30) << 18);
  e.b.call(SIMD_HELPERS.tbl, [e.b.i32(packed)]);
}

export const simdMovePatterns: Pattern[] = [
  pat('AdvSIMD copy', '0 -- 01110000 ----- 0 ---- 1 ----------', copy),
  pat('AdvSIMD scalar DUP (element)', '01011110000 ----- 000001 ----------', scalarDup),
  pat('AdvSIMD modified immediate', '0 -- 0111100000 -------- 1 ----------', modifiedImm),
  pat('AdvSIMD permute', '0 - 001110 -- 0 ----- 0 --- 10 ----------', permute),
  pat('AdvSIMD EXT', '0 - 101110000 ----- 0 ---- 0 ----------', ext),
  pat('AdvSIMD TBL/TBX', '0 - 001110000 ----- 0 --- 00 ----------', table),
];
