// Identity, limits and system information.
import os from 'node:os';
import { E } from '../errno.js';
import type { GuestProcess } from '../guest-process.js';
import { cpuCount } from '../host/cpus.js';
import { libc, sys } from '../host/libc.js';
import { fillRandom } from '../host/random.js';
import { scratch } from '../host/scratch.js';
import { writeRusage } from './rusage.js';
import type { HandlerTable } from './types.js';

const UTS_FIELD = 65;
const PR_SET_NAME = 15;
const PR_GET_NAME = 16;
const RLIM_INFINITY = (1n << 64n) - 1n;

/** The thread's comm: null until set, which reads as the program's file name (as exec leaves it). */
let threadName: string | null = null;

function uname(p: GuestProcess, addr: number): number {
  const fields = ['Linux', os.hostname(), os.release(), os.version(), p.arch.unameMachine, '(none)'];
  p.mem.check(addr, UTS_FIELD * fields.length, 'write');
  p.mem.zero(addr, UTS_FIELD * fields.length);
  fields.forEach((f, i) => p.mem.writeBytes(addr + i * UTS_FIELD, Buffer.from(f, 'utf8').subarray(0, UTS_FIELD - 1)));
  return 0;
}

/** Words 4-9 (totalram..freeswap) and 11-12 (totalhigh, freehigh) of struct sysinfo are sizes. */
const SYSINFO_SIZES = [4, 5, 6, 7, 8, 9, 11, 12];
const PAGE_SIZE = 4096n;

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
    for (; unit < PAGE_SIZE; unit <<= 1n) shift++;
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

function prlimit(p: GuestProcess, pid: number, resource: number, newp: number, oldp: number): number {
  if (newp !== 0) {
    scratch.dv.setBigUint64(0, p.mem.read64(newp), true);
    scratch.dv.setBigUint64(8, p.mem.read64(newp + 8), true);
  }
  const r = sys(libc.prlimit(pid, resource, newp ? scratch.addr : 0, oldp ? scratch.addr + 16 : 0));
  if (r < 0 || oldp === 0) return r;
  p.mem.write64(oldp, scratch.dv.getBigUint64(16, true));
  p.mem.write64(oldp + 8, scratch.dv.getBigUint64(24, true));
  return 0;
}

/** getrlimit with C-long fields: infinity saturates to the guest's ULONG_MAX. */
function getrlimit(p: GuestProcess, resource: number, addr: number): number {
  const r = sys(libc.prlimit(0, resource, 0, scratch.addr));
  if (r < 0) return r;
  const w = p.wordBits / 8;
  const clamp = (v: bigint) => (v === RLIM_INFINITY || v >= 1n << BigInt(p.wordBits) ? (1n << BigInt(p.wordBits)) - 1n : v);
  p.writeWord(addr, clamp(scratch.dv.getBigUint64(0, true)));
  p.writeWord(addr + w, clamp(scratch.dv.getBigUint64(8, true)));
  return 0;
}

function schedGetaffinity(p: GuestProcess, len: number, addr: number): number {
  const w = p.wordBits / 8;
  const bytes = Math.ceil(cpuCount() / (w * 8)) * w;
  if (len < bytes) return -E.EINVAL;
  const mask = new Uint8Array(bytes);
  for (let i = 0; i < cpuCount(); i++) mask[i >> 3] |= 1 << (i & 7);
  // Bit i of the mask lives in long i/bits, so big-endian guests need their words reversed.
  if (p.mem.bigEndian) for (let i = 0; i < bytes; i += w) mask.subarray(i, i + w).reverse();
  p.mem.writeBytes(addr, mask);
  return bytes;
}

function prctl(p: GuestProcess, option: number, arg: number): number {
  if (option === PR_SET_NAME) {
    threadName = p.readString(arg, 16).slice(0, 15);
    return 0;
  }
  if (option === PR_GET_NAME) {
    const name = Buffer.alloc(16);
    name.write((threadName ?? p.exe.guestPath.slice(p.exe.guestPath.lastIndexOf('/') + 1)).slice(0, 15), 'latin1');
    p.mem.writeBytes(arg, name);
    return 0;
  }
  return -E.EINVAL;
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

function times(p: GuestProcess, addr: number): number {
  const usage = process.cpuUsage();
  const w = p.wordBits / 8;
  if (addr !== 0) {
    p.writeWord(addr, Math.floor(usage.user / 10000));
    p.writeWord(addr + w, Math.floor(usage.system / 10000));
    p.writeWord(addr + 2 * w, 0);
    p.writeWord(addr + 3 * w, 0);
  }
  return Math.floor(performance.timeOrigin / 10 + performance.now() / 10) % 2 ** 31;
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
  getuid: () => libc.getuid(),
  geteuid: () => libc.geteuid(),
  getgid: () => libc.getgid(),
  getegid: () => libc.getegid(),
  getresuid: (p, a) => ([0, 1, 2].forEach((i) => p.mem.write32(a.ptr(i), i === 0 ? libc.getuid() : libc.geteuid())), 0),
  getresgid: (p, a) => ([0, 1, 2].forEach((i) => p.mem.write32(a.ptr(i), i === 0 ? libc.getgid() : libc.getegid())), 0),
  getgroups: (p, a) => (a.int(0) === 0 ? sys(libc.getgroups(0, 0)) : sys(libc.getgroups(a.int(0), p.host(a.ptr(1), a.int(0) * 4, 'write')))),
  getpgid: (_p, a) => sys(libc.getpgid(a.int(0))),
  setpgid: (_p, a) => sys(libc.setpgid(a.int(0), a.int(1))),
  getsid: (_p, a) => sys(libc.getsid(a.int(0))),
  setsid: () => sys(libc.setsid()),
  setuid: () => 0,
  setgid: () => 0,
  getpriority: (_p, a) => {
    const r = sys(libc.getpriority(a.int(0), a.uint(1)));
    return r < -20 ? r : 20 - r;
  },
  setpriority: () => 0,
  prlimit64: (p, a) => prlimit(p, a.int(0), a.int(1), a.ptr(2), a.ptr(3)),
  getrlimit: (p, a) => getrlimit(p, a.int(0), a.ptr(1)),
  setrlimit: () => 0,
  umask: (_p, a) => libc.umask(a.uint(0) & 0o777),
  sched_getaffinity: (p, a) => schedGetaffinity(p, a.uint(1), a.ptr(2)),
  sched_setaffinity: () => 0,
  sched_yield: () => 0,
  sched_getscheduler: () => 0,
  sched_setscheduler: () => 0,
  sched_getparam: (p, a) => (p.mem.write32(a.ptr(1), 0), 0),
  sched_get_priority_max: () => 0,
  sched_get_priority_min: () => 0,
  prctl: (p, a) => prctl(p, a.int(0), a.ptr(1)),
  personality: () => 0,
  getcpu: (p, a) => {
    if (a.ptr(0)) p.mem.write32(a.ptr(0), 0);
    if (a.ptr(1)) p.mem.write32(a.ptr(1), 0);
    return 0;
  },
  times: (p, a) => times(p, a.ptr(0)),
  getrusage: (p, a) => getrusage(p, a.int(0), a.ptr(1)),
};
