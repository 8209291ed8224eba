// Floating-point class, in the FPU mode of each ABI (o32: FR=0, 64-bit operands in even/odd
// pairs; n64: FR=1): ADD/SUB/MUL/DIV/SQRT/ABS/NEG/MOV .S/.D, MADD/MSUB/NMADD/NMSUB .S/.D, CVT between S/D/W (and L on n64),
// ROUND/TRUNC/CEIL/FLOOR .W (.L on n64), C.cond.fmt into FCC0-7, MOVT/MOVF (FPR and GPR),
// MOVZ/MOVN.fmt, MFC1/MTC1 (DMFC1/DMTC1, MFHC1/MTHC1). FCSR starts with a random RM, random
// condition codes and Flags, and in some cases FS and random exception enables (an enabled
// exception is a SIGFPE the harness records); Cause starts clear (the harness's CTC1 would trap
// on an enabled one). Flags and Cause are compared like every other register.
// Exclusions: RECIP/RSQRT (their accuracy is implementation defined); on o32, L-format
// operations (64-bit FPU operations need FR=1) and 64-bit operands in odd registers (reserved).
import { randomFloat } from '../floats.js';
import type { Rng } from '../rng.js';
import type { InsnClass } from '../types.js';
import { OP, rtype } from './encode.js';
import type { Layout } from './machine.js';
import { Seq } from './seq.js';

const FCSR_FCC = 0xfe800000, FCSR_FS = 1 << 24, FCSR_FLAGS = 0x7c, FCSR_ENABLES = 0xf80;
const COP1 = 0x11;
const COP1X = 0x13;
const FMT = { S: 16, D: 17, W: 20, L: 21 } as const;

type Form = (s: Seq, f: Fpu) => void;

/** Register choice for the ABI's FPU mode. */
class Fpu {
  constructor(readonly fr1: boolean) {}
  /** An FPR for an operand of `fmt` (64-bit formats need an even one with FR=0). */
  reg(s: Seq, fmt: number): number {
    const r = s.rng.below(32);
    return !this.fr1 && (fmt === FMT.D || fmt === FMT.L) ? r & ~1 : r;
  }
  fmt(s: Seq): number { return s.rng.pick([FMT.S, FMT.D]); }
}

const cop1 = (s: Seq, fmt: number, ft: number, fs: number, fd: number, funct: number): void => s.emit(rtype(COP1, fmt, ft, fs, fd, funct));

/** Forms whose result rounds to a float. */
const ROUNDING: Form[] = [
  (s, f) => { const fmt = f.fmt(s); cop1(s, fmt, f.reg(s, fmt), f.reg(s, fmt), f.reg(s, fmt), s.rng.below(4)); }, // ADD SUB MUL DIV
  (s, f) => { const fmt = f.fmt(s); cop1(s, fmt, 0, f.reg(s, fmt), f.reg(s, fmt), 4); }, // SQRT
  (s, f) => { // CVT.S/.D from S/D/W/L
    const from = s.rng.pick(f.fr1 ? [FMT.S, FMT.D, FMT.W, FMT.L] : [FMT.S, FMT.D, FMT.W]);
    const to = from === FMT.S ? FMT.D : from === FMT.D ? FMT.S : s.rng.pick([FMT.S, FMT.D]);
    cop1(s, from, 0, f.reg(s, from), f.reg(s, to), to === FMT.S ? 32 : 33);
  },
  (s, f) => { // COP1X MADD/MSUB/NMADD/NMSUB .S/.D: fd = ±(fs * ft ± fr)
    const d = s.rng.below(2), fmt = d ? FMT.D : FMT.S;
    s.emit(rtype(COP1X, f.reg(s, fmt), f.reg(s, fmt), f.reg(s, fmt), f.reg(s, fmt), s.rng.pick([0x20, 0x28, 0x30, 0x38]) | d));
  },
];

