// Advanced SIMD integer encodings: three same (vector and scalar), two-register misc (vector
// and scalar), across lanes, and three different (long/wide) (Arm ARM C4.1.97-99).
import type { Temp } from '../../../ir/types.js';
import type { Fields } from '../../shared/bit-pattern.js';
import { pat, type EmitFn, type Pattern } from '../decoder.js';
import type { Emitter } from '../emitter.js';
import { Lane, readVec, shape, writeHalf, writeVec, type Esize, type Shape } from './simd-common.js';
import { pmul, pmull } from './crypto.js';
import { clampNarrow } from './simd-sat.js';
import { fpAcrossLanesPatterns, fpScalarPairwisePatterns, fpThreeSamePatterns, fpTwoMiscPatterns, fpWidenNarrowPatterns } from './simd-fp.js';
import { ANY_SIZE, NOT_OP, RBIT_OP, scalarName, sqdmull, THREE_SAME, TWO_MISC, type LaneOp1, type Row, type ThreeSameRow, type TwoMiscRow } from './simd-int.js';

type BinOp = (b: Emitter['b'], n: Temp, m: Temp, d: Temp) => Temp;

/** AND, BIC, ORR, ORN, EOR, BSL, BIT, BIF work on whole 64-bit halves. */
const logical = (op: BinOp): EmitFn => (e, _i, f) => {
  const s: Shape = { esize: 8, count: f.Q ? 2 : 1 };
  const n = readVec(e, f.rn, s), m = readVec(e, f.rm, s), d = readVec(e, f.rd, s);
  writeVec(e, f.rd, s, n.map((x, k) => op(e.b, x, m[k]!, d[k]!)));
};
/** The logical group's instructions: name, the 'U 01110 size' bits that select it, the op. */
const LOGICAL: [string, string, BinOp][] = [
  ['AND (vector)', '0 01110 00', (b, x, y) => b.bin('and', x, y)],
  ['BIC (vector, register)', '0 01110 01', (b, x, y) => b.bin('and', x, b.un('not', y))],
  ['ORR (vector, register)', '0 01110 10', (b, x, y) => b.bin('or', x, y)],
  ['ORN (vector)', '0 01110 11', (b, x, y) => b.bin('or', x, b.un('not', y))],
  ['EOR (vector)', '1 01110 00', (b, x, y) => b.bin('xor', x, y)],
  ['BSL', '1 01110 01', (b, x, y, z) => b.bin('xor', y, b.bin('and', b.bin('xor', x, y), z))], // d selects n over m
  ['BIT', '1 01110 10', (b, x, y, z) => b.bin('xor', z, b.bin('and', b.bin('xor', z, x), y))], // insert n where m set
  ['BIF', '1 01110 11', (b, x, y, z) => b.bin('xor', z, b.bin('and', b.bin('xor', z, x), b.un('not', y)))],
];

/** Whether a row's instruction exists for the size field's value. */
const hasSize = (row: Row, size: number): boolean => (((row.sizes ?? ANY_SIZE) >> size) & 1) === 1;

/** A three-same row on a shape: vector (size and Q from the fields) or scalar (one lane). */
function threeSameOn(e: Emitter, f: Fields, row: ThreeSameRow, s: Shape): void {
  const l = new Lane(e, s.esize);
  const a = readVec(e, f.rn, s), c = readVec(e, f.rm, s);
  if ('acc' in row) {
    const d = readVec(e, f.rd, s);
    writeVec(e, f.rd, s, a.map((x, j) => row.acc(l, d[j]!, x, c[j]!)));
  } else if (row.pairwise) {
    const cat = [...a, ...c];
    writeVec(e, f.rd, s, a.map((_, j) => row.op(l, cat[2 * j]!, cat[2 * j + 1]!)));
  } else {
    writeVec(e, f.rd, s, a.map((x, j) => row.op(l, x, c[j]!)));
  }
}

