// Advanced SIMD single-precision lanes: arithmetic, multiply-accumulate (chained and fused),
// VABD, VMAX/VMIN, pairwise forms, compares (also with #0), VABS/VNEG, the reciprocal
// (square root) estimates and steps, VRECPE/VRSQRTE on unsigned integers, and conversions to and
// from 32-bit integers and fixed point and between half and single precision. Arithmetic runs in the standard FPSCR environment
// (helper ../helpers/neon.ts); the sign-bit operations are IR. Half precision (sz = 1 in the
// three-register forms) is not implemented: SIGILL.
import type { Temp } from '../../../ir/types.js';
import { ESTIMATE_HELPERS } from '../../aarch64/helpers/estimate.js';
import type { Fields } from '../../shared/bit-pattern.js';
import type { EmitFn, Group } from '../decoder.js';
import type { ArmEmitter } from '../emitter.js';
import { NEON_F32_HELPER, NEON_F32_OPS, type NeonF32Op } from '../helpers/neon.js';
import { CVT_SIGNED, cvtArgs, VFP_HELPERS } from '../helpers/vfp.js';
import { ARM } from '../state.js';
import { dnum, dp, evenQ, lanesOf, MISC, writeLanes } from './neon-common.js';
import { exponentAtLeast, hostArith, hostOrHelper, isZero, SINGLE } from './vfp.js';

/** The helper's `op` on one lane. */
const helper = (e: ArmEmitter, op: NeonF32Op, a: Temp, b: Temp, c: Temp): Temp => e.b.call(NEON_F32_HELPER, [e.b.i32(NEON_F32_OPS.indexOf(op)), a, b, c], 'i32');

/** + - * whose operands and result are normal (or zero) raise only IXC: the host computes them when FPSCR.IXC is already set. */
const HOST_OPS: Partial<Record<NeonF32Op, number>> = { add: 0, sub: 1, mul: 2 };

/**
 * One lane of `op`, c the accumulator or the conversion's arguments. VMLA/VMLS are a product
 * rounded, then a sum: two lanes of + - *.
 */
export function f32(e: ArmEmitter, op: NeonF32Op | 'mla' | 'mls', a: Temp, b: Temp, c: Temp = e.b.i32(0)): Temp {
  if (op === 'mla' || op === 'mls') return f32(e, op === 'mla' ? 'add' : 'sub', c, f32(e, 'mul', a, b));
  const slow = (dst: Temp): void => { e.b.ops.push({ op: 'call', helper: NEON_F32_HELPER, dst, args: [e.b.i32(NEON_F32_OPS.indexOf(op)), a, b, c] }); };
  const hostOp = HOST_OPS[op];
  if (hostOp !== undefined) {
    const ixc = e.b.cmp('ne', e.b.bin('and', e.b.get('i32', ARM.fpscr), e.b.i32(0x10)), e.b.i32(0));
    return hostArith(e, SINGLE, hostOp, a, b, ixc, slow);
  }
  if (op === 'fma' || op === 'fms') return fused(e, op === 'fms' ? e.b.bin('xor', a, e.b.i32(-0x80000000)) : a, b, c, slow);
  const compare = HOST_COMPARES[op];
  if (compare !== undefined) return hostOrHelper(e, 'i32', e.b.bin('and', noNaNOrDenormal(e, a), noNaNOrDenormal(e, b)), () => compare(e, a, b), slow);
  return helper(e, op, a, b, c);
}

/**
 * VFMA/VFMS (x: Vn, negated for VFMS) on the host: a product of two singles is exact in double,
 * so c + x*y rounded to double and then to single is the fused result unless the double lies
 * exactly halfway between two singles (the one case where rounding twice differs). With IXC
 * already set, normal or zero operands and a normal result nothing new can be raised.
 */