/** Conversions to integers, compares, moves. */
const OTHER: Form[] = [
  (s, f) => { const fmt = f.fmt(s); cop1(s, fmt, 0, f.reg(s, fmt), f.reg(s, fmt), s.rng.pick([5, 6, 7])); }, // ABS MOV NEG
  (s, f) => { // CVT.W/CVT.L from S/D
    const fmt = f.fmt(s), toL = f.fr1 && s.rng.bool();
    cop1(s, fmt, 0, f.reg(s, fmt), f.reg(s, toL ? FMT.L : FMT.W), toL ? 37 : 36);
  },
  (s, f) => { // ROUND/TRUNC/CEIL/FLOOR .W (.L with FR=1)
    const fmt = f.fmt(s), toL = f.fr1 && s.rng.bool();
    cop1(s, fmt, 0, f.reg(s, fmt), f.reg(s, toL ? FMT.L : FMT.W), (toL ? 8 : 12) + s.rng.below(4));
  },
  (s, f) => { const fmt = f.fmt(s); cop1(s, fmt, f.reg(s, fmt), f.reg(s, fmt), s.rng.below(8) << 2, 48 + s.rng.below(16)); }, // C.cond.fmt cc
  (s, f) => { const fmt = f.fmt(s); cop1(s, fmt, (s.rng.below(8) << 2) | s.rng.below(2), f.reg(s, fmt), f.reg(s, fmt), 17); }, // MOVF/MOVT.fmt
  (s, f) => { const fmt = f.fmt(s); cop1(s, fmt, s.src(), f.reg(s, fmt), f.reg(s, fmt), s.rng.pick([18, 19])); }, // MOVZ/MOVN.fmt
  (s) => { // MOVF/MOVT (GPR)
    const rs = s.src(), rd = s.dst();
    const after = s.isSext(rd) && s.isSext(rs);
    s.emit(rtype(OP.SPECIAL, rs, (s.rng.below(8) << 2) | s.rng.below(2), rd, 0, 0x01));
    s.wrote(rd, after);
  },
  (s, f) => { // MFC1 / MTC1
    if (s.rng.bool()) { const rt = s.dst(); cop1(s, 0, rt, f.reg(s, FMT.S), 0, 0); s.wrote(rt, true); } else cop1(s, 4, s.src(), f.reg(s, FMT.S), 0, 0);
  },
  (s, f) => { // MFHC1 / MTHC1 (the high half of a 64-bit operand)
    if (s.rng.bool()) { const rt = s.dst(); cop1(s, 3, rt, f.reg(s, FMT.D), 0, 0); s.wrote(rt, true); } else cop1(s, 7, s.src32(), f.reg(s, FMT.D), 0, 0);
  },
];

const OTHER64: Form[] = [
  (s, f) => { // DMFC1 / DMTC1
    if (s.rng.bool()) { const rt = s.dst(); cop1(s, 1, rt, f.reg(s, FMT.D), 0, 0); s.wrote(rt, false); } else cop1(s, 5, s.src(), f.reg(s, FMT.D), 0, 0);
  },
];

/** A 64-bit FPR image: a double, two singles, or two words. */
function randomFpr(rng: Rng): bigint {
  switch (rng.below(3)) {
    case 0: return randomFloat(rng, 64);
    case 1: return randomFloat(rng, 32) | (randomFloat(rng, 32) << 32n);
    default: return rng.u64();
  }
}

export function fpClass(layout: Layout, referenceArgs: readonly string[]): InsnClass {
  const fpu = new Fpu(layout.v.fr1);
  const other = layout.v.word === 8 ? [...OTHER, ...OTHER64] : OTHER;
  const forms = [...ROUNDING, ...ROUNDING, ...other];
  return {
    name: 'fp',
    referenceArgs,
    generate(rng: Rng) {
      const s = new Seq(rng, layout, rng.range(4, 16));
      for (let n = 0; n < 32; n += layout.v.fr1 ? 1 : 2) s.regs.setF(n, randomFpr(rng));
      s.regs.setFcsr(randomFcsr(rng));
      while (!s.full) rng.pick(forms)(s, fpu);
      return s.finish();
    },
  };
}

/** FCC1-7, FCC0, Flags and RM at random; FS in a quarter of the cases, random enables in another quarter. */
function randomFcsr(rng: Rng): number {
  const fs = rng.below(4) === 0 ? FCSR_FS : 0;
  const enables = rng.below(4) === 0 ? rng.u32() & FCSR_ENABLES : 0;
  return ((rng.u32() & (FCSR_FCC | FCSR_FLAGS)) | fs | enables | rng.below(4)) >>> 0;
}