const threeSame = (row: ThreeSameRow): EmitFn => (e, _i, f) => {
  if ((f.size === 3 && !f.Q) || !hasSize(row, f.size)) return false;
  threeSameOn(e, f, row, shape(f.Q, f.size));
  return true;
};

/** The scalar form: size from the fields ('any' rows) or D (the pattern fixes size = 11). */
const threeSameScalar = (row: ThreeSameRow): EmitFn => (e, _i, f) => {
  const size = f.size ?? 3;
  if (!hasSize(row, size)) return false;
  threeSameOn(e, f, row, { esize: (1 << size) as Esize, count: 1 });
  return true;
};

function twoMiscOn(e: Emitter, f: Fields, row: TwoMiscRow, s: Shape): void {
  const l = new Lane(e, s.esize);
  if ('acc' in row) {
    const d = readVec(e, f.rd, s);
    writeVec(e, f.rd, s, readVec(e, f.rn, s).map((x, j) => row.acc(l, d[j]!, x)));
  } else {
    writeVec(e, f.rd, s, readVec(e, f.rn, s).map((x) => row.op(l, x)));
  }
}

const twoMisc = (row: TwoMiscRow): EmitFn => (e, _i, f) => {
  if ((f.size === 3 && !f.Q) || !hasSize(row, f.size)) return false;
  twoMiscOn(e, f, row, shape(f.Q, f.size));
  return true;
};

const twoMiscScalar = (row: TwoMiscRow): EmitFn => (e, _i, f) => {
  const size = f.size ?? 3;
  if (!hasSize(row, size)) return false;
  twoMiscOn(e, f, row, { esize: (1 << size) as Esize, count: 1 });
  return true;
};

/** NOT and RBIT: a byte operation over the 64 or 128 bits. */
const bytewise = (op: LaneOp1): EmitFn => (e, _i, f) => {
  const bytes: Shape = { esize: 1, count: f.Q ? 16 : 8 };
  const l = new Lane(e, 1);
  writeVec(e, f.rd, bytes, readVec(e, f.rn, bytes).map((x) => op(l, x)));
};

/** REV16/REV32/REV64: reverse element order within 16/32/64-bit containers. */
const reverse = (container: number): EmitFn => (e, _i, f) => {
  const esize = 1 << f.size;
  if (esize >= container) return false;
  const s = shape(f.Q, f.size);
  const src = readVec(e, f.rn, s);
  const per = container / esize;
  writeVec(e, f.rd, s, src.map((_, j) => src[j - (j % per) + (per - 1 - (j % per))]!));
  return true;
};

/** XTN/SQXTN/UQXTN/SQXTUN: narrow each element into the lower or upper (XTN2) half. */
const NARROW = { XTN: 0, SQXTN: 1, UQXTN: 2, SQXTUN: 3 } as const;
const narrow = (op: number, scalar = false): EmitFn => (e, _i, f) => {
  if (f.size === 3) return false;
  const src: Shape = { esize: (2 << f.size) as Esize, count: scalar ? 1 : 8 >> f.size };
  const dst: Esize = (1 << f.size) as Esize;
  const l = new Lane(e, src.esize);
  const vals = readVec(e, f.rn, src).map((x) =>
    l.resize(op === NARROW.XTN ? x : clampNarrow(l, x, dst * 8, op !== NARROW.UQXTN, op === NARROW.SQXTN), dst, false));
  writeHalf(e, f.rd, dst, vals, scalar ? 0 : f.Q);
  return true;
};

/** SHLL/SHLL2: widen the low or high half and shift left by the source element width. */
function shiftLeftLong(e: Emitter, _i: number, f: Fields): boolean {
  if (f.size === 3) return false;
  const src = (1 << f.size) as Esize, dst = (src * 2) as Esize, count = 8 / src;
  const ls = new Lane(e, src), ld = new Lane(e, dst);
  writeVec(e, f.rd, { esize: dst, count }, Array.from({ length: count }, (_, j) =>
    ld.zx(e.b.bin('shl', ls.resize(e.vlane(f.rn, j + (f.Q ? count : 0), src), dst, false), ld.k(src * 8)))));
  return true;
}

