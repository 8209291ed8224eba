// The FCSR environment of a rounding FPU operation: a host-arithmetic fast path where the host's
// round-to-nearest result and an inline exactness test decide everything (FCSR.RM nearest, FS
// clear, no exception enabled, an ordinary result), and the soft-float helper otherwise. Either
// way FCSR.Cause is replaced and Flags accumulate; an enabled exception exits with TRAP_FPE before
// the result is written (qemu-user leaves Cause set and Flags unchanged).
import type { Temp } from '../../../ir/types.js';
import type { FloatOps } from '../../shared/fp-exact.js';
import { FP32, FP64, type FpType } from '../../shared/fp-type.js';
import type { MipsEmitter } from '../emitter.js';
import { mipsFpHelper, type Width } from '../fp-helpers.js';
import { FPE } from '../fp-soft.js';
import { TRAP_FPE } from '../traps.js';

const CAUSE_SHIFT = 12, FLAGS_SHIFT = 2, ENABLES_SHIFT = 7;
/** FCSR.RM, the enables and FS: all clear is the environment the host computes in. */
const NON_DEFAULT_ENV = 0x01000003 | (0x1f << ENABLES_SHIFT);

/** The MIPS FPU's view of one float type, for the shared exact-arithmetic code. */
export class MipsFloat implements FloatOps {
  constructor(readonly e: MipsEmitter, readonly t: FpType) {}
  toF(bits: Temp): Temp { return this.e.b.conv(this.t.bits === 32 ? 'bits_to_f32' : 'bits_to_f64', bits); }
  toBits(f: Temp): Temp { return this.e.b.conv(this.t.bits === 32 ? 'f32_to_bits' : 'f64_to_bits', f); }
  abs(bits: Temp): Temp { return this.e.b.bin('and', bits, this.e.b.konst(this.t.ity, ~this.t.sign)); }
  isNaN(bits: Temp): Temp { return this.e.b.cmp('gt_u', this.abs(bits), this.e.b.konst(this.t.ity, this.t.inf)); }
}
export const floatOf = (e: MipsEmitter, bits: 32 | 64): MipsFloat => new MipsFloat(e, bits === 32 ? FP32 : FP64);

/** The host computation: its result bits, whether it stands (i32 0/1) and the cause bits it raised then. */
export interface FastPath { result: Temp; ok: Temp; cause: Temp }

/** 1 when FCSR holds the default environment (round to nearest, FS clear, nothing enabled). */
export function defaultEnv(e: MipsEmitter): Temp {
  return e.isZero(e.b.bin('and', e.fcsr(), e.i32(NON_DEFAULT_ENV)));
}

/** Cause I when `exact` (i32 0/1) is 0. */
export const inexactUnless = (e: MipsEmitter, exact: Temp): Temp => e.b.select(exact, e.i32(0), e.i32(FPE.I));

/**
 * Run operation `desc` (fp-soft.ts `describe`) on `args` (bit patterns of width `from`): `fast`
 * where it stands, else the helper. Returns the result bits (width `to`) for the caller to write.
 */
export function fpuOp(e: MipsEmitter, pc: number, desc: number, from: Width, to: Width, args: Temp[], fast: FastPath): Temp {
  const b = e.b;
  const r = fast.result;
  const slow = b.newLabel(), done = b.newLabel();
  b.brif(e.isZero(fast.ok), slow);
  const fcsr = e.fcsr();
  const cleared = b.bin('and', fcsr, e.i32(~(0x3f << CAUSE_SHIFT)));
  e.setFcsr(b.bin('or', cleared, b.bin('or', b.bin('shl', fast.cause, e.i32(CAUSE_SHIFT)), b.bin('shl', fast.cause, e.i32(FLAGS_SHIFT)))));
  b.brif(e.i32(1), done);
  b.label(slow);
  const operands = [0, 1, 2].map((k) => args[k] ?? args[0]!);
  b.ops.push({ op: 'call', helper: mipsFpHelper(from, to), dst: r, args: [e.i32(desc), ...operands, e.i32(e.off.fcsr)] });
  trapIfEnabled(e, pc);
  b.label(done);
  return r;
}

/** Exit with TRAP_FPE when a Cause bit is enabled (or Cause.E, which cannot be disabled, is set). */
export function trapIfEnabled(e: MipsEmitter, pc: number): void {
  const b = e.b, f = e.fcsr();
  const cause = b.bin('shr_u', f, e.i32(CAUSE_SHIFT));
  const enabled = b.bin('or', b.bin('shr_u', f, e.i32(ENABLES_SHIFT)), e.i32(FPE.E));
  e.trapIf(b.bin('and', b.bin('and', cause, enabled), e.i32(0x3f)), pc, TRAP_FPE);
}
