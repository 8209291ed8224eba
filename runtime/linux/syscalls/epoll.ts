// epoll on top of the host's: the interest list, level/edge triggering, EPOLLONESHOT and
// EPOLLEXCLUSIVE are the host kernel's (event bits number alike on every ABI); struct
// epoll_event is translated between the guest's layout (arch structs) and the host's.
//
// A wait blocks the host thread, with the signals the guest accepts able to interrupt it
// (interruptibly). The main thread of a process with guest threads waits in short slices,
// answering the workers' forwarded calls (mmap & co.) between them, or a thread that maps
// memory while the main thread sleeps in epoll_wait would wait for it; so do waits while a
// signalfd exists, whose readiness follows the guest's pending signals (signalfd.ts).
import { E } from '../errno.js';
import type { GuestProcess } from '../guest-process.js';
import { ALIGNED_EPOLL_EVENT, PACKED_EPOLL_EVENT } from '../arch/generic-structs.js';
import { libc, sys } from '../host/libc.js';
import { scratch } from '../host/scratch.js';
import { interruptibly, syncHostMask } from '../signals/host-signals.js';
import { SignalState } from '../signals/state.js';
import { signalfds } from './fd-kinds.js';
import { readTimespec } from './guest-time.js';
import { readSigset } from './signals.js';
import { syncSignalfds } from './signalfd.js';
import type { HandlerTable } from './types.js';

const HOST_EVENT = process.arch === 'x64' ? PACKED_EPOLL_EVENT : ALIGNED_EPOLL_EVENT;
const EPOLL_CTL_DEL = 2;
/** How long the main thread of a threaded process blocks before answering its workers. */
const SLICE_MS = 10;

function epollCreate1(p: GuestProcess, flags: number): number {
  const cloexec = p.arch.openFlags.guest('O_CLOEXEC');
  if (flags & ~cloexec) return -E.EINVAL;
  return sys(libc.epollCreate1(p.arch.openFlags.toHost(flags)));
}

function epollCtl(p: GuestProcess, epfd: number, op: number, fd: number, event: number): number {
  // Every op but EPOLL_CTL_DEL reads the event first, even one the kernel then rejects.
  const withEvent = op !== EPOLL_CTL_DEL;
  if (withEvent) {
    const g = p.arch.structs.epollEvent.fields;
    // Read both fields before the call, as the kernel copies the struct first (EFAULT first).
    const events = p.mem.read32(event + g.events[0]);
    const data = p.mem.read64(event + g.data[0]);
    scratch.dv.setUint32(HOST_EVENT.fields.events[0], events, true);
    scratch.dv.setBigUint64(HOST_EVENT.fields.data[0], data, true);
  }
  return sys(libc.epollCtl(epfd, op, fd, withEvent ? scratch.addr : 0));
}

/** Host epoll_wait into scratch, in slices when something must run while the thread waits. */
function hostWait(p: GuestProcess, epfd: number, max: number, ms: number): number {
  const slicing = p.threads?.role === 'main' || signalfds().length > 0;
  if (!slicing) return sys(libc.epollWait(epfd, scratch.addr, max, ms));
  const deadline = ms < 0 ? Infinity : performance.now() + ms;
  for (;;) {
    syncSignalfds(p);
    p.threads?.serviceIfPending();
    const left = Math.max(0, Math.ceil(deadline - performance.now()));
    const slice = Math.min(SLICE_MS, left);
    const r = sys(libc.epollWait(epfd, scratch.addr, max, slice));
    if (r !== 0 || left <= SLICE_MS) return r;
  }
}

function unblockable(p: GuestProcess): bigint {
  let m = 0n;
  for (const [n, name] of Object.entries(p.arch.signals)) if (name === 'SIGKILL' || name === 'SIGSTOP') m |= SignalState.bit(Number(n));
  return m;
}

/**
 * epoll_pwait's temporary signal mask: in force during the wait; after an interrupted wait it
 * stays until the handler has been set up, which saves the old one for sigreturn (as
 * rt_sigsuspend does).
 */
function withSigmask(p: GuestProcess, mask: bigint | null, call: () => number): number {
  if (mask === null) return call();
  const st = p.signals;
  const saved = st.blocked;
  st.blocked = mask & ~unblockable(p);
  syncHostMask(p);
  // A pending signal the temporary mask lets through interrupts the wait before it starts.
  const r = st.pending.some((s) => !st.isBlocked(s.sig)) ? -E.EINTR : call();
  if (r === -E.EINTR) st.suspendMask = saved;
  else st.blocked = saved;
  syncHostMask(p);
  return r;
}

function epollWait(p: GuestProcess, epfd: number, events: number, maxevents: number, ms: number, sigmask: number, sigsetsize: number): number {
  const layout = p.arch.structs.epollEvent;
  if (maxevents <= 0 || maxevents > Math.floor(0x7fffffff / layout.size)) return -E.EINVAL;
  // qemu-user locks the whole array first: a bad one is EFAULT before anything waits.
  p.mem.check(events, maxevents * layout.size, 'write');
  let mask: bigint | null = null;
  if (sigmask !== 0) {
    if (sigsetsize !== p.arch.sigsetBytes) return -E.EINVAL;
    mask = readSigset(p, sigmask);
  }
  if (ms === -2) return -E.EINVAL;
  const max = Math.min(maxevents, Math.floor(scratch.size / HOST_EVENT.size));
  const r = withSigmask(p, mask, () => interruptibly(p, false, () => hostWait(p, epfd, max, ms)));
  if (r <= 0) return r;
  const h = HOST_EVENT.fields;
  const g = layout.fields;
  const out: [number, bigint][] = [];
  for (let i = 0; i < r; i++) out.push([scratch.dv.getUint32(i * HOST_EVENT.size + h.events[0], true), scratch.dv.getBigUint64(i * HOST_EVENT.size + h.data[0], true)]);
  out.forEach(([ev, data], i) => {
    p.mem.write32(events + i * layout.size + g.events[0], ev);
    p.mem.write64(events + i * layout.size + g.data[0], data);
  });
  return r;
}

/** epoll_pwait2's timeout: a struct __kernel_timespec (64-bit fields on every ABI), NULL = forever. */
function timespecMs(p: GuestProcess, addr: number): number {
  if (addr === 0) return -1;
  const t = readTimespec(p, addr, 64);
  if (t.sec < 0 || t.nsec < 0 || t.nsec >= 1e9) return -2;
  return Math.min(2 ** 31 - 1, t.sec * 1000 + Math.ceil(t.nsec / 1e6));
}

export const epollSyscalls: HandlerTable = {
  epoll_create: (p, a) => (a.int(0) <= 0 ? -E.EINVAL : epollCreate1(p, 0)),
  epoll_create1: (p, a) => epollCreate1(p, a.int(0)),
  epoll_ctl: (p, a) => epollCtl(p, a.int(0), a.int(1), a.int(2), a.ptr(3)),
  epoll_pwait: (p, a) => epollWait(p, a.int(0), a.ptr(1), a.int(2), Math.max(-1, a.int(3)), a.ptr(4), a.ptr(5)),
  epoll_pwait2: (p, a) => epollWait(p, a.int(0), a.ptr(1), a.int(2), timespecMs(p, a.ptr(3)), a.ptr(4), a.ptr(5)),
};
