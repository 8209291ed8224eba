// eventfd, timerfd, inotify and pidfd descriptors: host descriptors made by the host kernel,
// with flags, time structures and (for big-endian guests) the bytes read and written
// translated. signalfd is in signalfd.ts, epoll in epoll.ts.
import { E } from '../errno.js';
import type { GuestProcess } from '../guest-process.js';
import { cstr, libc, sys } from '../host/libc.js';
import { scratch } from '../host/scratch.js';
import { hostSyscallNumber } from '../host/syscall-numbers.js';
import { setFdKind, type FdKind } from './fd-kinds.js';
import { readTimespec, writeTimespec } from './guest-time.js';
import { readSignalfd, signalfd4 } from './signalfd.js';
import type { HandlerTable } from './types.js';

const EFD_SEMAPHORE = 1;
const TFD_TIMER_ABSTIME = 1;
const TFD_TIMER_CANCEL_ON_SET = 2;
/** struct inotify_event: wd, mask, cookie, len (u32 each), then len bytes of name. */
const INOTIFY_HEADER = 16;

/** The guest's O_NONBLOCK/O_CLOEXEC (all these calls take them as their flags) and `extra` bits. */
function hostFlags(p: GuestProcess, flags: number, extra = 0): number | null {
  const O = p.arch.openFlags;
  const known = O.guest('O_NONBLOCK') | O.guest('O_CLOEXEC');
  if (flags & ~(known | extra)) return null;
  return O.toHost(flags & known) | (flags & extra);
}

/** A new descriptor of a kind that big-endian guests read through a translation. */
function made(p: GuestProcess, fd: number, kind: FdKind): number {
  if (fd >= 0 && p.mem.bigEndian) setFdKind(fd, kind);
  return fd;
}

function eventfd2(p: GuestProcess, count: number, flags: number): number {
  const host = hostFlags(p, flags, EFD_SEMAPHORE);
  if (host === null) return -E.EINVAL;
  return made(p, sys(libc.eventfd(count, host)), { kind: 'counter' });
}

/** struct itimerspec: interval, then value (two guest timespecs). */
function readItimerspec(p: GuestProcess, addr: number, bits: 32 | 64, off: number): number {
  const size = (2 * bits) / 8;
  const interval = readTimespec(p, addr, bits);
  const value = readTimespec(p, addr + size, bits);
  for (const [i, t] of [interval, value].entries()) {
    scratch.dv.setBigInt64(off + i * 16, BigInt(t.sec), true);
    scratch.dv.setBigInt64(off + i * 16 + 8, BigInt(t.nsec), true);
  }
  return scratch.addr + off;
}

function writeItimerspec(p: GuestProcess, addr: number, bits: 32 | 64, off: number): void {
  const size = (2 * bits) / 8;
  p.mem.check(addr, 2 * size, 'write');
  for (let i = 0; i < 2; i++) {
    const t = { sec: Number(scratch.dv.getBigInt64(off + i * 16, true)), nsec: Number(scratch.dv.getBigInt64(off + i * 16 + 8, true)) };
    writeTimespec(p, addr + i * size, t, bits);
  }
}

function timerfdSettime(p: GuestProcess, fd: number, flags: number, value: number, old: number, bits: 32 | 64): number {
  if (flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET)) return -E.EINVAL;
  const newAt = readItimerspec(p, value, bits, 0);
  if (old !== 0) p.mem.check(old, (4 * bits) / 8, 'write');
  const r = sys(libc.timerfdSettime(fd, flags, newAt, old === 0 ? 0 : scratch.addr + 32));
  if (r === 0 && old !== 0) writeItimerspec(p, old, bits, 32);
  return r;
}

function timerfdGettime(p: GuestProcess, fd: number, cur: number, bits: 32 | 64): number {
  p.mem.check(cur, (4 * bits) / 8, 'write');
  const r = sys(libc.timerfdGettime(fd, scratch.addr));
  if (r === 0) writeItimerspec(p, cur, bits, 0);
  return r;
}

/** read() of a descriptor in the table: the host's bytes, then the guest's layout. */
export function readTranslated(p: GuestProcess, fd: number, k: FdKind, addr: number, len: number): number {
  if (k.kind === 'signalfd') return readSignalfd(p, fd, k, addr, len);
  if (len > 0) p.mem.check(addr, Math.min(len, k.kind === 'counter' ? 8 : INOTIFY_HEADER), 'write');
  const r = sys(libc.read(fd, scratch.addr, Math.min(len, scratch.size)));
  if (r <= 0) return r;
  if (k.kind === 'counter') {
    p.mem.write64(addr, scratch.dv.getBigUint64(0, true));
    return r;
  }
  p.mem.writeBytes(addr, scratch.u8.subarray(0, r));
  for (let at = 0; at + INOTIFY_HEADER <= r; at += INOTIFY_HEADER + scratch.dv.getUint32(at + 12, true)) {
    for (let f = 0; f < INOTIFY_HEADER; f += 4) p.mem.write32(addr + at + f, scratch.dv.getUint32(at + f, true));
  }
  return r;
}

/** write() of a descriptor in the table: an eventfd's u64 comes in guest byte order. */
export function writeTranslated(p: GuestProcess, fd: number, k: FdKind, addr: number, len: number): number {
  if (k.kind === 'signalfd') return -E.EINVAL;
  if (k.kind !== 'counter' || len < 8) return sys(libc.write(fd, p.hostBase + addr, len));
  scratch.dv.setBigUint64(0, p.mem.read64(addr), true);
  return sys(libc.write(fd, scratch.addr, 8));
}

function inotifyAddWatch(p: GuestProcess, fd: number, path: number, mask: number): number {
  return sys(libc.inotifyAddWatch(fd, cstr(p.readString(path)), mask >>> 0));
}

export const eventFdSyscalls: HandlerTable = {
  eventfd2: (p, a) => eventfd2(p, a.uint(0), a.int(1)),
  timerfd_create: (p, a) => {
    const flags = hostFlags(p, a.int(1));
    return flags === null ? -E.EINVAL : made(p, sys(libc.timerfdCreate(a.int(0), flags)), { kind: 'counter' });
  },
  timerfd_settime: (p, a) => timerfdSettime(p, a.int(0), a.int(1), a.ptr(2), a.ptr(3), a.timeBits),
  timerfd_gettime: (p, a) => timerfdGettime(p, a.int(0), a.ptr(1), a.timeBits),
  signalfd4: (p, a) => signalfd4(p, a.int(0), a.ptr(1), a.ptr(2), a.int(3)),
  inotify_init1: (p, a) => {
    const flags = hostFlags(p, a.int(0));
    return flags === null ? -E.EINVAL : made(p, sys(libc.inotifyInit1(flags)), { kind: 'inotify' });
  },
  inotify_add_watch: (p, a) => inotifyAddWatch(p, a.int(0), a.ptr(1), a.uint(2)),
  inotify_rm_watch: (_p, a) => sys(libc.inotifyRmWatch(a.int(0), a.int(1))),
  // PIDFD_NONBLOCK is O_NONBLOCK; guest pids are host pids.
  pidfd_open: (p, a) => {
    const O = p.arch.openFlags;
    if (a.uint(1) & ~O.guest('O_NONBLOCK')) return -E.EINVAL;
    return sys(libc.syscall(hostSyscallNumber('pidfd_open'), 'int', a.int(0), 'unsigned int', O.toHost(a.uint(1))));
  },
};
