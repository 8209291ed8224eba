// Reading back the fault a 'fault' helper left in its thread's control page (see HelperDef.wasm).
import { GuestFault } from './fault.js';
import { CTL_FAULT_ADDR, CTL_HELPER_FAULT, HELPER_FAULT_ALIGN, HELPER_FAULT_WRITE } from './layout.js';
import type { GuestMemory } from './memory.js';

/** The pending helper fault of the thread at stateAddr, or null; clears it. */
export function pendingHelperFault(mem: GuestMemory, stateAddr: number): GuestFault | null {
  const dv = mem.dv;
  const code = dv.getInt32(stateAddr + CTL_HELPER_FAULT, true);
  if (code === 0) return null;
  dv.setInt32(stateAddr + CTL_HELPER_FAULT, 0, true);
  const addr = dv.getUint32(stateAddr + CTL_FAULT_ADDR, true) + dv.getUint32(stateAddr + CTL_FAULT_ADDR + 4, true) * 2 ** 32;
  if (code === HELPER_FAULT_ALIGN) return new GuestFault(addr, 'write', 'alignment');
  return mem.faultAt(addr, code === HELPER_FAULT_WRITE ? 'write' : 'read');
}

export function takeHelperFault(mem: GuestMemory, stateAddr: number): GuestFault {
  const f = pendingHelperFault(mem, stateAddr);
  if (f === null) throw new Error('helper fault site reached without a pending fault');
  return f;
}