/** SADDLP/UADDLP and SADALP/UADALP (U = unsigned): add adjacent pairs into double-width lanes. */
const pairwiseLong = (accumulate: boolean): EmitFn => (e, _i, f) => {
  if (f.size === 3) return false;
  const signed = !f.U;
  const src = shape(f.Q, f.size);
  const dst: Shape = { esize: (2 << f.size) as Esize, count: src.count / 2 };
  const ls = new Lane(e, src.esize), ld = new Lane(e, dst.esize);
  const a = readVec(e, f.rn, src).map((x) => ls.resize(x, dst.esize, signed));
  const d = accumulate ? readVec(e, f.rd, dst) : null;
  writeVec(e, f.rd, dst, Array.from({ length: dst.count }, (_, j) => {
    const sum = ld.zx(e.b.bin('add', a[2 * j]!, a[2 * j + 1]!));
    return d ? ld.zx(e.b.bin('add', d[j]!, sum)) : sum;
  }));
  return true;
};

/** Across lanes: the vector's lanes reduced to one, of the same or (`widen`) double width. */
type Reduce = (l: Lane, f: Fields, src: Temp[]) => Temp;
const acrossLanes = (reduce: Reduce, widen = false): EmitFn => (e, _i, f) => {
  if (f.size === 3 || (f.size === 2 && !f.Q)) return false;
  const s = shape(f.Q, f.size);
  const result = reduce(new Lane(e, s.esize), f, readVec(e, f.rn, s));
  writeVec(e, f.rd, { esize: (widen ? s.esize * 2 : s.esize) as Esize, count: 1 }, [result]);
  return true;
};
const addv: Reduce = (l, _f, src) => src.reduce((x, y) => l.zx(l.b.bin('add', x, y)));
/** SMAXV/UMAXV (max) and SMINV/UMINV: U = unsigned. */
const minMaxV = (max: boolean): Reduce => (l, f, src) => {
  const signed = !f.U, b = l.b;
  const kind = max ? (signed ? 'gt_s' : 'gt_u') : (signed ? 'lt_s' : 'lt_u');
  return src.reduce((x, y) => b.select(b.cmp(kind, signed ? l.sx(x) : x, signed ? l.sx(y) : y), x, y));
};
/** SADDLV/UADDLV: the sum in double-width. */
const addlv: Reduce = (l, f, src) => {
  const out = (l.esize * 2) as Esize;
  const wide = src.map((x) => l.resize(x, out, !f.U));
  return new Lane(l.e, out).zx(wide.reduce((acc, x) => l.b.bin('add', acc, x)));
};

/**
 * Three different (long and wide): [SU]ADDL, [SU]ADDW, [SU]SUBL, [SU]SUBW, [SU]ABAL, [SU]ABDL,
 * [SU]MULL, [SU]MLAL, [SU]MLSL; U = unsigned, Q = the "2" form reading the upper halves.
 */
interface LongOp {
  /** The first operand is already wide (the W forms). */
  wide?: true;
  /** The op reads the destination (accumulating forms). */
  acc?: true;
  op(lw: Lane, x: Temp, c: Temp, d: Temp | undefined, signed: boolean): Temp;
}
const absDiffWide = (lw: Lane, x: Temp, c: Temp, signed: boolean): Temp =>
  lw.b.select(lw.b.cmp(signed ? 'gt_s' : 'gt_u', lw.sx(x), lw.sx(c)), lw.b.bin('sub', x, c), lw.b.bin('sub', c, x));
