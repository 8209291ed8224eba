// System information, process groups, usage counters, prctl and personality.
import os from 'node:os';
import { PAGE_SIZE } from '../../core/api.js';
import { E } from '../errno.js';
import type { GuestProcess } from '../guest-process.js';
import { hostErrno, libc, sys } from '../host/libc.js';
import { fillRandom } from '../host/random.js';
import { scratch } from '../host/scratch.js';
import { guestSignalOf, hostSignalOf } from '../signals/host-signals.js';
import { writeRusage } from './rusage.js';
import type { HandlerTable, SyscallArgs } from './types.js';

const UTS_FIELD = 65;
const PR_SET_NAME = 15;
const PR_GET_NAME = 16;

function uname(p: GuestProcess, addr: number): number {
  const fields = ['Linux', os.hostname(), os.release(), os.version(), p.arch.unameMachine, '(none)'];
  p.mem.check(addr, UTS_FIELD * fields.length, 'write');
  p.mem.zero(addr, UTS_FIELD * fields.length);
  fields.forEach((f, i) => p.mem.writeBytes(addr + i * UTS_FIELD, Buffer.from(f, 'utf8').subarray(0, UTS_FIELD - 1)));
  return 0;
}

/** Words 4-9 (totalram..freeswap) and 11-12 (totalhigh, freehigh) of struct sysinfo are sizes. */
const SYSINFO_SIZES = [4, 5, 6, 7, 8, 9, 11, 12];

/**
 * struct sysinfo: 10 longs, an unsigned short, 2 longs, an unsigned int (host: 64-bit layout).
 * A 32-bit guest gets what Linux gives 32-bit programs: when the sizes do not fit in 32 bits,
 * mem_unit grows to the page size and the sizes shrink with it (kernel/sys.c compat_sysinfo).
 */
function sysinfo(p: GuestProcess, addr: number): number {
  const r = sys(libc.sysinfo(scratch.addr));
  if (r < 0) return r;
  const w = p.wordBits / 8;
  const size = p.wordBits === 64 ? 112 : 64;
  const word = (i: number) => scratch.dv.getBigUint64(i * 8, true);
  let unit = BigInt(scratch.dv.getUint32(104, true));
  let shift = 0n;
  if (p.wordBits === 32 && (word(4) >> 32n || word(8) >> 32n)) {
    for (; unit < BigInt(PAGE_SIZE); unit <<= 1n) shift++;
  }
  p.mem.check(addr, size, 'write');
  p.mem.zero(addr, size);
  for (let i = 0; i < 10; i++) p.writeWord(addr + i * w, SYSINFO_SIZES.includes(i) ? word(i) >> shift : word(i));
  p.mem.write16(addr + 10 * w, scratch.dv.getUint16(80, true));
  p.writeWord(addr + 11 * w, word(11) >> shift);
  p.writeWord(addr + 12 * w, word(12) >> shift);
  p.mem.write32(addr + 13 * w, Number(unit));
  return 0;
}

/** prctl options passed to the host as they are: integer arguments, integer results. */
const PRCTL_SCALAR = new Set([
  3, 4, // PR_GET_DUMPABLE, PR_SET_DUMPABLE
  7, 8, // PR_GET_KEEPCAPS, PR_SET_KEEPCAPS
  23, 24, // PR_CAPBSET_READ, PR_CAPBSET_DROP
  27, 28, // PR_GET_SECUREBITS, PR_SET_SECUREBITS
  33, 34, // PR_MCE_KILL, PR_MCE_KILL_GET
  47, // PR_CAP_AMBIENT
  0x59616d61, // PR_SET_PTRACER (crash handlers let a helper process attach)
  29, 30, // PR_SET_TIMERSLACK, PR_GET_TIMERSLACK
  36, // PR_SET_CHILD_SUBREAPER
  38, 39, // PR_SET_NO_NEW_PRIVS, PR_GET_NO_NEW_PRIVS
  41, 42, // PR_SET_THP_DISABLE, PR_GET_THP_DISABLE
]);
// PR_GET_SECCOMP and PR_SET_SECCOMP stay EINVAL, as in qemu-user: a filter would judge the
// runtime's host syscalls, not the guest's.
const PR_SET_PDEATHSIG = 1;
const PR_GET_PDEATHSIG = 2;
const PR_GET_CHILD_SUBREAPER = 37;
const TASK_COMM_LEN = 16;

