// Advanced SIMD integer operations beyond ./neon.ts: halving adds (VHADD/VRHADD/VHSUB),
// absolute differences (VABD/VABA/VABDL/VABAL), polynomial multiplies (VMUL.P8/VMULL.P8),
// multiply-accumulate long (VMLAL/VMLSL), the saturating doubling multiplies (VQDMULH/VQRDMULH/
// VQDMULL/VQDMLAL/VQDMLSL), high-half narrowing (VADDHN/VRADDHN/VSUBHN/VRSUBHN), VCLS, VQABS/
// VQNEG, VTBL/VTBX, and every by-scalar form (integer, float, long, doubling). The by-vector and
// by-scalar encodings of an operation share its lane function: the second operand is lane k of Vm
// or the same scalar for every lane.
import type { Temp } from '../../../ir/types.js';
import type { Fields } from '../../shared/bit-pattern.js';
import type { EmitFn, Group } from '../decoder.js';
import type { ArmEmitter } from '../emitter.js';
import { ARM } from '../state.js';
import { f32 } from './neon-float.js';
import { DIFF, dnum, dp, evenQ, ifU, lane, lanesOf, MISC, SAME, setQc, writeLanes, type LaneSize } from './neon-common.js';

/** Operand B of lane k: lane k of Vm, or a scalar. */
type Operand = (k: number) => Temp;

/** A lane result and whether it saturated (i32 0/1). */
interface Sat { r: Temp; sat: Temp }

const ext64 = (e: ArmEmitter, v: Temp, signed: boolean): Temp => e.b.conv(signed ? 'extend_s' : 'extend_u', v);

/** v (i64) clamped to the signed range of `bits`. */
function clampSigned(e: ArmEmitter, v: Temp, bits: number): Sat {
  const b = e.b;
  const lo = b.i64(-(1n << BigInt(bits - 1))), hi = b.i64((1n << BigInt(bits - 1)) - 1n);
  const under = b.cmp('lt_s', v, lo), over = b.cmp('gt_s', v, hi);
  return { r: b.select(under, lo, b.select(over, hi, v)), sat: b.bin('or', under, over) };
}

/** Saturating x ± y of `size`-byte lanes (lanes of up to 32 bits arrive extended in i32, 64-bit ones as i64). */
export function qaddsub(e: ArmEmitter, x: Temp, y: Temp, size: LaneSize, signed: boolean, sub: boolean): Sat {
  const b = e.b;
  if (size < 8) {
    const bits = 8 * size;
    const r = b.bin(sub ? 'sub' : 'add', ext64(e, x, signed), ext64(e, y, signed));
    if (signed) { const c = clampSigned(e, r, bits); return { r: b.conv('wrap', c.r), sat: c.sat }; }
    const hi = b.i64((1n << BigInt(bits)) - 1n);
    const under = b.cmp('lt_s', r, b.i64(0)), over = b.cmp('gt_s', r, hi);
    return { r: b.conv('wrap', b.select(under, b.i64(0), b.select(over, hi, r))), sat: b.bin('or', under, over) };
  }
  const r = b.bin(sub ? 'sub' : 'add', x, y);
  if (!signed) {
    const sat = sub ? b.cmp('lt_u', x, y) : b.cmp('lt_u', r, x);
    return { r: b.select(sat, b.i64(sub ? 0n : -1n), r), sat };
  }
  // Signed overflow: the operands' signs (x and -y for a difference) agree and the result's differs.
  const ov = b.bin(sub ? 'and' : 'and', b.bin('xor', x, r), sub ? b.bin('xor', x, y) : b.bin('xor', y, r));
  const sat = b.cmp('lt_s', ov, b.i64(0));
  const limit = b.select(b.cmp('lt_s', x, b.i64(0)), b.i64(-(1n << 63n)), b.i64((1n << 63n) - 1n));
  return { r: b.select(sat, limit, r), sat };
}

/** 2 * x * y of signed `size`-byte lanes, widened (i32 for 16-bit lanes, i64 for 32-bit); saturates only for MIN * MIN. */
function qdmull(e: ArmEmitter, x: Temp, y: Temp, size: LaneSize): Sat {
  const b = e.b;
  const min = size === 2 ? -0x8000 : -0x80000000;
  const sat = b.bin('and', b.cmp('eq', x, b.i32(min)), b.cmp('eq', y, b.i32(min)));
  const p = b.bin('shl', b.bin('mul', ext64(e, x, true), ext64(e, y, true)), b.i64(1));
  const r = b.select(sat, b.i64(size === 2 ? 0x7fffffffn : (1n << 63n) - 1n), p);
  return { r: size === 2 ? b.conv('wrap', r) : r, sat };
}

