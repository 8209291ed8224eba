// Reference semantics of the IR's scalar operations, as used by the interpreter tier.
// Value representation: i32 = int32 number, i64 = a safe-integer number or else a signed bigint
// (int64.ts), f32 = number already rounded with Math.fround, f64 = number. Each i64 operation
// is written once on bigints (the reference); the common ones also have a path on numbers that
// applies when both operands and the result are safe integers. The JIT never calls into this file.
import type { BinKind, CmpKind, ConvKind, Ty, UnKind } from '../ir/types.js';
import { fromBig, fromHalves, hi32, lo32, MAX_SAFE, toBig, TWO32, type I64 } from './int64.js';

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

const BIG_BIN: Record<string, (a: bigint, b: bigint) => bigint> = {
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

/** 2^n for shift amounts. */
const POW2 = Array.from({ length: 64 }, (_, n) => 2 ** n);
const safe = (r: number): boolean => r <= MAX_SAFE && r >= -MAX_SAFE;

function viaBig(kind: string): (a: I64, b: I64) => I64 {
  const f = BIG_BIN[kind]!;
  return (a, b) => fromBig(f(toBig(a), toBig(b)));
}

/**
 * An operation on numbers whose result is exact whenever it is a safe integer (a true result
 * beyond the safe range rounds to at least 2^53), else the bigint reference.
 */
function onNumbers(kind: string, op: (x: number, y: number) => number): (a: I64, b: I64) => I64 {
  const slow = viaBig(kind);
  return (a, b) => {
    if (typeof a === 'number' && typeof b === 'number') {
      const r = op(a, b);
      if (safe(r)) return r + 0; // + 0: no -0
    }
    return slow(a, b);
  };
}

/** and/or/xor word by word (a safe integer's bits 53..63 are copies of bit 52). */
function bitwise(op: (x: number, y: number) => number): (x: number, y: number) => number {
  return (a, b) => ((a | 0) === a && (b | 0) === b ? op(a, b)
    : op(Math.floor(a / TWO32), Math.floor(b / TWO32)) * TWO32 + (op(a | 0, b | 0) >>> 0));
}

const I64_BIN: Record<string, (a: I64, b: I64) => I64> = {
  ...Object.fromEntries(Object.keys(BIG_BIN).map((k) => [k, viaBig(k)])),
  add: onNumbers('add', (a, b) => a + b),
  sub: onNumbers('sub', (a, b) => a - b),
  mul: onNumbers('mul', (a, b) => a * b),
  and: onNumbers('and', bitwise((a, b) => a & b)),
  or: onNumbers('or', bitwise((a, b) => a | b)),
  xor: onNumbers('xor', bitwise((a, b) => a ^ b)),
  shl: onNumbers('shl', (a, b) => a * POW2[b & 63]!),
  // Dividing by a power of two is exact, so floor() is the arithmetic shift.
  shr_s: onNumbers('shr_s', (a, b) => Math.floor(a / POW2[b & 63]!)),
  shr_u: onNumbers('shr_u', (a, b) => (a >= 0 ? Math.floor(a / POW2[b & 63]!) : NaN)),
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
/** Unsigned a < b. Numbers of one sign order as their unsigned forms do; a negative one is >= 2^63. */
function ltU64(a: I64, b: I64): boolean {
  if (typeof a === 'number' && typeof b === 'number') return (a < 0) === (b < 0) ? a < b : b < 0;
  return U(toBig(a)) < U(toBig(b));
}
// The signed comparisons of INT_CMP hold for i64 as they are: canonical values make === exact,
// and < between a number and a bigint compares their mathematical values.
const I64_CMP: Record<string, Fn2> = {
  ...INT_CMP,
  lt_u: (a, b) => b2i(ltU64(a, b)), le_u: (a, b) => b2i(!ltU64(b, a)),
  gt_u: (a, b) => b2i(ltU64(b, a)), ge_u: (a, b) => b2i(!ltU64(a, b)),
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
const I64_UN: Record<string, (a: I64) => I64> = {
  clz: (a) => { const h = hi32(a); return h !== 0 ? Math.clz32(h) : 32 + Math.clz32(lo32(a)); },
  ctz: (a) => { const l = lo32(a); return l !== 0 ? ctz32(l) : 32 + ctz32(hi32(a)); },
  popcnt: (a) => popcnt32(hi32(a)) + popcnt32(lo32(a)),
  neg: (a) => (typeof a === 'number' ? 0 - a : fromBig(M(-a))),
  not: (a) => (typeof a === 'number' && a < MAX_SAFE ? -a - 1 : fromBig(~toBig(a))),
  bswap: (a) => fromBig(bswap64(toBig(a))),
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

/** A truncated double within [-2^63, 2^64), as an i64. */
const truncI64 = (t: number): I64 => (safe(t) ? t + 0 : fromBig(M(BigInt(t))));

const CONV: Record<ConvKind, (a: any, ty: Ty) => Val> = {
  wrap: (a) => lo32(a),
  extend_s: (a) => a,
  extend_u: (a) => a >>> 0,
  // lo32 first: sign-extending the low 8/16/32 bits only needs them.
  sext8: (a) => (lo32(a) << 24) >> 24,
  sext16: (a) => (lo32(a) << 16) >> 16,
  sext32: (a) => lo32(a),
  f32_to_f64: (a) => a,
  f64_to_f32: (a) => fr(a),
  f_to_s32: (a) => toS32(a) | 0,
  f_to_u32: (a) => toU32(a) | 0,
  f_to_s64: (a) => (a !== a ? 0 : a >= 2 ** 63 ? I64_MAX : a <= -(2 ** 63) ? I64_MIN : truncI64(Math.trunc(a))),
  f_to_u64: (a) => (a !== a || a <= -1 ? 0 : a >= 2 ** 64 ? -1 : truncI64(Math.trunc(a))),
  s32_to_f32: (a) => fr(a),
  u32_to_f32: (a) => fr(a >>> 0),
  // A safe integer converts to f32 with one rounding, like the bigint path.
  s64_to_f32: (a) => (typeof a === 'number' ? fr(a) : bigToF32(a)),
  u64_to_f32: (a) => (typeof a === 'number' && a >= 0 ? fr(a) : bigToF32(U(toBig(a)))),
  s32_to_f64: (a) => a,
  u32_to_f64: (a) => a >>> 0,
  s64_to_f64: (a) => Number(a),
  u64_to_f64: (a) => (typeof a === 'number' && a >= 0 ? a : Number(U(toBig(a)))),
  bits_to_f32: (a) => { scratch.setInt32(0, a); return scratch.getFloat32(0); },
  bits_to_f64: (a) => { scratch.setInt32(0, hi32(a)); scratch.setInt32(4, lo32(a)); return scratch.getFloat64(0); },
  f32_to_bits: (a) => { scratch.setFloat32(0, a); return scratch.getInt32(0); },
  f64_to_bits: (a) => { scratch.setFloat64(0, a); return fromHalves(scratch.getInt32(0), scratch.getUint32(4)); },
};

/** The conversion function; `ty` is the source type (needed by the same-type sign extensions). */
export function convFn(kind: ConvKind, ty: Ty): Fn1 {
  const f = CONV[kind];
  return (a) => f(a, ty);
}
