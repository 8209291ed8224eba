// IR helpers for scalar FP semantics that need exact soft-float: fused multiply-add, conversions
// to and from half precision, and the slow path of operations the host computes (FPCR not in its
// default state). Helpers take the FP environment FPCR<26:22> (softfloat's `Env`: RMode, FZ, DN,
// AHP) as their last argument; operands arrive already flushed when FZ is set. Arguments and
// results are bit patterns so that NaN payloads survive both execution tiers.
import { registerHelper } from '../../../ir/helpers.js';
import { arith, convert, F16, F32, F64, mulAdd, round } from '../../shared/softfloat.js';

export const FP_HELPERS = {
  fma32: 'a64_fmadd32', fma64: 'a64_fmadd64',
  rsqrts32: 'a64_frsqrts32', rsqrts64: 'a64_frsqrts64',
  intToF32: 'a64_int_to_f32', intToF64: 'a64_int_to_f64',
  arith32: 'a64_fparith32', arith64: 'a64_fparith64', f64to32: 'a64_f64_to_f32',
  f16to32: 'a64_f16_to_f32', f16to64: 'a64_f16_to_f64', f32to16: 'a64_f32_to_f16', f64to16: 'a64_f64_to_f16',
} as const;

const u32 = (v: number): bigint => BigInt(v >>> 0);
const i32 = (v: bigint): number => Number(BigInt.asIntN(32, v));

registerHelper({
  name: FP_HELPERS.fma32, params: ['i32', 'i32', 'i32', 'i32'], result: 'i32', effects: 'pure',
  fn: (_c, a: number, x: number, y: number, env: number) => i32(mulAdd(u32(a), u32(x), u32(y), F32, env)),
});
registerHelper({
  name: FP_HELPERS.fma64, params: ['i64', 'i64', 'i64', 'i32'], result: 'i64', effects: 'pure',
  fn: (_c, a: bigint, x: bigint, y: bigint, env: number) => BigInt.asIntN(64, mulAdd(a, x, y, F64, env)),
});
registerHelper({
  name: FP_HELPERS.f16to32, params: ['i32', 'i32'], result: 'i32', effects: 'pure',
  fn: (_c, h: number, env: number) => i32(convert(u32(h) & 0xffffn, F16, F32, env)),
});
registerHelper({
  name: FP_HELPERS.f16to64, params: ['i32', 'i32'], result: 'i64', effects: 'pure',
  fn: (_c, h: number, env: number) => BigInt.asIntN(64, convert(u32(h) & 0xffffn, F16, F64, env)),
});
registerHelper({
  name: FP_HELPERS.f32to16, params: ['i32', 'i32'], result: 'i32', effects: 'pure',
  fn: (_c, s: number, env: number) => i32(convert(u32(s), F32, F16, env)),
});
registerHelper({
  name: FP_HELPERS.f64to16, params: ['i64', 'i32'], result: 'i32', effects: 'pure',
  fn: (_c, d: bigint, env: number) => i32(convert(BigInt.asUintN(64, d), F64, F16, env)),
});

/** Operations of the directed-rounding slow path, as passed to the arith helpers. */
export const ARITH_OPS = ['add', 'sub', 'mul', 'div', 'sqrt'] as const;
export type ArithOp = (typeof ARITH_OPS)[number];

registerHelper({
  name: FP_HELPERS.arith32, params: ['i32', 'i32', 'i32', 'i32'], result: 'i32', effects: 'pure',
  fn: (_c, op: number, a: number, b: number, env: number) => i32(arith(ARITH_OPS[op]!, u32(a), u32(b), F32, env)),
});
registerHelper({
  name: FP_HELPERS.arith64, params: ['i32', 'i64', 'i64', 'i32'], result: 'i64', effects: 'pure',
  fn: (_c, op: number, a: bigint, b: bigint, env: number) => BigInt.asIntN(64, arith(ARITH_OPS[op]!, BigInt.asUintN(64, a), BigInt.asUintN(64, b), F64, env)),
});
registerHelper({
  name: FP_HELPERS.f64to32, params: ['i64', 'i32'], result: 'i32', effects: 'pure',
  fn: (_c, d: bigint, env: number) => i32(convert(BigInt.asUintN(64, d), F64, F32, env)),
});

/** SCVTF/UCVTF outside the default environment: value (i64, extended by the caller), flags = signed | fbits << 1. */
function intToFloat(value: bigint, flags: number, env: number, f: typeof F32): bigint {
  const v = flags & 1 ? BigInt.asIntN(64, value) : BigInt.asUintN(64, value);
  if (v === 0n) return 0n;
  return round(v < 0n ? 1 : 0, v < 0n ? -v : v, -(flags >> 1), f, env);
}
registerHelper({
  name: FP_HELPERS.intToF32, params: ['i64', 'i32', 'i32'], result: 'i32', effects: 'pure',
  fn: (_c, v: bigint, flags: number, env: number) => i32(intToFloat(v, flags, env, F32)),
});
registerHelper({
  name: FP_HELPERS.intToF64, params: ['i64', 'i32', 'i32'], result: 'i64', effects: 'pure',
  fn: (_c, v: bigint, flags: number, env: number) => BigInt.asIntN(64, intToFloat(v, flags, env, F64)),
});

/** FRSQRTS's fused (addend + x*y) / 2 (the caller handles infinity times zero). */
registerHelper({
  name: FP_HELPERS.rsqrts32, params: ['i32', 'i32', 'i32', 'i32'], result: 'i32', effects: 'pure',
  fn: (_c, a: number, x: number, y: number, env: number) => i32(mulAdd(u32(a), u32(x), u32(y), F32, env, true)),
});
registerHelper({
  name: FP_HELPERS.rsqrts64, params: ['i64', 'i64', 'i64', 'i32'], result: 'i64', effects: 'pure',
  fn: (_c, a: bigint, x: bigint, y: bigint, env: number) => BigInt.asIntN(64, mulAdd(a, x, y, F64, env, true)),
});