/** VQDMULH/VQRDMULH: the high half of 2 * x * y (rounded), saturating MIN * MIN. */
function qdmulh(e: ArmEmitter, x: Temp, y: Temp, size: LaneSize, round: boolean): Sat {
  const b = e.b;
  const bits = 8 * size;
  const p = b.bin('mul', ext64(e, x, true), ext64(e, y, true));
  // 2p + round >> bits = (p + round / 2) >> (bits - 1); only MIN * MIN leaves the range.
  const r = b.bin('shr_s', b.bin('add', p, b.i64(round ? 1n << BigInt(bits - 2) : 0n)), b.i64(bits - 1));
  const c = clampSigned(e, r, bits);
  return { r: b.conv('wrap', c.r), sat: c.sat };
}

/** Polynomial (carry-less) product of two 8-bit values (i32; VMULL.P8's arrive sign-extended). */
function pmul(e: ArmEmitter, x0: Temp, y: Temp): Temp {
  const b = e.b;
  const x = b.bin('and', x0, b.i32(0xff));
  let r = b.i32(0);
  for (let i = 0; i < 8; i++) {
    const bit = b.bin('and', b.bin('shr_u', y, b.i32(i)), b.i32(1));
    r = b.bin('xor', r, b.bin('shl', b.bin('mul', x, bit), b.i32(i)));
  }
  return r;
}

/** |x - y| of extended lanes, computed in i64 (the caller wraps or widens). */
function absDiff(e: ArmEmitter, x: Temp, y: Temp, signed: boolean): Temp {
  const b = e.b;
  const d = b.bin('sub', ext64(e, x, signed), ext64(e, y, signed));
  return b.select(b.cmp('lt_s', d, b.i64(0)), b.bin('sub', b.i64(0), d), d);
}

// ---- drivers: same-length and long forms, Vm or scalar operand ----

type SameOp = (e: ArmEmitter, x: Temp, y: Temp, acc: Temp, size: LaneSize, signed: boolean) => Temp | Sat;

/** Vd[k] = op(Vn[k], B(k), Vd[k]); saturated results set QC. */
function same(e: ArmEmitter, f: Fields, size: LaneSize, signed: boolean, y: Operand, op: SameOp): void {
  const b = e.b;
  const regsN = f.Q ? 2 : 1, d = dnum(f.vd, f.D);
  const x = lanesOf(e, dnum(f.vn, f.N), regsN, size, signed), acc = lanesOf(e, d, regsN, size);
  let sat: Temp | null = null;
  const out = x.map((v, k) => {
    const r = op(e, v, y(k), acc[k]!, size, signed);
    if (typeof r === 'number') return r;
    sat = sat === null ? r.sat : b.bin('or', sat, r.sat);
    return r.r;
  });
  writeLanes(e, d, size, out);
  if (sat !== null) setQc(e, sat);
}

type LongOp = (e: ArmEmitter, x: Temp, y: Temp, acc: Temp, size: LaneSize, signed: boolean) => Temp | Sat;

/** Qd[k] (2 * size) = op(Dn[k], B(k), Qd[k]). */
function long(e: ArmEmitter, f: Fields, size: LaneSize, signed: boolean, y: Operand, op: LongOp): boolean {
  if (f.vd & 1) return false;
  const b = e.b;
  const wide = (2 * size) as LaneSize, d = dnum(f.vd, f.D);
  const x = lanesOf(e, dnum(f.vn, f.N), 1, size, signed), acc = lanesOf(e, d, 2, wide, signed);
  let sat: Temp | null = null;
  const out = x.map((v, k) => {
    const r = op(e, v, y(k), acc[k]!, size, signed);
    if (typeof r === 'number') return r;
    sat = sat === null ? r.sat : b.bin('or', sat, r.sat);
    return r.r;
  });
  writeLanes(e, d, wide, out);
  if (sat !== null) setQc(e, sat);
  return true;
}

