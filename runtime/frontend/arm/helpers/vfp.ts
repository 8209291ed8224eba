// IR helpers for VFP arithmetic: exact soft-float (../../shared/softfloat.ts) in the FPSCR's
// environment (RMode, FZ, DN at FPSCR<25:22>, the positions FPCR has on AArch64), accumulating
// the cumulative exception flags (FPSCR<7,4:0>, FPSR's positions) and, for compares, writing
// FPSCR.NZCV. They read and write the FPSCR slot, hence 'state' helpers. Operands are flushed
// here under FZ (IDC), as Arm's FPUnpack does; results by softfloat's rounding.
import { registerHelper, type HelperContext } from '../../../ir/helpers.js';
import {
  arith, convert, ENV_AHP, ENV_DN, ENV_FZ, F16, F32, F64, IDC, IOC, IXC, mulAdd, round, takeFlags, unpack, type Env, type Fmt,
} from '../../shared/softfloat.js';
import { ARM } from '../state.js';

export const VFP_HELPERS = {
  arith32: 'arm_vfp_arith32', arith64: 'arm_vfp_arith64',
  fma32: 'arm_vfp_fma32', fma64: 'arm_vfp_fma64',
  cmp32: 'arm_vfp_cmp32', cmp64: 'arm_vfp_cmp64',
  f32to64: 'arm_vfp_f32_to_f64', f64to32: 'arm_vfp_f64_to_f32',
  f16to32: 'arm_vfp_f16_to_f32', f32to16: 'arm_vfp_f32_to_f16',
  toInt32: 'arm_vfp_f32_to_int', toInt64: 'arm_vfp_f64_to_int',
  fromInt32: 'arm_vfp_int_to_f32', fromInt64: 'arm_vfp_int_to_f64',
} as const;

/** Operation numbers of the arith helpers. */
export const VFP_OPS = ['add', 'sub', 'mul', 'div', 'sqrt'] as const;

/** Bits of the integer conversions' `mode` argument. */
/** CVT_ROUND_NEAREST: fixed-point to float rounds to nearest whatever FPSCR.RMode says. */
export const CVT_SIGNED = 1, CVT_ROUND_ZERO = 2, CVT_ROUND_NEAREST = 4;

const fpscr = (ctx: HelperContext): number => ctx.state.getUint32(ARM.fpscr, true);
const envOf = (ctx: HelperContext): Env => (fpscr(ctx) >>> 22) & 0x1f;
function raise(ctx: HelperContext, flags: number): void {
  if (flags) ctx.state.setUint32(ARM.fpscr, fpscr(ctx) | flags, true);
}

/** Flags raised here rather than by softfloat (IDC of flushed operands, IOC/IXC of conversions). */
let extra = 0;
/** Flags a helper running in withEnv raises itself (IOC of compares, ...). */
export function raiseLater(flags: number): void { extra |= flags; }

/** A denormal operand under FZ is a zero of its sign (IDC). */
export function flush(x: bigint, f: Fmt, env: Env): bigint {
  if (!(env & ENV_FZ)) return x;
  const expField = (x >> BigInt(f.mant)) & ((1n << BigInt(f.expBits)) - 1n);
  if (expField !== 0n || (x & ((1n << BigInt(f.mant)) - 1n)) === 0n) return x;
  extra |= IDC;
  return x & (1n << BigInt(f.bits - 1));
}

/** Runs fn in the thread's environment (or `env`) and ORs the flags it raised into FPSCR. */
export function withEnv<T>(ctx: HelperContext, fn: (env: Env) => T, env = envOf(ctx)): T {
  takeFlags();
  extra = 0;
  const r = fn(env);
  raise(ctx, takeFlags() | extra);
  return r;
}

const u32 = (v: number): bigint => BigInt(v >>> 0);
const u64 = (v: bigint): bigint => BigInt.asUintN(64, v);
const s32 = (v: bigint): number => Number(BigInt.asIntN(32, v));
const s64 = (v: bigint): bigint => BigInt.asIntN(64, v);

// ---- the common case on the host ----
// With round to nearest and no FZ/DN, finite normal (or zero) operands and a normal (or zero)
// result, the host's IEEE result is Arm's, and only IXC can be raised: it is decided exactly
// with error-free transformations (TwoSum, Dekker's TwoProduct). Single precision computes in
// double, which is innocuous for + - * / sqrt (53 >= 2 * 24 + 2 bits) and exact for + - *
// of two singles' products and sums where the check needs it. Everything else goes to softfloat.

