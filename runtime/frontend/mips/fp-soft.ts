// Every rounding MIPS FPU operation computed exactly with the shared soft-float, in the FCSR
// environment (RM, FS) and with the FCSR exception bits it raises, as qemu models a MIPS32r2 /
// MIPS64r2 FPU with the legacy NaN encoding: a NaN whose quiet bit is SET signals, any NaN result
// is the default NaN, tininess is detected after rounding, and FS flushes results that are tiny
// before rounding to zero without raising anything. Translated code uses this only on its slow
// path (a directed RM, FS or enabled exceptions, special operands or results).
import { arith, convert, DZC, F32, F64, IOC, IXC, OFC, round, takeFlags, UFC, unpack, type Fmt, type Rounding, type Env as SoftEnv, ENV_FS, ENV_TINY_AFTER_ROUNDING } from '../shared/softfloat.js';

/** Bits of the FCSR Flags (<< 2), Enables (<< 7) and Cause (<< 12) fields. */
export const FPE = { I: 1, U: 2, O: 4, Z: 8, V: 16, E: 32 } as const;

/** Operand and result formats: single, double, word, long. */
export const FMT_CODE = { S: 0, D: 1, W: 2, L: 3 } as const;
export type FmtCode = (typeof FMT_CODE)[keyof typeof FMT_CODE];

export const MIPS_FP_OPS = [
  'add', 'sub', 'mul', 'div', 'sqrt', 'recip', 'rsqrt', 'madd', 'msub', 'nmadd', 'nmsub',
  /** Conversion to the result format; to W/L in FCSR.RM. */
  'cvt',
  /** Conversions to W/L in a fixed mode. */
  'round', 'trunc', 'ceil', 'floor',
  /** C.cond.fmt; the condition is the op's argument (see `describe`). */
  'cmp',
] as const;
export type MipsFpOp = (typeof MIPS_FP_OPS)[number];

/** The descriptor translated code passes: op index | source format << 8 | result format << 10 | condition << 12. */
export function describe(op: MipsFpOp, from: FmtCode, to: FmtCode, cond = 0): number {
  return MIPS_FP_OPS.indexOf(op) | (from << 8) | (to << 10) | (cond << 12);
}

const FLOAT_FMT: Record<number, Fmt> = { 0: F32, 1: F64 };
/** FCSR.RM (nearest, zero, up, down) as the soft-float's rounding (nearest, up, down, zero). */
const MODE: readonly Rounding[] = [0, 3, 1, 2];
const DEFAULT_NAN: Record<number, bigint> = { 32: 0x7fbfffffn, 64: 0x7ff7ffffffffffffn };
const ONE: Record<number, bigint> = { 32: 0x3f800000n, 64: 0x3ff0000000000000n };

function fromSoftFlags(f: number): number {
  return (f & IOC ? FPE.V : 0) | (f & DZC ? FPE.Z : 0) | (f & OFC ? FPE.O : 0) | (f & UFC ? FPE.U : 0) | (f & IXC ? FPE.I : 0);
}

const isNaN = (x: bigint, f: Fmt): boolean => { const k = unpack(x, f).kind; return k === 'qnan' || k === 'snan'; };
/** Legacy MIPS: a set quiet bit (the soft-float's 'qnan') means signalling. */
const isSNaN = (x: bigint, f: Fmt): boolean => unpack(x, f).kind === 'qnan';
const negate = (x: bigint, f: Fmt): bigint => x ^ (1n << BigInt(f.bits - 1));

/** One operation's environment and accumulated cause bits. */
class Env {
  cause = 0;
  /** The soft-float environment: FCSR.RM as a rounding mode, MIPS underflow, FCSR.FS. */
  readonly soft: SoftEnv;
  constructor(readonly rm: number, fs: boolean) { this.soft = MODE[rm]! | ENV_TINY_AFTER_ROUNDING | (fs ? ENV_FS : 0); }

