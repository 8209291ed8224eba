// Signal dispositions, masks, the alternate stack, sigreturn and sending signals.
import { E } from '../errno.js';
import type { GuestProcess } from '../guest-process.js';
import { libc, sys } from '../host/libc.js';
import { collectHostSignals, hostSignalOf, mirrorDisposition, syncHostMask, waitForHostSignal } from '../signals/host-signals.js';
import { queueUserSignal, SI_TKILL } from '../signals/raise.js';
import { NSIG, SignalState, SS_DISABLE, SS_ONSTACK } from '../signals/state.js';
import { readTimespec } from './guest-time.js';
import { readStruct, writeStruct } from './struct-writer.js';
import { NO_RESULT, type HandlerTable } from './types.js';

const SIG_BLOCK = 0;
const SIG_UNBLOCK = 1;
const SIG_SETMASK = 2;

function unblockable(p: GuestProcess): bigint {
  let m = 0n;
  for (const [n, name] of Object.entries(p.arch.signals)) if (name === 'SIGKILL' || name === 'SIGSTOP') m |= SignalState.bit(Number(n));
  return m;
}

/** Kernel sigset_t: 64 bits, as one long (64-bit) or two (32-bit, low word first). */
function readSigset(p: GuestProcess, addr: number): bigint {
  if (p.wordBits === 64) return p.mem.read64(addr);
  return BigInt(p.mem.read32(addr)) | (BigInt(p.mem.read32(addr + 4)) << 32n);
}

function writeSigset(p: GuestProcess, addr: number, v: bigint): void {
  if (p.wordBits === 64) p.mem.write64(addr, v);
  else {
    p.mem.write32(addr, Number(v & 0xffffffffn));
    p.mem.write32(addr + 4, Number(v >> 32n));
  }
}

function sigaction(p: GuestProcess, sig: number, act: number, oact: number): number {
  if (sig < 1 || sig > NSIG) return -E.EINVAL;
  const cur = p.signals.actions[sig];
  if (oact !== 0) {
    writeStruct(p.mem, oact, p.arch.structs.sigaction, { handler: cur.handler, flags: cur.flags, restorer: cur.restorer, mask: cur.mask });
  }
  if (act !== 0) {
    if (unblockable(p) & SignalState.bit(sig)) return -E.EINVAL;
    const v = readStruct(p.mem, act, p.arch.structs.sigaction);
    p.signals.actions[sig] = { handler: Number(v.handler), flags: Number(v.flags), restorer: Number(v.restorer), mask: v.mask & ~unblockable(p) };
    mirrorDisposition(p, sig);
  }
  return 0;
}

function sigprocmask(p: GuestProcess, how: number, set: number, oset: number): number {
  const st = p.signals;
  if (oset !== 0) writeSigset(p, oset, st.blocked);
  if (set === 0) return 0;
  const v = readSigset(p, set);
  if (how === SIG_BLOCK) st.blocked |= v;
  else if (how === SIG_UNBLOCK) st.blocked &= ~v;
  else if (how === SIG_SETMASK) st.blocked = v;
  else return -E.EINVAL;
  st.blocked &= ~unblockable(p);
  syncHostMask(p);
  return 0;
}

/** stack_t: { void *ss_sp; int ss_flags; size_t ss_size } (MIPS orders it differently: TODO per arch). */
function sigaltstack(p: GuestProcess, ss: number, oss: number): number {
  const w = p.wordBits / 8;
  const st = p.signals;
  const sp = p.frameOps.stackPointer(p.thread);
  const onStack = (st.altstack.flags & SS_DISABLE) === 0 && sp > st.altstack.sp && sp <= st.altstack.sp + st.altstack.size;
  if (oss !== 0) {
    p.writeWord(oss, st.altstack.sp);
    p.mem.write32(oss + w, onStack ? SS_ONSTACK : st.altstack.flags);
    p.writeWord(oss + 2 * w, st.altstack.size);
  }
  if (ss !== 0) {
    if (onStack) return -E.EPERM;
    const flags = p.mem.read32(ss + w);
    if (flags & ~SS_DISABLE) return -E.EINVAL;
    const size = p.readWord(ss + 2 * w);
    if (!(flags & SS_DISABLE) && size < p.arch.minSigStackSize) return -E.ENOMEM;
    st.altstack = flags & SS_DISABLE ? { sp: 0, flags: SS_DISABLE, size: 0 } : { sp: p.readWord(ss), flags: 0, size };
  }
  return 0;
}

