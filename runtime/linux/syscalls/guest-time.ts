// struct timespec / timeval in guest layout: two C longs (the 64-bit *_time64 variants of
// 32-bit ABIs pass `bits` = 64).
import type { GuestProcess } from '../guest-process.js';
import { scratch } from '../host/scratch.js';

export interface Timespec {
  sec: number;
  nsec: number;
}

export function readTimespec(p: GuestProcess, addr: number, bits: 32 | 64 = p.wordBits): Timespec {
  if (bits === 64) {
    // A 32-bit ABI's 64-bit timespec (the *_time64 calls): like get_timespec64, keep tv_nsec's
    // low half only (the C library leaves the other half as padding, not always zeroed).
    const nsec = p.mem.read64(addr + 8);
    return { sec: Number(BigInt.asIntN(64, p.mem.read64(addr))), nsec: Number(p.wordBits === 32 ? BigInt.asIntN(32, nsec) : BigInt.asIntN(64, nsec)) };
  }
  return { sec: p.mem.read32(addr) | 0, nsec: p.mem.read32(addr + 4) | 0 };
}

export function writeTimespec(p: GuestProcess, addr: number, t: Timespec, bits: 32 | 64 = p.wordBits): void {
  if (bits === 64) {
    p.mem.write64(addr, BigInt.asUintN(64, BigInt(t.sec)));
    p.mem.write64(addr + 8, BigInt.asUintN(64, BigInt(t.nsec)));
  } else {
    p.mem.write32(addr, t.sec >>> 0);
    p.mem.write32(addr + 4, t.nsec >>> 0);
  }
}

/** A host struct timespec (x86_64/aarch64 hosts: two int64) at scratch offset `off`. */
export function hostTimespec(off: number): Timespec {
  return { sec: Number(scratch.dv.getBigInt64(off, true)), nsec: Number(scratch.dv.getBigInt64(off + 8, true)) };
}

export function setHostTimespec(off: number, t: Timespec): number {
  scratch.dv.setBigInt64(off, BigInt(t.sec), true);
  scratch.dv.setBigInt64(off + 8, BigInt(t.nsec), true);
  return scratch.addr + off;
}