const F64_SAFE_MIN = 2 ** -900, F32_MIN_NORMAL = 2 ** -126, F32_MAX = 3.4028234663852886e38;
const conv = new DataView(new ArrayBuffer(8));
const bitsToF64 = (b: bigint): number => { conv.setBigUint64(0, b, true); return conv.getFloat64(0, true); };
const f64ToBits = (x: number): bigint => { conv.setFloat64(0, x, true); return conv.getBigInt64(0, true); };
export const bitsToF32 = (b: number): number => { conv.setUint32(0, b, true); return conv.getFloat32(0, true); };
export const f32ToBits = (x: number): number => { conv.setFloat32(0, x, true); return conv.getInt32(0, true); };

/** Whether x is zero or a finite number of at least `minNormal` in magnitude. */
const ordinary = (x: number, minNormal: number, max: number): boolean => x === 0 || (Math.abs(x) >= minNormal && Math.abs(x) <= max);

/** A zero product or quotient of non-zero operands underflowed (sums cancel exactly to zero). */
const underflowedToZero = (op: number, a: number, b: number, r: number): boolean => r === 0 && op >= 2 && a !== 0 && (op === 4 || b !== 0);

const SPLIT = 134217729; // 2^27 + 1
/** The rounding error of a * b (exact when no overflow/underflow), Dekker's TwoProduct. */
function productError(a: number, b: number, p: number): number {
  let t = SPLIT * a;
  const ah = t - (t - a), al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b), bl = b - bh;
  return ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}
function sumError(a: number, b: number, s: number): number {
  const bb = s - a;
  return (a - (s - bb)) + (b - bb);
}

/** Host result of op in double and whether it is inexact, or null when softfloat must decide. */
function hostArith64(op: number, a: number, b: number): [number, boolean] | null {
  // The error-free transformations need headroom: no overflow in the splitting, no underflow in
  // the error terms.
  const min = F64_SAFE_MIN, max = 1 / F64_SAFE_MIN;
  if (!ordinary(a, min, max) || (op !== 4 && !ordinary(b, min, max))) return null;
  let r: number, inexact: boolean;
  switch (op) {
    case 0: r = a + b; inexact = sumError(a, b, r) !== 0; break;
    case 1: r = a - b; inexact = sumError(a, -b, r) !== 0; break;
    case 2: r = a * b; inexact = productError(a, b, r) !== 0; break;
    case 3: if (b === 0) return null; r = a / b; inexact = r * b !== a || productError(r, b, r * b) !== 0; break;
    default: if (a < 0) return null; r = Math.sqrt(a); inexact = r * r !== a || productError(r, r, r * r) !== 0; break;
  }
  return ordinary(r, min, max) && !underflowedToZero(op, a, b, r) ? [r, inexact] : null;
}
export function hostArith32(op: number, a: number, b: number): [number, boolean] | null {
  if (!ordinary(a, F32_MIN_NORMAL, F32_MAX) || (op !== 4 && !ordinary(b, F32_MIN_NORMAL, F32_MAX))) return null;
  let d: number;
  switch (op) {
    case 0: d = a + b; break;
    case 1: d = a - b; break;
    case 2: d = a * b; break; // exact in double
    case 3: if (b === 0) return null; d = a / b; break;
    default: if (a < 0) return null; d = Math.sqrt(a); break;
  }
  const r = Math.fround(d);
  if (!ordinary(r, F32_MIN_NORMAL, F32_MAX) || underflowedToZero(op, a, b, r)) return null;
  let inexact: boolean;
  if (op <= 1) inexact = r !== d || sumError(a, op ? -b : b, d) !== 0; // a sum of two singles is exact in double unless far apart
  else if (op === 2) inexact = r !== d;
  else if (op === 3) inexact = r * b !== a; // a 24-bit by 24-bit product is exact in double
  else inexact = r * r !== a;
  return [r, inexact];
}

function raiseIxc(ctx: HelperContext, inexact: boolean): void { if (inexact) raise(ctx, IXC); }

