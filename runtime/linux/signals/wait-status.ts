// wait(2) status words carry signal numbers: host numbering in, guest numbering out.
import type { GuestProcess } from '../guest-process.js';
import { GENERIC_SIGNALS } from './numbers.js';

function guestSignal(p: GuestProcess, hostSig: number): number {
  const name = GENERIC_SIGNALS[hostSig];
  for (const [n, s] of Object.entries(p.arch.signals)) if (s === name) return Number(n);
  return hostSig;
}

export function guestWaitStatus(p: GuestProcess, host: number): number {
  const low = host & 0x7f;
  if (low === 0) return host;                                   // exited: code << 8
  if (low === 0x7f) return (guestSignal(p, (host >> 8) & 0xff) << 8) | 0x7f | (host & ~0xffff); // stopped
  return (host & ~0x7f) | guestSignal(p, low);                  // killed (bit 7 = core)
}
