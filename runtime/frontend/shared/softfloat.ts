// Shared by the frontends (it knows no ISA state); its NaN results follow the Arm rules below
// (MIPS handles NaN operands and results itself); where the ISAs' underflow differs, Env says.
// Exact IEEE 754 binary16/32/64 arithmetic on bit patterns with BigInt significands, for the
// operations wasm cannot do with one rounding (fused multiply-add, half-precision conversion).
// Rounding follows an `Env`: an FPCR.RMode value (default round-to-nearest-even), optionally with
// Arm's flush-to-zero, default-NaN and alternative-half-precision controls. NaNs follow the Arm
// rules (quiet the input, keep payload). Exception flags accumulate in `raised` (FPSR's cumulative
// bit positions); `takeFlags` reads and clears them. Flush-to-zero applies to results here; the
// callers flush denormal operands (and raise IDC) before calling, as Arm unpacks operands first.

export interface Fmt { bits: number; mant: number; expBits: number }
export const F16: Fmt = { bits: 16, mant: 10, expBits: 5 };
export const F32: Fmt = { bits: 32, mant: 23, expBits: 8 };
export const F64: Fmt = { bits: 64, mant: 52, expBits: 11 };

/** FPSR cumulative exception bits. */
export const IOC = 1, DZC = 2, OFC = 4, UFC = 8, IXC = 16, IDC = 128;

/**
 * FPCR<26:22>: RMode in bits 0-1, then FZ (results below the smallest normal become zeros, with
 * UFC and without IXC; not for half precision), DN (NaN results are the default NaN) and AHP
 * (half precision has no infinities or NaNs: exponent 31 is a normal one). A `Rounding` is an Env
 * with the three controls clear.
 */
export type Env = number;
export const ENV_FZ = 4, ENV_DN = 8, ENV_AHP = 16;
/**
 * MIPS as qemu models it, beyond FPCR: tininess detected after rounding (Arm: before), and
 * FCSR.FS: results tiny before rounding become zeros that raise no flag at all (Arm's FZ: UFC).
 */
export const ENV_TINY_AFTER_ROUNDING = 32, ENV_FS = 64;

let raised = 0;

/** The flags raised since the last call, cleared. */
export function takeFlags(): number {
  const f = raised;
  raised = 0;
  return f;
}

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

/** FPCR.RMode encoding: to nearest (even), toward +infinity, toward -infinity, toward zero. */
export type Rounding = 0 | 1 | 2 | 3;

/** Whether mag * 2^exp, just below the smallest normal, stays below it when rounded without an exponent limit. */
function tinyAfterRounding(sign: number, mag: bigint, f: Fmt, mode: Rounding): boolean {
  const sh = bitLength(mag) - (f.mant + 1);
  if (sh <= 0) return true;
  const q = mag >> BigInt(sh), rem = mag & ((1n << BigInt(sh)) - 1n);
  const r = roundsUp(mode, sign, rem, 1n << BigInt(sh - 1), (q & 1n) === 1n) ? q + 1n : q;
  return r < 1n << BigInt(f.mant + 1);
}

/** Whether rounding away from zero by one unit happens for a discarded remainder. */
function roundsUp(mode: Rounding, sign: number, rem: bigint, half: bigint, odd: boolean): boolean {
  if (rem === 0n) return false;
  switch (mode) {
    case 0: return rem > half || (rem === half && odd);
    case 1: return sign === 0;
    case 2: return sign === 1;
    default: return false;
  }
}

