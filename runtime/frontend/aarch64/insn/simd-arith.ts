// Advanced SIMD integer encodings: three same (vector and scalar), two-register misc (vector
// and scalar), across lanes, and three different (long/wide) (Arm ARM C4.1.97-99).
import type { Temp } from '../../../ir/types.js';
import type { Fields } from '../../shared/bit-pattern.js';
import { pat, type Pattern } from '../decoder.js';
import type { Emitter } from '../emitter.js';
import { bit, bits, rd, rn, rm } from '../fields.js';
import { Lane, readVec, shape, writeHalf, writeVec, type Esize, type Shape } from './simd-common.js';
import { pmul, pmull } from './crypto.js';
import { clampNarrow, suqadd, usqadd } from './simd-sat.js';
import { fcvtxn, fpAcrossLanes, fpScalarPairwise, fpThreeSame, fpTwoMisc, fpWidenNarrow } from './simd-fp.js';
import { ACCUMULATE, NOT_OP, RBIT_OP, sqdmull, THREE_SAME, TWO_MISC } from './simd-int.js';

const key = (i: number, lo: number, hi: number): number => (bit(i, 29) << 5) | bits(i, hi, lo);

/** Bitwise three-same ops work on whole 64-bit halves. */
function logical(e: Emitter, i: number): void {
  const b = e.b, q = bit(i, 30), halves = q ? 2 : 1;
  const op = (bit(i, 29) << 2) | bits(i, 23, 22); // AND BIC ORR ORN EOR BSL BIT BIF
  const s: Shape = { esize: 8, count: halves };
  const n = readVec(e, rn(i), s), m = readVec(e, rm(i), s), d = readVec(e, rd(i), s);
  const res = n.map((x, k) => {
    const y = m[k]!, z = d[k]!;
    switch (op) {
      case 0: return b.bin('and', x, y);
      case 1: return b.bin('and', x, b.un('not', y));
      case 2: return b.bin('or', x, y);
      case 3: return b.bin('or', x, b.un('not', y));
      case 4: return b.bin('xor', x, y);
      case 5: return b.bin('xor', y, b.bin('and', b.bin('xor', x, y), z)); // BSL: d selects n over m
      case 6: return b.bin('xor', z, b.bin('and', b.bin('xor', z, x), y)); // BIT: insert n where m set
      default: return b.bin('xor', z, b.bin('and', b.bin('xor', z, x), b.un('not', y))); // BIF
    }
  });
  writeVec(e, rd(i), s, res);
}

function threeSameWith(e: Emitter, i: number, s: Shape, scalar: boolean): boolean {
  const k = key(i, 11, 15);
  const l = new Lane(e, s.esize);
  const a = readVec(e, rn(i), s), c = readVec(e, rm(i), s);
  const acc = ACCUMULATE.get(k);
  if (acc) {
    if (scalar || s.esize === 8) return false;
    const d = readVec(e, rd(i), s);
    writeVec(e, rd(i), s, a.map((x, j) => acc(l, d[j]!, x, c[j]!)));
    return true;
  }
  const entry = THREE_SAME.get(k);
  if (!entry || (entry.noD && s.esize === 8) || (scalar && entry.pairwise)) return false;
  if (entry.halfOrSingle && s.esize !== 2 && s.esize !== 4) return false;
  if (scalar && s.esize !== 8 && !entry.scalarAnySize) return false;
  if (entry.pairwise) {
    const cat = [...a, ...c];
    writeVec(e, rd(i), s, a.map((_, j) => entry.op(l, cat[2 * j]!, cat[2 * j + 1]!)));
  } else {
    writeVec(e, rd(i), s, a.map((x, j) => entry.op(l, x, c[j]!)));
  }
  return true;
}

function threeSame(e: Emitter, i: number): boolean {
  const q = bit(i, 30), size = bits(i, 23, 22);
  if (size === 3 && !q) return false;
  return threeSameWith(e, i, shape(q, size), false);
}

