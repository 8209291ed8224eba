// IEEE binary32/binary64 as the frontends' IR sees them: integer bit patterns of a width, the
// float type they reinterpret as, and the constants the NaN and flag logic needs.
export interface FpType {
  bits: 32 | 64;
  ity: 'i32' | 'i64';
  fty: 'f32' | 'f64';
  size: 4 | 8;
  sign: bigint;
  /** Exponent all ones (= +infinity). */
  inf: bigint;
  quiet: bigint;
  defaultNaN: bigint;
  minNormal: bigint;
  maxFinite: bigint;
}

export const FP32: FpType = {
  bits: 32, ity: 'i32', fty: 'f32', size: 4, sign: 0x80000000n, inf: 0x7f800000n, quiet: 0x00400000n, defaultNaN: 0x7fc00000n,
  minNormal: 0x00800000n, maxFinite: 0x7f7fffffn,
};
export const FP64: FpType = {
  bits: 64, ity: 'i64', fty: 'f64', size: 8, sign: 0x8000000000000000n, inf: 0x7ff0000000000000n,
  quiet: 0x0008000000000000n, defaultNaN: 0x7ff8000000000000n, minNormal: 0x0010000000000000n, maxFinite: 0x7fefffffffffffffn,
};