/** A widened integer: i32 for 16-bit results, i64 for 64-bit ones. */
const widen = (e: ArmEmitter, v: Temp, size: LaneSize, signed: boolean): Temp => (size === 4 ? ext64(e, v, signed) : v);
const mulLong: LongOp = (e, x, y, _a, size, signed) => e.b.bin('mul', widen(e, x, size, signed), widen(e, y, size, signed));
const mlal: LongOp = (e, x, y, a, size, signed) => e.b.bin('add', a, mulLong(e, x, y, a, size, signed) as Temp);
const mlsl: LongOp = (e, x, y, a, size, signed) => e.b.bin('sub', a, mulLong(e, x, y, a, size, signed) as Temp);
const qdmlal = (sub: boolean): LongOp => (e, x, y, a, size) => {
  const p = qdmull(e, x, y, size);
  const s = qaddsub(e, a, p.r, (2 * size) as LaneSize, true, sub);
  return { r: s.r, sat: e.b.bin('or', p.sat, s.sat) };
};
const abdl: LongOp = (e, x, y, _a, size, signed) => (size === 4 ? absDiff(e, x, y, signed) : e.b.conv('wrap', absDiff(e, x, y, signed)));
const abal: LongOp = (e, x, y, a, size, signed) => e.b.bin('add', a, abdl(e, x, y, a, size, signed) as Temp);

const wrap = (e: ArmEmitter, v: Temp, size: LaneSize): Temp => (size === 8 ? v : e.b.conv('wrap', v));
/** VHADD/VRHADD/VHSUB: (x ± y [+ 1]) >> 1 in i64. */
const halving = (kind: 'add' | 'radd' | 'sub'): SameOp => (e, x, y, _a, size, signed) => {
  const b = e.b;
  let s = b.bin(kind === 'sub' ? 'sub' : 'add', ext64(e, x, signed), ext64(e, y, signed));
  if (kind === 'radd') s = b.bin('add', s, b.i64(1));
  return wrap(e, b.bin('shr_s', s, b.i64(1)), size);
};
const abd: SameOp = (e, x, y, _a, size, signed) => wrap(e, absDiff(e, x, y, signed), size);
const aba: SameOp = (e, x, y, a, size, signed) => e.b.bin('add', a, abd(e, x, y, a, size, signed) as Temp);
const mulP8: SameOp = (e, x, y) => pmul(e, x, y);
const vmul: SameOp = (e, x, y) => e.b.bin('mul', x, y);
const vmla: SameOp = (e, x, y, a) => e.b.bin('add', a, e.b.bin('mul', x, y));
const vmls: SameOp = (e, x, y, a) => e.b.bin('sub', a, e.b.bin('mul', x, y));
const vqdmulh = (round: boolean): SameOp => (e, x, y, _a, size) => qdmulh(e, x, y, size, round);
const floatOp = (op: 'mul' | 'mla' | 'mls'): SameOp => (e, x, y, a) => f32(e, op, x, y, a);

/** Three registers of the same length with lane function op (sizes: the element sizes it has). */
const sameVec = (sizes: LaneSize[], op: SameOp, signedFromU = true): EmitFn => (e, f) => {
  const size = (1 << f.size) as LaneSize;
  if (!sizes.includes(size) || !evenQ(f, f.vd, f.vn, f.vm)) return false;
  const signed = signedFromU ? f.u === 0 : true;
  const m = lanesOf(e, dnum(f.vm, f.M), f.Q ? 2 : 1, size, signed);
  same(e, f, size, signed, (k) => m[k]!, op);
  return true;
};

/** Three registers of different lengths (long): Qd from Dn and Dm. */
const longVec = (op: LongOp, signedFromU = true): EmitFn => (e, f) => {
  const size = (1 << f.size) as LaneSize;
  if (!signedFromU && size === 1) return false; // the doubling forms have no 8-bit lanes
  const signed = signedFromU ? f.u === 0 : true;
  const m = lanesOf(e, dnum(f.vm, f.M), 1, size, signed);
  return long(e, f, size, signed, (k) => m[k]!, op);
};

/** VADDHN/VRADDHN/VSUBHN/VRSUBHN (U: round): the high halves of Qn ± Qm into Dd. */
const highNarrow = (sub: boolean): EmitFn => (e, f) => {
  const size = (1 << f.size) as LaneSize;
  if (f.vn & 1 || f.vm & 1) return false;
  const b = e.b;
  const wide = (2 * size) as LaneSize;
  const x = lanesOf(e, dnum(f.vn, f.N), 2, wide), y = lanesOf(e, dnum(f.vm, f.M), 2, wide);
  const t = wide === 8 ? 'i64' : 'i32';
  writeLanes(e, dnum(f.vd, f.D), size, x.map((v, k) => {
    let s = b.bin(sub ? 'sub' : 'add', v, y[k]!);
    if (f.u) s = b.bin('add', s, b.konst(t, 2 ** (8 * size - 1)));
    const hi = b.bin('shr_u', s, b.konst(t, 8 * size));
    return wide === 8 ? b.conv('wrap', hi) : hi;
  }));
  return true;
};

