// Guest CPU state layout for AArch64. The Linux layer finds registers by slot name (or the
// offsets exported here); the frontend emits get/set at these offsets.
import type { StateLayout, StateSlot } from '../../arch/types.js';

export const A64 = {
  /** x0..x30 at 8*n. */
  x: (n: number): number => n * 8,
  sp: 248,
  pc: 256,
  // Flags live in separate 0/1 slots so that flag-setting instructions need no packing.
  n: 260,
  z: 264,
  c: 268,
  v: 272,
  fpcr: 276,
  fpsr: 280,
  tpidr_el0: 288,
  // Exclusive monitor (per thread): address, size and the value(s) read by LDXR/LDXP.
  exclAddr: 296,
  exclVal: 304,
  exclVal2: 312,
  exclSize: 320,
  /** v0..v31, 16 bytes each, lane i of an esize-byte element at vreg(n) + i*esize. */
  vreg: (n: number): number => 336 + n * 16,
  size: 336 + 32 * 16,
} as const;

/** excl_addr value meaning "monitor open state" (no exclusive access pending). */
export const EXCL_NONE = -1n;

function buildSlots(): StateSlot[] {
  const slots: StateSlot[] = [];
  for (let n = 0; n < 31; n++) slots.push({ name: `x${n}`, offset: A64.x(n), ty: 'i64', cached: true });
  slots.push({ name: 'sp', offset: A64.sp, ty: 'i64', cached: true });
  slots.push({ name: 'pc', offset: A64.pc, ty: 'i32', cached: false });
  for (const f of ['n', 'z', 'c', 'v'] as const) slots.push({ name: f, offset: A64[f], ty: 'i32', cached: true });
  slots.push({ name: 'fpcr', offset: A64.fpcr, ty: 'i32', cached: false });
  slots.push({ name: 'fpsr', offset: A64.fpsr, ty: 'i32', cached: false });
  slots.push({ name: 'tpidr_el0', offset: A64.tpidr_el0, ty: 'i64', cached: false });
  slots.push({ name: 'excl_addr', offset: A64.exclAddr, ty: 'i64', cached: false });
  slots.push({ name: 'excl_val', offset: A64.exclVal, ty: 'i64', cached: false });
  slots.push({ name: 'excl_val2', offset: A64.exclVal2, ty: 'i64', cached: false });
  slots.push({ name: 'excl_size', offset: A64.exclSize, ty: 'i64', cached: false });
  // Vector registers as two i64 halves: the IR has no 128-bit type.
  for (let n = 0; n < 32; n++) {
    slots.push({ name: `v${n}_lo`, offset: A64.vreg(n), ty: 'i64', cached: false });
    slots.push({ name: `v${n}_hi`, offset: A64.vreg(n) + 8, ty: 'i64', cached: false });
  }
  return slots;
}

export const aarch64State: StateLayout = { size: A64.size, slots: buildSlots(), pcOffset: A64.pc };
