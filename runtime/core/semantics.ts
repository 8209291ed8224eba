// Reference semantics of the IR's scalar operations, as used by the interpreter tier.
// Value representation: i32 = int32 number, i64 = signed bigint (BigInt.asIntN(64, ...)),
// f32 = number already rounded with Math.fround, f64 = number. BigInt is acceptable here
// because the interpreter only runs cold code (docs/ir.md); the JIT never calls into this file.
import type { BinKind, CmpKind, ConvKind, Ty, UnKind } from '../ir/types.js';

export type Val = number | bigint;
type Fn2 = (a: any, b: any) => Val;
type Fn1 = (a: any) => Val;

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const M = (v: bigint): bigint => BigInt.asIntN(64, v);
const U = (v: bigint): bigint => BigInt.asUintN(64, v);
const fr = Math.fround;

const scratch = new DataView(new ArrayBuffer(8));

function copysign(a: number, b: number): number {
  scratch.setFloat64(0, b);
  const neg = (scratch.getUint8(0) & 0x80) !== 0;
  const mag = Math.abs(a);
  return neg ? -mag : mag;
}

/** Round half to even (wasm `nearest`), keeping the sign of zero results. */
export function nearest(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function popcnt32(a: number): number {
  a = a - ((a >>> 1) & 0x55555555);
  a = (a & 0x33333333) + ((a >>> 2) & 0x33333333);
  return (Math.imul((a + (a >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}
const ctz32 = (a: number): number => (a === 0 ? 32 : 31 - Math.clz32(a & -a));
const hi32 = (a: bigint): number => Number(U(a) >> 32n) | 0;
const lo32 = (a: bigint): number => Number(BigInt.asIntN(32, a));

function bswap32(a: number): number {
  return ((a & 0xff) << 24) | ((a & 0xff00) << 8) | ((a >>> 8) & 0xff00) | (a >>> 24);
}
function bswap64(a: bigint): bigint {
  scratch.setBigInt64(0, a, true);
  return scratch.getBigInt64(0, false);
}

/** Unsigned or signed 64-bit integer to f32 with a single rounding (no f64 double rounding). */
function bigToF32(v: bigint): number {
  const neg = v < 0n;
  const m = neg ? -v : v;
  if (m < 2n ** 53n) return fr(Number(v));
  const shift = m.toString(2).length - 53;
  let top = m >> BigInt(shift);
  if ((m & ((1n << BigInt(shift)) - 1n)) !== 0n) top |= 1n; // sticky bit
  const r = fr(Number(top) * 2 ** shift);
  return neg ? -r : r;
}

const I32_BIN: Record<string, Fn2> = {
  add: (a, b) => (a + b) | 0,
  sub: (a, b) => (a - b) | 0,
  mul: (a, b) => Math.imul(a, b),
  div_s: (a, b) => (b === 0 ? 0 : a === -2147483648 && b === -1 ? a : (a / b) | 0),
  div_u: (a, b) => (b === 0 ? 0 : ((a >>> 0) / (b >>> 0)) | 0),
  rem_s: (a, b) => (b === 0 ? a : (a % b) | 0),
  rem_u: (a, b) => (b === 0 ? a : ((a >>> 0) % (b >>> 0)) | 0),
  mulh_s: (a, b) => Number((BigInt(a) * BigInt(b)) >> 32n) | 0,
  mulh_u: (a, b) => Number((BigInt(a >>> 0) * BigInt(b >>> 0)) >> 32n) | 0,
  and: (a, b) => a & b,
  or: (a, b) => a | b,
  xor: (a, b) => a ^ b,
  shl: (a, b) => a << b,
  shr_u: (a, b) => (a >>> b) | 0,
  shr_s: (a, b) => a >> b,
  rotl: (a, b) => (a << b) | (a >>> (32 - (b & 31))),
  rotr: (a, b) => (a >>> b) | (a << (32 - (b & 31))),
};

const I64_BIN: Record<string, (a: bigint, b: bigint) => bigint> = {
  add: (a, b) => M(a + b),
  sub: (a, b) => M(a - b),
  mul: (a, b) => M(a * b),
  div_s: (a, b) => (b === 0n ? 0n : a === I64_MIN && b === -1n ? a : a / b),
  div_u: (a, b) => (b === 0n ? 0n : M(U(a) / U(b))),
  rem_s: (a, b) => (b === 0n ? a : a % b),
  rem_u: (a, b) => (b === 0n ? a : M(U(a) % U(b))),
  mulh_s: (a, b) => M((a * b) >> 64n),
  mulh_u: (a, b) => M((U(a) * U(b)) >> 64n),
  and: (a, b) => a & b,
  or: (a, b) => a | b,
  xor: (a, b) => a ^ b,
  shl: (a, b) => M(a << (b & 63n)),
  shr_u: (a, b) => M(U(a) >> (b & 63n)),
  shr_s: (a, b) => a >> (b & 63n),
  rotl: (a, b) => { const n = b & 63n; return M((U(a) << n) | (U(a) >> ((64n - n) & 63n))); },
  rotr: (a, b) => { const n = b & 63n; return M((U(a) >> n) | (U(a) << ((64n - n) & 63n))); },
};

function floatBin(round: (x: number) => number): Record<string, Fn2> {
  return {
    fadd: (a, b) => round(a + b),
    fsub: (a, b) => round(a - b),
    fmul: (a, b) => round(a * b),
    fdiv: (a, b) => round(a / b),
    fmin: (a, b) => Math.min(a, b),
    fmax: (a, b) => Math.max(a, b),
    fcopysign: (a, b) => copysign(a, b),
  };
}
const ident = (x: number): number => x;

const BIN: Record<Ty, Record<string, Fn2>> = {
  i32: I32_BIN, i64: I64_BIN, f32: floatBin(fr), f64: floatBin(ident),
};

export function binFn(kind: BinKind, ty: Ty): Fn2 {
  const f = BIN[ty][kind];
  if (!f) throw new Error(`IR: bin ${kind} is not defined on ${ty}`);
  return f;
}

const b2i = (c: boolean): number => (c ? 1 : 0);
const INT_CMP: Record<string, Fn2> = {
  eq: (a, b) => b2i(a === b), ne: (a, b) => b2i(a !== b),
  lt_s: (a, b) => b2i(a < b), le_s: (a, b) => b2i(a <= b),
  gt_s: (a, b) => b2i(a > b), ge_s: (a, b) => b2i(a >= b),
};
const I32_CMP: Record<string, Fn2> = {
  ...INT_CMP,
  lt_u: (a, b) => b2i(a >>> 0 < b >>> 0), le_u: (a, b) => b2i(a >>> 0 <= b >>> 0),
  gt_u: (a, b) => b2i(a >>> 0 > b >>> 0), ge_u: (a, b) => b2i(a >>> 0 >= b >>> 0),
};
const I64_CMP: Record<string, Fn2> = {
  ...INT_CMP,
  lt_u: (a, b) => b2i(U(a) < U(b)), le_u: (a, b) => b2i(U(a) <= U(b)),
  gt_u: (a, b) => b2i(U(a) > U(b)), ge_u: (a, b) => b2i(U(a) >= U(b)),
};
const F_CMP: Record<string, Fn2> = {
  feq: (a, b) => b2i(a === b), fne: (a, b) => b2i(a !== b),
  flt: (a, b) => b2i(a < b), fle: (a, b) => b2i(a <= b),
  fgt: (a, b) => b2i(a > b), fge: (a, b) => b2i(a >= b),
};
const CMP: Record<Ty, Record<string, Fn2>> = { i32: I32_CMP, i64: I64_CMP, f32: F_CMP, f64: F_CMP };

export function cmpFn(kind: CmpKind, ty: Ty): Fn2 {
  const f = CMP[ty][kind];
  if (!f) throw new Error(`IR: cmp ${kind} is not defined on ${ty}`);
  return f;
}

function floatUn(round: (x: number) => number): Record<string, Fn1> {
  return {
    fabs: (a) => Math.abs(a), fneg: (a) => -a, fsqrt: (a) => round(Math.sqrt(a)),
    fceil: (a) => Math.ceil(a), ffloor: (a) => Math.floor(a), ftrunc: (a) => Math.trunc(a),
    fnearest: (a) => nearest(a),
  };
}
const I64_UN: Record<string, (a: bigint) => bigint> = {
  clz: (a) => { const h = hi32(a); return BigInt(h !== 0 ? Math.clz32(h) : 32 + Math.clz32(lo32(a))); },
  ctz: (a) => { const l = lo32(a); return BigInt(l !== 0 ? ctz32(l) : 32 + ctz32(hi32(a))); },
  popcnt: (a) => BigInt(popcnt32(hi32(a)) + popcnt32(lo32(a))),
  neg: (a) => M(-a), not: (a) => ~a, bswap: (a) => bswap64(a),
};
const UN: Record<Ty, Record<string, Fn1>> = {
  i32: {
    clz: (a) => Math.clz32(a), ctz: (a) => ctz32(a), popcnt: (a) => popcnt32(a),
    neg: (a) => -a | 0, not: (a) => ~a, bswap: (a) => bswap32(a),
  },
  i64: I64_UN,
  f32: floatUn(fr),
  f64: floatUn(ident),
};


export function unFn(kind: UnKind, ty: Ty): Fn1 {
  const f = UN[ty][kind];
  if (!f) throw new Error(`IR: un ${kind} is not defined on ${ty}`);
  return f;
}

function truncSat(lo: number, hi: number): (a: number) => number {
  // hi is the first value above the range; lo the last value below (exclusive bounds after trunc).
  return (a) => (a !== a ? 0 : a >= hi ? hi - 1 : a <= lo ? lo + 1 : Math.trunc(a));
}
const toS32 = truncSat(-2147483649, 2147483648);
const toU32 = truncSat(-1, 4294967296);

const CONV: Record<ConvKind, (a: any, ty: Ty) => Val> = {
  wrap: (a) => lo32(a),
  extend_s: (a) => BigInt(a),
  extend_u: (a) => BigInt(a >>> 0),
  sext8: (a, ty) => (ty === 'i32' ? (a << 24) >> 24 : BigInt.asIntN(8, a)),
  sext16: (a, ty) => (ty === 'i32' ? (a << 16) >> 16 : BigInt.asIntN(16, a)),
  sext32: (a) => BigInt.asIntN(32, a),
  f32_to_f64: (a) => a,
  f64_to_f32: (a) => fr(a),
  f_to_s32: (a) => toS32(a) | 0,
  f_to_u32: (a) => toU32(a) | 0,
  f_to_s64: (a) => (a !== a ? 0n : a >= 2 ** 63 ? I64_MAX : a <= -(2 ** 63) ? I64_MIN : BigInt(Math.trunc(a))),
  f_to_u64: (a) => (a !== a || a <= -1 ? 0n : a >= 2 ** 64 ? -1n : M(BigInt(Math.trunc(a)))),
  s32_to_f32: (a) => fr(a),
  u32_to_f32: (a) => fr(a >>> 0),
  s64_to_f32: (a) => bigToF32(a),
  u64_to_f32: (a) => bigToF32(U(a)),
  s32_to_f64: (a) => a,
  u32_to_f64: (a) => a >>> 0,
  s64_to_f64: (a) => Number(a),
  u64_to_f64: (a) => Number(U(a)),
  bits_to_f32: (a) => { scratch.setInt32(0, a); return scratch.getFloat32(0); },
  bits_to_f64: (a) => { scratch.setBigInt64(0, a); return scratch.getFloat64(0); },
  f32_to_bits: (a) => { scratch.setFloat32(0, a); return scratch.getInt32(0); },
  f64_to_bits: (a) => { scratch.setFloat64(0, a); return scratch.getBigInt64(0); },
};

/** The conversion function; `ty` is the source type (needed by the same-type sign extensions). */
export function convFn(kind: ConvKind, ty: Ty): Fn1 {
  const f = CONV[kind];
  return (a) => f(a, ty);
}
