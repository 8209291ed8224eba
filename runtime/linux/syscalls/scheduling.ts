// Priorities, scheduling policies and CPU affinity: the host's own, since guest threads are host
// threads (pid 0 and a guest tid name the same thread on both sides). Policy numbers and struct
// sched_param (one int) are the same on every ABI; cpu_set_t is an array of guest longs, so a
// big-endian guest's bytes are reversed word by word against the host's little-endian longs.
import { E } from '../errno.js';
import type { GuestProcess } from '../guest-process.js';
import { clearHostErrno, hostErrno, libc, sys } from '../host/libc.js';
import { scratch } from '../host/scratch.js';
import { hostSyscallNumber } from '../host/syscall-numbers.js';
import { hostTimespec, writeTimespec } from './guest-time.js';
import type { HandlerTable } from './types.js';

/** Largest cpu_set_t passed on: 65536 CPUs, far above any kernel's NR_CPUS. */
const MAX_MASK = 8192;
const HOST_LONG = 8;

/** The kernel's getpriority answers 20 - nice (1..40), so that no success looks like an error. */
function getpriority(which: number, who: number): number {
  clearHostErrno();
  const nice = libc.getpriority(which, who);
  if (nice === -1 && hostErrno() !== 0) return -hostErrno();
  return 20 - nice;
}

/** Guest cpu_set_t bytes <-> host bytes: the same bits, in guest-long word order. */
function toggleWordOrder(p: GuestProcess, off: number, len: number): void {
  if (!p.mem.bigEndian) return;
  const w = p.wordBits / 8;
  for (let i = 0; i + w <= len; i += w) scratch.u8.subarray(off + i, off + i + w).reverse();
}

function schedGetaffinity(p: GuestProcess, pid: number, len: number, addr: number): number {
  const w = p.wordBits / 8;
  if (len % w !== 0) return -E.EINVAL;
  const hostLen = Math.min(MAX_MASK, Math.ceil(len / HOST_LONG) * HOST_LONG);
  scratch.u8.fill(0, 0, hostLen);
  let r = sys(libc.syscall(hostSyscallNumber('sched_getaffinity'), 'int', pid, 'size_t', hostLen, 'uintptr_t', scratch.addr));
  if (r < 0) return r;
  if (r > len) {
    // A 32-bit guest's odd number of words: fine unless a CPU lives in the word it lacks.
    if (scratch.u8.subarray(len, r).some((b) => b !== 0)) return -E.EINVAL;
    r = len;
  }
  toggleWordOrder(p, 0, r);
  p.mem.writeBytes(addr, scratch.u8.subarray(0, r));
  return r;
}

function schedSetaffinity(p: GuestProcess, pid: number, len: number, addr: number): number {
  const n = Math.min(len, MAX_MASK);
  const hostLen = Math.ceil(n / HOST_LONG) * HOST_LONG;
  scratch.u8.fill(0, 0, hostLen);
  scratch.u8.set(p.mem.readBytes(addr, n), 0);
  toggleWordOrder(p, 0, n);
  return sys(libc.schedSetaffinity(pid, hostLen, scratch.addr));
}

/** sched_setscheduler/sched_setparam: the kernel reads the param struct (one int) first. */
function withParamIn(p: GuestProcess, param: number, call: (host: number) => number): number {
  if (param === 0) return -E.EINVAL;
  scratch.dv.setInt32(0, p.mem.read32(param) | 0, true);
  return sys(call(scratch.addr));
}

function schedGetparam(p: GuestProcess, pid: number, param: number): number {
  if (param === 0) return -E.EINVAL;
  const r = sys(libc.schedGetparam(pid, scratch.addr));
  if (r === 0) p.mem.write32(param, scratch.dv.getUint32(0, true));
  return r;
}

function schedRrGetInterval(p: GuestProcess, pid: number, addr: number, bits: 32 | 64): number {
  const r = sys(libc.schedRrGetInterval(pid, scratch.addr));
  if (r === 0) writeTimespec(p, addr, hostTimespec(0), bits);
  return r;
}

/** getcpu(cpu, node, cache): the host's answer for the calling thread; the third is unused. */
function getcpu(p: GuestProcess, cpu: number, node: number): number {
  const r = sys(libc.getcpu(scratch.addr, scratch.addr + 4));
  if (r < 0) return r;
  if (cpu !== 0) p.mem.write32(cpu, scratch.dv.getUint32(0, true));
  if (node !== 0) p.mem.write32(node, scratch.dv.getUint32(4, true));
  return 0;
}

export const schedulingSyscalls: HandlerTable = {
  getpriority: (_p, a) => getpriority(a.int(0), a.uint(1)),
  setpriority: (_p, a) => sys(libc.setpriority(a.int(0), a.uint(1), a.int(2))),
  sched_getaffinity: (p, a) => schedGetaffinity(p, a.int(0), a.uint(1), a.ptr(2)),
  sched_setaffinity: (p, a) => schedSetaffinity(p, a.int(0), a.uint(1), a.ptr(2)),
  sched_yield: () => sys(libc.schedYield()),
  sched_getscheduler: (_p, a) => sys(libc.schedGetscheduler(a.int(0))),
  sched_setscheduler: (p, a) => withParamIn(p, a.ptr(2), (h) => libc.schedSetscheduler(a.int(0), a.int(1), h)),
  sched_setparam: (p, a) => withParamIn(p, a.ptr(1), (h) => libc.schedSetparam(a.int(0), h)),
  sched_getparam: (p, a) => schedGetparam(p, a.int(0), a.ptr(1)),
  sched_get_priority_max: (_p, a) => sys(libc.schedGetPriorityMax(a.int(0))),
  sched_get_priority_min: (_p, a) => sys(libc.schedGetPriorityMin(a.int(0))),
  sched_rr_get_interval: (p, a) => schedRrGetInterval(p, a.int(0), a.ptr(1), a.timeBits),
  getcpu: (p, a) => getcpu(p, a.ptr(0), a.ptr(1)),
};
