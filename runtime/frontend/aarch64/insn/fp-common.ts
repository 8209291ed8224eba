// Scalar floating-point building blocks. Values travel as integer bit patterns (read from and
// written to the V registers as lanes) and are reinterpreted as floats only around each
// arithmetic op, after which Arm's NaN rules are applied in the integer domain: the host's NaN
// results (sign, payload) differ from Arm's default NaN and input-NaN propagation.
// FPCR.FZ and DN (flush-to-zero, default NaN) are honoured behind tests of FPCR that branch over
// their code: operands are flushed by `flushed`, NaN results replaced by `fixNaN`, and the host's
// results recomputed by the soft-float helpers (`unlessDefaultEnv`) only when they could differ.
import type { BinKind, Temp } from '../../../ir/types.js';
import type { Emitter } from '../emitter.js';
import { ARITH_OPS, FP_HELPERS } from '../helpers/fp.js';
import { FLAG_OPS, FP_FLAG_HELPERS, type FlagOp } from '../helpers/fp-flags.js';
import { ENV_DN, ENV_FZ, IDC, IOC, IXC } from '../../shared/softfloat.js';
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
   * quiet NaN operand (quietened), else the default NaN (the operation itself was invalid), and
   * always the default NaN under FPCR.DN. `result` is a temp of the caller's, reassigned; the
   * work is branched over when it is not a NaN.
   */
  fixNaN(result: Temp, inputs: Temp[]): Temp {
    const b = this.e.b;
    const done = b.newLabel();
    b.brif(b.cmp('eq', this.isNaN(result), b.i32(0)), done);
    let nan = this.k(this.t.defaultNaN);
    for (const pick of [(x: Temp) => this.isNaN(x), (x: Temp) => this.isSNaN(x)]) {
      for (let k = inputs.length - 1; k >= 0; k--) nan = b.select(pick(inputs[k]!), this.quieten(inputs[k]!), nan);
    }
    this.selectInto(result, this.dnBit(), this.k(this.t.defaultNaN), nan);
    b.label(done);
    return result;
  }

  /** `nan` (a NaN of this type), or the default NaN when FPCR.DN is set. */
  defaultNaNIf(nan: Temp): Temp { return this.e.b.select(this.dnBit(), this.k(this.t.defaultNaN), nan); }

  /** FPCR.DN as an i32, non-zero when set. */
  private dnBit(): Temp { return this.e.b.bin('and', this.e.b.get('i32', A64.fpcr), this.e.b.i32(FPCR_DN)); }

  /** dst := cond ? a : b, reassigning the temp dst. */
  private selectInto(dst: Temp, cond: Temp, a: Temp, b: Temp): void { this.e.b.ops.push({ op: 'select', dst, cond, a, b }); }

  /**
   * The operands as Arm's FPUnpack sees them: under FPCR.FZ a denormal becomes a zero of the same
   * sign and sets FPSR.IDC (only if `when` holds: FCCMP's condition). Fresh temps (the caller's
   * stay the register values); with FZ clear the flushing is branched over.
   */
  flushed(xs: Temp[], when?: Temp): Temp[] {
    const b = this.e.b;
    const zero = this.k(0n);
    const out = xs.map((x) => b.bin('or', x, zero));
    const done = b.newLabel();
    b.brif(b.cmp('eq', b.bin('and', b.get('i32', A64.fpcr), b.i32(FPCR_FZ)), b.i32(0)), done);
    // Under FZ, operands with a non-zero exponent field (nearly all) skip the flushing too.
    const expMask = this.k(this.t.inf);
    const zeroExp = out.map((x) => b.cmp('eq', b.bin('and', x, expMask), zero)).reduce((acc, z) => b.bin('or', acc, z));
    b.brif(b.cmp('eq', zeroExp, b.i32(0)), done);
    let any = b.i32(0);
    for (const x of out) {
      const denormal = b.cmp('lt_u', b.bin('sub', this.abs(x), this.k(1n)), this.k(this.t.minNormal - 1n));
      this.selectInto(x, denormal, b.bin('and', x, this.k(this.t.sign)), x);
      any = b.bin('or', any, denormal);
    }
    this.e.setFpsrIf(when === undefined ? any : b.bin('and', any, when), IDC);
    b.label(done);
    return out;
  }

  /** `flagOp` replaces the operation whose exception flags are raised (FMULX). */
  bin(kind: BinKind, a0: Temp, c0: Temp, flagOp?: FlagOp): Temp {
    const b = this.e.b;
    const [a, c] = this.flushed([a0, c0]) as [Temp, Temp];
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
  un(kind: 'fsqrt', a0: Temp): Temp {
    const b = this.e.b;
    const [a] = this.flushed([a0]) as [Temp];
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
    return b.call(helper, [b.i32(FLAG_OPS.indexOf(op)), ...operands, this.env()], 'i32');
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
  fma(addend0: Temp, x0: Temp, y0: Temp, flagOp: FlagOp = 'fma'): Temp {
    const [addend, x, y] = this.flushed([addend0, x0, y0]) as [Temp, Temp, Temp];
    // Host arithmetic when the operands allow it and the mode is to nearest, else soft-float.
    const fast = new ExactArith(this).fusedMultiplyAdd(addend, x, y, this.t.bits === 32 ? new ExactArith(new FpOps(this.e, FP64)) : null);
    const r = this.unlessDefaultEnv(fast.r, this.t.bits === 32 ? FP_HELPERS.fma32 : FP_HELPERS.fma64, [addend, x, y], fast.valid);
    this.roundingFlags(flagOp, r, [addend, x, y], () => this.e.b.bin('and', fast.valid, fast.exact));
    return r;
  }

  /** FPCR.RMode as an i32 0..3 (0 = round to nearest). */
  rmode(): Temp {
    const b = this.e.b;
    return b.bin('and', b.bin('shr_u', b.get('i32', A64.fpcr), b.i32(22)), b.i32(3));
  }

  /** The FP environment FPCR<26:22> (RMode, FZ, DN, AHP) as the soft-float helpers take it. */
  env(): Temp {
    const b = this.e.b;
    return b.bin('and', b.bin('shr_u', b.get('i32', A64.fpcr), b.i32(22)), b.i32(31));
  }

  /** Slow path of the rounding ops: `op` of ARITH_OPS in the FPCR's environment. */
  directedRounding(r: Temp, op: number, a: Temp, c: Temp): Temp {
    return this.unlessDefaultEnv(r, this.t.bits === 32 ? FP_HELPERS.arith32 : FP_HELPERS.arith64, [this.e.b.i32(op), a, c]);
  }

  /**
   * The host computes in the default environment (round to nearest, no FZ, no DN). Otherwise, or
   * when `hostValid` (i32 0/1) says the host computation did not apply, recompute `r` (a result
   * of this type, reassigned) with a soft-float helper taking `args` and the environment, except
   * where the host's result stands: round to nearest with a result that FZ does not flush (not
   * below or at the smallest normal: its exact value may be below) and DN does not replace.
   * The default environment pays one test and branch.
   */
  unlessDefaultEnv(r: Temp, helper: string, args: Temp[], hostValid?: Temp): Temp {
    const b = this.e.b;
    const done = b.newLabel();
    const controls = b.bin('and', b.get('i32', A64.fpcr), b.i32(FPCR_ENV));
    const standard = b.cmp('eq', controls, b.i32(0));
    const valid = (cond: Temp): Temp => (hostValid === undefined ? cond : b.bin('and', cond, hostValid));
    b.brif(valid(standard), done);
    const tiny = b.cmp('lt_u', b.bin('sub', this.abs(r), this.k(1n)), this.k(this.t.minNormal));
    // FZ alone (how -Ofast programs run) tests just that first.
    b.brif(valid(b.bin('and', b.cmp('eq', controls, b.i32(FPCR_FZ)), b.cmp('eq', tiny, b.i32(0)))), done);
    const env = this.env();
    const has = (bit: number): Temp => b.cmp('ne', b.bin('and', env, b.i32(bit)), b.i32(0));
    const changed = b.bin('or', b.bin('and', has(ENV_FZ), tiny), b.bin('and', has(ENV_DN), this.isNaN(r)));
    b.brif(valid(b.bin('and', b.cmp('eq', b.bin('and', env, b.i32(3)), b.i32(0)), b.cmp('eq', changed, b.i32(0)))), done);
    b.ops.push({ op: 'call', helper, dst: r, args: [...args, env] });
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
  roundInt(a0: Temp, mode: RoundMode): Temp {
    const [a] = this.flushed([a0]) as [Temp];
    const r = this.roundBits(a, mode);
    this.specialFlags('snan', this.isNaN(r), [a]);
    return r;
  }

  private roundBits(a: Temp, mode: RoundMode): Temp { return this.fixNaN(this.toBits(this.roundF(this.toF(a), mode)), [a]); }

  /** FRINTX (`exact`: IXC when the value changes) and FRINTI: round in the FPCR.RMode mode. */
  roundIntFpcr(a0: Temp, exact: boolean): Temp {
    const b = this.e.b;
    const [a] = this.flushed([a0]) as [Temp];
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
  compareFlags(a0: Temp, c0: Temp, signalling: boolean, when?: Temp): { n: Temp; z: Temp; c: Temp; v: Temp } {
    const b = this.e.b;
    const [a, c] = this.flushed([a0, c0], when) as [Temp, Temp];
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

/** FPCR bits: FZ, DN, and the environment bits the host's arithmetic assumes clear (RMode, FZ, DN). */
const FPCR_FZ = 1 << 24, FPCR_DN = 1 << 25, FPCR_ENV = 0x03c00000;

/** IR float binaries that round, as operations of the directed-rounding and flag helpers. */
const ROUNDING: Partial<Record<BinKind, 'add' | 'sub' | 'mul' | 'div'>> = { fadd: 'add', fsub: 'sub', fmul: 'mul', fdiv: 'div' };

export type RoundMode = 'fnearest' | 'ftrunc' | 'fceil' | 'ffloor' | 'away';
