// How the interpreter holds an i64 value: a number when it is a safe integer (|v| <= 2^53 - 1),
// else a bigint in BigInt.asIntN(64) form. Guest pointers, counters and small constants, which
// are most i64 values of cold code, then never allocate, and arithmetic on them is a float op
// instead of a BigInt op (3-10x slower and garbage). The form is canonical (each value has one
// representation), so === and the relational operators compare i64 values directly.

export type I64 = number | bigint;

export const MAX_SAFE = Number.MAX_SAFE_INTEGER;
export const TWO32 = 4294967296;
const MAX_SAFE_BIG = BigInt(MAX_SAFE);

/** A bigint already in int64 range, in canonical form. */
export function fromBig(v: bigint): I64 {
  return v <= MAX_SAFE_BIG && v >= -MAX_SAFE_BIG ? Number(v) : v;
}

export function toBig(v: I64): bigint {
  return typeof v === 'bigint' ? v : BigInt(v);
}

/** The value whose high word (signed) and low word (unsigned) are given. */
export function fromHalves(hi: number, lo: number): I64 {
  // |hi| < 2^21 keeps hi * 2^32 + lo within 2^53, exactly representable.
  if (hi < 0x200000 && hi >= -0x200000) {
    const v = hi * TWO32 + lo;
    if (v >= -MAX_SAFE) return v;
  }
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** Bits 32..63 as an int32. */
export function hi32(v: I64): number {
  return typeof v === 'number' ? Math.floor(v / TWO32) | 0 : Number(BigInt.asIntN(32, v >> 32n));
}

/** Bits 0..31 as an int32 (ToInt32 is exactly "modulo 2^32" for any safe integer). */
export function lo32(v: I64): number {
  return typeof v === 'number' ? v | 0 : Number(BigInt.asIntN(32, v));
}

export function readI64(d: DataView, at: number, le: boolean): I64 {
  return le ? fromHalves(d.getInt32(at + 4, true), d.getUint32(at, true)) : fromHalves(d.getInt32(at, false), d.getUint32(at + 4, false));
}

export function writeI64(d: DataView, at: number, v: I64, le: boolean): void {
  if (typeof v === 'bigint') { d.setBigInt64(at, v, le); return; }
  const hi = Math.floor(v / TWO32);
  const lo = v - hi * TWO32;
  d.setUint32(le ? at : at + 4, lo, le);
  d.setInt32(le ? at + 4 : at, hi, le);
}