  /** A soft-float computation on non-NaN operands; a NaN result (invalid operation) becomes the default NaN. */
  private computed(f: Fmt, compute: () => bigint): bigint {
    takeFlags();
    const r = compute();
    this.cause |= fromSoftFlags(takeFlags());
    return isNaN(r, f) ? DEFAULT_NAN[f.bits]! : r;
  }
  /** NaN operands give the default NaN, and the invalid exception when one of them signals. */
  private nanOperands(f: Fmt, xs: bigint[], result: Fmt = f): bigint | null {
    if (!xs.some((x) => isNaN(x, f))) return null;
    if (xs.some((x) => isSNaN(x, f))) this.cause |= FPE.V;
    return DEFAULT_NAN[result.bits]!;
  }
  binary(op: 'add' | 'sub' | 'mul' | 'div', x: bigint, y: bigint, f: Fmt): bigint {
    return this.nanOperands(f, [x, y]) ?? this.computed(f, () => arith(op, x, y, f, this.soft));
  }
  sqrt(x: bigint, f: Fmt): bigint {
    return this.nanOperands(f, [x]) ?? this.computed(f, () => arith('sqrt', x, x, f, this.soft));
  }
  toFloat(x: bigint, from: FmtCode, to: Fmt): bigint {
    if (from === FMT_CODE.S || from === FMT_CODE.D) {
      const src = FLOAT_FMT[from]!;
      return this.nanOperands(src, [x], to) ?? this.computed(to, () => convert(x, src, to, this.soft));
    }
    const v = BigInt.asIntN(from === FMT_CODE.W ? 32 : 64, x);
    if (v === 0n) return 0n;
    return this.computed(to, () => round(v < 0n ? 1 : 0, v < 0n ? -v : v, 0, to, this.soft));
  }
  /** To a 32- or 64-bit integer in `rm` (FCSR.RM encoding); invalid (NaN, out of range) gives the largest positive integer. */
  toInt(x: bigint, f: Fmt, bits: 32 | 64, rm: number): bigint {
    const max = (1n << BigInt(bits - 1)) - 1n;
    const u = unpack(x, f);
    if (u.kind === 'qnan' || u.kind === 'snan' || u.kind === 'inf') {
      this.cause |= FPE.V;
      return max;
    }
    if (u.kind === 'zero') return 0n;
    // |x| = m * 2^e: the integer part and whether anything was discarded.
    let q: bigint, rem = 0n, half = 0n;
    if (u.e >= 0) q = u.m << BigInt(u.e);
    else {
      const sh = BigInt(-u.e);
      q = u.m >> sh;
      rem = u.m & ((1n << sh) - 1n);
      half = 1n << (sh - 1n);
    }
    if (rem !== 0n) {
      const up = rm === 0 ? rem > half || (rem === half && (q & 1n) === 1n) : rm === 2 ? u.sign === 0 : rm === 3 ? u.sign === 1 : false;
      if (up) q += 1n;
    }
    const v = u.sign ? -q : q;
    if (v > max || v < -max - 1n) {
      this.cause |= FPE.V;
      return max;
    }
    if (rem !== 0n) this.cause |= FPE.I;
    return BigInt.asUintN(bits, v);
  }
  compare(x: bigint, y: bigint, f: Fmt, cond: number): bigint {
    const nan = isNaN(x, f) || isNaN(y, f);
    if ((cond & 8 && nan) || isSNaN(x, f) || isSNaN(y, f)) this.cause |= FPE.V;
    if (nan) return BigInt(cond & 1);
    const a = unpack(x, f), b = unpack(y, f);
    // Order by sign and magnitude on the bit patterns (zeros of either sign are equal).
    const key = (v: bigint, u: typeof a): bigint => (u.kind === 'zero' ? 0n : u.sign ? -(v & ((1n << BigInt(f.bits - 1)) - 1n)) : v);
    const kx = key(x, a), ky = key(y, b);
    return BigInt((cond & 2 && kx === ky) || (cond & 4 && kx < ky) ? 1 : 0);
  }
}

const INT_MODE: Partial<Record<MipsFpOp, number>> = { round: 0, trunc: 1, ceil: 2, floor: 3 };

/**
 * The result bits of the operation `desc` (see `describe`) on operands a, b, c (bit patterns of
 * the source format, unsigned) in FCSR environment `fcsr`, and the cause bits it raises.
 */
export function mipsFpOp(desc: number, a: bigint, b: bigint, c: bigint, fcsr: number): { result: bigint; cause: number } {
  const op = MIPS_FP_OPS[desc & 0xff]!;
  const from = ((desc >> 8) & 3) as FmtCode, to = ((desc >> 10) & 3) as FmtCode;
  const env = new Env(fcsr & 3, ((fcsr >>> 24) & 1) === 1);
  const f = FLOAT_FMT[from] ?? F64;
  let result: bigint;
  switch (op) {
    case 'add': case 'sub': case 'mul': case 'div': result = env.binary(op, a, b, f); break;
    case 'sqrt': result = env.sqrt(a, f); break;
    case 'recip': result = env.binary('div', ONE[f.bits]!, a, f); break;
    case 'rsqrt': result = env.binary('div', ONE[f.bits]!, env.sqrt(a, f), f); break;
    case 'madd': case 'msub': case 'nmadd': case 'nmsub': {
      const r = env.binary(op.endsWith('add') ? 'add' : 'sub', env.binary('mul', a, b, f), c, f);
      result = op.startsWith('n') ? negate(r, f) : r;
      break;
    }
    case 'cvt':
      result = to === FMT_CODE.W || to === FMT_CODE.L ? env.toInt(a, f, to === FMT_CODE.W ? 32 : 64, env.rm) : env.toFloat(a, from, FLOAT_FMT[to]!);
      break;
    case 'cmp': result = env.compare(a, b, f, (desc >> 12) & 15); break;
    default: result = env.toInt(a, f, to === FMT_CODE.W ? 32 : 64, INT_MODE[op]!);
  }
  return { result, cause: env.cause };
}

/**
 * FCSR after an operation raised `cause`: the Cause field replaced; when an enabled exception is
 * among the causes the operation traps (the caller does not write its result) and Flags stay,
 * otherwise Flags accumulate the causes (qemu's update_fcr31).
 */
export function fcsrAfter(fcsr: number, cause: number): number {
  const withCause = (fcsr & ~(0x3f << 12)) | (cause << 12);
  return cause & (fcsr >>> 7) & 0x1f ? withCause : withCause | (cause << 2);
}
