// Signal dispositions, masks, the alternate stack, sigreturn and sending signals.
import { E } from '../errno.js';
import type { GuestProcess } from '../guest-process.js';
import { libc, sys } from '../host/libc.js';
import { collectHostSignals, hostSignalOf, mirrorDisposition, syncHostMask, waitForHostSignal } from '../signals/host-signals.js';
import { BadSignalFrame } from '../signals/bad-frame.js';
import { queueFaultSignal, queueUserSignal, SI_KERNEL, SI_TKILL } from '../signals/raise.js';
import { NSIG, SignalState, SS_DISABLE, SS_ONSTACK } from '../signals/state.js';
import { readTimespec } from './guest-time.js';
import { readStruct, writeStruct } from './struct-writer.js';
import type { Field, SignalFrameOps } from '../arch/types.js';
import { GuestFault } from '../../core/fault.js';
import { sendThreadSignal } from '../threads/thread-context.js';
import { NO_RESULT, type HandlerTable } from './types.js';

function unblockable(p: GuestProcess): bigint {
  let m = 0n;
  for (const [n, name] of Object.entries(p.arch.signals)) if (name === 'SIGKILL' || name === 'SIGSTOP') m |= SignalState.bit(Number(n));
  return m;
}

/**
 * Kernel sigset_t: an array of longs, low signals first (32-bit: two words for the first 64).
 * Only signals 1-64 are modelled; the rest of a MIPS 128-signal set reads as empty.
 */
export function readSigset(p: GuestProcess, addr: number): bigint {
  if (p.wordBits === 64) return p.mem.read64(addr);
  return BigInt(p.mem.read32(addr)) | (BigInt(p.mem.read32(addr + 4)) << 32n);
}

export function writeSigset(p: GuestProcess, addr: number, v: bigint): void {
  p.mem.check(addr, p.arch.sigsetBytes, 'write');
  p.mem.zero(addr, p.arch.sigsetBytes);
  if (p.wordBits === 64) p.mem.write64(addr, v);
  else {
    p.mem.write32(addr, Number(v & 0xffffffffn));
    p.mem.write32(addr + 4, Number(v >> 32n));
  }
}

/** The sigaction layout without its mask (a sigset, read and written word by word) and with sa_restorer where the ABI has one. */
function actionFields(p: GuestProcess): { size: number; fields: Record<'handler' | 'flags' | 'restorer', Field> } {
  const { handler, flags, restorer } = p.arch.structs.sigaction.fields;
  // A missing sa_restorer is written nowhere: writeStruct skips undefined fields.
  return { size: p.arch.structs.sigaction.size, fields: { handler, flags, ...(restorer ? { restorer } : {}) } as Record<'handler' | 'flags' | 'restorer', Field> };
}

function sigaction(p: GuestProcess, sig: number, act: number, oact: number): number {
  if (sig < 1 || sig > NSIG) return -E.EINVAL;
  const layout = actionFields(p);
  const maskAt = p.arch.structs.sigaction.fields.mask[0];
  // Read the new action before writing the old one: act and oact may be the same buffer.
  const next = act !== 0 ? { ...readStruct(p.mem, act, layout), mask: readSigset(p, act + maskAt) } : null;
  if (oact !== 0) {
    const cur = p.signals.actions[sig];
    writeStruct(p.mem, oact, layout, { handler: cur.handler, flags: cur.flags, restorer: cur.restorer });
    writeSigset(p, oact + maskAt, cur.mask);
  }
  if (!next) return 0;
  if (unblockable(p) & SignalState.bit(sig)) return -E.EINVAL;
  p.signals.actions[sig] = { handler: Number(next.handler), flags: Number(next.flags), restorer: Number(next.restorer ?? 0n), mask: next.mask & ~unblockable(p) };
  mirrorDisposition(p, sig);
  return 0;
}

function sigprocmask(p: GuestProcess, how: number, set: number, oset: number): number {
  const st = p.signals;
  if (oset !== 0) writeSigset(p, oset, st.blocked);
  if (set === 0) return 0;
  const v = readSigset(p, set);
  const { SIG_BLOCK, SIG_UNBLOCK, SIG_SETMASK } = p.arch.sigprocmaskHow;
  if (how === SIG_BLOCK) st.blocked |= v;
  else if (how === SIG_UNBLOCK) st.blocked &= ~v;
  else if (how === SIG_SETMASK) st.blocked = v;
  else return -E.EINVAL;
  st.blocked &= ~unblockable(p);
  syncHostMask(p);
  return 0;
}

