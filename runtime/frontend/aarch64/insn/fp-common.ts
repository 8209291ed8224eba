// Scalar floating-point building blocks. Values travel as integer bit patterns (read from and
// written to the V registers as lanes) and are reinterpreted as floats only around each
// arithmetic op, after which Arm's NaN rules are applied in the integer domain: the host's NaN
// results (sign, payload) differ from Arm's default NaN and input-NaN propagation.
import type { BinKind, Temp } from '../../../ir/types.js';
import type { Emitter } from '../emitter.js';
import { ARITH_OPS, FP_HELPERS } from '../helpers/fp.js';
import { FLAG_OPS, FP_FLAG_HELPERS, type FlagOp } from '../helpers/fp-flags.js';
import { IOC, IXC } from '../../shared/softfloat.js';
import { A64 } from '../state.js';
import { ExactArith, isOrdinary } from '../../shared/fp-exact.js';
import { FP32, FP64, type FpType } from '../../shared/fp-type.js';

export { FP32, FP64, type FpType } from '../../shared/fp-type.js';

/** ftype field (insn<23:22>): 0 = single, 1 = double; half (3) only where an op handles it itself. */
export function fpType(ftype: number): FpType | null {
  return ftype === 0 ? FP32 : ftype === 1 ? FP64 : null;
}

export class FpOps {
  constructor(readonly e: Emitter, readonly t: FpType) {}

  private k(v: bigint): Temp { return this.e.b.konst(this.t.ity, v); }

  /** Bits of the scalar in the low lane of V[n]. */
  read(n: number): Temp { return this.e.vlane(n, 0, this.t.size); }
  /** Write a scalar result, zeroing the rest of V[n]. */
  write(n: number, bits: Temp): void { this.e.setVlow(n, this.e.to64(bits)); }

  toF(bits: Temp): Temp { return this.e.b.conv(this.t.bits === 32 ? 'bits_to_f32' : 'bits_to_f64', bits); }
  toBits(f: Temp): Temp { return this.e.b.conv(this.t.bits === 32 ? 'f32_to_bits' : 'f64_to_bits', f); }

  isNaN(x: Temp): Temp {
    const b = this.e.b;
    return b.cmp('gt_u', b.bin('and', x, this.k(~this.t.sign)), this.k(this.t.inf));
  }
  isSNaN(x: Temp): Temp {
    const b = this.e.b;
    const quietClear = b.cmp('eq', b.bin('and', x, this.k(this.t.quiet)), this.k(0n));
    return b.bin('and', this.isNaN(x), quietClear);
  }
  quieten(x: Temp): Temp { return this.e.b.bin('or', x, this.k(this.t.quiet)); }

  /**
   * Replace a NaN result by what Arm produces: the first signalling NaN operand, else the first
   * quiet NaN operand (quietened), else the default NaN (the operation itself was invalid).
   */
  fixNaN(result: Temp, inputs: Temp[]): Temp {
    const b = this.e.b;
    let nan = this.k(this.t.defaultNaN);
    for (const pick of [(x: Temp) => this.isNaN(x), (x: Temp) => this.isSNaN(x)]) {
      for (let k = inputs.length - 1; k >= 0; k--) nan = b.select(pick(inputs[k]!), this.quieten(inputs[k]!), nan);
    }
    return b.select(this.isNaN(result), nan, result);
  }

  /** `flagOp` replaces the operation whose exception flags are raised (FMULX). */
  bin(kind: BinKind, a: Temp, c: Temp, flagOp?: FlagOp): Temp {
    const b = this.e.b;
    const fa = this.toF(a), fc = this.toF(c);
    const fr = b.bin(kind, fa, fc);
    const r = this.fixNaN(this.toBits(fr), [a, c]);
    const op = ROUNDING[kind];
    if (op === undefined) {
      this.specialFlags('snan', this.isNaN(r), [a, c]);
      return r;
    }
    this.roundingFlags(flagOp ?? op, r, flagOp ? [this.k(0n), a, c] : [a, c], () => new ExactArith(this).wasExact(op, fa, fc, fr));
    return this.directedRounding(r, ARITH_OPS.indexOf(op), a, c);
  }
  un(kind: 'fsqrt', a: Temp): Temp {
    const b = this.e.b;
    const fa = this.toF(a), fr = b.un(kind, fa);
    const r = this.fixNaN(this.toBits(fr), [a]);
    this.roundingFlags('sqrt', r, [a], () => new ExactArith(this).wasExact('sqrt', fa, fa, fr));
    return this.directedRounding(r, ARITH_OPS.indexOf('sqrt'), a, a);
  }