/** Round (-1)^sign * mag * 2^exp (mag > 0) to format f. */
export function round(sign: number, mag: bigint, exp: number, f: Fmt, env: Env = 0): bigint {
  const mode = (env & 3) as Rounding;
  const top = exp + bitLength(mag) - 1; // value in [2^top, 2^(top+1))
  const emin = 1 - bias(f);
  // Arm FPRound: with FZ an exact value below the smallest normal is a zero (UFC, no IXC);
  // MIPS FS: the same zero, raising nothing.
  if (env & (ENV_FZ | ENV_FS) && f.bits !== 16 && top < emin) {
    if (env & ENV_FZ) raised |= UFC;
    return zero(sign, f);
  }
  let flags = 0;
  const scale = Math.max(top, emin) - f.mant; // exponent of the last significand bit
  let q: bigint;
  if (scale <= exp) q = mag << BigInt(exp - scale);
  else {
    const sh = BigInt(scale - exp);
    q = mag >> sh;
    const rem = mag & ((1n << sh) - 1n), half = 1n << (sh - 1n);
    if (roundsUp(mode, sign, rem, half, (q & 1n) === 1n)) q += 1n;
    // Arm detects tininess before rounding (the exact value is below the smallest normal), MIPS after.
    const tiny = top < emin && (!(env & ENV_TINY_AFTER_ROUNDING) || top < emin - 1 || tinyAfterRounding(sign, mag, f, mode));
    if (rem !== 0n) flags = tiny ? IXC | UFC : IXC;
  }
  // q carries the implicit bit for normals, so adding it to the exponent field handles carries.
  const magBits = (BigInt(Math.max(top, emin) + bias(f) - 1) << BigInt(f.mant)) + q;
  if (ahp(f, env)) {
    // No infinity: beyond the largest value (exponent 31) is Invalid Operation, saturating.
    if (magBits < (1n << BigInt(f.bits - 1))) raised |= flags;
    else raised |= IOC;
    return signBit(sign, f) | (magBits < (1n << BigInt(f.bits - 1)) ? magBits : 0x7fffn);
  }
  raised |= flags;
  if (magBits >= (BigInt(expMax(f)) << BigInt(f.mant))) {
    // Overflow: infinity, or the largest finite value when rounding toward zero from this side.
    raised |= OFC | IXC;
    const toInf = mode === 0 || (mode === 1 && sign === 0) || (mode === 2 && sign === 1);
    return toInf ? infinity(sign, f) : signBit(sign, f) | ((BigInt(expMax(f)) << BigInt(f.mant)) - 1n);
  }
  return signBit(sign, f) | magBits;
}

/** Alternative half precision in this format and environment (FPCR.AHP, half only). */
const ahp = (f: Fmt, env: Env): boolean => f.bits === 16 && (env & ENV_AHP) !== 0;

/** A NaN result from operand x: quieted, or the default NaN under FPCR.DN. */
function nanFrom(x: bigint, from: Fmt, to: Fmt, env: Env): bigint {
  return env & ENV_DN ? defaultNaN(to) : convertNaN(x, from, to);
}

/** Convert between formats (exact when widening). */
export function convert(x: bigint, from: Fmt, to: Fmt, env: Env = 0): bigint {
  const u = unpack(x, from);
  // AHP source: exponent 31 is an ordinary exponent.
  if (ahp(from, env) && u.kind !== 'zero' && u.kind !== 'num') {
    return round(u.sign, (x & fracMask(from)) | (1n << BigInt(from.mant)), expMax(from) - bias(from) - from.mant, to, env);
  }
  switch (u.kind) {
    case 'zero': return zero(u.sign, to);
    case 'inf':
      if (!ahp(to, env)) return infinity(u.sign, to);
      raised |= IOC; // no infinity in AHP: the largest value
      return signBit(u.sign, to) | 0x7fffn;
    case 'num': return round(u.sign, u.m, u.e, to, env);
    default:
      if (u.kind === 'snan' || ahp(to, env)) raised |= IOC;
      return ahp(to, env) ? zero(u.sign, to) : nanFrom(x, from, to, env); // no NaN in AHP: a zero
  }
}

const isNaN = (k: Kind): boolean => k === 'qnan' || k === 'snan';

/**
 * FPMulAdd: addend + op1 * op2 with a single rounding (Arm ARM shared/functions/float/fpmuladd);
 * with `halve`, (addend + op1 * op2) / 2 (FPRSqrtStepFused's finite case).
 */
export function mulAdd(addend: bigint, op1: bigint, op2: bigint, f: Fmt, env: Env = 0, halve = false): bigint {
  const a = unpack(addend, f), x = unpack(op1, f), y = unpack(op2, f);
  const quiet = (v: bigint): bigint => nanFrom(v, f, f, env);
  const invalidProduct = (x.kind === 'inf' && y.kind === 'zero') || (x.kind === 'zero' && y.kind === 'inf');
  if (a.kind === 'snan' || x.kind === 'snan' || y.kind === 'snan' || invalidProduct) raised |= IOC;
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
  if (a.kind === 'inf' && infP && a.sign !== signP) {
    raised |= IOC;
    return defaultNaN(f);
  }
  if (a.kind === 'inf') return infinity(a.sign, f);
  if (infP) return infinity(signP, f);
  // An exact zero sum of opposite signs is -0 only when rounding toward -infinity.
  const zeroSign = (env & 3) === 2 ? 1 : 0;
  if (a.kind === 'zero' && zeroP) return zero(a.sign === signP ? a.sign : zeroSign, f);
  // Exact sum at the smaller of the two exponents.
  const pm = zeroP ? 0n : x.m * y.m, pe = x.e + y.e;
  const am = a.kind === 'zero' ? 0n : a.m;
  const e = Math.min(pe, a.e);
  const sum = (signP ? -pm : pm) * (1n << BigInt(pe - e)) + (a.sign ? -am : am) * (1n << BigInt(a.e - e));
  if (sum === 0n) return zero(zeroSign, f);
  // FRSQRTS halves the exact sum before its single rounding.
  return round(sum < 0n ? 1 : 0, sum < 0n ? -sum : sum, halve ? e - 1 : e, f, env);
}