function fused(e: ArmEmitter, x: Temp, y: Temp, c: Temp, slow: (dst: Temp) => void): Temp {
  const b = e.b;
  const operand = (v: Temp): Temp => b.bin('or', exponentAtLeast(e, SINGLE, v, 1), isZero(e, SINGLE, v));
  const ixc = b.cmp('ne', b.bin('and', b.get('i32', ARM.fpscr), b.i32(0x10)), b.i32(0));
  const ok = b.bin('and', ixc, b.bin('and', operand(x), b.bin('and', operand(y), operand(c))));
  return hostOrHelper(e, 'i32', ok, () => {
    const wide = (v: Temp): Temp => b.conv('f32_to_f64', b.conv('bits_to_f32', v));
    const d = b.bin('fadd', b.bin('fmul', wide(x), wide(y)), wide(c));
    const low = b.bin('and', b.conv('f64_to_bits', d), b.i64(0x1fffffffn));
    const r = b.conv('f32_to_bits', b.conv('f64_to_f32', d));
    return { r, check: b.bin('and', exponentAtLeast(e, SINGLE, r, 2), b.cmp('ne', low, b.i64(0x10000000n))) };
  }, slow);
}

/** Neither a NaN (which raises IOC or gives the default NaN) nor a denormal (flushed, IDC). */
function noNaNOrDenormal(e: ArmEmitter, v: Temp): Temp {
  const b = e.b;
  const mag = b.bin('and', v, b.i32(0x7fffffff));
  return b.bin('and', b.cmp('le_u', mag, b.i32(0x7f800000)), b.bin('or', b.cmp('ge_u', mag, b.i32(0x00800000)), b.cmp('eq', mag, b.i32(0))));
}

/** Compares, VMAX and VMIN of such operands raise nothing: the host's, +0 above -0. */
const HOST_COMPARES: Partial<Record<NeonF32Op, (e: ArmEmitter, a: Temp, b: Temp) => Temp>> = (() => {
  const f = (e: ArmEmitter, v: Temp): Temp => e.b.conv('bits_to_f32', v);
  const abs = (e: ArmEmitter, v: Temp): Temp => e.b.bin('and', v, e.b.i32(0x7fffffff));
  const mask = (e: ArmEmitter, c: Temp): Temp => e.b.select(c, e.b.i32(-1), e.b.i32(0));
  // Equal operands are equal bit patterns or two zeros: AND keeps a positive zero, OR a negative one.
  const pick = (kind: 'fgt' | 'flt', tie: 'and' | 'or') => (e: ArmEmitter, a: Temp, c: Temp): Temp =>
    e.b.select(e.b.cmp(kind, f(e, a), f(e, c)), a, e.b.select(e.b.cmp('feq', f(e, a), f(e, c)), e.b.bin(tie, a, c), c));
  return {
    ceq: (e, a, c) => mask(e, e.b.cmp('feq', f(e, a), f(e, c))),
    cge: (e, a, c) => mask(e, e.b.cmp('fge', f(e, a), f(e, c))),
    cgt: (e, a, c) => mask(e, e.b.cmp('fgt', f(e, a), f(e, c))),
    acge: (e, a, c) => mask(e, e.b.cmp('fge', f(e, abs(e, a)), f(e, abs(e, c)))),
    acgt: (e, a, c) => mask(e, e.b.cmp('fgt', f(e, abs(e, a)), f(e, abs(e, c)))),
    max: pick('fgt', 'and'),
    min: pick('flt', 'or'),
  };
})();

/** Three registers of the same length: Vd[k] = op(Vn[k], Vm[k], Vd[k]). */
const threeSame = (op: NeonF32Op | 'mla' | 'mls'): EmitFn => (e, f) => {
  if (!evenQ(f, f.vd, f.vn, f.vm)) return false;
  const regsN = f.Q ? 2 : 1;
  const d = dnum(f.vd, f.D);
  const x = lanesOf(e, dnum(f.vn, f.N), regsN, 4), y = lanesOf(e, dnum(f.vm, f.M), regsN, 4), acc = lanesOf(e, d, regsN, 4);
  writeLanes(e, d, 4, x.map((v, k) => f32(e, op, v, y[k]!, acc[k]!)));
  return true;
};