/** stack_t, in the arch's field order. */
function sigaltstack(p: GuestProcess, ss: number, oss: number): number {
  const st = p.signals;
  const layout = p.arch.structs.stack;
  const sp = p.frameOps.stackPointer(p.thread);
  const onStack = (st.altstack.flags & SS_DISABLE) === 0 && sp > st.altstack.sp && sp <= st.altstack.sp + st.altstack.size;
  const next = ss !== 0 ? readStruct(p.mem, ss, layout) : null;
  if (oss !== 0) writeStruct(p.mem, oss, layout, { sp: st.altstack.sp, flags: onStack ? SS_ONSTACK : st.altstack.flags, size: st.altstack.size });
  if (next) {
    if (onStack) return -E.EPERM;
    const flags = Number(next.flags);
    if (flags & ~SS_DISABLE) return -E.EINVAL;
    const size = Number(next.size);
    if (!(flags & SS_DISABLE) && size < p.arch.minSigStackSize) return -E.ENOMEM;
    st.altstack = flags & SS_DISABLE ? { sp: 0, flags: SS_DISABLE, size: 0 } : { sp: Number(next.sp), flags: 0, size };
  }
  return 0;
}

function kill(p: GuestProcess, pid: number, sig: number, code = 0): number {
  if (sig < 0 || sig > NSIG) return -E.EINVAL;
  // The process group (pid 0) is approximated by the process itself.
  if (pid === p.pid || pid === 0) {
    if (sig === 0) return 0;
    // Process-directed: this thread takes it unless it blocks it; then the main thread does.
    const main = code === SI_TKILL ? null : p.threads?.otherMainSlot() ?? null;
    if (main !== null && p.signals.isBlocked(sig)) sendThreadSignal(p.threads!.w, main, sig);
    else queueUserSignal(p, sig, code);
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
function sigtimedwait(p: GuestProcess, set: bigint, info: number, timeout: number, bits: 32 | 64): number {
  const st = p.signals;
  const deadline = timeout === 0 ? null : performance.now() + timespecMs(readTimespec(p, timeout, bits));
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

/** A signal for one thread: queued here for the caller itself, else through the thread's words. */
function threadKill(p: GuestProcess, tid: number, sig: number): number {
  if (tid === p.tid) return kill(p, p.pid, sig, SI_TKILL);
  if (sig < 0 || sig > NSIG) return -E.EINVAL;
  const w = p.threads?.w;
  const slot = w ? w.slotOfTid(tid) : -1;
  if (!w || slot < 0) return -E.ESRCH;
  if (sig !== 0) sendThreadSignal(w, slot, sig);
  return 0;
}

/** The rt_sig* calls take the size of the kernel's sigset_t (rt_sigpending: at most that). */
function badSigsetSize(p: GuestProcess, size: number): boolean {
  return size !== p.arch.sigsetBytes;
}

/**
 * Restores the registers and mask a frame saved. A frame that cannot be read, or that the arch
 * rejects, is the kernel's badframe: SIGSEGV (force_sig: SI_KERNEL), not an error return.
 */
function sigreturn(p: GuestProcess, restore: SignalFrameOps['restore']): typeof NO_RESULT {
  let mask: bigint;
  try {
    mask = restore(p.thread, p.mem);
  } catch (e) {
    if (!(e instanceof GuestFault) && !(e instanceof BadSignalFrame)) throw e;
    queueFaultSignal(p, 'SIGSEGV', SI_KERNEL, 0);
    return NO_RESULT;
  }
  p.signals.blocked = mask & ~unblockable(p);
  syncHostMask(p);
  return NO_RESULT;
}

export const signalSyscalls: HandlerTable = {
  rt_sigaction: (p, a) => (badSigsetSize(p, a.ptr(3)) ? -E.EINVAL : sigaction(p, a.int(0), a.ptr(1), a.ptr(2))),
  rt_sigprocmask: (p, a) => (badSigsetSize(p, a.ptr(3)) ? -E.EINVAL : sigprocmask(p, a.int(0), a.ptr(1), a.ptr(2))),
  rt_sigpending: (p, a) => (a.ptr(1) > p.arch.sigsetBytes ? -E.EINVAL : (writeSigset(p, a.ptr(0), p.signals.pendingMask() & p.signals.blocked), 0)),
  sigaltstack: (p, a) => sigaltstack(p, a.ptr(0), a.ptr(1)),
  rt_sigreturn: (p) => sigreturn(p, p.frameOps.restore),
  // The return from a handler without SA_SIGINFO, on the ABIs whose kernel gives it a frame of its own.
  sigreturn: (p) => (p.frameOps.restoreLegacy ? sigreturn(p, p.frameOps.restoreLegacy) : -E.ENOSYS),
  rt_sigsuspend: (p, a) => (badSigsetSize(p, a.ptr(1)) ? -E.EINVAL : suspend(p, readSigset(p, a.ptr(0)))),
  pause: (p) => suspend(p, p.signals.blocked),
  rt_sigtimedwait: (p, a) => (badSigsetSize(p, a.ptr(3)) ? -E.EINVAL : sigtimedwait(p, readSigset(p, a.ptr(0)), a.ptr(1), a.ptr(2), a.timeBits)),
  kill: (p, a) => kill(p, a.int(0), a.int(1)),
  tkill: (p, a) => (a.int(0) <= 0 ? -E.EINVAL : threadKill(p, a.int(0), a.int(1))),
  tgkill: (p, a) => (a.int(0) <= 0 || a.int(1) <= 0 ? -E.EINVAL : a.int(0) === p.pid ? threadKill(p, a.int(1), a.int(2)) : -E.ESRCH),
};