  /** FPSR.IOC when `cond` (i32 0/1). */
  raiseInvalid(cond: Temp): void { this.e.setFpsrIf(cond, IOC); }
  /** FPSR.IXC when `cond` (i32 0/1). */
  raiseInexact(cond: Temp): void { this.e.setFpsrIf(cond, IXC); }

  /** Not a normal number, or the smallest normal or the largest finite one. */
  special(r: Temp): Temp { return this.e.b.cmp('eq', this.ordinary(r, this.t), this.e.b.i32(0)); }

  /** A normal number other than the smallest normal and the largest finite one (bits of type `t`). */
  private ordinary(r: Temp, t: FpType): Temp { return isOrdinary(this.e.b, r, t); }

  /** The soft-float flag helper for `op` on operands of this type (missing ones are zero). */
  private flagHelper(op: FlagOp, args: Temp[]): Temp {
    const b = this.e.b;
    const operands = [0, 1, 2].map((k) => args[k] ?? this.k(0n));
    const helper = this.t.bits === 32 ? FP_FLAG_HELPERS.flags32 : FP_FLAG_HELPERS.flags64;
    return b.call(helper, [b.i32(FLAG_OPS.indexOf(op)), ...operands, this.rmode()], 'i32');
  }

  /**
   * Accumulate the flags of a rounding `op` on `args` (this type) whose round-to-nearest result is
   * `r` (of type `resultType`). Once IXC is set (it stays set until the guest clears FPSR) an
   * ordinary result can add nothing: overflow, underflow, division by zero and invalid operations
   * all give a special result. So the exact soft-float computation runs only while IXC is clear
   * (after `exact`, a cheap inline test, fails) or for special results.
   */
  roundingFlags(op: FlagOp, r: Temp, args: Temp[], exact?: () => Temp, resultType: FpType = this.t): void {
    const b = this.e.b;
    const fpsr = b.get('i32', A64.fpsr);
    const ordinary = this.ordinary(r, resultType);
    const done = b.newLabel();
    b.brif(b.bin('and', ordinary, b.bin('shr_u', fpsr, b.i32(31 - Math.clz32(IXC)))), done);
    if (exact) b.brif(b.bin('and', ordinary, exact()), done);
    b.set(A64.fpsr, b.bin('or', fpsr, this.flagHelper(op, args)));
    b.label(done);
  }

  /** Accumulate the flags of `op` on `args` when `when` holds (ops whose flags need special values). */
  specialFlags(op: FlagOp, when: Temp, args: Temp[]): void {
    const b = this.e.b;
    const done = b.newLabel();
    b.brif(b.cmp('eq', when, b.i32(0)), done);
    this.e.orFpsr(this.flagHelper(op, args));
    b.label(done);
  }

  /** addend + x*y with one rounding in FPCR.RMode (FMADD, FMLA...); `flagOp` as in bin (FRECPS). */
  fma(addend: Temp, x: Temp, y: Temp, flagOp: FlagOp = 'fma'): Temp {
    // Host arithmetic when the operands allow it and the mode is to nearest, else soft-float.
    const fast = new ExactArith(this).fusedMultiplyAdd(addend, x, y, this.t.bits === 32 ? new ExactArith(new FpOps(this.e, FP64)) : null);
    const r = this.unlessNearest(fast.r, this.t.bits === 32 ? FP_HELPERS.fma32 : FP_HELPERS.fma64, [addend, x, y], fast.valid);
    this.roundingFlags(flagOp, r, [addend, x, y], () => this.e.b.bin('and', fast.valid, fast.exact));
    return r;
  }

  /** FPCR.RMode as an i32 0..3 (0 = round to nearest). */
  rmode(): Temp {
    const b = this.e.b;
    return b.bin('and', b.bin('shr_u', b.get('i32', A64.fpcr), b.i32(22)), b.i32(3));
  }

  /** Slow path of the rounding ops: `op` of ARITH_OPS in FPCR.RMode. */
  directedRounding(r: Temp, op: number, a: Temp, c: Temp): Temp {
    return this.unlessNearest(r, this.t.bits === 32 ? FP_HELPERS.arith32 : FP_HELPERS.arith64, [this.e.b.i32(op), a, c]);
  }

  /**
   * The host rounds to nearest; when FPCR.RMode says otherwise (or `hostValid`, i32 0/1, says the
   * host computation did not apply), recompute `r` (reassigning the temp) with a soft-float helper
   * taking `args` and the mode. Round-to-nearest code pays one compare and branch.
   */
  unlessNearest(r: Temp, helper: string, args: Temp[], hostValid?: Temp): Temp {
    const b = this.e.b;
    const mode = this.rmode();
    const done = b.newLabel();
    const nearest = b.cmp('eq', mode, b.i32(0));
    b.brif(hostValid === undefined ? nearest : b.bin('and', nearest, hostValid), done);
    b.ops.push({ op: 'call', helper, dst: r, args: [...args, mode] });
    b.label(done);
    return r;
  }