/** VPADD/VPMAX/VPMIN (D only): adjacent pairs of Vn, then of Vm. */
const pairwise = (op: NeonF32Op): EmitFn => (e, f) => {
  if (f.Q) return false;
  const all = [...lanesOf(e, dnum(f.vn, f.N), 1, 4), ...lanesOf(e, dnum(f.vm, f.M), 1, 4)];
  writeLanes(e, dnum(f.vd, f.D), 4, [f32(e, op, all[0]!, all[1]!), f32(e, op, all[2]!, all[3]!)]);
  return true;
};

/** A two-register operation on 32-bit lanes (size must be 10). */
const unary = (fn: (e: ArmEmitter, v: Temp) => Temp): EmitFn => (e, f) => {
  if (f.size !== 2 || !evenQ(f, f.vd, f.vm)) return false;
  writeLanes(e, dnum(f.vd, f.D), 4, lanesOf(e, dnum(f.vm, f.M), f.Q ? 2 : 1, 4).map((v) => fn(e, v)));
  return true;
};
const zero = (e: ArmEmitter): Temp => e.b.i32(0);

/** VCVT between F32 and S32/U32 lanes: `toFixed` rounds toward zero; fbits fraction bits. */
function convert(e: ArmEmitter, v: Temp, toFixed: boolean, unsigned: boolean, fbits: number): Temp {
  const args = e.b.i32(cvtArgs(unsigned ? 0 : CVT_SIGNED, fbits));
  return toFixed ? f32(e, 'tofixed', v, zero(e), args) : f32(e, 'fromfixed', v, zero(e), args);
}

/** Three registers, single precision (insn<20> = 0; 1 is half precision): op (insn<21>) fixed. */
/**
 * VCVT between half and single precision (size 01, Q 0): op 0 narrows the four singles of Qm to
 * halves in Dd, op 1 widens Dm's four halves to singles in Qd (an odd Q register number is
 * undefined). The standard FPSCR value with FPSCR.AHP; every lane is read before any is written.
 */
function cvtHalfLanes(e: ArmEmitter, f: Fields): boolean {
  if (f.size !== 1 || f.Q) return false;
  const b = e.b;
  const d = dnum(f.vd, f.D), m = dnum(f.vm, f.M);
  if ((f.op === 0 ? m : d) & 1) return false;
  const toHalf = f.op === 0;
  const vals = lanesOf(e, m, toHalf ? 2 : 1, toHalf ? 4 : 2)
    .map((v) => b.call(toHalf ? VFP_HELPERS.f32to16 : VFP_HELPERS.f16to32, [v, b.i32(1)], 'i32'));
  writeLanes(e, d, toHalf ? 2 : 4, vals);
  return true;
}

const FSAME = (opc: string, op: number, o1: string): string => `0 D:1 ${op} 0 vn:4 vd:4 ${opc} N:1 Q:1 M:1 ${o1} vm:4`;