const LONG = {
  add: { op: (lw, x, c) => lw.zx(lw.b.bin('add', x, c)) },
  addw: { wide: true, op: (lw, x, c) => lw.zx(lw.b.bin('add', x, c)) },
  sub: { op: (lw, x, c) => lw.zx(lw.b.bin('sub', x, c)) },
  subw: { wide: true, op: (lw, x, c) => lw.zx(lw.b.bin('sub', x, c)) },
  abal: { acc: true, op: (lw, x, c, d, signed) => lw.zx(lw.b.bin('add', d!, absDiffWide(lw, x, c, signed))) },
  abdl: { op: (lw, x, c, _d, signed) => lw.zx(absDiffWide(lw, x, c, signed)) },
  mull: { op: (lw, x, c) => lw.zx(lw.b.bin('mul', x, c)) },
  mlal: { acc: true, op: (lw, x, c, d) => lw.zx(lw.b.bin('add', d!, lw.b.bin('mul', x, c))) },
  mlsl: { acc: true, op: (lw, x, c, d) => lw.zx(lw.b.bin('sub', d!, lw.b.bin('mul', x, c))) },
} satisfies Record<string, LongOp>;
const threeDifferent = (long: LongOp): EmitFn => (e, _i, f) => {
  if (f.size === 3) return false;
  const signed = !f.U;
  const narrowS: Shape = { esize: (1 << f.size) as Esize, count: 8 >> f.size };
  const wideS: Shape = { esize: (2 << f.size) as Esize, count: 8 >> f.size };
  const ln = new Lane(e, narrowS.esize), lw = new Lane(e, wideS.esize);
  const half = (reg: number): Temp[] =>
    Array.from({ length: narrowS.count }, (_, j) => ln.resize(e.vlane(reg, j + (f.Q ? narrowS.count : 0), narrowS.esize), wideS.esize, signed));
  const a = long.wide ? readVec(e, f.rn, wideS) : half(f.rn);
  const c = half(f.rm);
  const d = long.acc ? readVec(e, f.rd, wideS) : undefined;
  writeVec(e, f.rd, wideS, a.map((x, j) => long.op(lw, x, c[j]!, d?.[j], signed)));
  return true;
};

/** ADDHN/RADDHN/SUBHN/RSUBHN (U = rounding): high half of the wide sum or difference, into the low or high half. */
const highNarrow = (kind: 'add' | 'sub'): EmitFn => (e, _i, f) => {
  if (f.size === 3) return false;
  const wideS: Shape = { esize: (2 << f.size) as Esize, count: 8 >> f.size };
  const narrowE = (1 << f.size) as Esize;
  const lw = new Lane(e, wideS.esize), b = e.b;
  const a = readVec(e, f.rn, wideS), c = readVec(e, f.rm, wideS);
  const vals = a.map((x, j) => {
    let r = b.bin(kind, x, c[j]!);
    if (f.U) r = b.bin('add', r, lw.k(1n << BigInt(narrowE * 8 - 1)));
    return lw.resize(b.bin('shr_u', lw.zx(r), lw.k(narrowE * 8)), narrowE, false);
  });
  writeHalf(e, f.rd, narrowE, vals, f.Q);
  return true;
};

/** SQDMULL/SQDMLAL/SQDMLSL (three different, vector with "2" forms, or scalar). */
const satDoublingLong = (acc: 'none' | 'add' | 'sub', scalar: boolean): EmitFn => (e, _i, f) => {
  if (f.size !== 1 && f.size !== 2) return false;
  const ne = (1 << f.size) as Esize, we = (2 << f.size) as Esize, count = scalar ? 1 : 8 >> f.size;
  const ln = new Lane(e, ne), lw = new Lane(e, we);
  const lane = (r: number, j: number): Temp => e.vlane(r, j + (f.Q && !scalar ? count : 0), ne);
  const d = acc === 'none' ? null : readVec(e, f.rd, { esize: we, count });
  writeVec(e, f.rd, { esize: we, count }, Array.from({ length: count }, (_, j) =>
    sqdmull(ln, lw, lane(f.rn, j), lane(f.rm, j), d ? { d: d[j]!, sub: acc === 'sub' } : undefined)));
  return true;
};

/** Scalar ADDP: the sum of the two 64-bit lanes. */
function scalarAddPairwise(e: Emitter, _i: number, f: Fields): void {
  const s: Shape = { esize: 8, count: 2 };
  const [x, y] = readVec(e, f.rn, s);
  writeVec(e, f.rd, { esize: 8, count: 1 }, [e.b.bin('add', x!, y!)]);
}

