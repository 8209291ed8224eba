// ppoll and pselect6 on top of the host's poll(): the runtime has one guest thread, so blocking
// the host thread is exactly what the guest asked for. Signal masks passed in are not applied.
import { E } from '../errno.js';
import type { GuestProcess } from '../guest-process.js';
import { libc, sys } from '../host/libc.js';
import { scratch } from '../host/scratch.js';
import { collectHostSignals, interruptibly, waitForHostSignal } from '../signals/host-signals.js';
import { readTimespec, writeTimespec } from './guest-time.js';
import { syncSignalfds } from './signalfd.js';
import type { HandlerTable } from './types.js';

const POLLIN = 0x1;
const POLLPRI = 0x2;
const POLLOUT = 0x4;
const POLLERR = 0x8;
const POLLHUP = 0x10;
const POLLNVAL = 0x20;

function timeoutMs(p: GuestProcess, addr: number, bits: 32 | 64): number {
  if (addr === 0) return -1;
  const t = readTimespec(p, addr, bits);
  if (t.sec < 0 || t.nsec < 0 || t.nsec >= 1e9) return -2;
  return Math.min(2 ** 31 - 1, t.sec * 1000 + Math.ceil(t.nsec / 1e6));
}

/** Host poll over scratch pollfds; writes the remaining time back like the kernel. */
function hostPoll(p: GuestProcess, n: number, tsAddr: number, bits: 32 | 64): number {
  const ms = timeoutMs(p, tsAddr, bits);
  if (ms === -2) return -E.EINVAL;
  const start = performance.now();
  const r = sys(libc.poll(scratch.addr, n, ms));
  if (tsAddr !== 0 && ms >= 0) {
    const left = Math.max(0, ms - (performance.now() - start));
    writeTimespec(p, tsAddr, { sec: Math.floor(left / 1000), nsec: Math.floor((left % 1000) * 1e6) }, bits);
  }
  return r;
}

/** Host poll with a plain millisecond timeout (the old poll()). */
function pollMs(n: number, ms: number): number {
  return sys(libc.poll(scratch.addr, n, ms < 0 ? -1 : ms));
}

const timespecMs = (t: { sec: number; nsec: number }) => t.sec * 1000 + t.nsec / 1e6;

/**
 * ppoll without descriptors only waits for a signal (glibc's pause()): collected with
 * sigtimedwait, so a signal arriving just before the wait is not missed.
 */
function signalWait(p: GuestProcess, tsAddr: number, bits: 32 | 64): number {
  const deadline = tsAddr === 0 ? null : performance.now() + timespecMs(readTimespec(p, tsAddr, bits));
  for (;;) {
    collectHostSignals(p);
    if (p.signals.pending.some((s) => !p.signals.isBlocked(s.sig))) return -E.EINTR;
    const left = deadline === null ? null : deadline - performance.now();
    if (left !== null && left <= 0) return 0;
    waitForHostSignal(p, p.signals.blocked, left);
  }
}

function ppoll(p: GuestProcess, fds: number, n: number, tsAddr: number, bits: 32 | 64, ms?: number): number {
  if (n === 0 && ms === undefined) return signalWait(p, tsAddr, bits);
  if (n * 8 > scratch.size) return -E.EINVAL;
  syncSignalfds(p);
  for (let i = 0; i < n; i++) {
    scratch.dv.setInt32(i * 8, p.mem.read32(fds + i * 8) | 0, true);
    scratch.dv.setInt16(i * 8 + 4, p.mem.read16(fds + i * 8 + 4), true);
    scratch.dv.setInt16(i * 8 + 6, 0, true);
  }
  const r = interruptibly(p, false, () => (ms === undefined ? hostPoll(p, n, tsAddr, bits) : pollMs(n, ms)));
  if (r < 0) return r;
  for (let i = 0; i < n; i++) p.mem.write16(fds + i * 8 + 6, scratch.dv.getUint16(i * 8 + 6, true));
  return r;
}

/** fd_set: bit i is bit i%W of the i/W-th C long. */
class FdSet {
  constructor(private readonly p: GuestProcess, private readonly addr: number) {}
  private word(i: number): number {
    return this.addr + Math.floor(i / this.p.wordBits) * (this.p.wordBits / 8);
  }
  has(i: number): boolean {
    if (this.addr === 0) return false;
    const w = BigInt(this.p.readWord(this.word(i)));
    return ((w >> BigInt(i % this.p.wordBits)) & 1n) !== 0n;
  }
  clearAll(n: number): void {
    if (this.addr !== 0) this.p.mem.zero(this.addr, Math.ceil(n / this.p.wordBits) * (this.p.wordBits / 8));
  }
  set(i: number): void {
    const at = this.word(i);
    this.p.writeWord(at, BigInt(this.p.readWord(at)) | (1n << BigInt(i % this.p.wordBits)));
  }
}

function pselect(p: GuestProcess, n: number, inp: number, outp: number, exp: number, tsAddr: number, bits: 32 | 64): number {
  if (n < 0 || n > 4096) return -E.EINVAL;
  syncSignalfds(p);
  const sets = [new FdSet(p, inp), new FdSet(p, outp), new FdSet(p, exp)];
  const polled: number[] = [];
  for (let fd = 0; fd < n; fd++) {
    const events = (sets[0].has(fd) ? POLLIN : 0) | (sets[1].has(fd) ? POLLOUT : 0) | (sets[2].has(fd) ? POLLPRI : 0);
    if (!events) continue;
    scratch.dv.setInt32(polled.length * 8, fd, true);
    scratch.dv.setInt16(polled.length * 8 + 4, events, true);
    scratch.dv.setInt16(polled.length * 8 + 6, 0, true);
    polled.push(fd);
  }
  const r = interruptibly(p, false, () => hostPoll(p, polled.length, tsAddr, bits));
  if (r < 0) return r;
  for (const s of sets) s.clearAll(n);
  let count = 0;
  for (let i = 0; i < polled.length; i++) {
    const re = scratch.dv.getUint16(i * 8 + 6, true);
    if (re & POLLNVAL) return -E.EBADF;
    const asked = scratch.dv.getUint16(i * 8 + 4, true);
    const hits = [(asked & POLLIN) && re & (POLLIN | POLLHUP | POLLERR), (asked & POLLOUT) && re & (POLLOUT | POLLERR), (asked & POLLPRI) && re & POLLPRI];
    hits.forEach((h, k) => {
      if (h) {
        sets[k].set(polled[i]);
        count++;
      }
    });
  }
  return count;
}

export const pollSyscalls: HandlerTable = {
  ppoll: (p, a) => ppoll(p, a.ptr(0), a.uint(1), a.ptr(2), a.timeBits),
  poll: (p, a) => ppoll(p, a.ptr(0), a.uint(1), 0, a.timeBits, a.int(2)),
  pselect6: (p, a) => pselect(p, a.int(0), a.ptr(1), a.ptr(2), a.ptr(3), a.ptr(4), a.timeBits),
};