// ---- by scalar ----

/** The scalar Dm[x]: 16-bit lanes from D0-D7 (index M:Vm<3>), 32-bit from D0-D15 (index M). */
function scalar(e: ArmEmitter, f: Fields, size: LaneSize, signed: boolean): Temp {
  return size === 2 ? lane(e, f.vm & 7, (f.M << 1) | (f.vm >> 3), 2, signed) : lane(e, f.vm, f.M, 4, signed);
}
/** Same-length by-scalar forms: Q is insn<24> (the U position). */
const sameScalar = (op: SameOp, float = false): EmitFn => (e, f) => {
  const size = (1 << f.size) as LaneSize;
  const g = { ...f, Q: f.u };
  if ((float && size !== 4) || !evenQ(g, f.vd, f.vn)) return false;
  const s = scalar(e, f, size, true);
  same(e, g, size, true, () => s, op);
  return true;
};
/** Long by-scalar forms: U is the signedness (the doubling ones exist only with U = 0). */
const longScalar = (op: LongOp, signedFromU = true): EmitFn => (e, f) => {
  const size = (1 << f.size) as LaneSize;
  const signed = signedFromU ? f.u === 0 : true;
  const s = scalar(e, f, size, signed);
  return long(e, f, size, signed, () => s, op);
};

/** Two registers and a scalar, sizes 01 and 10 (11 is other space), opcode insn<11:8>. */
const SCALAR = (opc: string, name: string, emit: EmitFn): ReturnType<typeof dp>[] =>
  ['01', '10'].map((sz, k) => dp(name, `1 D:1 ${sz} vn:4 vd:4 ${opc} N:1 1 M:1 0 vm:4`, (e, f) => emit(e, { ...f, size: k + 1 })));

// ---- two registers, miscellaneous ----

/** VCLS, VQABS, VQNEG on sign-extended lanes of up to 32 bits. */
const misc = (op: (e: ArmEmitter, v: Temp, size: LaneSize) => Temp | Sat): EmitFn => (e, f) => {
  const size = (1 << f.size) as LaneSize;
  if (size === 8 || !evenQ(f, f.vd, f.vm)) return false;
  const b = e.b;
  let sat: Temp | null = null;
  const v = lanesOf(e, dnum(f.vm, f.M), f.Q ? 2 : 1, size, true);
  writeLanes(e, dnum(f.vd, f.D), size, v.map((x) => {
    const r = op(e, x, size);
    if (typeof r === 'number') return r;
    sat = sat === null ? r.sat : b.bin('or', sat, r.sat);
    return r.r;
  }));
  if (sat !== null) setQc(e, sat);
  return true;
};
const cls = (e: ArmEmitter, v: Temp, size: LaneSize): Temp =>
  e.b.bin('sub', e.b.un('clz', e.b.bin('xor', v, e.b.bin('shr_s', v, e.b.i32(31)))), e.b.i32(33 - 8 * size));
const qabsneg = (neg: boolean) => (e: ArmEmitter, v: Temp, size: LaneSize): Sat => {
  const b = e.b;
  const min = b.i32(-(2 ** (8 * size - 1)));
  const sat = b.cmp('eq', v, min);
  const r = neg ? b.un('neg', v) : b.select(b.cmp('lt_s', v, b.i32(0)), b.un('neg', v), v);
  return { r: b.select(sat, b.i32(2 ** (8 * size - 1) - 1), r), sat };
};

/** VTBL/VTBX: bytes of the table Dn..Dn+len indexed by Dm's bytes; out of range: 0 (VTBL) or Dd's byte (VTBX). */
function vtbl(e: ArmEmitter, f: Fields): boolean {
  const n = dnum(f.vn, f.N), regsN = f.len + 1;
  if (n + regsN > 32) return false;
  const b = e.b;
  const table = [...Array(regsN).keys()].map((r) => b.get('i64', ARM.dreg(n + r)));
  const idx = lanesOf(e, dnum(f.vm, f.M), 1, 1), d = dnum(f.vd, f.D), old = lanesOf(e, d, 1, 1);
  writeLanes(e, d, 1, idx.map((i, k) => {
    let word = table[0]!;
    for (let r = 1; r < regsN; r++) word = b.select(b.cmp('eq', b.bin('shr_u', i, b.i32(3)), b.i32(r)), table[r]!, word);
    const byte = b.conv('wrap', b.bin('shr_u', word, b.conv('extend_u', b.bin('shl', b.bin('and', i, b.i32(7)), b.i32(3)))));
    return b.select(b.cmp('lt_u', i, b.i32(8 * regsN)), byte, f.op ? old[k]! : b.i32(0));
  }));
  return true;
}