  neg(a: Temp): Temp { return this.e.b.bin('xor', a, this.k(this.t.sign)); }
  abs(a: Temp): Temp { return this.e.b.bin('and', a, this.k(~this.t.sign)); }

  /** FMAXNM/FMINNM: a quiet NaN loses against a number. */
  binNum(kind: 'fmax' | 'fmin', a: Temp, c: Temp): Temp {
    const b = this.e.b;
    const qnan = (x: Temp): Temp => b.bin('and', this.isNaN(x), b.cmp('eq', this.isSNaN(x), b.i32(0)));
    const notNaN = (x: Temp): Temp => b.cmp('eq', this.isNaN(x), b.i32(0));
    const a2 = b.select(b.bin('and', qnan(a), notNaN(c)), c, a);
    const c2 = b.select(b.bin('and', qnan(c), notNaN(a)), a, c);
    return this.bin(kind, a2, c2);
  }

  /** Round to an integral value in the format: 'fnearest' (ties even), 'ftrunc', 'fceil', 'ffloor', or 'away' (ties away). */
  roundInt(a: Temp, mode: RoundMode): Temp {
    const r = this.roundBits(a, mode);
    this.specialFlags('snan', this.isNaN(r), [a]);
    return r;
  }

  private roundBits(a: Temp, mode: RoundMode): Temp { return this.fixNaN(this.toBits(this.roundF(this.toF(a), mode)), [a]); }

  /** FRINTX (`exact`: IXC when the value changes) and FRINTI: round in the FPCR.RMode mode. */
  roundIntFpcr(a: Temp, exact: boolean): Temp {
    const b = this.e.b;
    const rmode = this.rmode();
    const byMode: RoundMode[] = ['fceil', 'ffloor', 'ftrunc'];
    const r = byMode.reduce((acc, mode, k) => b.select(b.cmp('eq', rmode, b.i32(k + 1)), this.roundBits(a, mode), acc), this.roundBits(a, 'fnearest'));
    this.specialFlags('snan', this.isNaN(r), [a]);
    const fa = this.toF(a);
    if (exact) this.raiseInexact(b.bin('and', b.cmp('fne', this.toF(r), fa), b.cmp('feq', fa, fa)));
    return r;
  }

  /** Rounding on a float temp (no NaN fix-up; callers converting to integers don't need one). */
  roundF(f: Temp, mode: RoundMode): Temp {
    const b = this.e.b;
    if (mode !== 'away') return b.un(mode, f);
    // Ties away from zero: truncate, then step away when the dropped fraction is >= 1/2.
    // x - trunc(x) is exact, and selecting (rather than adding 0) keeps the sign of -0.
    const t = b.un('ftrunc', f);
    const frac = b.un('fabs', b.bin('fsub', f, t));
    const half = b.konst(this.t.fty, 0.5);
    const step = b.bin('fcopysign', b.konst(this.t.fty, 1), f);
    return b.select(b.cmp('fge', frac, half), b.bin('fadd', t, step), t);
  }

  /**
   * FPCompare as NZCV: unordered 0011, equal 0110, less 1000, greater 0010. IOC for a signalling
   * NaN operand, or any NaN when `signalling` (FCMPE); only if `when` holds (FCCMP's condition).
   */
  compareFlags(a: Temp, c: Temp, signalling: boolean, when?: Temp): { n: Temp; z: Temp; c: Temp; v: Temp } {
    const b = this.e.b;
    const fa = this.toF(a), fc = this.toF(c);
    const lt = b.cmp('flt', fa, fc), eq = b.cmp('feq', fa, fc);
    const ordered = b.bin('or', b.bin('or', lt, eq), b.cmp('fgt', fa, fc));
    const one = b.i32(1);
    const unordered = b.bin('xor', ordered, one);
    this.compareException(when === undefined ? unordered : b.bin('and', unordered, when), a, c, signalling);
    return { n: lt, z: eq, c: b.bin('xor', lt, one), v: unordered };
  }

  /** The Invalid Operation exception of a comparison whose operands were `unordered`. */
  compareException(unordered: Temp, a: Temp, c: Temp, signalling: boolean): void {
    if (signalling) this.raiseInvalid(unordered);
    else this.specialFlags('snan', unordered, [a, c]);
  }
}

/** IR float binaries that round, as operations of the directed-rounding and flag helpers. */
const ROUNDING: Partial<Record<BinKind, 'add' | 'sub' | 'mul' | 'div'>> = { fadd: 'add', fsub: 'sub', fmul: 'mul', fdiv: 'div' };

export type RoundMode = 'fnearest' | 'ftrunc' | 'fceil' | 'ffloor' | 'away';