function threeSameScalar(e: Emitter, i: number): boolean {
  return threeSameWith(e, i, { esize: (1 << bits(i, 23, 22)) as Esize, count: 1 }, true);
}

function twoMiscWith(e: Emitter, i: number, s: Shape, scalar: boolean): boolean {
  const k = key(i, 12, 16);
  const l = new Lane(e, s.esize);
  if (k === 0x25 && !scalar) { // NOT (size 0) / RBIT (size 1)
    const size = bits(i, 23, 22);
    if (size > 1) return false;
    const bytes: Shape = { esize: 1, count: s.count * s.esize };
    const lb = new Lane(e, 1);
    writeVec(e, rd(i), bytes, readVec(e, rn(i), bytes).map((x) => (size ? RBIT_OP : NOT_OP)(lb, x)));
    return true;
  }
  if (k === 0x03 || k === 0x23) { // SUQADD / USQADD accumulate into the destination
    const d = readVec(e, rd(i), s);
    writeVec(e, rd(i), s, readVec(e, rn(i), s).map((x, j) => (k === 0x03 ? suqadd : usqadd)(l, d[j]!, x)));
    return true;
  }
  const entry = TWO_MISC.get(k);
  if (!entry || (entry.bytesOnly && s.esize !== 1) || (entry.noD && s.esize === 8)) return false;
  if (scalar && ((s.esize !== 8 && !entry.scalarAnySize) || entry.noD || entry.bytesOnly)) return false;
  writeVec(e, rd(i), s, readVec(e, rn(i), s).map((x) => entry.op(l, x)));
  return true;
}

/** REV16/REV32/REV64: reverse element order within 16/32/64-bit containers. */
function reverse(e: Emitter, i: number, container: number): boolean {
  const q = bit(i, 30), size = bits(i, 23, 22);
  const esize = 1 << size;
  if (esize >= container) return false;
  const s = shape(q, size);
  const src = readVec(e, rn(i), s);
  const per = container / esize;
  writeVec(e, rd(i), s, src.map((_, j) => src[j - (j % per) + (per - 1 - (j % per))]!));
  return true;
}

/** XTN/SQXTN/UQXTN/SQXTUN: narrow each element into the lower or upper (XTN2) half. */
function narrow(e: Emitter, i: number, op: number, scalar = false): boolean {
  const size = bits(i, 23, 22), q = bit(i, 30);
  if (size === 3 || (scalar && op === 0)) return false;
  const src: Shape = { esize: (2 << size) as Esize, count: scalar ? 1 : 8 >> size };
  const dst: Esize = (1 << size) as Esize;
  const l = new Lane(e, src.esize);
  const vals = readVec(e, rn(i), src).map((x) =>
    l.resize(op === 0 ? x : clampNarrow(l, x, dst * 8, op !== 2, op === 1), dst, false));
  writeHalf(e, rd(i), dst, vals, scalar ? 0 : q);
  return true;
}

function twoMisc(e: Emitter, i: number): boolean {
  const q = bit(i, 30), size = bits(i, 23, 22);
  if (size === 3 && !q) return false;
  return twoMiscWith(e, i, shape(q, size), false);
}

function twoMiscScalar(e: Emitter, i: number): boolean {
  return twoMiscWith(e, i, { esize: (1 << bits(i, 23, 22)) as Esize, count: 1 }, true);
}

/** SHLL/SHLL2: widen the low or high half and shift left by the source element width. */
function shiftLeftLong(e: Emitter, i: number): boolean {
  const size = bits(i, 23, 22), upper = bit(i, 30);
  if (size === 3) return false;
  const src = (1 << size) as Esize, dst = (src * 2) as Esize, count = 8 / src;
  const ls = new Lane(e, src), ld = new Lane(e, dst);
  writeVec(e, rd(i), { esize: dst, count }, Array.from({ length: count }, (_, j) =>
    ld.zx(e.b.bin('shl', ls.resize(e.vlane(rn(i), j + (upper ? count : 0), src), dst, false), ld.k(src * 8)))));
  return true;
}

