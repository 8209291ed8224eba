// Advanced SIMD "vector x indexed element" and its scalar form: MUL/MLA/MLS, [SU]MULL/[SU]MLAL/
// [SU]MLSL, SQDMULH/SQRDMULH, SQDMULL/SQDMLAL/SQDMLSL, FMUL/FMULX/FMLA/FMLS by element (Arm ARM
// C4.1.97-99). Each lane of the first operand meets one element of the second register.
import type { Temp } from '../../../ir/types.js';
import type { Fields } from '../../shared/bit-pattern.js';
import { pat, type EmitFn, type Pattern } from '../decoder.js';
import type { Emitter } from '../emitter.js';
import { FP32, FP64, FpOps } from './fp-common.js';
import { Lane, readVec, writeVec, type Esize, type Shape } from './simd-common.js';
import { fmulx } from './simd-fp.js';
import { doublingMulHigh, sqdmull } from './simd-int.js';

/** The element operand: Rm and index for 16-bit (H:L:M, V0-V15), 32-bit (H:L) or 64-bit (H) elements. */
function element(f: Fields, esize: Esize): { m: number; index: number } | null {
  switch (esize) {
    case 2: return { m: f.rm, index: (f.H << 2) | (f.L << 1) | f.M };
    case 4: return { m: (f.M << 4) | f.rm, index: (f.H << 1) | f.L };
    case 8: return f.L ? null : { m: (f.M << 4) | f.rm, index: f.H };
    default: return null;
  }
}

/** FMLA/FMLS (fused, `neg` negating the first operand) and FMUL/FMULX by element; sz: single or double. */
type FpElemOp = (f: FpOps, l: Lane, x: Temp, c: Temp, d: Temp | undefined) => Temp;
const fpByElement = (op: FpElemOp, accumulate: boolean, scalar: boolean): EmitFn => (e, _i, fl) => {
  const t = fl.sz ? FP64 : FP32;
  if (t === FP64 && !fl.Q && !scalar) return false;
  const el = element(fl, t.size);
  if (!el) return false;
  const f = new FpOps(e, t), l = new Lane(e, t.size);
  const s: Shape = { esize: t.size, count: scalar ? 1 : (fl.Q ? 16 : 8) / t.size };
  const a = readVec(e, fl.rn, s), c = e.vlane(el.m, el.index, t.size);
  const d = accumulate ? readVec(e, fl.rd, s) : undefined;
  writeVec(e, fl.rd, s, a.map((x, j) => op(f, l, x, c, d?.[j])));
  return true;
};
const fmla = (neg: boolean): FpElemOp => (f, _l, x, c, d) => f.fma(d!, neg ? f.neg(x) : x, c);

/** MUL, MLA, MLS, SQDMULH, SQRDMULH by element (16- and 32-bit lanes); `d` reads the destination lane. */
type SameWidthOp = (l: Lane, d: () => Temp, a: Temp, c: Temp) => Temp;
const sameWidth = (op: SameWidthOp, scalar: boolean): EmitFn => (e, _i, f) => {
  if (f.size !== 1 && f.size !== 2) return false;
  const esize = (1 << f.size) as Esize;
  const el = element(f, esize)!;
  const s: Shape = { esize, count: scalar ? 1 : (f.Q ? 16 : 8) / esize };
  const l = new Lane(e, esize);
  const a = readVec(e, f.rn, s), c = e.vlane(el.m, el.index, esize);
  const d = readVec(e, f.rd, s);
  writeVec(e, f.rd, s, a.map((x, j) => op(l, () => d[j]!, x, c)));
  return true;
};
const mul: SameWidthOp = (l, _d, a, c) => l.zx(l.b.bin('mul', a, c));
const mla: SameWidthOp = (l, d, a, c) => l.zx(l.b.bin('add', d(), l.b.bin('mul', a, c)));
const mls: SameWidthOp = (l, d, a, c) => l.zx(l.b.bin('sub', d(), l.b.bin('mul', a, c)));
const dmulh = (round: boolean): SameWidthOp => (l, _d, a, c) => doublingMulHigh(round)(l, a, c);

/** SQDMULL, SQDMLAL, SQDMLSL by element (vector with "2" forms, or scalar). */
const satDoublingLong = (acc: 'none' | 'add' | 'sub', scalar: boolean): EmitFn => (e, _i, f) => {
  if (f.size !== 1 && f.size !== 2) return false;
  const esize = (1 << f.size) as Esize;
  const el = element(f, esize)!;
  const we = (esize * 2) as Esize, count = scalar ? 1 : 8 / esize;
  const ln = new Lane(e, esize), lw = new Lane(e, we);
  const c = e.vlane(el.m, el.index, esize);
  const d = acc === 'none' ? null : readVec(e, f.rd, { esize: we, count });
  writeVec(e, f.rd, { esize: we, count }, Array.from({ length: count }, (_, j) =>
    sqdmull(ln, lw, e.vlane(f.rn, j + (f.Q && !scalar ? count : 0), esize), c, d ? { d: d[j]!, sub: acc === 'sub' } : undefined)));
  return true;
};

