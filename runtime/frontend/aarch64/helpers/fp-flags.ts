// The FPSR cumulative exception flags an FP operation raises, computed exactly with the
// soft-float code. Translated code calls these helpers only on its slow path (IXC still clear, or
// a result that is zero, subnormal, the smallest normal, the largest finite, infinite or NaN), so
// their BigInt arithmetic stays off the common path.
import { registerHelper } from '../../../ir/helpers.js';
import { arith, convert, DZC, ENV_FZ, F16, F32, F64, IOC, IXC, mulAdd, OFC, takeFlags, UFC, unpack, type Env, type Fmt } from '../../shared/softfloat.js';

/** Operations whose flags the helpers compute; the IR passes the index. */
export const FLAG_OPS = [
  'add', 'sub', 'mul', 'div', 'sqrt',
  /** addend (a) + b*c, one rounding. */
  'fma',
  /** FMULX: b*c, except that infinity times zero is exact. */
  'mulx',
  /** FRECPS's a + b*c and FRSQRTS's (a + b*c)/2, fused; infinity times zero is exact. */
  'recps', 'rsqrts',
  /** Operations that only signal on a signalling NaN operand (a, b, c). */
  'snan',
  /** FRECPE and FRSQRTE of a. */
  'recpe', 'rsqrte',
  /** a converted to single (64-bit helper), half, or from half (a holds the half bits). */
  'to32', 'to16', 'from16',
  /** FCVTXN: to single rounding to odd (the flags of rounding toward zero). */
  'to32odd',
] as const;
export type FlagOp = (typeof FLAG_OPS)[number];

export const FP_FLAG_HELPERS = { flags32: 'a64_fpflags32', flags64: 'a64_fpflags64' } as const;

function infTimesZero(b: bigint, c: bigint, f: Fmt): boolean {
  const x = unpack(b, f).kind, y = unpack(c, f).kind;
  return (x === 'inf' && y === 'zero') || (x === 'zero' && y === 'inf');
}

function isSNaN(x: bigint, f: Fmt): boolean { return unpack(x, f).kind === 'snan'; }

/**
 * Run `op` on the operands for its side effect on the soft-float flags, in FP environment `env`
 * (FPCR<26:22>; operands already flushed under FZ, whose IDC the caller raised).
 */
function evaluate(op: FlagOp, a: bigint, b: bigint, c: bigint, f: Fmt, env: Env): number {
  takeFlags(); // what the result helpers left behind
  switch (op) {
    case 'add': case 'sub': case 'mul': case 'div': case 'sqrt':
      arith(op, a, b, f, env);
      break;
    case 'fma': mulAdd(a, b, c, f, env); break;
    case 'mulx':
      if (infTimesZero(b, c, f)) return isSNaN(b, f) || isSNaN(c, f) ? IOC : 0;
      arith('mul', b, c, f, env);
      break;
    case 'recps': case 'rsqrts':
      if (infTimesZero(b, c, f)) return 0;
      mulAdd(a, b, c, f, env, op === 'rsqrts');
      break;
    case 'snan': return isSNaN(a, f) || isSNaN(b, f) || isSNaN(c, f) ? IOC : 0;
    case 'recpe': return recipFlags(a, f, env, false);
    case 'rsqrte': return recipFlags(a, f, env, true);
    case 'to32': convert(a, f, F32, env); break;
    case 'to32odd': convert(a, f, F32, 3 | (env & ENV_FZ)); break;
    case 'to16': convert(a, f, F16, env); break;
    case 'from16': return isSNaN(a, F16) ? IOC : 0;
  }
  return takeFlags();
}

/** FRECPE/FRSQRTE (Arm ARM FPRecipEstimate, FPRSqrtEstimate). */
export function recipFlags(a: bigint, f: Fmt, env: Env, rsqrt: boolean): number {
  const u = unpack(a, f);
  if (u.kind === 'snan') return IOC;
  if (u.kind === 'qnan') return 0;
  // The reciprocal square root of -infinity is invalid, as of any other negative value.
  if (u.kind === 'inf') return rsqrt && u.sign ? IOC : 0;
  if (u.kind === 'zero') return DZC;
  if (rsqrt) return u.sign ? IOC : 0;
  // The reciprocal of a value below 2^-(bias+1) overflows.
  const exponent = u.e + u.m.toString(2).length - 1;
  if (exponent < -(1 << (f.expBits - 1))) return OFC | IXC;
  // Under FZ a reciprocal below the smallest normal is flushed: from |a| >= 2^(bias-1).
  return env & ENV_FZ && exponent >= (1 << (f.expBits - 1)) - 2 ? UFC : 0;
}

registerHelper({
  name: FP_FLAG_HELPERS.flags32, params: ['i32', 'i32', 'i32', 'i32', 'i32'], result: 'i32', effects: 'pure',
  fn: (_c, op: number, a: number, b: number, c: number, env: number) =>
    evaluate(FLAG_OPS[op]!, BigInt(a >>> 0), BigInt(b >>> 0), BigInt(c >>> 0), F32, env),
});
registerHelper({
  name: FP_FLAG_HELPERS.flags64, params: ['i32', 'i64', 'i64', 'i64', 'i32'], result: 'i32', effects: 'pure',
  fn: (_c, op: number, a: bigint, b: bigint, c: bigint, env: number) =>
    evaluate(FLAG_OPS[op]!, BigInt.asUintN(64, a), BigInt.asUintN(64, b), BigInt.asUintN(64, c), F64, env),
});