registerHelper({
  name: VFP_HELPERS.arith32, params: ['i32', 'i32', 'i32'], result: 'i32', effects: 'state',
  fn: (ctx, op: number, a: number, b: number) => {
    const fast = envOf(ctx) === 0 ? hostArith32(op, bitsToF32(a), bitsToF32(b)) : null;
    if (fast !== null) { raiseIxc(ctx, fast[1]); return f32ToBits(fast[0]); }
    return withEnv(ctx, (env) => s32(arith(VFP_OPS[op]!, flush(u32(a), F32, env), flush(u32(b), F32, env), F32, env)));
  },
});
registerHelper({
  name: VFP_HELPERS.arith64, params: ['i32', 'i64', 'i64'], result: 'i64', effects: 'state',
  fn: (ctx, op: number, a: bigint, b: bigint) => {
    const fast = envOf(ctx) === 0 ? hostArith64(op, bitsToF64(u64(a)), bitsToF64(u64(b))) : null;
    if (fast !== null) { raiseIxc(ctx, fast[1]); return f64ToBits(fast[0]); }
    return withEnv(ctx, (env) => s64(arith(VFP_OPS[op]!, flush(u64(a), F64, env), flush(u64(b), F64, env), F64, env)));
  },
});
registerHelper({
  name: VFP_HELPERS.fma32, params: ['i32', 'i32', 'i32'], result: 'i32', effects: 'state',
  fn: (ctx, a: number, x: number, y: number) => withEnv(ctx, (env) => s32(mulAdd(flush(u32(a), F32, env), flush(u32(x), F32, env), flush(u32(y), F32, env), F32, env))),
});
registerHelper({
  name: VFP_HELPERS.fma64, params: ['i64', 'i64', 'i64'], result: 'i64', effects: 'state',
  fn: (ctx, a: bigint, x: bigint, y: bigint) => withEnv(ctx, (env) => s64(mulAdd(flush(u64(a), F64, env), flush(u64(x), F64, env), flush(u64(y), F64, env), F64, env))),
});

/** The value of a non-NaN operand as a JS number (exact for both formats). */
function valueOf(x: bigint, f: Fmt): number {
  const u = unpack(x, f);
  const mag = u.kind === 'zero' ? 0 : u.kind === 'inf' ? Infinity : Number(u.m) * 2 ** u.e;
  return u.sign ? -mag : mag;
}

/**
 * VCMP/VCMPE: FPSCR.NZCV = 0110 equal, 1000 less, 0010 greater, 0011 unordered. IOC for a
 * signalling NaN, or any NaN with `signalling` (VCMPE).
 */
function compare(ctx: HelperContext, a: bigint, b: bigint, f: Fmt, signalling: number): void {
  let nzcv = 0;
  withEnv(ctx, (env) => {
    const x = unpack(flush(a, f, env), f), y = unpack(flush(b, f, env), f);
    const nan = (k: string): boolean => k === 'qnan' || k === 'snan';
    if (nan(x.kind) || nan(y.kind)) {
      if (signalling || x.kind === 'snan' || y.kind === 'snan') extra |= IOC;
      nzcv = 0b0011;
      return;
    }
    const va = valueOf(flush(a, f, env), f), vb = valueOf(flush(b, f, env), f);
    nzcv = va === vb ? 0b0110 : va < vb ? 0b1000 : 0b0010;
  });
  ctx.state.setUint32(ARM.fpscr, ((fpscr(ctx) & 0x0fffffff) | (nzcv << 28)) >>> 0, true);
}
registerHelper({
  name: VFP_HELPERS.cmp32, params: ['i32', 'i32', 'i32'], effects: 'state',
  fn: (ctx, a: number, b: number, e: number) => compare(ctx, u32(a), u32(b), F32, e),
});
registerHelper({
  name: VFP_HELPERS.cmp64, params: ['i64', 'i64', 'i32'], effects: 'state',
  fn: (ctx, a: bigint, b: bigint, e: number) => compare(ctx, u64(a), u64(b), F64, e),
});

registerHelper({
  name: VFP_HELPERS.f32to64, params: ['i32'], result: 'i64', effects: 'state',
  fn: (ctx, a: number) => withEnv(ctx, (env) => s64(convert(flush(u32(a), F32, env), F32, F64, env))),
});
registerHelper({
  name: VFP_HELPERS.f64to32, params: ['i64'], result: 'i32', effects: 'state',
  fn: (ctx, a: bigint) => withEnv(ctx, (env) => s32(convert(flush(u64(a), F64, env), F64, F32, env))),
});

/**
 * The environment of a half-precision conversion: FPSCR's, or with `standard` (Advanced SIMD)
 * the standard FPSCR value (round to nearest, FZ, DN), which keeps FPSCR.AHP.
 */
const halfEnv = (ctx: HelperContext, standard: number): Env => (standard ? ENV_FZ | ENV_DN | (envOf(ctx) & ENV_AHP) : envOf(ctx));

