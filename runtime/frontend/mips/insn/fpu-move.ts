// Moves between GPRs and FPRs (MFC1/MTC1/MFHC1/MTHC1/DMFC1/DMTC1) and the FPU control
// registers (CFC1/CTC1). FCSR lives in one slot; FCCR, FEXR and FENR are views of it.
import type { Temp } from '../../../ir/types.js';
import type { MipsEmitter, Sem } from '../emitter.js';
import { trapIfEnabled } from './fpu-env.js';

export const mfc1: Sem = (e, f) => { e.setGpr32(f.rt, e.fpr32(f.fs)); };
export const mtc1: Sem = (e, f) => { e.setFpr32(f.fs, e.gpr32(f.rt)); };
export const mfhc1: Sem = (e, f) => {
  if (!e.validDoubleReg(f.fs)) return e.undef();
  e.setGpr32(f.rt, e.fprHi32(f.fs));
};
export const mthc1: Sem = (e, f) => {
  if (!e.validDoubleReg(f.fs)) return e.undef();
  e.setFprHi32(f.fs, e.gpr32(f.rt));
};
export const dmfc1: Sem = (e, f) => {
  if (!e.validDoubleReg(f.fs)) return e.undef();
  e.setGpr(f.rt, e.fpr64(f.fs));
};
export const dmtc1: Sem = (e, f) => {
  if (!e.validDoubleReg(f.fs)) return e.undef();
  e.setFpr64(f.fs, e.gpr(f.rt));
};

/** FIR: S, D, W, L and F64 formats implemented (no paired single), processor id 0x93. */
const FIR = 0x00739300;
/** FCSR bits software can write: FCC1-7, FS, FCC0, cause, enables, flags, RM (not NAN2008/ABS2008). */
const FCSR_WRITABLE = 0xff83ffff;
const FCC_BITS = 0xfe800000;
const FEXR_BITS = 0x0003f07c;
const FENR_BITS = 0x00000f83;
const FS_BIT = 1 << 24;

interface ControlReg {
  read(e: MipsEmitter, fcsr: Temp): Temp;
  /** The new FCSR, or null when writes are ignored. */
  write(e: MipsEmitter, fcsr: Temp, v: Temp): Temp | null;
}

const bits = (e: MipsEmitter, v: Temp, m: number): Temp => e.b.bin('and', v, e.i32(m));
const shr = (e: MipsEmitter, v: Temp, n: number): Temp => e.b.bin('shr_u', v, e.i32(n));
const shl = (e: MipsEmitter, v: Temp, n: number): Temp => e.b.bin('shl', v, e.i32(n));
const merge = (e: MipsEmitter, old: Temp, m: number, v: Temp): Temp => e.b.bin('or', bits(e, old, ~m), v);

const CONTROL_REGS: Record<number, ControlReg> = {
  0: { read: (e) => e.i32(FIR), write: () => null },
  // FCCR: FCC7..0 in bits 7:0.
  25: {
    read: (e, f) => e.b.bin('or', bits(e, shr(e, f, 24), 0xfe), bits(e, shr(e, f, 23), 1)),
    write: (e, f, v) => merge(e, f, FCC_BITS, e.b.bin('or', shl(e, bits(e, v, 0xfe), 24), shl(e, bits(e, v, 1), 23))),
  },
  // FEXR: cause and flags.
  26: {
    read: (e, f) => bits(e, f, FEXR_BITS),
    write: (e, f, v) => merge(e, f, FEXR_BITS, bits(e, v, FEXR_BITS)),
  },
  // FENR: enables, FS (as bit 2) and RM.
  28: {
    read: (e, f) => e.b.bin('or', bits(e, f, FENR_BITS), bits(e, shr(e, f, 22), 4)),
    write: (e, f, v) => merge(e, f, FENR_BITS | FS_BIT, e.b.bin('or', bits(e, v, FENR_BITS), shl(e, bits(e, v, 4), 22))),
  },
  31: {
    read: (_e, f) => f,
    write: (e, _f, v) => bits(e, v, FCSR_WRITABLE),
  },
};

export const cfc1: Sem = (e, f) => {
  const reg = CONTROL_REGS[f.fs];
  if (!reg) return e.undef();
  e.setGpr32(f.rt, reg.read(e, e.fcsr()));
};

/** Writing a Cause bit together with its enable (or Cause.E) raises the exception, as in qemu. */
export const ctc1: Sem = (e, f) => {
  const reg = CONTROL_REGS[f.fs];
  if (!reg) return e.undef();
  const fcsr = reg.write(e, e.fcsr(), e.gpr32(f.rt));
  if (fcsr === null) return;
  e.setFcsr(fcsr);
  trapIfEnabled(e, e.pc);
};
