// WebAssembly opcodes and type codes used by the region compiler (core spec 2.0 + sign-extension,
// saturating truncation, tail calls; all enabled in Node 20).
import type { Ty } from '../../ir/types.js';

export const VALTYPE: Record<Ty, number> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c };
export const BLOCK_VOID = 0x40;

export const enum Op {
  unreachable = 0x00, block = 0x02, loop = 0x03, if = 0x04, else = 0x05, end = 0x0b,
  br = 0x0c, br_if = 0x0d, br_table = 0x0e, return = 0x0f, call = 0x10, call_indirect = 0x11, return_call = 0x12, return_call_indirect = 0x13, drop = 0x1a, select = 0x1b,
  local_get = 0x20, local_set = 0x21, local_tee = 0x22, global_get = 0x23, global_set = 0x24,
  i32_load = 0x28, i64_load = 0x29, f32_load = 0x2a, f64_load = 0x2b,
  i32_load8_s = 0x2c, i32_load8_u = 0x2d, i32_load16_s = 0x2e, i32_load16_u = 0x2f,
  i64_load8_s = 0x30, i64_load8_u = 0x31, i64_load16_s = 0x32, i64_load16_u = 0x33,
  i64_load32_s = 0x34, i64_load32_u = 0x35,
  i32_store = 0x36, i64_store = 0x37, f32_store = 0x38, f64_store = 0x39,
  i32_store8 = 0x3a, i32_store16 = 0x3b, i64_store8 = 0x3c, i64_store16 = 0x3d, i64_store32 = 0x3e,
  i32_const = 0x41, i64_const = 0x42, f32_const = 0x43, f64_const = 0x44,
  i32_eqz = 0x45, i32_eq = 0x46, i32_ne = 0x47, i32_lt_u = 0x49, i32_gt_u = 0x4b, i32_le_u = 0x4d, i32_ge_u = 0x4f,
  i64_eqz = 0x50, i64_eq = 0x51, i64_ne = 0x52, i64_ge_u = 0x5a,
  i32_and = 0x71, i32_or = 0x72, i32_xor = 0x73, i32_shl = 0x74, i32_shr_s = 0x75, i32_shr_u = 0x76,
  i32_rotl = 0x77, i32_rotr = 0x78, i32_add = 0x6a, i32_sub = 0x6b, i32_mul = 0x6c,
  i32_div_s = 0x6d, i32_div_u = 0x6e, i32_rem_s = 0x6f, i32_rem_u = 0x70,
  i64_add = 0x7c, i64_sub = 0x7d, i64_mul = 0x7e, i64_div_s = 0x7f, i64_div_u = 0x80,
  i64_rem_s = 0x81, i64_rem_u = 0x82, i64_and = 0x83, i64_or = 0x84, i64_xor = 0x85,
  i64_shl = 0x86, i64_shr_s = 0x87, i64_shr_u = 0x88, i64_rotl = 0x89, i64_rotr = 0x8a,
  i32_wrap_i64 = 0xa7, i64_extend_i32_s = 0xac, i64_extend_i32_u = 0xad,
  i32_reinterpret_f32 = 0xbc, i64_reinterpret_f64 = 0xbd,
  i32_extend16_s = 0xc1,
  prefix_fc = 0xfc, prefix_fd = 0xfd, prefix_fe = 0xfe,
  i32_clz = 0x67, i32_ctz = 0x68,
}

/** Binary ops that are a single opcode, by operand type (division and mulh need guards). */
export const BIN_OPS: Record<Ty, Partial<Record<string, number>>> = {
  i32: { add: 0x6a, sub: 0x6b, mul: 0x6c, and: 0x71, or: 0x72, xor: 0x73, shl: 0x74, shr_s: 0x75, shr_u: 0x76, rotl: 0x77, rotr: 0x78 },
  i64: { add: 0x7c, sub: 0x7d, mul: 0x7e, and: 0x83, or: 0x84, xor: 0x85, shl: 0x86, shr_s: 0x87, shr_u: 0x88, rotl: 0x89, rotr: 0x8a },
  f32: { fadd: 0x92, fsub: 0x93, fmul: 0x94, fdiv: 0x95, fmin: 0x96, fmax: 0x97, fcopysign: 0x98 },
  f64: { fadd: 0xa0, fsub: 0xa1, fmul: 0xa2, fdiv: 0xa3, fmin: 0xa4, fmax: 0xa5, fcopysign: 0xa6 },
};