// VCVTB/VCVTT and Advanced SIMD VCVT between half and single precision. A half-precision operand
// is never flushed (FZ is for single and double); a single one is, under FZ (IDC); AHP (no
// infinities or NaNs in half precision) is softfloat's.
registerHelper({
  name: VFP_HELPERS.f16to32, params: ['i32', 'i32'], result: 'i32', effects: 'state',
  fn: (ctx, a: number, standard: number) => withEnv(ctx, (env) => s32(convert(BigInt(a & 0xffff), F16, F32, env)), halfEnv(ctx, standard)),
});
registerHelper({
  name: VFP_HELPERS.f32to16, params: ['i32', 'i32'], result: 'i32', effects: 'state',
  fn: (ctx, a: number, standard: number) => withEnv(ctx, (env) => s32(convert(flush(u32(a), F32, env), F32, F16, env)), halfEnv(ctx, standard)),
});

/**
 * FPToFixed: x * 2^fbits rounded to an integer of `bits` (32, or 16 for the halfword fixed-point
 * forms) in the FPSCR mode or toward zero, saturating with IOC (NaN: 0), IXC when inexact.
 */
export function toInt(x: bigint, f: Fmt, mode: number, fbits: number, bits: number, env: Env): bigint {
  const signed = (mode & CVT_SIGNED) !== 0;
  const u = unpack(flush(x, f, env), f);
  const min = signed ? -(1n << BigInt(bits - 1)) : 0n, max = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
  let flags = 0;
  let v: bigint;
  if (u.kind === 'qnan' || u.kind === 'snan') { extra |= IOC; return 0n; }
  if (u.kind === 'inf') v = u.sign ? min - 1n : max + 1n;
  else if (u.kind === 'zero') v = 0n;
  else {
    const e = u.e + fbits;
    let q: bigint;
    if (e >= 0) q = u.m << BigInt(e);
    else {
      const sh = BigInt(-e);
      q = u.m >> sh;
      const rem = u.m & ((1n << sh) - 1n), half = 1n << (sh - 1n);
      const rmode = mode & CVT_ROUND_ZERO ? 3 : env & 3;
      if (rem !== 0n) {
        flags = IXC;
        const up = rmode === 0 ? rem > half || (rem === half && (q & 1n) === 1n) : rmode === 1 ? u.sign === 0 : rmode === 2 ? u.sign === 1 : false;
        if (up) q += 1n;
      }
    }
    v = u.sign ? -q : q;
  }
  if (v < min || v > max) { extra |= IOC; return v < min ? min : max; }
  extra |= flags;
  return v;
}
/** FixedToFP: the integer (signed or not, `bits` wide) / 2^fbits, rounded in the FPSCR mode. */
export function fromInt(v: bigint, f: Fmt, mode: number, fbits: number, bits: number, env: Env): bigint {
  const x = mode & CVT_SIGNED ? BigInt.asIntN(bits, v) : BigInt.asUintN(bits, v);
  if (x === 0n) return 0n;
  return round(x < 0n ? 1 : 0, x < 0n ? -x : x, -fbits, f, mode & CVT_ROUND_NEAREST ? env & ~3 : env);
}
// (mode, fbits, bits) travel as one i32: mode | fbits << 8 | bits << 16.
const unpackArgs = (k: number): [number, number, number] => [k & 0xff, (k >> 8) & 0xff, k >> 16];
registerHelper({
  name: VFP_HELPERS.toInt32, params: ['i32', 'i32'], result: 'i32', effects: 'state',
  fn: (ctx, a: number, k: number) => withEnv(ctx, (env) => s32(toInt(u32(a), F32, ...unpackArgs(k), env))),
});
registerHelper({
  name: VFP_HELPERS.toInt64, params: ['i64', 'i32'], result: 'i32', effects: 'state',
  fn: (ctx, a: bigint, k: number) => withEnv(ctx, (env) => s32(toInt(u64(a), F64, ...unpackArgs(k), env))),
});
registerHelper({
  name: VFP_HELPERS.fromInt32, params: ['i32', 'i32'], result: 'i32', effects: 'state',
  fn: (ctx, a: number, k: number) => withEnv(ctx, (env) => s32(fromInt(u32(a), F32, ...unpackArgs(k), env))),
});
registerHelper({
  name: VFP_HELPERS.fromInt64, params: ['i32', 'i32'], result: 'i64', effects: 'state',
  fn: (ctx, a: number, k: number) => withEnv(ctx, (env) => s64(fromInt(u32(a), F64, ...unpackArgs(k), env))),
});

/** The packed (mode, fbits, bits) argument of the integer conversion helpers. */
export const cvtArgs = (mode: number, fbits = 0, bits = 32): number => mode | (fbits << 8) | (bits << 16);
