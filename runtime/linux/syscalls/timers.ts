// Interval timers (setitimer/getitimer/alarm) and POSIX timers (timer_*) run on the host: their
// signals arrive at the host process and reach the guest through signals/host-signals.ts.
import { E } from '../errno.js';
import type { GuestProcess } from '../guest-process.js';
import { libc, sys } from '../host/libc.js';
import { scratch } from '../host/scratch.js';
import { hostSignalOf } from '../signals/host-signals.js';
import { signalNumber } from '../signals/raise.js';
import { hostTimespec, readTimespec, setHostTimespec, writeTimespec } from './guest-time.js';
import type { HandlerTable } from './types.js';

const SIGEV_SIGNAL = 0;
const SIGEV_NONE = 1;
const SIGEV_THREAD_ID = 4;

/**
 * Two guest timevals/timespecs (itimerval, itimerspec) -> host layout at scratch `off`; `bits`
 * is the width of their fields (64 for the *_time64 calls of 32-bit ABIs).
 */
function pairToHost(p: GuestProcess, addr: number, off: number, bits: 32 | 64 = p.wordBits): number {
  const w = bits / 4; // one timespec = two fields
  setHostTimespec(off, readTimespec(p, addr, bits));
  setHostTimespec(off + 16, readTimespec(p, addr + w, bits));
  return scratch.addr + off;
}

function pairToGuest(p: GuestProcess, addr: number, off: number, bits: 32 | 64 = p.wordBits): void {
  const w = bits / 4;
  writeTimespec(p, addr, hostTimespec(off), bits);
  writeTimespec(p, addr + w, hostTimespec(off + 16), bits);
}

function setitimer(p: GuestProcess, which: number, value: number, old: number): number {
  const r = sys(libc.setitimer(which, value === 0 ? 0 : pairToHost(p, value, 0), scratch.addr + 32));
  if (r === 0 && old !== 0) pairToGuest(p, old, 32);
  return r;
}

function getitimer(p: GuestProcess, which: number, out: number): number {
  const r = sys(libc.getitimer(which, scratch.addr));
  if (r === 0) pairToGuest(p, out, 0);
  return r;
}

/**
 * struct sigevent: sigval (a word), sigev_signo, sigev_notify, then the thread id (MIPS swaps
 * signo and notify: a per-arch layout will be needed there).
 */
function timerCreate(p: GuestProcess, clock: number, sevp: number, idOut: number): number {
  const w = p.wordBits / 8;
  scratch.u8.fill(0, 0, 64);
  let notify = SIGEV_SIGNAL;
  let sig = signalNumber(p, 'SIGALRM');
  let value = 0n;
  let tid = 0;
  if (sevp !== 0) {
    value = w === 8 ? p.mem.read64(sevp) : BigInt(p.mem.read32(sevp));
    sig = p.mem.read32(sevp + w) | 0;
    notify = p.mem.read32(sevp + w + 4) | 0;
    tid = p.mem.read32(sevp + w + 8) | 0;
  }
  if (notify !== SIGEV_SIGNAL && notify !== SIGEV_NONE && notify !== SIGEV_THREAD_ID) return -E.EINVAL;
  scratch.dv.setBigUint64(0, value, true);
  scratch.dv.setInt32(8, hostSignalOf(p, sig), true);
  scratch.dv.setInt32(12, notify, true);
  scratch.dv.setInt32(16, tid, true);
  const r = sys(libc.timerCreate(clock, scratch.addr, scratch.addr + 64));
  if (r < 0) return r;
  // glibc's timer_t for signal notification is the kernel's timer id.
  p.mem.write32(idOut, Number(scratch.dv.getBigInt64(64, true)));
  return 0;
}

function timerSettime(p: GuestProcess, id: number, flags: number, value: number, old: number, bits: 32 | 64): number {
  const r = sys(libc.timerSettime(id, flags, pairToHost(p, value, 0, bits), scratch.addr + 32));
  if (r === 0 && old !== 0) pairToGuest(p, old, 32, bits);
  return r;
}

function timerGettime(p: GuestProcess, id: number, out: number, bits: 32 | 64): number {
  const r = sys(libc.timerGettime(id, scratch.addr));
  if (r === 0) pairToGuest(p, out, 0, bits);
  return r;
}

export const timerSyscalls: HandlerTable = {
  setitimer: (p, a) => setitimer(p, a.int(0), a.ptr(1), a.ptr(2)),
  getitimer: (p, a) => getitimer(p, a.int(0), a.ptr(1)),
  alarm: (_p, a) => libc.alarm(a.uint(0)),
  timer_create: (p, a) => timerCreate(p, a.int(0), a.ptr(1), a.ptr(2)),
  timer_settime: (p, a) => timerSettime(p, a.int(0), a.int(1), a.ptr(2), a.ptr(3), a.timeBits),
  timer_gettime: (p, a) => timerGettime(p, a.int(0), a.ptr(1), a.timeBits),
  timer_getoverrun: (_p, a) => sys(libc.timerGetoverrun(a.int(0))),
  timer_delete: (_p, a) => sys(libc.timerDelete(a.int(0))),
};
