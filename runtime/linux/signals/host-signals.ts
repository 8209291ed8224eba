// Signals from outside the guest (the terminal's SIGINT, kill from another process, timers,
// SIGCHLD) arrive at the host process. For the asynchronous signals the host disposition mirrors
// the guest's: SIG_DFL and SIG_IGN are set on the host itself, so default deaths and ignoring
// (inherited over execve, as the kernel does) are the kernel's own. A signal the guest handles or
// blocks is blocked on the host, where it stays pending until the run loop collects it with
// sigtimedwait (between engine exits, or waiting in rt_sigsuspend) and queues it for the guest
// with its siginfo. Consequence: such a signal does not interrupt a blocking host call.
import type { GuestProcess } from '../guest-process.js';
import { forwardingHandler } from '../host/forward-signal.js';
import { bufferAddress, hostErrno, libc } from '../host/libc.js';
import { GENERIC_SIGNALS, type SignalName } from './numbers.js';
import { makeSiginfo } from './raise.js';
import { SIG_DFL, SIG_IGN, SignalState } from './state.js';

/**
 * Signals that come from outside, including the terminal's job-control signals: the kernel sends
 * SIGTTOU to the host process itself when a guest in a background process group calls
 * tcsetpgrp, so a shell that ignores SIGTTOU (as interactive shells do) must ignore it on the
 * host too, or the host process stops. Faults and SIGPIPE (raised on EPIPE) stay emulated.
 */
const MIRRORED: ReadonlySet<SignalName> = new Set<SignalName>([
  'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGALRM', 'SIGTERM', 'SIGCHLD', 'SIGURG',
  'SIGXCPU', 'SIGVTALRM', 'SIGPROF', 'SIGWINCH', 'SIGIO', 'SIGPWR', 'SIGTSTP', 'SIGTTIN', 'SIGTTOU',
]);
// Under --cpu-prof (a developer measuring the runtime) V8's sampler owns the host's SIGPROF: a
// guest default there would kill the process at the first sample.
if (process.execArgv.some((a) => a.startsWith('--cpu-prof'))) (MIRRORED as Set<SignalName>).delete('SIGPROF');

const SIG_BLOCK = 0;
const SA_SIGINFO = 4;
const EINTR = 4;
const SIG_SETMASK = 2;
const EAGAIN = 11;
const CLD_KILLED = 2;
const CLD_DUMPED = 3;
const CLD_STOPPED = 5;
const CLD_CONTINUED = 6;

// Own host buffers (glibc sigset_t is 128 bytes, siginfo_t 128, timespec 16): the run loop
// collects signals while syscall handlers may be using the shared scratch buffer.
const buffer = new ArrayBuffer(1024);
const dv = new DataView(buffer);
const base = bufferAddress(buffer);
const SET = 0;
const INFO = 128;
const TIMEOUT = 256;
const OLD_SET = 384;
const SIGACTION = 512;

const HOST_NUMBER = new Map<SignalName, number>(Object.entries(GENERIC_SIGNALS).map(([n, name]) => [name, Number(n)]));

export function hostSignalOf(p: GuestProcess, guestSig: number): number {
  const name = p.arch.signals[guestSig];
  return (name && HOST_NUMBER.get(name)) || guestSig;
}

export function guestSignalOf(p: GuestProcess, hostSig: number): number {
  const name = GENERIC_SIGNALS[hostSig];
  for (const [n, s] of Object.entries(p.arch.signals)) if (s === name) return Number(n);
  return hostSig;
}

function setMask(off: number, mask: bigint): number {
  new Uint8Array(buffer, off, 128).fill(0);
  dv.setBigUint64(off, mask, true);
  return base + off;
}

function hostBit(sig: number): bigint {
  return 1n << BigInt(sig - 1);
}

/** The host mask currently set by this module (host numbering), to skip needless sigprocmask calls. */
let hostBlocked = 0n;

type HostDisposition = typeof SIG_DFL | typeof SIG_IGN | 'forward';
/** What this module last set per host signal; empty = unknown (start-up). */
const dispositions = new Map<number, HostDisposition>();

/** Host sigaction with the forwarding handler, all signals blocked while it runs. */
function forwardToMainThread(hostSig: number): void {
  const handler = forwardingHandler()?.handler ?? null;
  if (handler === null) {
    libc.signal(hostSig, SIG_DFL);
    return;
  }
  const act = new DataView(buffer, SIGACTION, 152);
  new Uint8Array(buffer, SIGACTION, 152).fill(0);
  act.setBigUint64(0, BigInt(handler), true);
  act.setBigUint64(8, ~0n, true);
  // No SA_RESTART: on the main thread the point is to interrupt the blocking call.
  act.setInt32(136, SA_SIGINFO, true);
  libc.sigaction(hostSig, base + SIGACTION, 0);
}

