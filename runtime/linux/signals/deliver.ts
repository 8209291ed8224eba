// Delivering queued signals when the guest thread is between instructions: run a guest handler
// (per-arch frame), ignore, or apply the default action (terminate the process).
import { GuestFault } from '../../core/fault.js';
import { GuestExit } from '../exit.js';
import type { GuestProcess } from '../guest-process.js';
import { syncHostMask } from './host-signals.js';
import { DEFAULT_ACTION, SIGNAL_DESCRIPTION, type SignalName } from './numbers.js';
import { SIG_DFL, SIG_IGN, SS_DISABLE, SS_ONSTACK, SignalState, type PendingSignal } from './state.js';

export function signalName(p: GuestProcess, sig: number): SignalName | null {
  return p.arch.signals[sig] ?? null;
}

/** Throws GuestExit: the process dies of `sig` (default action term/core). */
export function dieOf(p: GuestProcess, sig: number): never {
  const name = signalName(p, sig);
  const action = name ? DEFAULT_ACTION[name] : 'term';
  throw new GuestExit({
    kind: 'signal', sig, name: name ?? `SIG${sig}`,
    description: name ? SIGNAL_DESCRIPTION[name] : `Real-time signal ${sig - 32}`,
    core: action === 'core',
  });
}

function defaultAction(p: GuestProcess, sig: number): void {
  const name = signalName(p, sig);
  const action = name ? DEFAULT_ACTION[name] : 'term';
  if (action === 'term' || action === 'core') dieOf(p, sig);
  // ignore, and stop/continue: there is no job control for guests.
}

function onAltStack(p: GuestProcess, sp: number): boolean {
  const a = p.signals.altstack;
  return (a.flags & SS_DISABLE) === 0 && sp > a.sp && sp <= a.sp + a.size;
}

function runHandler(p: GuestProcess, s: PendingSignal): void {
  const st = p.signals;
  const act = st.actions[s.sig];
  const F = p.arch.saFlags;
  const frame = p.frameOps;
  const sp = frame.stackPointer(p.thread);
  const useAlt = (act.flags & F.SA_ONSTACK) !== 0 && (st.altstack.flags & SS_DISABLE) === 0 && !onAltStack(p, sp);
  // In rt_sigsuspend the frame keeps the mask from before the call, as the kernel's saved_sigmask.
  const savedMask = st.suspendMask ?? st.blocked;
  st.suspendMask = null;
  try {
    frame.setup({
      thread: p.thread, mem: p.mem, sig: s.sig, siginfo: s.info, handler: act.handler, flags: act.flags,
      restorer: act.restorer, savedMask, sp: useAlt ? st.altstack.sp + st.altstack.size : sp,
      altstack: { ...st.altstack, flags: onAltStack(p, sp) ? SS_ONSTACK : st.altstack.flags },
      trampoline: p.trampoline, faultAddress: s.faultAddress,
    });
  } catch (e) {
    if (e instanceof GuestFault) dieOf(p, s.sig);
    throw e;
  }
  st.blocked |= act.mask | ((act.flags & F.SA_NODEFER) !== 0 ? 0n : SignalState.bit(s.sig));
  if ((act.flags & F.SA_RESETHAND) !== 0) st.actions[s.sig] = { handler: SIG_DFL, flags: 0, restorer: 0, mask: 0n };
}

/** Deliver the first deliverable pending signal, if any. */
export function deliverSignals(p: GuestProcess): void {
  deliverOne(p);
  const st = p.signals;
  if (st.suspendMask !== null) {
    st.blocked = st.suspendMask;
    st.suspendMask = null;
  }
  syncHostMask(p);
}

function deliverOne(p: GuestProcess): void {
  const st = p.signals;
  const i = st.pending.findIndex((s) => s.synchronous || !st.isBlocked(s.sig));
  if (i < 0) return;
  const [s] = st.pending.splice(i, 1);
  const act = st.actions[s.sig];
  // A fault signal that is blocked or ignored kills the process, as the kernel forces it.
  if (s.synchronous && (st.isBlocked(s.sig) || act.handler === SIG_IGN)) dieOf(p, s.sig);
  if (act.handler === SIG_IGN) return;
  if (act.handler === SIG_DFL) {
    defaultAction(p, s.sig);
    return;
  }
  runHandler(p, s);
}
