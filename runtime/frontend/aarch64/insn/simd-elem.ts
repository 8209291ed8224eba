// Advanced SIMD "vector x indexed element" and its scalar form: MUL/MLA/MLS, [SU]MULL/[SU]MLAL/
// [SU]MLSL, SQDMULH/SQRDMULH, FMUL/FMULX/FMLA/FMLS by element (Arm ARM C4.1.97-99).
// Each lane of the first operand meets one element of the second register.
import type { Temp } from '../../../ir/types.js';
import { pat, type Pattern } from '../decoder.js';
import type { Emitter } from '../emitter.js';
import { bit, bits, rd, rn } from '../fields.js';
import { FP32, FP64, FpOps } from './fp-common.js';
import { Lane, readVec, writeVec, type Esize, type Shape } from './simd-common.js';
import { fmulx } from './simd-fp.js';
import { doublingMulHigh, sqdmull } from './simd-int.js';

/** The element operand: Rm and index for 16-bit (H:L:M, V0-V15), 32-bit (H:L) or 64-bit (H) elements. */
function element(i: number, esize: Esize): { m: number; index: number } | null {
  const h = bit(i, 11), l = bit(i, 21), mbit = bit(i, 20), rm4 = bits(i, 19, 16);
  switch (esize) {
    case 2: return { m: rm4, index: (h << 2) | (l << 1) | mbit };
    case 4: return { m: (mbit << 4) | rm4, index: (h << 1) | l };
    case 8: return l ? null : { m: (mbit << 4) | rm4, index: h };
    default: return null;
  }
}

function fpByElement(e: Emitter, i: number, scalar: boolean, opcode: number, u: number): boolean {
  const size = bits(i, 23, 22), q = bit(i, 30);
  if (size < 2 || (u && opcode !== 9)) return false;
  const t = size === 3 ? FP64 : FP32;
  if (t === FP64 && !q && !scalar) return false;
  const el = element(i, t.size);
  if (!el) return false;
  const f = new FpOps(e, t), l = new Lane(e, t.size);
  const s: Shape = { esize: t.size, count: scalar ? 1 : (q ? 16 : 8) / t.size };
  const a = readVec(e, rn(i), s), c = e.vlane(el.m, el.index, t.size);
  let res: Temp[];
  if (opcode === 9) res = a.map((x) => (u ? fmulx(f, l, x, c) : f.bin('fmul', x, c)));
  else {
    const d = readVec(e, rd(i), s);
    res = a.map((x, j) => f.fma(d[j]!, opcode === 5 ? f.neg(x) : x, c));
  }
  writeVec(e, rd(i), s, res);
  return true;
}

/** Integer ops keyed by U:opcode. */
const SAME_WIDTH: ReadonlyMap<number, (l: Lane, d: () => Temp, a: Temp, c: Temp) => Temp> = new Map([
  [0x08, (l: Lane, _d: () => Temp, a: Temp, c: Temp) => l.zx(l.b.bin('mul', a, c))],
  [0x10, (l: Lane, d: () => Temp, a: Temp, c: Temp) => l.zx(l.b.bin('add', d(), l.b.bin('mul', a, c)))],
  [0x14, (l: Lane, d: () => Temp, a: Temp, c: Temp) => l.zx(l.b.bin('sub', d(), l.b.bin('mul', a, c)))],
  [0x0c, (l: Lane, _d: () => Temp, a: Temp, c: Temp) => doublingMulHigh(false)(l, a, c)],
  [0x0d, (l: Lane, _d: () => Temp, a: Temp, c: Temp) => doublingMulHigh(true)(l, a, c)],
]);

/** [SU]MULL, [SU]MLAL, [SU]MLSL (and their "2" forms) by element, keyed by U:opcode -> accumulate. */
const LONG: ReadonlyMap<number, 'none' | 'add' | 'sub'> = new Map([
  [0x0a, 'none'], [0x1a, 'none'], [0x02, 'add'], [0x12, 'add'], [0x06, 'sub'], [0x16, 'sub'],
] as const);

function intByElement(e: Emitter, i: number, scalar: boolean, opcode: number, u: number): boolean {
  const size = bits(i, 23, 22), q = bit(i, 30), key = (u << 4) | opcode;
  if (size !== 1 && size !== 2) return false;
  const esize = (1 << size) as Esize;
  const el = element(i, esize)!;
  const b = e.b;
  const same = SAME_WIDTH.get(key);
  if (same) {
    if (scalar && opcode !== 0x0c && opcode !== 0x0d) return false;
    const s: Shape = { esize, count: scalar ? 1 : (q ? 16 : 8) / esize };
    const l = new Lane(e, esize);
    const a = readVec(e, rn(i), s), c = e.vlane(el.m, el.index, esize);
    const d = readVec(e, rd(i), s);
    writeVec(e, rd(i), s, a.map((x, j) => same(l, () => d[j]!, x, c)));
    return true;
  }
  if (u === 0 && (opcode === 3 || opcode === 7 || opcode === 11)) { // SQDMLAL, SQDMLSL, SQDMULL
    const we = (esize * 2) as Esize, count = scalar ? 1 : 8 / esize;
    const ln = new Lane(e, esize), lw = new Lane(e, we);
    const c = e.vlane(el.m, el.index, esize);
    const d = opcode === 11 ? null : readVec(e, rd(i), { esize: we, count });
    writeVec(e, rd(i), { esize: we, count }, Array.from({ length: count }, (_, j) =>
      sqdmull(ln, lw, e.vlane(rn(i), j + (q && !scalar ? count : 0), esize), c, d ? { d: d[j]!, sub: opcode === 7 } : undefined)));
    return true;
  }
  const acc = LONG.get(key);
  if (!acc || scalar) return false;
  const signed = u === 0, count = 8 / esize, wide = (esize * 2) as Esize;
  const ln = new Lane(e, esize), lw = new Lane(e, wide);
  const c = ln.resize(e.vlane(el.m, el.index, esize), wide, signed);
  const a = Array.from({ length: count }, (_, j) => ln.resize(e.vlane(rn(i), j + (q ? count : 0), esize), wide, signed));
  const d = acc === 'none' ? null : readVec(e, rd(i), { esize: wide, count });
  writeVec(e, rd(i), { esize: wide, count }, a.map((x, j) => {
    const p = b.bin('mul', x, c);
    return lw.zx(d ? b.bin(acc === 'add' ? 'add' : 'sub', d[j]!, p) : p);
  }));
  return true;
}

function byElement(e: Emitter, i: number, scalar: boolean): boolean {
  const opcode = bits(i, 15, 12), u = bit(i, 29);
  if (opcode === 1 || opcode === 5 || opcode === 9) return fpByElement(e, i, scalar, opcode, u);
  return intByElement(e, i, scalar, opcode, u);
}

export const simdElemPatterns: Pattern[] = [
  pat('AdvSIMD vector x indexed element', '0 -- 01111 ------------- 0 ----------', (e, i) => byElement(e, i, false)),
  pat('AdvSIMD scalar x indexed element', '01 - 11111 ------------- 0 ----------', (e, i) => byElement(e, i, true)),
];
