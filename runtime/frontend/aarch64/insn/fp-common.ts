// Scalar floating-point building blocks. Values travel as integer bit patterns (read from and
// written to the V registers as lanes) and are reinterpreted as floats only around each
// arithmetic op, after which Arm's NaN rules are applied in the integer domain: the host's NaN
// results (sign, payload) differ from Arm's default NaN and input-NaN propagation.
import type { BinKind, Temp, UnKind } from '../../../ir/types.js';
import type { Emitter } from '../emitter.js';
import { ARITH_OPS, FP_HELPERS } from '../helpers/fp.js';
import { A64 } from '../state.js';

export interface FpType {
  bits: 32 | 64;
  ity: 'i32' | 'i64';
  fty: 'f32' | 'f64';
  size: 4 | 8;
  sign: bigint;
  /** Exponent all ones (= +infinity). */
  inf: bigint;
  quiet: bigint;
  defaultNaN: bigint;
}

export const FP32: FpType = { bits: 32, ity: 'i32', fty: 'f32', size: 4, sign: 0x80000000n, inf: 0x7f800000n, quiet: 0x00400000n, defaultNaN: 0x7fc00000n };
export const FP64: FpType = {
  bits: 64, ity: 'i64', fty: 'f64', size: 8, sign: 0x8000000000000000n, inf: 0x7ff0000000000000n,
  quiet: 0x0008000000000000n, defaultNaN: 0x7ff8000000000000n,
};

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

  bin(kind: BinKind, a: Temp, c: Temp): Temp {
    const r = this.fixNaN(this.toBits(this.e.b.bin(kind, this.toF(a), this.toF(c))), [a, c]);
    const op = DIRECTED[kind];
    return op === undefined ? r : this.directedRounding(r, op, a, c);
  }
  un(kind: UnKind, a: Temp): Temp {
    const r = this.fixNaN(this.toBits(this.e.b.un(kind, this.toF(a))), [a]);
    return kind === 'fsqrt' ? this.directedRounding(r, ARITH_OPS.indexOf('sqrt'), a, a) : r;
  }

  /** addend + x*y with one rounding in FPCR.RMode (FMADD, FMLA...). */
  fma(addend: Temp, x: Temp, y: Temp): Temp {
    return this.e.b.call(this.t.bits === 32 ? FP_HELPERS.fma32 : FP_HELPERS.fma64, [addend, x, y, this.rmode()], this.t.ity);
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
   * The host rounds to nearest; when FPCR.RMode says otherwise, recompute `r` (reassigning the
   * temp) with a soft-float helper taking `args` and the mode. Round-to-nearest code pays one
   * compare and branch.
   */
  unlessNearest(r: Temp, helper: string, args: Temp[]): Temp {
    const b = this.e.b;
    const mode = this.rmode();
    const done = b.newLabel();
    b.brif(b.cmp('eq', mode, b.i32(0)), done);
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
    return this.fixNaN(this.toBits(this.roundF(this.toF(a), mode)), [a]);
  }

  /** FRINTX/FRINTI: round to an integral value in the FPCR.RMode rounding mode. */
  roundIntFpcr(a: Temp): Temp {
    const b = this.e.b;
    const rmode = b.bin('and', b.bin('shr_u', b.get('i32', A64.fpcr), b.i32(22)), b.i32(3));
    const byMode: RoundMode[] = ['fnearest', 'fceil', 'ffloor', 'ftrunc'];
    return byMode.reduce((acc, mode, k) => (k === 0 ? acc : b.select(b.cmp('eq', rmode, b.i32(k)), this.roundInt(a, mode), acc)), this.roundInt(a, 'fnearest'));
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

  /** FPCompare as NZCV: unordered 0011, equal 0110, less 1000, greater 0010. */
  compareFlags(a: Temp, c: Temp): { n: Temp; z: Temp; c: Temp; v: Temp } {
    const b = this.e.b;
    const fa = this.toF(a), fc = this.toF(c);
    const lt = b.cmp('flt', fa, fc), eq = b.cmp('feq', fa, fc);
    const ordered = b.bin('or', b.bin('or', lt, eq), b.cmp('fgt', fa, fc));
    const one = b.i32(1);
    return { n: lt, z: eq, c: b.bin('xor', lt, one), v: b.bin('xor', ordered, one) };
  }
}

/** IR float binaries that round, and their slow-path operation numbers. */
const DIRECTED: Partial<Record<BinKind, number>> = {
  fadd: ARITH_OPS.indexOf('add'), fsub: ARITH_OPS.indexOf('sub'), fmul: ARITH_OPS.indexOf('mul'), fdiv: ARITH_OPS.indexOf('div'),
};

export type RoundMode = 'fnearest' | 'ftrunc' | 'fceil' | 'ffloor' | 'away';