const DP = [
  dp('VHADD', SAME('0000', '0'), sameVec([1, 2, 4], halving('add'))),
  dp('VRHADD', SAME('0001', '0'), sameVec([1, 2, 4], halving('radd'))),
  dp('VHSUB', SAME('0010', '0'), sameVec([1, 2, 4], halving('sub'))),
  dp('VABD (integer)', SAME('0111', '0'), sameVec([1, 2, 4], abd)),
  dp('VABA', SAME('0111', '1'), sameVec([1, 2, 4], aba)),
  dp('VMUL (polynomial)', SAME('1001', '1'), sameVec([1], mulP8), 1),
  dp('VQDMULH', SAME('1011', '0'), sameVec([2, 4], vqdmulh(false), false), 0),
  dp('VQRDMULH', SAME('1011', '0'), sameVec([2, 4], vqdmulh(true), false), 1),
  ...DIFF('0100', 'VADDHN/VRADDHN', highNarrow(false)),
  ...DIFF('0110', 'VSUBHN/VRSUBHN', highNarrow(true)),
  ...DIFF('0101', 'VABAL', longVec(abal)),
  ...DIFF('0111', 'VABDL', longVec(abdl)),
  ...DIFF('1000', 'VMLAL', longVec(mlal)),
  ...DIFF('1010', 'VMLSL', longVec(mlsl)),
  ...DIFF('1001', 'VQDMLAL', ifU(0, longVec(qdmlal(false), false))),
  ...DIFF('1011', 'VQDMLSL', ifU(0, longVec(qdmlal(true), false))),
  ...DIFF('1101', 'VQDMULL', ifU(0, longVec((e, x, y, _a, size) => qdmull(e, x, y, size), false))),
  ...DIFF('1110', 'VMULL (polynomial)', (e, f) => (f.u === 0 && f.size === 0 ? longVec((em, x, y) => pmul(em, x, y))(e, f) : false)),
  ...SCALAR('0000', 'VMLA (by scalar)', sameScalar(vmla)),
  ...SCALAR('0001', 'VMLA (float, by scalar)', sameScalar(floatOp('mla'), true)),
  ...SCALAR('0100', 'VMLS (by scalar)', sameScalar(vmls)),
  ...SCALAR('0101', 'VMLS (float, by scalar)', sameScalar(floatOp('mls'), true)),
  ...SCALAR('1000', 'VMUL (by scalar)', sameScalar(vmul)),
  ...SCALAR('1001', 'VMUL (float, by scalar)', sameScalar(floatOp('mul'), true)),
  ...SCALAR('1100', 'VQDMULH (by scalar)', sameScalar(vqdmulh(false))),
  ...SCALAR('1101', 'VQRDMULH (by scalar)', sameScalar(vqdmulh(true))),
  ...SCALAR('0010', 'VMLAL (by scalar)', longScalar(mlal)),
  ...SCALAR('0110', 'VMLSL (by scalar)', longScalar(mlsl)),
  ...SCALAR('1010', 'VMULL (by scalar)', longScalar(mulLong)),
  ...SCALAR('0011', 'VQDMLAL (by scalar)', ifU(0, longScalar(qdmlal(false), false))),
  ...SCALAR('0111', 'VQDMLSL (by scalar)', ifU(0, longScalar(qdmlal(true), false))),
  ...SCALAR('1011', 'VQDMULL (by scalar)', ifU(0, longScalar((e, x, y, _a, size) => qdmull(e, x, y, size), false))),
  dp('VCLS', MISC('00', '1000'), misc(cls), 1),
  dp('VQABS', MISC('00', '1110'), misc(qabsneg(false)), 1),
  dp('VQNEG', MISC('00', '1111'), misc(qabsneg(true)), 1),
  dp('VTBL/VTBX', '1 D:1 11 vn:4 vd:4 10 len:2 N:1 op:1 M:1 0 vm:4', vtbl, 1),
];

export const neonIntGroup: Group = { a32u: DP.map((x) => x.a32u), t32: DP.map((x) => x.t32) };