function setHostMask(mask: bigint): void {
  if (mask === hostBlocked) return;
  libc.sigprocmaskAll(SIG_SETMASK, setMask(SET, mask), 0);
  hostBlocked = mask;
}

/**
 * After any change of the guest's dispositions or mask: a MIRRORED signal the guest handles or
 * blocks is held (blocked on the host, forwarded to the main thread by other threads); the
 * others get the guest's SIG_DFL/SIG_IGN on the host.
 */
export function syncHostMask(p: GuestProcess): void {
  let held = 0n;
  const wanted = new Map<number, HostDisposition>();
  for (const [n, name] of Object.entries(p.arch.signals)) {
    if (!MIRRORED.has(name)) continue;
    const sig = Number(n);
    const host = HOST_NUMBER.get(name)!;
    const handler = p.signals.actions[sig].handler;
    const isHeld = (handler !== SIG_DFL && handler !== SIG_IGN) || p.signals.isBlocked(sig);
    if (isHeld) held |= hostBit(host);
    wanted.set(host, isHeld ? 'forward' : handler === SIG_IGN ? SIG_IGN : SIG_DFL);
  }
  // Hold the union first, so no instance meets an old disposition while they change.
  setHostMask(hostBlocked | held);
  for (const [host, d] of wanted) {
    if (dispositions.get(host) === d) continue;
    if (d === 'forward') forwardToMainThread(host);
    else libc.signal(host, d);
    dispositions.set(host, d);
  }
  setHostMask(held);
}

/** After a guest rt_sigaction. */
export function mirrorDisposition(p: GuestProcess, guestSig: number): void {
  const name = p.arch.signals[guestSig];
  if (name && MIRRORED.has(name)) syncHostMask(p);
}

/**
 * At start-up: the signal mask and ignored signals inherited over execve become the guest's;
 * Node's own handlers for MIRRORED signals (SIGINT, SIGTERM...) give way to the guest's defaults.
 */
export function inheritHostSignals(p: GuestProcess): void {
  libc.sigprocmaskAll(SIG_BLOCK, setMask(SET, 0n), base + OLD_SET);
  const inherited = dv.getBigUint64(OLD_SET, true);
  hostBlocked = inherited;
  for (const [n, name] of Object.entries(p.arch.signals)) {
    const host = HOST_NUMBER.get(name);
    if (!host || name === 'SIGKILL' || name === 'SIGSTOP') continue;
    if (inherited & hostBit(host)) p.signals.blocked |= SignalState.bit(Number(n));
    if (!MIRRORED.has(name)) continue;
    // signal() returns the previous disposition; an inherited SIG_IGN stays.
    if (libc.signal(host, SIG_IGN) === SIG_IGN) p.signals.actions[Number(n)].handler = SIG_IGN;
  }
  dispositions.clear();
  syncHostMask(p);
}

/**
 * Before a host execve: handled signals go back to SIG_DFL (as execve does to handlers) and the
 * new program inherits the guest's mask, not the held signals.
 */
export function prepareExec(p: GuestProcess): void {
  for (const [host, d] of dispositions) {
    if (d !== 'forward') continue;
    libc.signal(host, SIG_DFL);
    dispositions.set(host, SIG_DFL);
  }
  let mask = 0n;
  for (const [n, name] of Object.entries(p.arch.signals)) {
    const host = HOST_NUMBER.get(name);
    if (host && p.signals.isBlocked(Number(n))) mask |= hostBit(host);
  }
  setHostMask(mask);
}

/** Host siginfo at INFO -> guest siginfo bytes. */
function guestInfo(p: GuestProcess, guestSig: number): Uint8Array {
  const code = dv.getInt32(INFO + 8, true);
  const hostSig = dv.getInt32(INFO, true);
  return makeSiginfo(p, guestSig, p.arch.siCodes?.get(code) ?? code, (gdv, u, le) => {
    gdv.setInt32(u, dv.getInt32(INFO + 16, true), le); // si_pid / si_tid
    gdv.setInt32(u + 4, dv.getInt32(INFO + 20, true), le); // si_uid / si_overrun
    const word = p.wordBits / 8;
    if (GENERIC_SIGNALS[hostSig] === 'SIGCHLD') {
      const status = dv.getInt32(INFO + 24, true);
      const bySignal = code === CLD_KILLED || code === CLD_DUMPED || code === CLD_STOPPED || code === CLD_CONTINUED;
      gdv.setInt32(u + 8, bySignal ? guestSignalOf(p, status) : status, le);
    } else if (word === 8) {
      gdv.setBigUint64(u + 8, dv.getBigUint64(INFO + 24, true), le); // si_value
    } else {
      gdv.setUint32(u + 8, dv.getUint32(INFO + 24, true), le);
    }
  });
}