/** [SU]MULL, [SU]MLAL, [SU]MLSL (and their "2" forms) by element; U = unsigned. */
const long = (acc: 'none' | 'add' | 'sub'): EmitFn => (e, _i, f) => {
  if (f.size !== 1 && f.size !== 2) return false;
  const esize = (1 << f.size) as Esize;
  const el = element(f, esize)!;
  const b = e.b;
  const signed = !f.U, count = 8 / esize, wide = (esize * 2) as Esize;
  const ln = new Lane(e, esize), lw = new Lane(e, wide);
  const c = ln.resize(e.vlane(el.m, el.index, esize), wide, signed);
  const a = Array.from({ length: count }, (_, j) => ln.resize(e.vlane(f.rn, j + (f.Q ? count : 0), esize), wide, signed));
  const d = acc === 'none' ? null : readVec(e, f.rd, { esize: wide, count });
  writeVec(e, f.rd, { esize: wide, count }, a.map((x, j) => {
    const p = b.bin('mul', x, c);
    return lw.zx(d ? b.bin(acc === 'add' ? 'add' : 'sub', d[j]!, p) : p);
  }));
  return true;
};

// Field names as in the Arm ARM: Q, U, size (sz for the FP forms, whose size<1> is 1), L, M,
// Rm<3:0> (rm), opcode, H. One pattern per instruction (or signed/unsigned pair told apart by U),
// vector and scalar; opcodes without one are unallocated.
const V = (u: string, opcode: string, size = 'size:2'): string => `0 Q:1 ${u} 01111 ${size} L:1 M:1 rm:4 ${opcode} H:1 0 rn:5 rd:5`;
const S = (u: string, opcode: string, size = 'size:2'): string => `01 ${u} 11111 ${size} L:1 M:1 rm:4 ${opcode} H:1 0 rn:5 rd:5`;
const FP = '1 sz:1';
export const simdElemPatterns: Pattern[] = [
  pat('FMLA (by element)', V('0', '0001', FP), fpByElement(fmla(false), true, false)),
  pat('FMLS (by element)', V('0', '0101', FP), fpByElement(fmla(true), true, false)),
  pat('FMUL (by element)', V('0', '1001', FP), fpByElement((f, _l, x, c) => f.bin('fmul', x, c), false, false)),
  pat('FMULX (by element)', V('1', '1001', FP), fpByElement((f, l, x, c) => fmulx(f, l, x, c), false, false)),
  pat('FMLA (by element, scalar)', S('0', '0001', FP), fpByElement(fmla(false), true, true)),
  pat('FMLS (by element, scalar)', S('0', '0101', FP), fpByElement(fmla(true), true, true)),
  pat('FMUL (by element, scalar)', S('0', '1001', FP), fpByElement((f, _l, x, c) => f.bin('fmul', x, c), false, true)),
  pat('FMULX (by element, scalar)', S('1', '1001', FP), fpByElement((f, l, x, c) => fmulx(f, l, x, c), false, true)),

  pat('MUL (by element)', V('0', '1000'), sameWidth(mul, false)),
  pat('MLA (by element)', V('1', '0000'), sameWidth(mla, false)),
  pat('MLS (by element)', V('1', '0100'), sameWidth(mls, false)),
  pat('SQDMULH (by element)', V('0', '1100'), sameWidth(dmulh(false), false)),
  pat('SQRDMULH (by element)', V('0', '1101'), sameWidth(dmulh(true), false)),
  pat('SQDMULH (by element, scalar)', S('0', '1100'), sameWidth(dmulh(false), true)),
  pat('SQRDMULH (by element, scalar)', S('0', '1101'), sameWidth(dmulh(true), true)),
  pat('SQDMLAL (by element)', V('0', '0011'), satDoublingLong('add', false)),
  pat('SQDMLSL (by element)', V('0', '0111'), satDoublingLong('sub', false)),
  pat('SQDMULL (by element)', V('0', '1011'), satDoublingLong('none', false)),
  pat('SQDMLAL (by element, scalar)', S('0', '0011'), satDoublingLong('add', true)),
  pat('SQDMLSL (by element, scalar)', S('0', '0111'), satDoublingLong('sub', true)),
  pat('SQDMULL (by element, scalar)', S('0', '1011'), satDoublingLong('none', true)),
  pat('SMULL/UMULL (by element)', V('U:1', '1010'), long('none')),
  pat('SMLAL/UMLAL (by element)', V('U:1', '0010'), long('add')),
  pat('SMLSL/UMLSL (by element)', V('U:1', '0110'), long('sub')),
];
