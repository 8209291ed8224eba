// mlock, munlock, mlockall, munlockall: the host locks the guest's pages themselves (guest
// memory is host memory). The host pages stay mapped when the guest unmaps them, so munmap
// unlocks its range here, and MCL_FUTURE is carried out by locking each new guest mapping.
// Locks are not inherited by a fork child (forgetMemoryLocks), as in the kernel. Far mappings
// (beyond the identity window, mm/layout.ts) have no host pages: locking them is a no-op.
import { E } from '../errno.js';
import type { GuestProcess } from '../guest-process.js';
import { libc, sys } from '../host/libc.js';
import { PAGE_SIZE, pageUp, windowLen } from '../mm/layout.js';
import type { HandlerTable } from './types.js';

const MCL_CURRENT = 1;
const MCL_FUTURE = 2;
const MCL_ONFAULT = 4;
const MLOCK_ONFAULT = 1;

/** This process locked guest pages at some point: munmap must unlock. */
let everLocked = false;
/** mlockall(MCL_FUTURE) is in force: 0, or the mlock2 flags for new mappings. */
let future: number | null = null;

function hostLock(p: GuestProcess, start: number, len: number, flags: number): number {
  everLocked = true;
  const host = windowLen(start, len);
  return host === 0 ? 0 : sys(libc.mlock2(p.hostBase + start, host, flags));
}

/** mlock/munlock: the whole page range must be mapped, as the kernel requires (ENOMEM otherwise). */
function lockRange(p: GuestProcess, addr: number, len: number, lock: boolean): number {
  const start = addr - (addr % PAGE_SIZE);
  const end = pageUp(addr + len);
  if (end === start) return 0;
  if (end > p.as.limit || !p.as.isMapped(start, end - start)) return -E.ENOMEM;
  if (lock) return hostLock(p, start, end - start, 0);
  const host = windowLen(start, end - start);
  return host === 0 ? 0 : sys(libc.munlock(p.hostBase + start, host));
}

function mlockall(p: GuestProcess, flags: number): number {
  if (flags === 0 || (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) !== 0 || flags === MCL_ONFAULT) return -E.EINVAL;
  const lockFlags = flags & MCL_ONFAULT ? MLOCK_ONFAULT : 0;
  if (flags & MCL_CURRENT) {
    for (const v of p.as.vmas) {
      const r = hostLock(p, v.start, v.end - v.start, lockFlags);
      if (r < 0) return r;
    }
  }
  future = flags & MCL_FUTURE ? lockFlags : null;
  return 0;
}

function munlockall(): number {
  future = null;
  return sys(libc.munlockall());
}

/** A new guest mapping is locked under mlockall(MCL_FUTURE) or when asked (MAP_LOCKED); 0 or -errno. */
export function lockNewMapping(p: GuestProcess, start: number, len: number, asked = false): number {
  if (len === 0 || (future === null && !asked)) return 0;
  return hostLock(p, start, len, future ?? 0);
}

/** munmap: unlock the range, which the host kernel cannot see unmapped. */
export function unlockUnmapped(p: GuestProcess, start: number, len: number): void {
  if (everLocked && windowLen(start, len) > 0) libc.munlock(p.hostBase + start, windowLen(start, len));
}

/** In a fork child: no locks and no MCL_FUTURE (the kernel does not inherit them). */
export function forgetMemoryLocks(): void {
  future = null;
}

export const memoryLockSyscalls: HandlerTable = {
  mlock: (p, a) => lockRange(p, a.ptr(0), a.ptr(1), true),
  munlock: (p, a) => lockRange(p, a.ptr(0), a.ptr(1), false),
  mlockall: (p, a) => mlockall(p, a.int(0)),
  munlockall: () => munlockall(),
};
