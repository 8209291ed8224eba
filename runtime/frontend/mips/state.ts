// Guest CPU state layout for MIPS. The Linux layer finds registers by slot name (MIPS_SLOT,
// gprSlot, fprSlot); the frontend emits get/set at the offsets of MipsStateOffsets.
import type { StateLayout, StateSlot } from '../../arch/types.js';
import type { Ty } from '../../ir/types.js';

/** Slot names shared by all four variants. */
export const MIPS_SLOT = {
  hi: 'hi',
  lo: 'lo',
  pc: 'pc',
  fcsr: 'fcsr',
  /** UserLocal, read by RDHWR $29; the Linux layer sets it from set_thread_area. */
  ulr: 'ulr',
  /** LL/SC link: address and value read by the last LL/LLD, and whether the link is still valid. */
  llAddr: 'll_addr',
  llValue: 'll_value',
  llValid: 'll_valid',
} as const;

export const gprSlot = (n: number): string => `r${n}`;
export const fprSlot = (n: number): string => `f${n}`;

export interface MipsStateOffsets {
  gpr(n: number): number;
  hi: number;
  lo: number;
  pc: number;
  fcsr: number;
  llValid: number;
  llAddr: number;
  llValue: number;
  ulr: number;
  /** f0..f31, 8 bytes each; a single (or FR=0 half of a double) lives in the low 4 bytes. */
  fpr(n: number): number;
  size: number;
}

/** GPR-sized fields are 4 bytes on 32-bit variants and 8 bytes on 64-bit ones. */
export function mipsOffsets(wordBits: 32 | 64): MipsStateOffsets {
  const w = wordBits / 8;
  const hi = 32 * w;
  const pc = hi + 2 * w;
  const llAddr = pc + 16;
  const fpr0 = llAddr + 3 * w + (wordBits === 32 ? 4 : 0); // 8-aligned
  return {
    gpr: (n) => n * w,
    hi,
    lo: hi + w,
    pc,
    fcsr: pc + 4,
    llValid: pc + 8,
    llAddr,
    llValue: llAddr + w,
    ulr: llAddr + 2 * w,
    fpr: (n) => fpr0 + n * 8,
    size: fpr0 + 32 * 8,
  };
}

export function mipsStateLayout(wordBits: 32 | 64): StateLayout {
  const o = mipsOffsets(wordBits);
  const word: Ty = wordBits === 64 ? 'i64' : 'i32';
  const slots: StateSlot[] = [];
  for (let n = 0; n < 32; n++) slots.push({ name: gprSlot(n), offset: o.gpr(n), ty: word, cached: n !== 0 });
  slots.push({ name: MIPS_SLOT.hi, offset: o.hi, ty: word, cached: true });
  slots.push({ name: MIPS_SLOT.lo, offset: o.lo, ty: word, cached: true });
  slots.push({ name: MIPS_SLOT.pc, offset: o.pc, ty: 'i32', cached: false });
  slots.push({ name: MIPS_SLOT.fcsr, offset: o.fcsr, ty: 'i32', cached: true });
  // LL/SC loops are hot in glibc's locks, so the link lives in locals too.
  slots.push({ name: MIPS_SLOT.llValid, offset: o.llValid, ty: 'i32', cached: true });
  slots.push({ name: MIPS_SLOT.llAddr, offset: o.llAddr, ty: word, cached: true });
  slots.push({ name: MIPS_SLOT.llValue, offset: o.llValue, ty: word, cached: true });
  slots.push({ name: MIPS_SLOT.ulr, offset: o.ulr, ty: word, cached: false });
  // FPRs are accessed at 4- and 8-byte sizes (singles, FR=0 pairs), so they are never cached.
  for (let n = 0; n < 32; n++) slots.push({ name: fprSlot(n), offset: o.fpr(n), ty: 'f64', cached: false });
  return { size: o.size, slots, pcOffset: o.pc };
}