/** The Arm NaN result of a two-operand operation with a NaN input, or null. */
function nanResult(x: bigint, y: bigint, f: Fmt, env: Env): bigint | null {
  const a = unpack(x, f), b = unpack(y, f);
  if (a.kind === 'snan' || b.kind === 'snan') raised |= IOC;
  for (const kind of ['snan', 'qnan'] as const) {
    if (a.kind === kind) return nanFrom(x, f, f, env);
    if (b.kind === kind) return nanFrom(y, f, f, env);
  }
  return null;
}

const negate = (x: bigint, f: Fmt): bigint => x ^ (1n << BigInt(f.bits - 1));
const ONE: Record<number, bigint> = { 16: 0x3c00n, 32: 0x3f800000n, 64: 0x3ff0000000000000n };

/** x + y, x - y, x * y, x / y, sqrt(x) with one rounding in `env`. */
export function arith(op: 'add' | 'sub' | 'mul' | 'div' | 'sqrt', x: bigint, y: bigint, f: Fmt, env: Env): bigint {
  // NaN operands first: the subtrahend's sign must not be flipped on a NaN.
  const nan = nanResult(x, op === 'sqrt' ? x : y, f, env);
  if (nan !== null) return nan;
  if (op === 'add' || op === 'sub') return mulAdd(x, op === 'sub' ? negate(y, f) : y, ONE[f.bits]!, f, env);
  const a = unpack(x, f), b = unpack(y, f);
  if (op === 'sqrt') {
    if (a.kind === 'zero') return x;
    if (a.sign) {
      raised |= IOC;
      return defaultNaN(f);
    }
    if (a.kind === 'inf') return x;
    // sqrt(m * 2^e): make e even, scale m up for precision, keep a sticky bit.
    let m = a.m, e = a.e;
    if (e & 1) { m <<= 1n; e -= 1; }
    const K = 2 * (f.mant + 4);
    m <<= BigInt(K);
    // Newton's iteration from above converges to floor(sqrt(m)).
    let r = BigInt(Math.ceil(Math.sqrt(Number(m)) * (1 + 2 ** -40))) + 1n;
    for (;;) {
      const next = (r + m / r) >> 1n;
      if (next >= r) break;
      r = next;
    }
    const sticky = r * r === m ? 0n : 1n;
    return round(0, (r << 1n) | sticky, (e - K) / 2 - 1, f, env);
  }
  const sign = a.sign ^ b.sign;
  if (op === 'mul') {
    if ((a.kind === 'inf' && b.kind === 'zero') || (a.kind === 'zero' && b.kind === 'inf')) {
      raised |= IOC;
      return defaultNaN(f);
    }
    if (a.kind === 'inf' || b.kind === 'inf') return infinity(sign, f);
    if (a.kind === 'zero' || b.kind === 'zero') return zero(sign, f);
    return round(sign, a.m * b.m, a.e + b.e, f, env);
  }
  if ((a.kind === 'inf' && b.kind === 'inf') || (a.kind === 'zero' && b.kind === 'zero')) {
    raised |= IOC;
    return defaultNaN(f);
  }
  if (b.kind === 'zero' && a.kind !== 'inf') raised |= DZC;
  if (a.kind === 'inf' || b.kind === 'zero') return infinity(sign, f);
  if (a.kind === 'zero' || b.kind === 'inf') return zero(sign, f);
  const K = 2 * f.mant + 8;
  const num = a.m << BigInt(K);
  const q = num / b.m, sticky = num % b.m === 0n ? 0n : 1n;
  return round(sign, (q << 1n) | sticky, a.e - b.e - K - 1, f, env);
}