function kill(p: GuestProcess, pid: number, sig: number, code = 0): number {
  if (sig < 0 || sig > NSIG) return -E.EINVAL;
  // The process group (pid 0) is approximated by the process itself.
  if (pid === p.pid || pid === 0) {
    if (sig !== 0) queueUserSignal(p, sig, code);
    return 0;
  }
  return sys(libc.kill(pid, hostSignalOf(p, sig)));
}

function deliverable(p: GuestProcess, mask: bigint): boolean {
  return p.signals.pending.some((s) => !(mask & SignalState.bit(s.sig)));
}

/** rt_sigsuspend/pause: wait with a temporary mask until a signal is to be delivered. */
function suspend(p: GuestProcess, mask: bigint): number {
  const st = p.signals;
  const temp = mask & ~unblockable(p);
  collectHostSignals(p);
  while (!deliverable(p, temp)) waitForHostSignal(p, temp, null);
  st.suspendMask = st.blocked;
  st.blocked = temp;
  return -E.EINTR;
}

const timespecMs = (t: { sec: number; nsec: number }) => t.sec * 1000 + t.nsec / 1e6;

/** rt_sigtimedwait: take a pending signal of `set` (waiting for one up to the timeout). */
function sigtimedwait(p: GuestProcess, set: bigint, info: number, timeout: number): number {
  const st = p.signals;
  const deadline = timeout === 0 ? null : performance.now() + timespecMs(readTimespec(p, timeout));
  for (;;) {
    collectHostSignals(p);
    const i = st.pending.findIndex((s) => (set & SignalState.bit(s.sig)) !== 0n);
    if (i >= 0) {
      const [s] = st.pending.splice(i, 1);
      if (info !== 0) p.mem.writeBytes(info, s.info);
      return s.sig;
    }
    const left = deadline === null ? null : deadline - performance.now();
    if (left !== null && left <= 0) return -E.EAGAIN;
    // Waiting only on the set: every other held signal stays pending on the host meanwhile.
    waitForHostSignal(p, ~set, left);
    if (deliverable(p, st.blocked | set)) return -E.EINTR;
  }
}

export const signalSyscalls: HandlerTable = {
  rt_sigaction: (p, a) => sigaction(p, a.int(0), a.ptr(1), a.ptr(2)),
  rt_sigprocmask: (p, a) => sigprocmask(p, a.int(0), a.ptr(1), a.ptr(2)),
  rt_sigpending: (p, a) => (writeSigset(p, a.ptr(0), p.signals.pendingMask() & p.signals.blocked), 0),
  sigaltstack: (p, a) => sigaltstack(p, a.ptr(0), a.ptr(1)),
  rt_sigreturn: (p) => {
    p.signals.blocked = p.frameOps.restore(p.thread, p.mem) & ~unblockable(p);
    syncHostMask(p);
    return NO_RESULT;
  },
  rt_sigsuspend: (p, a) => suspend(p, readSigset(p, a.ptr(0))),
  pause: (p) => suspend(p, p.signals.blocked),
  rt_sigtimedwait: (p, a) => sigtimedwait(p, readSigset(p, a.ptr(0)), a.ptr(1), a.ptr(2)),
  kill: (p, a) => kill(p, a.int(0), a.int(1)),
  tkill: (p, a) => (a.int(0) === p.pid ? kill(p, p.pid, a.int(1), SI_TKILL) : -E.ESRCH),
  tgkill: (p, a) => (a.int(1) === p.pid ? kill(p, p.pid, a.int(2), SI_TKILL) : -E.ESRCH),
};
