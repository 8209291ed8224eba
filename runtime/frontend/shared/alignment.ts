// The alignment fault of accesses that need their alignment whatever the CPU's alignment-check
// setting says and that Linux does not fix up: the exclusives (ARM LDREX/STREX and their B/H/D
// forms, AArch64 LDXR/STXR, their acquire/release forms and pairs) and ARM NEON accesses whose
// alignment qualifier ([rn :64] ...) the address does not meet. The guest gets SIGBUS BUS_ADRALN
// at the instruction with si_addr the address, before anything else happens (a store-exclusive's
// monitor check included, as on the CPU). Only the misaligned path calls the helper, so a helper
// rather than a new IR op. Its access is 'write', as for the IR atomics' alignment faults
// (core/atomics.ts): the tiers report alignment faults so, and SIGBUS does not tell reads from writes.
import { GuestFault } from '../../core/fault.js';
import type { IRBuilder } from '../../ir/builder.js';
import { registerHelper } from '../../ir/helpers.js';
import type { Temp } from '../../ir/types.js';

const ALIGNMENT_FAULT_HELPER = 'alignment_fault';

registerHelper({
  name: ALIGNMENT_FAULT_HELPER, params: ['i32'], effects: 'fault',
  fn: (_c, addr: number) => { throw new GuestFault(addr >>> 0, 'write', 'alignment'); },
});

/**
 * Raises the alignment fault unless `addr` (i32, or i64 on 64-bit guests) is a multiple of
 * `bytes`. The fault address is the low 32 bits: misaligned addresses beyond 4 GiB are in far
 * reservations, which no access reaches (docs/address-space.md).
 */
export function requireAligned(b: IRBuilder, addr: Temp, bytes: number): void {
  if (bytes <= 1) return;
  const wide = b.tyOf(addr) === 'i64';
  const ok = b.newLabel();
  const low = wide ? b.conv('wrap', addr) : addr;
  b.brif(b.cmp('eq', b.bin('and', low, b.i32(bytes - 1)), b.i32(0)), ok);
  b.call(ALIGNMENT_FAULT_HELPER, [low]);
  b.label(ok);
}
