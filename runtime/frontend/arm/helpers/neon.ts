// The IR helper for Advanced SIMD single-precision lanes. NEON float arithmetic ignores FPSCR's
// RMode, FZ and DN and uses the "standard FPSCR value" (round to nearest, flush-to-zero, default
// NaN), but accumulates FPSCR's cumulative exception flags: soft-float in that environment, with
// the reciprocal estimates of the AArch64 frontend (same Arm ARM algorithms) and VFP's
// flushing, fixed-point conversions and host fast path (../helpers/vfp.ts). Where the Arm ARM
// and QEMU differ in detail (VRECPS/VRSQRTS: a product rounded before the subtraction), QEMU, the
// reference this project tests against, is followed.
import { registerHelper } from '../../../ir/helpers.js';
import { recpe, rsqrte } from '../../aarch64/helpers/estimate.js';
import { recipFlags } from '../../aarch64/helpers/fp-flags.js';
import { arith, ENV_DN, ENV_FZ, F32, IDC, IOC, IXC, mulAdd, unpack, type Env } from '../../shared/softfloat.js';
import { bitsToF32, CVT_ROUND_ZERO, f32ToBits, flush, fromInt, hostArith32, raiseLater, toInt, withEnv } from './vfp.js';

export const NEON_F32_HELPER = 'arm_neon_f32';

/** Operations of the helper (its first argument is the index). */
export const NEON_F32_OPS = [
  'add', 'sub', 'mul', 'abd', 'max', 'min', 'ceq', 'cge', 'cgt', 'acge', 'acgt', 'recps', 'rsqrts', 'recpe', 'rsqrte',
  /** c + a*b and c - a*b fused (VFMA/VFMS). */
  'fma', 'fms',
  /** a to a 32-bit fixed-point number toward zero, b to float rounding to nearest; c: cvtArgs (signedness, fbits). */
  'tofixed', 'fromfixed',
] as const;
export type NeonF32Op = (typeof NEON_F32_OPS)[number];

/** StandardFPSCRValue(): round to nearest, FZ, DN. */
const STANDARD: Env = ENV_FZ | ENV_DN;
const SIGN = 0x80000000n, TWO = 0x40000000n, THREE = 0x40400000n, ONE_AND_HALF = 0x3fc00000n;

const isNaNKind = (k: string): boolean => k === 'qnan' || k === 'snan';

/** FPMax/FPMin: NaNs give the default NaN (IOC for a signalling one); +0 is above -0. */
function maxMin(a: bigint, b: bigint, max: boolean): bigint {
  const x = unpack(a, F32), y = unpack(b, F32);
  if (isNaNKind(x.kind) || isNaNKind(y.kind)) {
    if (x.kind === 'snan' || y.kind === 'snan') raiseLater(IOC);
    return 0x7fc00000n;
  }
  if (x.kind === 'zero' && y.kind === 'zero') return (max ? a & b : a | b) & SIGN;
  const va = bitsToF32(Number(a)), vb = bitsToF32(Number(b));
  return (va > vb) === max ? a : b;
}

/** FPCompareEQ/GE/GT: false with a NaN (IOC: a signalling one for EQ, any for GE/GT). */
function compare(a: bigint, b: bigint, kind: 'eq' | 'ge' | 'gt'): bigint {
  const x = unpack(a, F32), y = unpack(b, F32);
  if (isNaNKind(x.kind) || isNaNKind(y.kind)) {
    if (kind !== 'eq' || x.kind === 'snan' || y.kind === 'snan') raiseLater(IOC);
    return 0n;
  }
  const va = bitsToF32(Number(a)), vb = bitsToF32(Number(b));
  return (kind === 'eq' ? va === vb : kind === 'ge' ? va >= vb : va > vb) ? 0xffffffffn : 0n;
}

/**
 * VRECPS (2 - a*b) and VRSQRTS ((3 - a*b) / 2): infinity times zero (or a denormal, IDC) is
 * exactly 2 or 1.5; otherwise the product is rounded, then the rest.
 */
function step(a: bigint, b: bigint, rsqrt: boolean): bigint {
  const x = unpack(a, F32), y = unpack(b, F32);
  const zeroOrDenormal = (v: bigint): boolean => (v & 0x7f800000n) === 0n;
  if ((x.kind === 'inf' && zeroOrDenormal(b)) || (y.kind === 'inf' && zeroOrDenormal(a))) {
    if (x.kind !== 'zero' && y.kind !== 'zero') raiseLater(IDC);
    return rsqrt ? ONE_AND_HALF : TWO;
  }
  const product = arith('mul', flush(a, F32, STANDARD), flush(b, F32, STANDARD), F32, STANDARD);
  return rsqrt ? arith('div', arith('sub', THREE, product, F32, STANDARD), TWO, F32, STANDARD) : arith('sub', TWO, product, F32, STANDARD);
}

function evaluate(op: NeonF32Op, a: bigint, b: bigint, c: bigint): bigint {
  const fl = (v: bigint): bigint => flush(v, F32, STANDARD);
  switch (op) {
    case 'add': case 'sub': case 'mul': return arith(op, fl(a), fl(b), F32, STANDARD);
    case 'abd': return arith('sub', fl(a), fl(b), F32, STANDARD) & ~SIGN;
    case 'max': case 'min': return maxMin(fl(a), fl(b), op === 'max');
    case 'ceq': return compare(fl(a), fl(b), 'eq');
    case 'cge': return compare(fl(a), fl(b), 'ge');
    case 'cgt': return compare(fl(a), fl(b), 'gt');
    case 'acge': return compare(fl(a) & ~SIGN, fl(b) & ~SIGN, 'ge');
    case 'acgt': return compare(fl(a) & ~SIGN, fl(b) & ~SIGN, 'gt');
    case 'recps': case 'rsqrts': return step(a, b, op === 'rsqrts');
    case 'recpe': case 'rsqrte': {
      const x = fl(a);
      raiseLater(recipFlags(x, F32, STANDARD, op === 'rsqrte'));
      return op === 'recpe' ? recpe(x, F32, STANDARD) : rsqrte(x, F32, STANDARD);
    }
    case 'fma': case 'fms': return mulAdd(fl(c), fl(op === 'fms' ? a ^ SIGN : a), fl(b), F32, STANDARD);
    case 'tofixed': { const [mode, fbits] = [Number(c) & 0xff, (Number(c) >> 8) & 0xff]; return toInt(a, F32, mode | CVT_ROUND_ZERO, fbits, 32, STANDARD); }
    case 'fromfixed': { const [mode, fbits] = [Number(c) & 0xff, (Number(c) >> 8) & 0xff]; return fromInt(a, F32, mode, fbits, 32, STANDARD); }
  }
}

registerHelper({
  name: NEON_F32_HELPER, params: ['i32', 'i32', 'i32', 'i32'], result: 'i32', effects: 'state',
  fn: (ctx, op: number, a: number, b: number, c: number) => {
    // + - *: the host's result when operands and result are normal (or zero), as for VFP.
    if (op <= 2) {
      const fast = hostArith32(op, bitsToF32(a), bitsToF32(b));
      if (fast !== null) {
        if (fast[1]) withEnv(ctx, () => raiseLater(IXC), STANDARD);
        return f32ToBits(fast[0]);
      }
    }
    const r = withEnv(ctx, () => evaluate(NEON_F32_OPS[op]!, BigInt(a >>> 0), BigInt(b >>> 0), BigInt(c >>> 0)), STANDARD);
    return Number(BigInt.asIntN(32, r));
  },
});