// The AdvSIMD field names: Q (128-bit, or the "2" form's upper half), U (unsigned / second
// opcode bit), size, and the registers. Each instruction (or signed/unsigned pair, told apart
// by U) has its pattern with its opcode bits fixed; words no pattern matches are unallocated.
/** A data-table group's rows (simd-int.ts) as patterns: the vector form and, where the row has one, the scalar form. */
const rowPatterns = <R extends Row>(rows: readonly R[], middle: string, tail: string,
  vEmit: (r: R) => EmitFn, sEmit: (r: R) => EmitFn): Pattern[] => rows.flatMap((r) => {
  const v = pat(r.name, `0 Q:1 ${r.U} 01110 size:2 ${middle} ${r.opcode} ${tail}`, vEmit(r));
  if (!r.scalar) return [v];
  const size = r.scalar === 'D' ? '11' : 'size:2';
  return [v, pat(scalarName(r.name), `01 ${r.U} 11110 ${size} ${middle} ${r.opcode} ${tail}`, sEmit(r))];
});
const TWO_MISC_V = '0 Q:1 U:1 01110 size:2 10000';
const ACROSS = '0 Q:1 U:1 01110 size:2 11000';
const THREE_DIFF = '0 Q:1 U:1 01110 size:2 1 rm:5';
export const simdArithPatterns: Pattern[] = [
  ...rowPatterns(THREE_SAME, '1 rm:5', '1 rn:5 rd:5', threeSame, threeSameScalar),
  ...LOGICAL.map(([name, bits, op]) => pat(name, `0 Q:1 ${bits} 1 rm:5 00011 1 rn:5 rd:5`, logical(op))),
  pat('PMUL', '0 Q:1 1 01110 00 1 rm:5 10011 1 rn:5 rd:5', pmul),
  ...fpThreeSamePatterns,

  ...rowPatterns(TWO_MISC, '10000', '10 rn:5 rd:5', twoMisc, twoMiscScalar),
  pat('NOT', '0 Q:1 1 01110 00 10000 00101 10 rn:5 rd:5', bytewise(NOT_OP)),
  pat('RBIT (vector)', '0 Q:1 1 01110 01 10000 00101 10 rn:5 rd:5', bytewise(RBIT_OP)),
  pat('REV64', '0 Q:1 0 01110 size:2 10000 00000 10 rn:5 rd:5', reverse(8)),
  pat('REV32 (vector)', '0 Q:1 1 01110 size:2 10000 00000 10 rn:5 rd:5', reverse(4)),
  pat('REV16 (vector)', '0 Q:1 0 01110 size:2 10000 00001 10 rn:5 rd:5', reverse(2)),
  pat('SADDLP/UADDLP', `${TWO_MISC_V} 00010 10 rn:5 rd:5`, pairwiseLong(false)),
  pat('SADALP/UADALP', `${TWO_MISC_V} 00110 10 rn:5 rd:5`, pairwiseLong(true)),
  pat('XTN', '0 Q:1 0 01110 size:2 10000 10010 10 rn:5 rd:5', narrow(NARROW.XTN)),
  pat('SQXTUN', '0 Q:1 1 01110 size:2 10000 10010 10 rn:5 rd:5', narrow(NARROW.SQXTUN)),
  pat('SQXTN', '0 Q:1 0 01110 size:2 10000 10100 10 rn:5 rd:5', narrow(NARROW.SQXTN)),
  pat('UQXTN', '0 Q:1 1 01110 size:2 10000 10100 10 rn:5 rd:5', narrow(NARROW.UQXTN)),
  pat('SHLL', '0 Q:1 1 01110 size:2 10000 10011 10 rn:5 rd:5', shiftLeftLong),
  pat('SQXTUN (scalar)', '01 1 11110 size:2 10000 10010 10 rn:5 rd:5', narrow(NARROW.SQXTUN, true)),
  pat('SQXTN (scalar)', '01 0 11110 size:2 10000 10100 10 rn:5 rd:5', narrow(NARROW.SQXTN, true)),
  pat('UQXTN (scalar)', '01 1 11110 size:2 10000 10100 10 rn:5 rd:5', narrow(NARROW.UQXTN, true)),
  ...fpWidenNarrowPatterns,
  ...fpTwoMiscPatterns,

  pat('ADDV', '0 Q:1 0 01110 size:2 11000 11011 10 rn:5 rd:5', acrossLanes(addv)),
  pat('SMAXV/UMAXV', `${ACROSS} 01010 10 rn:5 rd:5`, acrossLanes(minMaxV(true))),
  pat('SMINV/UMINV', `${ACROSS} 11010 10 rn:5 rd:5`, acrossLanes(minMaxV(false))),
  pat('SADDLV/UADDLV', `${ACROSS} 00011 10 rn:5 rd:5`, acrossLanes(addlv, true)),
  ...fpAcrossLanesPatterns,
  pat('ADDP (scalar)', '01 0 11110 11 11000 11011 10 rn:5 rd:5', scalarAddPairwise),
  ...fpScalarPairwisePatterns,

  pat('SADDL/UADDL', `${THREE_DIFF} 0000 00 rn:5 rd:5`, threeDifferent(LONG.add)),
  pat('SADDW/UADDW', `${THREE_DIFF} 0001 00 rn:5 rd:5`, threeDifferent(LONG.addw)),
  pat('SSUBL/USUBL', `${THREE_DIFF} 0010 00 rn:5 rd:5`, threeDifferent(LONG.sub)),
  pat('SSUBW/USUBW', `${THREE_DIFF} 0011 00 rn:5 rd:5`, threeDifferent(LONG.subw)),
  pat('SABAL/UABAL', `${THREE_DIFF} 0101 00 rn:5 rd:5`, threeDifferent(LONG.abal)),
  pat('SABDL/UABDL', `${THREE_DIFF} 0111 00 rn:5 rd:5`, threeDifferent(LONG.abdl)),
  pat('SMLAL/UMLAL (vector)', `${THREE_DIFF} 1000 00 rn:5 rd:5`, threeDifferent(LONG.mlal)),
  pat('SMLSL/UMLSL (vector)', `${THREE_DIFF} 1010 00 rn:5 rd:5`, threeDifferent(LONG.mlsl)),
  pat('SMULL/UMULL (vector)', `${THREE_DIFF} 1100 00 rn:5 rd:5`, threeDifferent(LONG.mull)),
  pat('ADDHN/RADDHN', `${THREE_DIFF} 0100 00 rn:5 rd:5`, highNarrow('add')),
  pat('SUBHN/RSUBHN', `${THREE_DIFF} 0110 00 rn:5 rd:5`, highNarrow('sub')),
  pat('PMULL', '0 Q:1 0 01110 00 1 rm:5 1110 00 rn:5 rd:5', pmull(0)),
  pat('PMULL (64-bit)', '0 Q:1 0 01110 11 1 rm:5 1110 00 rn:5 rd:5', pmull(3)),
  pat('SQDMLAL', '0 Q:1 0 01110 size:2 1 rm:5 1001 00 rn:5 rd:5', satDoublingLong('add', false)),
  pat('SQDMLSL', '0 Q:1 0 01110 size:2 1 rm:5 1011 00 rn:5 rd:5', satDoublingLong('sub', false)),
  pat('SQDMULL', '0 Q:1 0 01110 size:2 1 rm:5 1101 00 rn:5 rd:5', satDoublingLong('none', false)),
  pat('SQDMLAL (scalar)', '01 0 11110 size:2 1 rm:5 1001 00 rn:5 rd:5', satDoublingLong('add', true)),
  pat('SQDMLSL (scalar)', '01 0 11110 size:2 1 rm:5 1011 00 rn:5 rd:5', satDoublingLong('sub', true)),
  pat('SQDMULL (scalar)', '01 0 11110 size:2 1 rm:5 1101 00 rn:5 rd:5', satDoublingLong('none', true)),
];
