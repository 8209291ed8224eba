// The fault a 'fault' helper leaves in its thread's control page (see HelperDef.wasm): written by
// helpers that cannot throw, read back by whoever called them.
import type { GuestMemoryApi } from './api.js';
import { GuestFault } from './fault.js';
import { CTL_FAULT_ADDR, CTL_HELPER_FAULT, HELPER_FAULT_ALIGN, HELPER_FAULT_READ, HELPER_FAULT_WRITE } from './layout.js';

type FaultMemory = Pick<GuestMemoryApi, 'dv' | 'faultAt'>;

/** Leave `fault` pending for the thread at stateAddr. */
export function reportHelperFault(dv: DataView, stateAddr: number, fault: GuestFault): void {
  dv.setUint32(stateAddr + CTL_FAULT_ADDR, fault.addr >>> 0, true);
  dv.setUint32(stateAddr + CTL_FAULT_ADDR + 4, Math.floor(fault.addr / 2 ** 32), true);
  const code = fault.kind === 'alignment' ? HELPER_FAULT_ALIGN : fault.access === 'write' ? HELPER_FAULT_WRITE : HELPER_FAULT_READ;
  dv.setInt32(stateAddr + CTL_HELPER_FAULT, code, true);
}

/** The pending helper fault of the thread at stateAddr, or null; clears it. */
export function pendingHelperFault(mem: FaultMemory, stateAddr: number): GuestFault | null {
  const dv = mem.dv;
  const code = dv.getInt32(stateAddr + CTL_HELPER_FAULT, true);
  if (code === 0) return null;
  dv.setInt32(stateAddr + CTL_HELPER_FAULT, 0, true);
  const addr = dv.getUint32(stateAddr + CTL_FAULT_ADDR, true) + dv.getUint32(stateAddr + CTL_FAULT_ADDR + 4, true) * 2 ** 32;
  if (code === HELPER_FAULT_ALIGN) return new GuestFault(addr, 'write', 'alignment');
  return mem.faultAt(addr, code === HELPER_FAULT_WRITE ? 'write' : 'read');
}

export function takeHelperFault(mem: FaultMemory, stateAddr: number): GuestFault {
  const f = pendingHelperFault(mem, stateAddr);
  if (f === null) throw new Error('helper fault site reached without a pending fault');
  return f;
}
