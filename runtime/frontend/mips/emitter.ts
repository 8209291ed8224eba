// Per-instruction emission context: the IR builder plus MIPS register, HI/LO, memory, FPU
// register and FCSR accessors shared by all instruction classes. Everything that differs
// between mips, mipsel, mips64 and mips64el is answered here from the MipsConfig.
import type { IRBuilder } from '../../ir/builder.js';
import type { AccessSize, Temp } from '../../ir/types.js';
import type { Fields } from '../shared/bit-pattern.js';
import type { MipsConfig } from './config.js';
import { mipsOffsets, type MipsStateOffsets } from './state.js';

export type WordTy = 'i32' | 'i64';

/**
 * A branch or jump, returned by its semantics after the condition, target and link have been
 * emitted; the translate loop then emits the delay slot and the block exits.
 */
export interface BranchPlan {
  /** i32 0/1 computed before the delay slot; null = always taken. */
  cond: Temp | null;
  /** Guest address known at translate time, or a temp of the word type (JR/JALR). */
  target: { pc: number } | { dyn: Temp };
  /** Branch-likely: the delay slot is annulled when the branch is not taken. */
  likely: boolean;
}

/** What an instruction's semantics tell the translate loop: continue, block over, or branch. */
export type Flow = void | 'stop' | BranchPlan;
/**
 * An instruction's semantics: they read the operands by the names its bit pattern gives them
 * (decode.ts), and its address from the emitter (e.pc).
 */
export type Sem = (e: MipsEmitter, f: Fields) => Flow;

/** FCSR bit holding condition code cc (FCC0 is bit 23, FCC1..7 are bits 25..31). */
export const fccBit = (cc: number): number => (cc === 0 ? 23 : 24 + cc);

export class MipsEmitter {
  readonly W: WordTy;
  readonly is64: boolean;
  readonly off: MipsStateOffsets;
  /** The instruction being emitted: its address and word (set by the translate loop). */
  pc = 0;
  insnWord = 0;

  constructor(readonly cfg: MipsConfig, readonly b: IRBuilder) {
    this.is64 = cfg.wordBits === 64;
    this.W = this.is64 ? 'i64' : 'i32';
    this.off = mipsOffsets(cfg.wordBits);
  }

  /** A constant of the GPR width. */
  word(v: number | bigint): Temp { return this.b.konst(this.W, v); }
  i32(v: number): Temp { return this.b.i32(v); }
  /** i32 0/1: v == 0. */
  isZero(v: Temp): Temp { return this.b.cmp('eq', v, this.b.konst(this.b.tyOf(v), 0)); }

  // ---- general registers: $0 reads as zero, writes to it vanish at translate time ----

  gpr(n: number): Temp { return n === 0 ? this.word(0) : this.b.get(this.W, this.off.gpr(n)); }
  setGpr(n: number, v: Temp): void { if (n !== 0) this.b.set(this.off.gpr(n), v); }
  /** The low 32 bits of a GPR (the operand of the word instructions). */
  gpr32(n: number): Temp { return this.low32(this.gpr(n)); }
  /** Word results are sign-extended into 64-bit GPRs, as MIPS64 requires. */
  setGpr32(n: number, v32: Temp): void { if (n !== 0) this.setGpr(n, this.sext32(v32)); }
  low32(v: Temp): Temp { return this.b.tyOf(v) === 'i64' ? this.b.conv('wrap', v) : v; }
  sext32(v32: Temp): Temp { return this.is64 ? this.b.conv('extend_s', v32) : v32; }

  hi(): Temp { return this.b.get(this.W, this.off.hi); }
  lo(): Temp { return this.b.get(this.W, this.off.lo); }
  setHi(v: Temp): void { this.b.set(this.off.hi, v); }
  setLo(v: Temp): void { this.b.set(this.off.lo, v); }
  /** HI/LO from two 32-bit halves (sign-extended on MIPS64). */
  setHiLo32(lo32: Temp, hi32: Temp): void { this.setLo(this.sext32(lo32)); this.setHi(this.sext32(hi32)); }

  // ---- memory ----

