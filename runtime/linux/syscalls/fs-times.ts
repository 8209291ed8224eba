// Setting file times: utimensat and the older futimesat, utimes and utime, all made by the
// host's utimensat (or futimens for a NULL path, which names the descriptor itself).
import { E } from '../errno.js';
import type { GuestProcess } from '../guest-process.js';
import { libc, sys } from '../host/libc.js';
import { scratch } from '../host/scratch.js';
import { AT_FDCWD } from './at-constants.js';
import { hostPathArg } from './fs-path.js';
import { readTimespec, setHostTimespec, type Timespec } from './guest-time.js';
import type { HandlerTable } from './types.js';

/** Two host struct timespec in scratch (NULL times: null, "now"). */
function hostTimes(times: readonly Timespec[] | null): number {
  if (times === null) return 0;
  times.forEach((t, i) => setHostTimespec(i * 16, t));
  return scratch.addr;
}

/**
 * Linux's do_utimes: a NULL path with a real descriptor is futimens on it (cp -a's "preserving
 * times"; host glibc's utimensat refuses NULL with EINVAL, so it goes to futimens), and then
 * takes no flags; with AT_FDCWD it names a path, EFAULT.
 */
function setTimes(p: GuestProcess, dirfd: number, pathAddr: number, times: number, flags: number): number {
  if (pathAddr === 0 && dirfd !== AT_FDCWD) return flags !== 0 ? -E.EINVAL : sys(libc.futimens(dirfd, times));
  return sys(libc.utimensat(dirfd, hostPathArg(p, dirfd, p.readString(pathAddr)), times, flags));
}

/** struct timeval[2] (C longs) as timespecs; microseconds out of range are EINVAL. */
function timevalPair(p: GuestProcess, addr: number): Timespec[] | null | number {
  if (addr === 0) return null;
  const tv = [0, 1].map((i) => readTimespec(p, addr + (i * p.wordBits) / 4));
  if (tv.some((t) => t.nsec < 0 || t.nsec >= 1_000_000)) return -E.EINVAL;
  return tv.map((t) => ({ sec: t.sec, nsec: t.nsec * 1000 }));
}

function futimesat(p: GuestProcess, dirfd: number, pathAddr: number, tvAddr: number): number {
  const tv = timevalPair(p, tvAddr);
  return typeof tv === 'number' ? tv : setTimes(p, dirfd, pathAddr, hostTimes(tv), 0);
}

/** utime(path, struct utimbuf *): two C longs, whole seconds. */
function utime(p: GuestProcess, pathAddr: number, buf: number): number {
  const bytes = p.wordBits / 8;
  const times = buf === 0 ? null : [0, 1].map((i) => ({ sec: Number(BigInt.asIntN(p.wordBits, BigInt(p.readWord(buf + i * bytes)))), nsec: 0 }));
  return setTimes(p, AT_FDCWD, pathAddr, hostTimes(times), 0);
}

export const fsTimeSyscalls: HandlerTable = {
  utimensat: (p, a) => {
    const times = a.ptr(2) === 0 ? null : [0, 1].map((i) => readTimespec(p, a.ptr(2) + (i * a.timeBits) / 4, a.timeBits));
    return setTimes(p, a.int(0), a.ptr(1), hostTimes(times), a.int(3));
  },
  futimesat: (p, a) => futimesat(p, a.int(0), a.ptr(1), a.ptr(2)),
  utime: (p, a) => utime(p, a.ptr(0), a.ptr(1)),
};
