// The alignment fault of accesses that need an alignment whatever SCTLR.A says and that Linux's
// alignment handler does not emulate: the exclusives (LDREX/STREX and their B/H/D forms, their
// natural alignment) and Advanced SIMD element or structure loads/stores whose alignment
// qualifier ([rn :64] ...) the address does not meet. The guest gets SIGBUS BUS_ADRALN at the
// instruction with si_addr the address. Only the misaligned path calls it, so a helper rather than
// a new IR op. Its access is 'write', as for the IR atomics' alignment faults (core/atomics.ts):
// the tiers report alignment faults so, and SIGBUS does not tell reads from writes.
import { GuestFault } from '../../../core/fault.js';
import { registerHelper } from '../../../ir/helpers.js';

export const ALIGNMENT_FAULT_HELPER = 'arm_alignment_fault';

registerHelper({
  name: ALIGNMENT_FAULT_HELPER, params: ['i32'], effects: 'fault',
  fn: (_c, addr: number) => { throw new GuestFault(addr >>> 0, 'write', 'alignment'); },
});
