// Error-free transformations in host floating point, emitted as IR: the exact rounding error of
// a sum (TwoSum) and of a product (Dekker's TwoProduct), round-to-odd, and from them a fused
// multiply-add and exactness tests that need no soft-float. Callers guard the operand ranges
// (no overflow, no underflow of the error terms) and fall back to the soft-float helpers outside.
import type { IRBuilder } from '../../ir/builder.js';
import type { Temp } from '../../ir/types.js';
import type { FpType } from './fp-type.js';

/** What the exact arithmetic needs of a frontend's FP operations on one type. */
export interface FloatOps {
  readonly e: { readonly b: IRBuilder };
  readonly t: FpType;
  toF(bits: Temp): Temp;
  toBits(f: Temp): Temp;
  abs(bits: Temp): Temp;
}

/** A normal number other than the smallest normal and the largest finite one (bits of type `t`): no flag but inexact can come with it. */
export function isOrdinary(b: IRBuilder, r: Temp, t: FpType): Temp {
  const k = (v: bigint): Temp => b.konst(t.ity, v);
  return b.cmp('lt_u', b.bin('sub', b.bin('and', r, k(~t.sign)), k(t.minNormal + 1n)), k(t.maxFinite - t.minNormal - 1n));
}

/** Operands of the double-precision fast paths have |x| in [2^-450, 2^450] (or are zero where allowed). */
const SAFE_EXPONENT = 450;

export class ExactArith {
  constructor(readonly f: FloatOps) {}

  private get b() { return this.f.e.b; }
  private fk(v: number): Temp { return this.b.konst(this.f.t.fty, v); }

  /** [s, e] with s = RN(x + y) and x + y = s + e exactly. */
  twoSum(x: Temp, y: Temp): [Temp, Temp] {
    const b = this.b;
    const s = b.bin('fadd', x, y);
    const yv = b.bin('fsub', s, x);
    return [s, b.bin('fadd', b.bin('fsub', x, b.bin('fsub', s, yv)), b.bin('fsub', y, yv))];
  }

  /** [p, e] with p = RN(x * y) and x * y = p + e exactly (double precision, operands in the safe range). */
  twoProduct(x: Temp, y: Temp): [Temp, Temp] {
    const b = this.b;
    const split = (v: Temp): [Temp, Temp] => {
      const t = b.bin('fmul', this.fk(134217729), v); // 2^27 + 1
      const hi = b.bin('fsub', t, b.bin('fsub', t, v));
      return [hi, b.bin('fsub', v, hi)];
    };
    const p = b.bin('fmul', x, y);
    const [xh, xl] = split(x), [yh, yl] = split(y);
    const e = b.bin('fadd', b.bin('fadd', b.bin('fadd', b.bin('fsub', b.bin('fmul', xh, yh), p), b.bin('fmul', xh, yl)), b.bin('fmul', xl, yh)), b.bin('fmul', xl, yl));
    return [p, e];
  }

  /** Round x + y to odd in this precision (exact sums stay): [result, exact]. */
  roundToOdd(x: Temp, y: Temp): [Temp, Temp] {
    const b = this.b, f = this.f;
    const [s, e] = this.twoSum(x, y);
    const exact = b.cmp('feq', e, this.fk(0));
    // Toward zero from s when the error points back toward zero, then force the last bit.
    const sb = f.toBits(s), k = (v: bigint): Temp => b.konst(f.t.ity, v);
    const back = b.cmp('lt_s', b.bin('xor', sb, f.toBits(e)), k(0n));
    const rz = b.select(back, b.bin('sub', sb, k(1n)), sb);
    return [b.select(exact, s, f.toF(b.bin('or', rz, k(1n)))), exact];
  }

  /** |x| in [2^-SAFE, 2^SAFE], for bits x of this (double) type. */
  inRange(x: Temp): Temp {
    const b = this.b, t = this.f.t;
    const exp = b.bin('and', b.bin('shr_u', x, b.konst(t.ity, 52n)), b.konst(t.ity, 0x7ffn));
    return b.cmp('lt_u', b.bin('sub', exp, b.konst(t.ity, BigInt(1023 - SAFE_EXPONENT))), b.konst(t.ity, BigInt(2 * SAFE_EXPONENT)));
  }

  isZero(x: Temp): Temp { return this.b.cmp('eq', this.f.abs(x), this.b.konst(this.f.t.ity, 0n)); }
  isFinite(x: Temp): Temp { return this.b.cmp('lt_u', this.f.abs(x), this.b.konst(this.f.t.ity, this.f.t.inf)); }