function queueCollected(p: GuestProcess, hostSig: number): void {
  const sig = guestSignalOf(p, hostSig);
  // Standard signals do not queue: one pending instance at most.
  if (sig < 32 && p.signals.pending.some((s) => s.sig === sig)) return;
  p.signals.pending.push({ sig, info: guestInfo(p, sig), synchronous: false });
}

/** Wait for one of `mask` (host numbering) up to `timeoutMs` (null: forever); true when one was queued. */
function waitOne(p: GuestProcess, mask: bigint, timeoutMs: number | null): boolean | 'interrupted' {
  let timeout = 0;
  if (timeoutMs !== null) {
    dv.setBigInt64(TIMEOUT, BigInt(Math.floor(timeoutMs / 1000)), true);
    dv.setBigInt64(TIMEOUT + 8, BigInt(Math.round((timeoutMs % 1000) * 1e6)), true);
    timeout = base + TIMEOUT;
  }
  const r = libc.sigtimedwait(setMask(SET, mask), base + INFO, timeout);
  if (r > 0) {
    queueCollected(p, r);
    return true;
  }
  return hostErrno() === EAGAIN ? false : 'interrupted';
}

/** Queue every held host signal that is pending now. */
export function collectHostSignals(p: GuestProcess): void {
  if (hostBlocked === 0n) return;
  while (waitOne(p, hostBlocked, 0) === true);
}

let lastCollect = 0;

/** The run loop's cheap check: collect at most every few milliseconds. */
export function maybeCollectHostSignals(p: GuestProcess): void {
  if (hostBlocked === 0n) return;
  const now = performance.now();
  if (now - lastCollect < 2) return;
  lastCollect = now;
  collectHostSignals(p);
}

/**
 * Block until a held signal outside the guest's mask arrives (rt_sigsuspend, pause), or up to
 * `timeoutMs`. Signals that are neither held nor blocked keep their host default action, which
 * ends the process as it would end the guest.
 */
export function waitForHostSignal(p: GuestProcess, guestMask: bigint, timeoutMs: number | null): boolean {
  let wanted = 0n;
  for (const [n, name] of Object.entries(p.arch.signals)) {
    const host = HOST_NUMBER.get(name);
    if (host && (hostBlocked & hostBit(host)) && !(guestMask & SignalState.bit(Number(n)))) wanted |= hostBit(host);
  }
  if (wanted === 0n) {
    if (timeoutMs === null) libc.pause();
    else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, timeoutMs);
    return false;
  }
  return waitOne(p, wanted, timeoutMs) === true;
}


/** Held host signals the guest does not block: the ones that may interrupt a blocking call. */
function acceptedHeld(p: GuestProcess): bigint {
  let open = 0n;
  for (const [n, name] of Object.entries(p.arch.signals)) {
    const host = HOST_NUMBER.get(name);
    if (host && hostBlocked & hostBit(host) && !p.signals.isBlocked(Number(n))) open |= hostBit(host);
  }
  return open;
}

/** Queue the signals the main thread's handler recorded during an interruptible call. */
function takeRecorded(p: GuestProcess): number {
  const recorded = forwardingHandler()?.take() ?? 0n;
  let n = 0;
  for (let sig = 1; sig < 64; sig++) {
    if (!(recorded & (1n << BigInt(sig)))) continue;
    new Uint8Array(buffer, INFO, 128).fill(0);
    dv.setInt32(INFO, sig, true);
    queueCollected(p, sig);
    n++;
  }
  return n;
}

/**
 * Run a host call that may block (read, poll, wait4, sleeps...) with the held signals the guest
 * accepts unblocked, so they interrupt it (-EINTR) as they would interrupt the guest's call.
 * When every such signal's guest handler asked for SA_RESTART and the call is restartable, it
 * is made again (the handlers run once it completes).
 */
export function interruptibly<T>(p: GuestProcess, restartable: boolean, call: () => T): T {
  if (hostBlocked === 0n || !forwardingHandler()) return call();
  const open = acceptedHeld(p);
  if (open === 0n) return call();
  const held = hostBlocked;
  for (;;) {
    libc.sigprocmaskAll(SIG_SETMASK, setMask(SET, held & ~open), 0);
    // Held signals that were already pending are taken by the handler as soon as they are
    // unblocked: then the call is not made at all. (A signal arriving between this check and the
    // host call's start is only seen when the call returns.)
    const early = forwardingHandler()!.peek();
    const r = early ? (-EINTR as T) : call();
    libc.sigprocmaskAll(SIG_SETMASK, setMask(SET, held), 0);
    const before = p.signals.pending.length;
    takeRecorded(p);
    collectHostSignals(p);
    if ((r as unknown) !== -EINTR) return r;
    const arrived = p.signals.pending.slice(before);
    const restart = restartable && arrived.length > 0 && arrived.every((s) => (p.signals.actions[s.sig].flags & p.arch.saFlags.SA_RESTART) !== 0);
    if (!restart) return r;
  }
}