export const CMP_OPS: Record<Ty, Partial<Record<string, number>>> = {
  i32: { eq: 0x46, ne: 0x47, lt_s: 0x48, lt_u: 0x49, gt_s: 0x4a, gt_u: 0x4b, le_s: 0x4c, le_u: 0x4d, ge_s: 0x4e, ge_u: 0x4f },
  i64: { eq: 0x51, ne: 0x52, lt_s: 0x53, lt_u: 0x54, gt_s: 0x55, gt_u: 0x56, le_s: 0x57, le_u: 0x58, ge_s: 0x59, ge_u: 0x5a },
  f32: { feq: 0x5b, fne: 0x5c, flt: 0x5d, fgt: 0x5e, fle: 0x5f, fge: 0x60 },
  f64: { feq: 0x61, fne: 0x62, flt: 0x63, fgt: 0x64, fle: 0x65, fge: 0x66 },
};

export const UN_OPS: Record<Ty, Partial<Record<string, number>>> = {
  i32: { clz: 0x67, ctz: 0x68, popcnt: 0x69 },
  i64: { clz: 0x79, ctz: 0x7a, popcnt: 0x7b },
  f32: { fabs: 0x8b, fneg: 0x8c, fceil: 0x8d, ffloor: 0x8e, ftrunc: 0x8f, fnearest: 0x90, fsqrt: 0x91 },
  f64: { fabs: 0x99, fneg: 0x9a, fceil: 0x9b, ffloor: 0x9c, ftrunc: 0x9d, fnearest: 0x9e, fsqrt: 0x9f },
};

/** Conversions that are one opcode; keyed by kind, then by source type. >0xff = 0xfc-prefixed. */
export const CONV_OPS: Record<string, Partial<Record<Ty, number>>> = {
  wrap: { i64: 0xa7 }, extend_s: { i32: 0xac }, extend_u: { i32: 0xad },
  sext8: { i32: 0xc0, i64: 0xc2 }, sext16: { i32: 0xc1, i64: 0xc3 }, sext32: { i64: 0xc4 },
  f32_to_f64: { f32: 0xbb }, f64_to_f32: { f64: 0xb6 },
  f_to_s32: { f32: 0xfc00, f64: 0xfc02 }, f_to_u32: { f32: 0xfc01, f64: 0xfc03 },
  f_to_s64: { f32: 0xfc04, f64: 0xfc06 }, f_to_u64: { f32: 0xfc05, f64: 0xfc07 },
  s32_to_f32: { i32: 0xb2 }, u32_to_f32: { i32: 0xb3 }, s64_to_f32: { i64: 0xb4 }, u64_to_f32: { i64: 0xb5 },
  s32_to_f64: { i32: 0xb7 }, u32_to_f64: { i32: 0xb8 }, s64_to_f64: { i64: 0xb9 }, u64_to_f64: { i64: 0xba },
  bits_to_f32: { i32: 0xbe }, bits_to_f64: { i64: 0xbf }, f32_to_bits: { f32: 0xbc }, f64_to_bits: { f64: 0xbd },
};

/** Loads/stores by type: [full-width load, store]. */
export const MEM_FULL: Record<Ty, [number, number]> = {
  i32: [0x28, 0x36], i64: [0x29, 0x37], f32: [0x2a, 0x38], f64: [0x2b, 0x39],
};

/** Bulk memory ops (0xfc-prefixed, as FuncEmitter.prefixed takes them); each is followed by its memory indices. */
export const MEMORY_COPY = 0xfc0a;
export const MEMORY_FILL = 0xfc0b;

/** SIMD opcodes (after the 0xfd prefix, FuncEmitter.simd). */
export const enum SimdOp {
  v128_load = 0x00, v128_store = 0x0b, i8x16_splat = 0x0f, i8x16_eq = 0x23, i8x16_ne = 0x24,
  v128_and = 0x4e, v128_or = 0x50, v128_any_true = 0x53, i8x16_bitmask = 0x64,
}