  /** base + sign-extended 16-bit offset, in the guest pointer type. */
  ea(base: number, offset: number): Temp {
    const r = this.gpr(base);
    return offset === 0 ? r : this.b.bin('add', r, this.word(offset));
  }
  load(addr: Temp, size: AccessSize, signed: boolean, ty: WordTy = this.W): Temp {
    return this.b.load(ty, addr, size, signed, this.cfg.endian);
  }
  store(addr: Temp, v: Temp, size: AccessSize): void { this.b.store(addr, v, size, this.cfg.endian); }

  // ---- exits ----

  /** The instruction at pc, with its word, is the one emitted next. */
  at(pc: number, word: number): void { this.pc = pc; this.insnWord = word; }

  /** Reserved instruction: guest SIGILL. */
  undef(): 'stop' { this.b.exit('undef', this.pc, this.insnWord >>> 0); return 'stop'; }

  /** Leave with exit('trap', pc, code) when cond (i32) holds; fall through otherwise. */
  trapIf(cond: Temp, pc: number, code: number): void {
    const skip = this.b.newLabel();
    this.b.brif(this.isZero(cond), skip);
    this.b.exit('trap', pc, code);
    this.b.label(skip);
  }

  // ---- FPU registers (FR=0: doubles are even/odd pairs of 32-bit registers) ----

  /** The low 32 bits of FPR n as i32 (a single, a word, or half of an FR=0 double). */
  fpr32(n: number): Temp { return this.b.get('i32', this.off.fpr(n)); }
  setFpr32(n: number, v: Temp): void { this.b.set(this.off.fpr(n), v); }
  /** The 64-bit value of FPR n (FR=1) or of the pair n, n+1 (FR=0) as i64. */
  fpr64(n: number): Temp {
    const b = this.b;
    if (this.cfg.fr64) return b.get('i64', this.off.fpr(n));
    const lo = b.conv('extend_u', this.fpr32(n));
    const hi = b.conv('extend_u', this.fpr32(n + 1));
    return b.bin('or', b.bin('shl', hi, b.i64(32)), lo);
  }
  setFpr64(n: number, v: Temp): void {
    const b = this.b;
    if (this.cfg.fr64) { b.set(this.off.fpr(n), v); return; }
    this.setFpr32(n, b.conv('wrap', v));
    this.setFpr32(n + 1, b.conv('wrap', b.bin('shr_u', v, b.i64(32))));
  }
  /** The upper 32 bits of the double in FPR n (MFHC1/MTHC1). */
  fprHi32(n: number): Temp {
    return this.cfg.fr64 ? this.b.get('i32', this.off.fpr(n) + 4) : this.fpr32(n + 1);
  }
  setFprHi32(n: number, v: Temp): void {
    if (this.cfg.fr64) this.b.set(this.off.fpr(n) + 4, v);
    else this.setFpr32(n + 1, v);
  }
  /** FR=0 has no odd-numbered 64-bit registers: such encodings are reserved. */
  validDoubleReg(n: number): boolean { return this.cfg.fr64 || (n & 1) === 0; }

  fs(n: number): Temp { return this.b.conv('bits_to_f32', this.fpr32(n)); }
  setFs(n: number, v: Temp): void { this.setFpr32(n, this.b.conv('f32_to_bits', v)); }
  fd(n: number): Temp { return this.b.conv('bits_to_f64', this.fpr64(n)); }
  setFd(n: number, v: Temp): void { this.setFpr64(n, this.b.conv('f64_to_bits', v)); }

  fcsr(): Temp { return this.b.get('i32', this.off.fcsr); }
  setFcsr(v: Temp): void { this.b.set(this.off.fcsr, v); }
  /** FP condition code cc as i32 0/1. */
  fcc(cc: number): Temp {
    const b = this.b;
    return b.bin('and', b.bin('shr_u', this.fcsr(), b.i32(fccBit(cc))), b.i32(1));
  }
  setFcc(cc: number, v01: Temp): void {
    const b = this.b;
    const bit = fccBit(cc);
    const cleared = b.bin('and', this.fcsr(), b.i32(~(1 << bit)));
    this.setFcsr(b.bin('or', cleared, b.bin('shl', v01, b.i32(bit))));
  }
}
