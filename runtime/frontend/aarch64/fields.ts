// Bit-field extraction from a 32-bit instruction word (bit numbering as in the Arm ARM).

/** Unsigned field insn<hi:lo>. */
export function bits(insn: number, hi: number, lo: number): number {
  const width = hi - lo + 1;
  return width >= 32 ? insn >>> 0 : (insn >>> lo) & ((1 << width) - 1);
}

/** Single bit insn<n> as 0/1. */
export function bit(insn: number, n: number): number {
  return (insn >>> n) & 1;
}

/** Signed field insn<hi:lo>, sign-extended from its top bit. */
export function sbits(insn: number, hi: number, lo: number): number {
  const width = hi - lo + 1;
  return ((insn << (31 - hi)) >> (32 - width));
}

/** Common register fields. */
export const rd = (i: number): number => i & 31;
export const rn = (i: number): number => (i >>> 5) & 31;
export const rm = (i: number): number => (i >>> 16) & 31;
export const ra = (i: number): number => (i >>> 10) & 31;
/** Size bit of most integer encodings: 1 = 64-bit. */
export const sf = (i: number): number => i >>> 31;
