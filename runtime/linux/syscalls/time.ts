// Clocks and sleeping, answered by the host's clocks.
import { E } from '../errno.js';
import type { GuestProcess } from '../guest-process.js';
import { libc, sys } from '../host/libc.js';
import { scratch } from '../host/scratch.js';
import { hostTimespec, readTimespec, setHostTimespec, writeTimespec } from './guest-time.js';
import { threadSleep } from '../threads/thread-sleep.js';
import { interruptibly } from '../signals/host-signals.js';
import type { HandlerTable } from './types.js';

const CLOCK_REALTIME = 0;

function clockQuery(p: GuestProcess, clock: number, out: number, op: typeof libc.clockGettime, bits: 32 | 64): number {
  const r = sys(op(clock, scratch.addr));
  if (r < 0 || out === 0) return r;
  writeTimespec(p, out, hostTimespec(0), bits);
  return 0;
}

const TIMER_ABSTIME = 1;

/** Host sleeps; relative sleeps of a process with threads wait in threads/thread-sleep.ts instead. */
function sleep(p: GuestProcess, req: number, rem: number, bits: 32 | 64, call: (reqHost: number, remHost: number) => number, relative = true): number {
  const t = readTimespec(p, req, bits);
  if (t.nsec < 0 || t.nsec >= 1e9 || t.sec < 0) return -E.EINVAL;
  if (p.threads !== null && relative) return threadSleep(p, p.threads, t, rem, bits);
  // A signal taken before the host sleep starts (interruptibly does not sleep then) leaves the
  // whole request to go.
  setHostTimespec(16, t);
  const r = interruptibly(p, false, () => call(setHostTimespec(0, t), scratch.addr + 16));
  if (r === -E.EINTR && rem !== 0) writeTimespec(p, rem, hostTimespec(16), bits);
  return r;
}

export const timeSyscalls: HandlerTable = {
  clock_gettime: (p, a) => clockQuery(p, a.int(0), a.ptr(1), libc.clockGettime, a.timeBits),
  clock_getres: (p, a) => clockQuery(p, a.int(0), a.ptr(1), libc.clockGetres, a.timeBits),
  gettimeofday: (p, a) => {
    libc.clockGettime(CLOCK_REALTIME, scratch.addr);
    const t = hostTimespec(0);
    if (a.ptr(0) !== 0) writeTimespec(p, a.ptr(0), { sec: t.sec, nsec: Math.floor(t.nsec / 1000) });
    if (a.ptr(1) !== 0) {
      p.mem.write32(a.ptr(1), 0);
      p.mem.write32(a.ptr(1) + 4, 0);
    }
    return 0;
  },
  nanosleep: (p, a) => sleep(p, a.ptr(0), a.ptr(1), a.timeBits, (rq, rm) => sys(libc.nanosleep(rq, rm))),
  clock_nanosleep: (p, a) => sleep(p, a.ptr(2), a.ptr(3), a.timeBits, (rq, rm) => -libc.clockNanosleep(a.int(0), a.int(1), rq, rm), (a.int(1) & TIMER_ABSTIME) === 0),
};
