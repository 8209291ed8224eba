// The alignment fault of an Advanced SIMD element or structure load/store whose alignment
// qualifier ([rn :64] ...) the address does not meet: a guest SIGBUS (BUS_ADRALN), as on Linux.
// The IR checks the address and calls this only when it is misaligned. The access is reported as
// a write, as compiled code reports every alignment fault (core/helper-fault.ts): both tiers agree.
import { GuestFault } from '../../../core/fault.js';
import { registerHelper } from '../../../ir/helpers.js';

export const ALIGNMENT_FAULT_HELPER = 'arm_alignment_fault';

registerHelper({
  name: ALIGNMENT_FAULT_HELPER, params: ['i32'], effects: 'fault',
  fn: (_ctx, addr: number) => { throw new GuestFault(addr >>> 0, 'write', 'alignment'); },
});