  /**
   * addend + x*y rounded to nearest once, with host arithmetic: [bits, valid, exact]. `valid` says
   * the operands allowed the fast computation; `exact` that no rounding happened.
   * Single: the product is exact in double, and double's round-to-odd sum rounds correctly to
   * single. Double: Boldo and Melquiond's emulation, RN(th + RO(tl + pl)) where th + tl = addend +
   * ph and ph + pl = x*y.
   */
  fusedMultiplyAdd(addend: Temp, x: Temp, y: Temp, double: ExactArith | null): { r: Temp; valid: Temp; exact: Temp } {
    const b = this.b, f = this.f;
    if (f.t.bits === 32) {
      const wide = (v: Temp): Temp => b.conv('f32_to_f64', f.toF(v));
      const d = double!;
      const [sum, sumExact] = d.roundToOdd(b.bin('fmul', wide(x), wide(y)), wide(addend));
      const r32 = b.conv('f64_to_f32', sum);
      const valid = b.bin('and', b.bin('and', this.isFinite(addend), this.isFinite(x)), this.isFinite(y));
      return { r: f.toBits(r32), valid, exact: b.bin('and', sumExact, b.cmp('feq', b.conv('f32_to_f64', r32), sum)) };
    }
    const [ph, pl] = this.twoProduct(f.toF(x), f.toF(y));
    const [th, tl] = this.twoSum(f.toF(addend), ph);
    const [v, vExact] = this.roundToOdd(tl, pl);
    const [z, zErr] = this.twoSum(th, v);
    const valid = b.bin('and', b.bin('and', this.inRange(x), this.inRange(y)), b.bin('or', this.inRange(addend), this.isZero(addend)));
    return { r: f.toBits(z), valid, exact: b.bin('and', vExact, b.cmp('feq', zErr, this.fk(0))) };
  }

  /**
   * Whether the round-to-nearest `fr` = fa op fc (floats of this type) was exact. Meaningful for
   * normal results; 0 may also mean "not known" (double operands outside the safe range).
   */
  wasExact(op: 'add' | 'sub' | 'mul' | 'div' | 'sqrt', fa: Temp, fc: Temp, fr: Temp): Temp {
    const { exact, known } = this.exactness(op, fa, fc, fr);
    return this.b.bin('and', known, exact);
  }

  /**
   * Whether the round-to-nearest `fr` = fa op fc was exact (`exact`), meaningful for normal results
   * where `known` is 1; `known` is 0 for double products, quotients and roots outside the safe range.
   */
  exactness(op: 'add' | 'sub' | 'mul' | 'div' | 'sqrt', fa: Temp, fc: Temp, fr: Temp): { exact: Temp; known: Temp } {
    const b = this.b, one = b.konst('i32', 1);
    if (op === 'add' || op === 'sub') {
      const [, err] = this.twoSum(fa, op === 'sub' ? b.un('fneg', fc) : fc);
      return { exact: b.cmp('feq', err, this.fk(0)), known: one };
    }
    if (this.f.t.bits === 64) return this.exactDouble(op, fa, fc, fr);
    // A single-precision product, quotient or root is exact iff double precision gives the same.
    const wide = (x: Temp): Temp => b.conv('f32_to_f64', x);
    const w = op === 'sqrt' ? b.un('fsqrt', wide(fa)) : b.bin(op === 'mul' ? 'fmul' : 'fdiv', wide(fa), wide(fc));
    return { exact: b.cmp('feq', w, wide(fr)), known: one };
  }

  /** Whether the rounded double `fr` = fa op fc was exact, for op mul, div or sqrt, and whether the operands are in the safe range. */
  private exactDouble(op: 'mul' | 'div' | 'sqrt', fa: Temp, fc: Temp, fr: Temp): { exact: Temp; known: Temp } {
    const b = this.b, f = this.f;
    // q = a/c is exact iff q*c == a exactly; r = sqrt(a) iff r*r == a.
    const [x, y, target] = op === 'mul' ? [fa, fc, null] : op === 'div' ? [fr, fc, fa] : [fr, fr, fa];
    const [p, e] = this.twoProduct(x, y);
    const noError = b.cmp('feq', e, this.fk(0));
    const exact = target === null ? noError : b.bin('and', noError, b.cmp('feq', p, target));
    return { exact, known: b.bin('and', this.inRange(f.toBits(x)), this.inRange(f.toBits(y))) };
  }
}