/** SADDLP/UADDLP and SADALP/UADALP: add adjacent pairs into double-width lanes. */
function pairwiseLong(e: Emitter, i: number, signed: boolean, accumulate: boolean): boolean {
  const size = bits(i, 23, 22), q = bit(i, 30);
  if (size === 3) return false;
  const src = shape(q, size);
  const dst: Shape = { esize: (2 << size) as Esize, count: src.count / 2 };
  const ls = new Lane(e, src.esize), ld = new Lane(e, dst.esize);
  const a = readVec(e, rn(i), src).map((x) => ls.resize(x, dst.esize, signed));
  const d = accumulate ? readVec(e, rd(i), dst) : null;
  writeVec(e, rd(i), dst, Array.from({ length: dst.count }, (_, j) => {
    const sum = ld.zx(e.b.bin('add', a[2 * j]!, a[2 * j + 1]!));
    return d ? ld.zx(e.b.bin('add', d[j]!, sum)) : sum;
  }));
  return true;
}

/** ADDV, [SU]MAXV, [SU]MINV, [SU]ADDLV. */
function acrossLanes(e: Emitter, i: number): boolean {
  const q = bit(i, 30), size = bits(i, 23, 22), k = key(i, 12, 16);
  if (size === 3 || (size === 2 && !q)) return false;
  const s = shape(q, size);
  const l = new Lane(e, s.esize), b = e.b;
  const src = readVec(e, rn(i), s);
  let result: Temp, out: Esize = s.esize;
  const reduce = (f: (x: Temp, y: Temp) => Temp): Temp => src.reduce((acc, x) => f(acc, x));
  switch (k) {
    case 0x1b: result = reduce((x, y) => l.zx(b.bin('add', x, y))); break;
    case 0x0a: case 0x2a: case 0x1a: case 0x3a: {
      const signed = !(k & 0x20), max = (k & 0x10) === 0;
      const kind = max ? (signed ? 'gt_s' : 'gt_u') : (signed ? 'lt_s' : 'lt_u');
      result = reduce((x, y) => b.select(b.cmp(kind, signed ? l.sx(x) : x, signed ? l.sx(y) : y), x, y));
      break;
    }
    case 0x03: case 0x23: {
      out = (s.esize * 2) as Esize;
      const lo = new Lane(e, out);
      const wide = src.map((x) => l.resize(x, out, k === 0x03));
      result = lo.zx(wide.reduce((acc, x) => b.bin('add', acc, x)));
      break;
    }
    default: return false;
  }
  writeVec(e, rd(i), { esize: out, count: 1 }, [result]);
  return true;
}

