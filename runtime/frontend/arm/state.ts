// Guest CPU state layout for 32-bit ARM (A32 and T32, VFPv3/v4 with 32 D registers, NEON).
// The Linux layer finds registers by slot name (or these offsets) for signal frames, ptrace-like
// register images and TLS; the frontend emits get/set at these offsets.
import type { StateLayout, StateSlot } from '../../arch/types.js';

export const ARM = {
  /** r0..r14 at 4*n; r15 (the pc) is the `pc` field at 60, so r0..r15 is one raw image. */
  r: (n: number): number => n * 4,
  /**
   * The translation key: the address of the next instruction | 1 in Thumb state (the T bit of
   * CPSR lives here, as BX/BLX write it). Instructions that read r15 get a constant from the
   * frontend (insn + 8 in A32, insn + 4 in T32), never this field.
   */
  pc: 60,
  // Flags live in separate 0/1 slots so that flag-setting instructions need no packing.
  n: 64,
  z: 68,
  c: 72,
  v: 76,
  /** CPSR.Q, sticky saturation (0/1). */
  q: 80,
  /** CPSR.GE[3:0] as a 4-bit value, set by the parallel add/subtract instructions. */
  ge: 84,
  /**
   * CPSR.IT[7:0] of the next instruction to run (0 outside an IT block): needed when a block ends
   * inside an IT block (a syscall, a fault, a signal delivered there).
   */
  itstate: 88,
  fpscr: 92,
  /** TPIDRURO (CP15 c13, read by `mrc p15, 0, rX, c13, c0, 3` and __kuser_get_tls), set by set_tls. */
  tpidruro: 96,
  /** TPIDRURW (CP15 c13 c0 2), user read/write. */
  tpidrurw: 100,
  // Exclusive monitor (per thread): address (-1: open), size in bytes, value(s) read by LDREX*.
  exclAddr: 104,
  exclSize: 108,
  exclVal: 112,
  exclVal2: 116,
  /** d0..d31, 8 bytes each; s(2n) and s(2n+1) are the low and high halves of d(n), q(n) is d(2n):d(2n+1). */
  dreg: (n: number): number => 128 + n * 8,
  size: 128 + 32 * 8,
} as const;

/** excl_addr value meaning "monitor open state" (no exclusive access pending). */
export const EXCL_NONE = -1;

/** The low bit of the translation key (pc slot): set while executing Thumb (T32) code. */
export const THUMB_BIT = 1;

function buildSlots(): StateSlot[] {
  const slots: StateSlot[] = [];
  for (let n = 0; n < 15; n++) slots.push({ name: `r${n}`, offset: ARM.r(n), ty: 'i32', cached: true });
  slots.push({ name: 'pc', offset: ARM.pc, ty: 'i32', cached: false });
  for (const f of ['n', 'z', 'c', 'v'] as const) slots.push({ name: f, offset: ARM[f], ty: 'i32', cached: true });
  slots.push({ name: 'q', offset: ARM.q, ty: 'i32', cached: false });
  slots.push({ name: 'ge', offset: ARM.ge, ty: 'i32', cached: false });
  slots.push({ name: 'itstate', offset: ARM.itstate, ty: 'i32', cached: false });
  slots.push({ name: 'fpscr', offset: ARM.fpscr, ty: 'i32', cached: false });
  slots.push({ name: 'tpidruro', offset: ARM.tpidruro, ty: 'i32', cached: false });
  slots.push({ name: 'tpidrurw', offset: ARM.tpidrurw, ty: 'i32', cached: false });
  slots.push({ name: 'excl_addr', offset: ARM.exclAddr, ty: 'i32', cached: false });
  slots.push({ name: 'excl_size', offset: ARM.exclSize, ty: 'i32', cached: false });
  slots.push({ name: 'excl_val', offset: ARM.exclVal, ty: 'i32', cached: false });
  slots.push({ name: 'excl_val2', offset: ARM.exclVal2, ty: 'i32', cached: false });
  // D registers are read as f64 and as i64 (NEON, VMOV core<->D), so they are never cached.
  for (let n = 0; n < 32; n++) slots.push({ name: `d${n}`, offset: ARM.dreg(n), ty: 'i64', cached: false });
  return slots;
}

export const armState: StateLayout = { size: ARM.size, slots: buildSlots(), pcOffset: ARM.pc };
