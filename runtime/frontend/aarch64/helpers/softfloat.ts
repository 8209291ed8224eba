// Exact IEEE 754 binary16/32/64 arithmetic on bit patterns with BigInt significands, for the
// operations wasm cannot do with one rounding (fused multiply-add, half-precision conversion).
// Rounding is round-to-nearest-even; NaNs follow the Arm rules (quiet the input, keep payload).

export interface Fmt { bits: number; mant: number; expBits: number }
export const F16: Fmt = { bits: 16, mant: 10, expBits: 5 };
export const F32: Fmt = { bits: 32, mant: 23, expBits: 8 };
export const F64: Fmt = { bits: 64, mant: 52, expBits: 11 };

const bias = (f: Fmt): number => (1 << (f.expBits - 1)) - 1;
const expMax = (f: Fmt): number => (1 << f.expBits) - 1;
const fracMask = (f: Fmt): bigint => (1n << BigInt(f.mant)) - 1n;

export type Kind = 'zero' | 'num' | 'inf' | 'qnan' | 'snan';

/** A decoded value: (-1)^sign * m * 2^e for 'num'. */
export interface Unpacked { sign: number; kind: Kind; m: bigint; e: number }

export function unpack(x: bigint, f: Fmt): Unpacked {
  const v = BigInt.asUintN(f.bits, x);
  const sign = Number(v >> BigInt(f.bits - 1));
  const ef = Number((v >> BigInt(f.mant)) & BigInt(expMax(f)));
  const frac = v & fracMask(f);
  if (ef === expMax(f)) {
    if (frac === 0n) return { sign, kind: 'inf', m: 0n, e: 0 };
    return { sign, kind: frac >> BigInt(f.mant - 1) ? 'qnan' : 'snan', m: frac, e: 0 };
  }
  if (ef === 0) return frac === 0n ? { sign, kind: 'zero', m: 0n, e: 0 } : { sign, kind: 'num', m: frac, e: 1 - bias(f) - f.mant };
  return { sign, kind: 'num', m: frac | (1n << BigInt(f.mant)), e: ef - bias(f) - f.mant };
}

const signBit = (sign: number, f: Fmt): bigint => BigInt(sign) << BigInt(f.bits - 1);

export function infinity(sign: number, f: Fmt): bigint { return signBit(sign, f) | (BigInt(expMax(f)) << BigInt(f.mant)); }
export function zero(sign: number, f: Fmt): bigint { return signBit(sign, f); }
export function defaultNaN(f: Fmt): bigint { return (BigInt(expMax(f)) << BigInt(f.mant)) | (1n << BigInt(f.mant - 1)); }

/** A NaN converted to another format: quieted, payload kept from the top fraction bits. */
export function convertNaN(x: bigint, from: Fmt, to: Fmt): bigint {
  const u = unpack(x, from);
  const shift = to.mant - from.mant;
  const payload = shift >= 0 ? u.m << BigInt(shift) : u.m >> BigInt(-shift);
  return signBit(u.sign, to) | defaultNaN(to) | (payload & fracMask(to));
}

function bitLength(v: bigint): number { return v.toString(2).length; }

/** Round (-1)^sign * mag * 2^exp (mag > 0) to format f. */
export function round(sign: number, mag: bigint, exp: number, f: Fmt): bigint {
  const top = exp + bitLength(mag) - 1; // value in [2^top, 2^(top+1))
  const emin = 1 - bias(f);
  const scale = Math.max(top, emin) - f.mant; // exponent of the last significand bit
  let q: bigint;
  if (scale <= exp) q = mag << BigInt(exp - scale);
  else {
    const sh = BigInt(scale - exp);
    q = mag >> sh;
    const rem = mag & ((1n << sh) - 1n), half = 1n << (sh - 1n);
    if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  }
  // q carries the implicit bit for normals, so adding it to the exponent field handles carries.
  const magBits = (BigInt(Math.max(top, emin) + bias(f) - 1) << BigInt(f.mant)) + q;
  if (magBits >= (BigInt(expMax(f)) << BigInt(f.mant))) return infinity(sign, f);
  return signBit(sign, f) | magBits;
}

/** Convert between formats (exact when widening). */
export function convert(x: bigint, from: Fmt, to: Fmt): bigint {
  const u = unpack(x, from);
  switch (u.kind) {
    case 'zero': return zero(u.sign, to);
    case 'inf': return infinity(u.sign, to);
    case 'num': return round(u.sign, u.m, u.e, to);
    default: return convertNaN(x, from, to);
  }
}

const isNaN = (k: Kind): boolean => k === 'qnan' || k === 'snan';

/** FPMulAdd: addend + op1 * op2 with a single rounding (Arm ARM shared/functions/float/fpmuladd). */
export function mulAdd(addend: bigint, op1: bigint, op2: bigint, f: Fmt): bigint {
  const a = unpack(addend, f), x = unpack(op1, f), y = unpack(op2, f);
  const quiet = (v: bigint): bigint => convertNaN(v, f, f);
  const invalidProduct = (x.kind === 'inf' && y.kind === 'zero') || (x.kind === 'zero' && y.kind === 'inf');
  if (isNaN(a.kind) || isNaN(x.kind) || isNaN(y.kind)) {
    if (a.kind === 'qnan' && invalidProduct) return defaultNaN(f);
    for (const kind of ['snan', 'qnan'] as const) {
      if (a.kind === kind) return quiet(addend);
      if (x.kind === kind) return quiet(op1);
      if (y.kind === kind) return quiet(op2);
    }
  }
  if (invalidProduct) return defaultNaN(f);
  const signP = x.sign ^ y.sign;
  const infP = x.kind === 'inf' || y.kind === 'inf';
  const zeroP = x.kind === 'zero' || y.kind === 'zero';
  if (a.kind === 'inf' && infP && a.sign !== signP) return defaultNaN(f);
  if (a.kind === 'inf') return infinity(a.sign, f);
  if (infP) return infinity(signP, f);
  if (a.kind === 'zero' && zeroP) return zero(a.sign === signP ? a.sign : 0, f);
  // Exact sum at the smaller of the two exponents.
  const pm = zeroP ? 0n : x.m * y.m, pe = x.e + y.e;
  const am = a.kind === 'zero' ? 0n : a.m;
  const e = Math.min(pe, a.e);
  const sum = (signP ? -pm : pm) * (1n << BigInt(pe - e)) + (a.sign ? -am : am) * (1n << BigInt(a.e - e));
  if (sum === 0n) return zero(0, f);
  return round(sum < 0n ? 1 : 0, sum < 0n ? -sum : sum, e, f);
}