/** Three different: [SU]ADDL, [SU]ADDW, [SU]SUBL, [SU]SUBW, [SU]MULL, [SU]MLAL, [SU]MLSL, [SU]ABDL, PMULL. */
function threeDifferent(e: Emitter, i: number): boolean {
  const size = bits(i, 23, 22), upper = bit(i, 30), signed = bit(i, 29) === 0, op = bits(i, 15, 12);
  if (size === 3) return false;
  const narrowS: Shape = { esize: (1 << size) as Esize, count: 8 >> size };
  const wideS: Shape = { esize: (2 << size) as Esize, count: 8 >> size };
  const ln = new Lane(e, narrowS.esize), lw = new Lane(e, wideS.esize), b = e.b;
  const half = (reg: number): Temp[] =>
    Array.from({ length: narrowS.count }, (_, j) => ln.resize(e.vlane(reg, j + (upper ? narrowS.count : 0), narrowS.esize), wideS.esize, signed));
  const wideOperand = op === 1 || op === 3;
  const a = wideOperand ? readVec(e, rn(i), wideS) : half(rn(i));
  const c = half(rm(i));
  const d = op === 8 || op === 10 || op === 5 ? readVec(e, rd(i), wideS) : null;
  let res: Temp[];
  switch (op) {
    case 0: case 1: res = a.map((x, j) => lw.zx(b.bin('add', x, c[j]!))); break;
    case 2: case 3: res = a.map((x, j) => lw.zx(b.bin('sub', x, c[j]!))); break;
    case 5: res = a.map((x, j) => lw.zx(b.bin('add', d![j]!, b.select(b.cmp(signed ? 'gt_s' : 'gt_u', lw.sx(x), lw.sx(c[j]!)), b.bin('sub', x, c[j]!), b.bin('sub', c[j]!, x))))); break;
    case 7: res = a.map((x, j) => lw.zx(b.select(b.cmp(signed ? 'gt_s' : 'gt_u', lw.sx(x), lw.sx(c[j]!)), b.bin('sub', x, c[j]!), b.bin('sub', c[j]!, x)))); break;
    case 12: res = a.map((x, j) => lw.zx(b.bin('mul', x, c[j]!))); break;
    case 8: res = a.map((x, j) => lw.zx(b.bin('add', d![j]!, b.bin('mul', x, c[j]!)))); break;
    case 10: res = a.map((x, j) => lw.zx(b.bin('sub', d![j]!, b.bin('mul', x, c[j]!)))); break;
    default: return false;
  }
  writeVec(e, rd(i), wideS, res);
  return true;
}

/** ADDHN/RADDHN/SUBHN/RSUBHN: high half of the wide sum or difference, into the low or high half. */
function highNarrow(e: Emitter, i: number): boolean {
  const size = bits(i, 23, 22), op = bits(i, 15, 12), round = bit(i, 29) === 1;
  if (size === 3) return false;
  const wideS: Shape = { esize: (2 << size) as Esize, count: 8 >> size };
  const narrowE = (1 << size) as Esize;
  const lw = new Lane(e, wideS.esize), b = e.b;
  const a = readVec(e, rn(i), wideS), c = readVec(e, rm(i), wideS);
  const vals = a.map((x, j) => {
    let r = b.bin(op === 4 ? 'add' : 'sub', x, c[j]!);
    if (round) r = b.bin('add', r, lw.k(1n << BigInt(narrowE * 8 - 1)));
    return lw.resize(b.bin('shr_u', lw.zx(r), lw.k(narrowE * 8)), narrowE, false);
  });
  writeHalf(e, rd(i), narrowE, vals, bit(i, 30));
  return true;
}

/** SQDMULL/SQDMLAL/SQDMLSL (three different, vector with "2" forms, or scalar). */
function satDoublingLong(e: Emitter, i: number, scalar: boolean): boolean {
  const size = bits(i, 23, 22), op = bits(i, 15, 12), upper = bit(i, 30);
  if (size !== 1 && size !== 2) return false;
  const ne = (1 << size) as Esize, we = (2 << size) as Esize, count = scalar ? 1 : 8 >> size;
  const ln = new Lane(e, ne), lw = new Lane(e, we);
  const lane = (r: number, j: number): Temp => e.vlane(r, j + (upper && !scalar ? count : 0), ne);
  const d = op === 13 ? null : readVec(e, rd(i), { esize: we, count });
  writeVec(e, rd(i), { esize: we, count }, Array.from({ length: count }, (_, j) =>
    sqdmull(ln, lw, lane(rn(i), j), lane(rm(i), j), d ? { d: d[j]!, sub: op === 11 } : undefined)));
  return true;
}

/** Scalar ADDP: the sum of the two 64-bit lanes. */
function scalarAddPairwise(e: Emitter, _i: number, f: Fields): void {
  const s: Shape = { esize: 8, count: 2 };
  const [x, y] = readVec(e, f.rn, s);
  writeVec(e, f.rd, { esize: 8, count: 1 }, [e.b.bin('add', x!, y!)]);
}