const DP = [
  dp('VADD (float)', FSAME('1101', 0, '0'), threeSame('add'), 0),
  dp('VSUB (float)', FSAME('1101', 1, '0'), threeSame('sub'), 0),
  dp('VPADD (float)', FSAME('1101', 0, '0'), pairwise('add'), 1),
  dp('VABD (float)', FSAME('1101', 1, '0'), threeSame('abd'), 1),
  dp('VMLA (float)', FSAME('1101', 0, '1'), threeSame('mla'), 0),
  dp('VMLS (float)', FSAME('1101', 1, '1'), threeSame('mls'), 0),
  dp('VMUL (float)', FSAME('1101', 0, '1'), threeSame('mul'), 1),
  dp('VFMA', FSAME('1100', 0, '1'), threeSame('fma'), 0),
  dp('VFMS', FSAME('1100', 1, '1'), threeSame('fms'), 0),
  dp('VCEQ (float)', FSAME('1110', 0, '0'), threeSame('ceq'), 0),
  dp('VCGE (float)', FSAME('1110', 0, '0'), threeSame('cge'), 1),
  dp('VCGT (float)', FSAME('1110', 1, '0'), threeSame('cgt'), 1),
  dp('VACGE', FSAME('1110', 0, '1'), threeSame('acge'), 1),
  dp('VACGT', FSAME('1110', 1, '1'), threeSame('acgt'), 1),
  dp('VMAX (float)', FSAME('1111', 0, '0'), threeSame('max'), 0),
  dp('VMIN (float)', FSAME('1111', 1, '0'), threeSame('min'), 0),
  dp('VPMAX (float)', FSAME('1111', 0, '0'), pairwise('max'), 1),
  dp('VPMIN (float)', FSAME('1111', 1, '0'), pairwise('min'), 1),
  dp('VRECPS', FSAME('1111', 0, '1'), threeSame('recps'), 0),
  dp('VRSQRTS', FSAME('1111', 1, '1'), threeSame('rsqrts'), 0),
  // Two registers, miscellaneous, F = 1: compares with #0 (VCLE/VCLT as 0 >= x, 0 > x), VABS, VNEG.
  dp('VCGT #0 (float)', MISC('01', '1000'), unary((e, v) => f32(e, 'cgt', v, zero(e))), 1),
  dp('VCGE #0 (float)', MISC('01', '1001'), unary((e, v) => f32(e, 'cge', v, zero(e))), 1),
  dp('VCEQ #0 (float)', MISC('01', '1010'), unary((e, v) => f32(e, 'ceq', v, zero(e))), 1),
  dp('VCLE #0 (float)', MISC('01', '1011'), unary((e, v) => f32(e, 'cge', zero(e), v)), 1),
  dp('VCLT #0 (float)', MISC('01', '1100'), unary((e, v) => f32(e, 'cgt', zero(e), v)), 1),
  dp('VABS (float)', MISC('01', '1110'), unary((e, v) => e.b.bin('and', v, e.b.i32(0x7fffffff))), 1),
  dp('VNEG (float)', MISC('01', '1111'), unary((e, v) => e.b.bin('xor', v, e.b.i32(-0x80000000))), 1),
  dp('VRECPE (unsigned)', MISC('11', '1000'), unary((e, v) => e.b.call(ESTIMATE_HELPERS.urecpe, [v], 'i32')), 1),
  dp('VRSQRTE (unsigned)', MISC('11', '1001'), unary((e, v) => e.b.call(ESTIMATE_HELPERS.ursqrte, [v], 'i32')), 1),
  dp('VRECPE (float)', MISC('11', '1010'), unary((e, v) => f32(e, 'recpe', v, zero(e))), 1),
  dp('VRSQRTE (float)', MISC('11', '1011'), unary((e, v) => f32(e, 'rsqrte', v, zero(e))), 1),
  // op (insn<8:7>): 00 F32 from S32, 01 from U32, 10 S32 from F32, 11 U32 from F32.
  dp('VCVT (float, integer)', MISC('11', '11 op:2'), (e, f) => unary((x, v) => convert(x, v, f.op >= 2, (f.op & 1) === 1, 0))(e, f), 1),
  dp('VCVT (half, single)', MISC('10', '11 op:1 0'), cvtHalfLanes, 1),
  // Fixed point: imm6 = 1xxxxx gives 64 - imm6 fraction bits (imm6 < 32 is undefined); U: unsigned.
  dp('VCVT (float, fixed point)', '1 D:1 1 fb:5 vd:4 111 op:1 0 Q:1 M:1 1 vm:4',
    (e, f) => unary((x, v) => convert(x, v, f.op === 1, f.u === 1, 32 - f.fb))(e, { ...f, size: 2 })),
];

export const neonFloatGroup: Group = { a32u: DP.map((x) => x.a32u), t32: DP.map((x) => x.t32) };