/** Names the calling host thread (its comm: PR_GET_NAME, /proc/self/task/<tid>/comm). */
export function setHostThreadName(name: string): number {
  const bytes = Buffer.from(name.slice(0, TASK_COMM_LEN - 1) + '\0', 'latin1');
  scratch.u8.set(bytes, 0);
  return sys(libc.prctl(PR_SET_NAME, scratch.addr, 0, 0, 0));
}

/**
 * prctl on the host thread that runs the calling guest thread (names are per thread, as
 * /proc/self/task/<tid>/comm shows); options not listed here fail with EINVAL.
 */
function prctl(p: GuestProcess, option: number, a: SyscallArgs): number {
  const arg = a.ptr(1);
  if (PRCTL_SCALAR.has(option)) return sys(libc.prctl(option, arg, a.ptr(2), a.ptr(3), a.ptr(4)));
  switch (option) {
    case PR_SET_NAME:
      return setHostThreadName(p.readString(arg, TASK_COMM_LEN));
    case PR_GET_NAME: {
      const r = sys(libc.prctl(option, scratch.addr, 0, 0, 0));
      if (r === 0) p.mem.writeBytes(arg, scratch.u8.slice(0, TASK_COMM_LEN));
      return r;
    }
    case PR_SET_PDEATHSIG:
      return sys(libc.prctl(option, arg === 0 ? 0 : hostSignalOf(p, arg), 0, 0, 0));
    case PR_GET_PDEATHSIG:
    case PR_GET_CHILD_SUBREAPER: {
      const r = sys(libc.prctl(option, scratch.addr, 0, 0, 0));
      if (r < 0) return r;
      const v = scratch.dv.getInt32(0, true);
      p.mem.write32(arg, option === PR_GET_PDEATHSIG && v !== 0 ? guestSignalOf(p, v) : v);
      return 0;
    }
    default:
      return -E.EINVAL;
  }
}

const GRND_NONBLOCK = 1;
const GRND_RANDOM = 2;
const GRND_INSECURE = 4;

function getrandom(p: GuestProcess, addr: number, len: number, flags: number): number {
  if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE) || (flags & GRND_RANDOM && flags & GRND_INSECURE)) return -E.EINVAL;
  p.mem.check(addr, len, 'write');
  fillRandom(p.mem.u8, addr, len);
  p.mem.noteWrite(addr, len);
  return len;
}

/** struct tms: four clock_t (C longs); the result is the host's clock ticks, in a guest long. */
function times(p: GuestProcess, addr: number): number | bigint {
  const r = libc.times(scratch.addr);
  if (r === -1) return -hostErrno();
  if (addr !== 0) {
    const w = p.wordBits / 8;
    p.mem.check(addr, 4 * w, 'write');
    for (let i = 0; i < 4; i++) p.writeWord(addr + i * w, scratch.dv.getBigUint64(8 * i, true));
  }
  return BigInt.asUintN(p.wordBits, BigInt(r));
}

const RUSAGE_SELF = 0;
const RUSAGE_CHILDREN = -1;
const RUSAGE_THREAD = 1;

/**
 * The host's getrusage, as qemu-user answers it: the guest's children are the host process's,
 * and its own usage is the emulator's.
 */
function getrusage(p: GuestProcess, who: number, addr: number): number {
  if (who !== RUSAGE_SELF && who !== RUSAGE_CHILDREN && who !== RUSAGE_THREAD) return -E.EINVAL;
  const r = sys(libc.getrusage(who, scratch.addr));
  if (r < 0) return r;
  writeRusage(p, addr, 0);
  return 0;
}

export const infoSyscalls: HandlerTable = {
  uname: (p, a) => uname(p, a.ptr(0)),
  sysinfo: (p, a) => sysinfo(p, a.ptr(0)),
  getrandom: (p, a) => getrandom(p, a.ptr(0), a.ptr(1), a.uint(2)),
  getpid: (p) => p.pid,
  gettid: (p) => p.tid,
  getppid: () => libc.getppid(),
  getpgid: (_p, a) => sys(libc.getpgid(a.int(0))),
  setpgid: (_p, a) => sys(libc.setpgid(a.int(0), a.int(1))),
  getsid: (_p, a) => sys(libc.getsid(a.int(0))),
  setsid: () => sys(libc.setsid()),
  umask: (_p, a) => libc.umask(a.uint(0) & 0o777),
  prctl: (p, a) => prctl(p, a.int(0), a),
  // The persona is the host process's, inherited over execve as the kernel's is.
  personality: (_p, a) => sys(libc.personality(a.uint(0))),
  times: (p, a) => times(p, a.ptr(0)),
  getrusage: (p, a) => getrusage(p, a.int(0), a.ptr(1)),
};
