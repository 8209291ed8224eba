// struct rusage for getrusage and wait4: the host's (two timevals and fourteen longs, all 64-bit)
// rewritten as the guest's 18 C longs.
import type { GuestProcess } from '../guest-process.js';
import { scratch } from '../host/scratch.js';

const RUSAGE_WORDS = 18;

/** The host struct rusage at scratch offset `off` -> guest memory at `addr`. */
export function writeRusage(p: GuestProcess, addr: number, off: number): void {
  const w = p.wordBits / 8;
  p.mem.check(addr, RUSAGE_WORDS * w, 'write');
  for (let i = 0; i < RUSAGE_WORDS; i++) p.writeWord(addr + i * w, scratch.dv.getBigInt64(off + i * 8, true));
}