// Each group has a general pattern and more specific ones for the opcodes handled apart; the
// AdvSIMD field names: Q (128-bit), U (unsigned / second opcode bit), size, opcode.
const THREE_SAME_V = '0 Q:1 U:1 01110 size:2 1 rm:5';
const THREE_SAME_S = '01 U:1 11110 size:2 1 rm:5';
const TWO_MISC_V = '0 Q:1 U:1 01110 size:2 10000';
const TWO_MISC_S = '01 U:1 11110 size:2 10000';
const ACROSS = '0 Q:1 U:1 01110 size:2 11000';
const THREE_DIFF_V = '0 Q:1 U:1 01110 size:2 1 rm:5';
export const simdArithPatterns: Pattern[] = [
  pat('AdvSIMD three same', `${THREE_SAME_V} opcode:5 1 rn:5 rd:5`, threeSame),
  pat('AdvSIMD three same (logical)', `${THREE_SAME_V} 00011 1 rn:5 rd:5`, (e, i) => logical(e, i)),
  pat('PMUL', '0 Q:1 1 01110 size:2 1 rm:5 10011 1 rn:5 rd:5', pmul),
  pat('AdvSIMD three same (FP)', `${THREE_SAME_V} 11 opcode:3 1 rn:5 rd:5`, (e, i) => fpThreeSame(e, i)),
  pat('AdvSIMD scalar three same', `${THREE_SAME_S} opcode:5 1 rn:5 rd:5`, threeSameScalar),
  pat('AdvSIMD scalar three same (FP)', `${THREE_SAME_S} 11 opcode:3 1 rn:5 rd:5`, (e, i) => fpThreeSame(e, i, true)),

  pat('AdvSIMD two-reg misc', `${TWO_MISC_V} opcode:5 10 rn:5 rd:5`, twoMisc),
  pat('REV64', '0 Q:1 0 01110 size:2 10000 00000 10 rn:5 rd:5', (e, i) => reverse(e, i, 8)),
  pat('REV32', '0 Q:1 1 01110 size:2 10000 00000 10 rn:5 rd:5', (e, i) => reverse(e, i, 4)),
  pat('REV16', '0 Q:1 0 01110 size:2 10000 00001 10 rn:5 rd:5', (e, i) => reverse(e, i, 2)),
  pat('SADDLP/UADDLP', `${TWO_MISC_V} 00010 10 rn:5 rd:5`, (e, i) => pairwiseLong(e, i, !bit(i, 29), false)),
  pat('SADALP/UADALP', `${TWO_MISC_V} 00110 10 rn:5 rd:5`, (e, i) => pairwiseLong(e, i, !bit(i, 29), true)),
  pat('XTN', '0 Q:1 0 01110 size:2 10000 10010 10 rn:5 rd:5', (e, i) => narrow(e, i, 0)),
  pat('SQXTUN', '0 Q:1 1 01110 size:2 10000 10010 10 rn:5 rd:5', (e, i) => narrow(e, i, 3)),
  pat('SQXTN', '0 Q:1 0 01110 size:2 10000 10100 10 rn:5 rd:5', (e, i) => narrow(e, i, 1)),
  pat('UQXTN', '0 Q:1 1 01110 size:2 10000 10100 10 rn:5 rd:5', (e, i) => narrow(e, i, 2)),
  pat('SHLL', '0 Q:1 1 01110 size:2 10000 10011 10 rn:5 rd:5', shiftLeftLong),
  pat('FCVTN/FCVTL', '0 Q:1 0 01110 size:2 10000 1011 op:1 10 rn:5 rd:5', fpWidenNarrow),
  pat('FCVTXN', '0 Q:1 1 01110 size:2 10000 10110 10 rn:5 rd:5', (e, i) => fcvtxn(e, i, false)),
  pat('AdvSIMD two-reg misc (FP, 011xx)', `${TWO_MISC_V} 011 opcode:2 10 rn:5 rd:5`, (e, i) => fpTwoMisc(e, i)),
  pat('AdvSIMD two-reg misc (FP, 1xxxx)', `${TWO_MISC_V} 1 opcode:4 10 rn:5 rd:5`, (e, i) => fpTwoMisc(e, i)),
  pat('AdvSIMD scalar two-reg misc', `${TWO_MISC_S} opcode:5 10 rn:5 rd:5`, twoMiscScalar),
  pat('SQXTUN (scalar)', '01 1 11110 size:2 10000 10010 10 rn:5 rd:5', (e, i) => narrow(e, i, 3, true)),
  pat('SQXTN (scalar)', '01 0 11110 size:2 10000 10100 10 rn:5 rd:5', (e, i) => narrow(e, i, 1, true)),
  pat('UQXTN (scalar)', '01 1 11110 size:2 10000 10100 10 rn:5 rd:5', (e, i) => narrow(e, i, 2, true)),
  pat('FCVTXN (scalar)', '01 1 11110 size:2 10000 10110 10 rn:5 rd:5', (e, i) => fcvtxn(e, i, true)),
  pat('AdvSIMD scalar two-reg misc (FP, 011xx)', `${TWO_MISC_S} 011 opcode:2 10 rn:5 rd:5`, (e, i) => fpTwoMisc(e, i, true)),
  pat('AdvSIMD scalar two-reg misc (FP, 1xxxx)', `${TWO_MISC_S} 1 opcode:4 10 rn:5 rd:5`, (e, i) => fpTwoMisc(e, i, true)),

  pat('AdvSIMD across lanes', `${ACROSS} opcode:5 10 rn:5 rd:5`, acrossLanes),
  pat('FMAXNMV/FMINNMV', `${ACROSS} 01100 10 rn:5 rd:5`, fpAcrossLanes),
  pat('FMAXV/FMINV', `${ACROSS} 01111 10 rn:5 rd:5`, fpAcrossLanes),
  pat('ADDP (scalar)', '01 0 11110 11 11000 11011 10 rn:5 rd:5', scalarAddPairwise),
  pat('FMAXNMP/FMINNMP (scalar)', '01 1 11110 size:2 11000 01100 10 rn:5 rd:5', fpScalarPairwise),
  pat('FADDP (scalar)', '01 1 11110 size:2 11000 01101 10 rn:5 rd:5', fpScalarPairwise),
  pat('FMAXP/FMINP (scalar)', '01 1 11110 size:2 11000 01111 10 rn:5 rd:5', fpScalarPairwise),

  pat('AdvSIMD three different', `${THREE_DIFF_V} opcode:4 00 rn:5 rd:5`, threeDifferent),
  pat('ADDHN/RADDHN', `${THREE_DIFF_V} 0100 00 rn:5 rd:5`, highNarrow),
  pat('SUBHN/RSUBHN', `${THREE_DIFF_V} 0110 00 rn:5 rd:5`, highNarrow),
  pat('PMULL', '0 Q:1 0 01110 size:2 1 rm:5 1110 00 rn:5 rd:5', pmull),
  pat('SQDMLAL', '0 Q:1 0 01110 size:2 1 rm:5 1001 00 rn:5 rd:5', (e, i) => satDoublingLong(e, i, false)),
  pat('SQDMLSL', '0 Q:1 0 01110 size:2 1 rm:5 1011 00 rn:5 rd:5', (e, i) => satDoublingLong(e, i, false)),
  pat('SQDMULL', '0 Q:1 0 01110 size:2 1 rm:5 1101 00 rn:5 rd:5', (e, i) => satDoublingLong(e, i, false)),
  pat('SQDMLAL (scalar)', '01 0 11110 size:2 1 rm:5 1001 00 rn:5 rd:5', (e, i) => satDoublingLong(e, i, true)),
  pat('SQDMLSL (scalar)', '01 0 11110 size:2 1 rm:5 1011 00 rn:5 rd:5', (e, i) => satDoublingLong(e, i, true)),
  pat('SQDMULL (scalar)', '01 0 11110 size:2 1 rm:5 1101 00 rn:5 rd:5', (e, i) => satDoublingLong(e, i, true)),
];
