// What one guest thread of a multi-threaded process needs besides its GuestProcess: its slot's
// shared words, sleeping (futex waits, mailbox waits) so that the main thread
// still answers other threads' requests, and the thread-directed signals other threads sent it.
// The main thread's context is created by the first CLONE_THREAD; each worker has one from the
// start (threads/worker.ts).
import { CodeLog } from '../../core/code-log.js';
import { THREAD_SLOT_BYTES, THREAD_SLOTS_BASE } from '../../core/layout.js';
import type { GuestProcess } from '../guest-process.js';
import type { SyscallArgs } from '../syscalls/types.js';
import { SI_TKILL, queueUserSignal } from '../signals/raise.js';
import { P, SharedWords, T } from './shared-words.js';

/** Longest single sleep: a backstop for wake-ups that race with going to sleep. */
const MAX_SLEEP_MS = 20;

export type ThreadRole = 'main' | 'worker';

export class ThreadContext {
  /** Main thread: answers requests posted by workers (set by mailbox.ts). */
  serviceRequests: (() => void) | null = null;

  constructor(
    readonly role: ThreadRole,
    readonly w: SharedWords,
    readonly slot: number,
    readonly tid: number,
    /** Whether this thread posts a syscall to the main thread (mailbox.ts) instead of running it. */
    readonly forwards: (p: GuestProcess, name: string, args: SyscallArgs) => boolean,
  ) {}

  /** Atomics.wait that publishes where the thread sleeps (for signal senders and doorbells). */
  sleep(idx: number, expected: number, ms: number): 'ok' | 'not-equal' | 'timed-out' {
    const w = this.w;
    w.store(w.t(this.slot, T.WAIT_IDX), idx);
    if (this.role === 'main') w.store(w.p(P.MAIN_WAIT_IDX), idx);
    const r = Atomics.wait(w.i32, idx, expected, Math.min(ms, MAX_SLEEP_MS));
    w.store(w.t(this.slot, T.WAIT_IDX), 0);
    if (this.role === 'main') {
      w.store(w.p(P.MAIN_WAIT_IDX), 0);
      this.serviceIfPending();
    }
    return r;
  }

  serviceIfPending(): void {
    if (this.serviceRequests !== null && this.w.load(this.w.p(P.REQ_PENDING)) !== 0) this.serviceRequests();
  }

  /** Signals other threads sent to this thread are waiting to be queued. */
  hasThreadSignals(): boolean {
    const w = this.w;
    return (w.load(w.t(this.slot, T.SIGPEND_LO)) | w.load(w.t(this.slot, T.SIGPEND_HI))) !== 0;
  }

  /** After every engine exit: answer requests (main) and queue signals sent by other threads. */
  afterExit(p: GuestProcess): void {
    this.serviceIfPending();
    if (!this.hasThreadSignals()) return;
    const w = this.w;
    for (const [off, base] of [[T.SIGPEND_LO, 1], [T.SIGPEND_HI, 33]] as const) {
      const bits = Atomics.exchange(w.i32, w.t(this.slot, off), 0);
      for (let b = 0; b < 32; b++) if (bits & (1 << b)) queueUserSignal(p, base + b, SI_TKILL);
    }
  }

  /** The main thread's slot when this is another thread (process-directed signals go there). */
  otherMainSlot(): number | null {
    const main = this.w.loadAddr(this.w.p(P.MAIN_SLOT));
    return main === this.slot || this.w.load(this.w.t(main, T.ALIVE)) !== 1 ? null : main;
  }

  /** Published for clone: a new thread starts with its creator's signal mask. */
  publishMask(blocked: bigint): void {
    const w = this.w;
    w.store(w.t(this.slot, T.BLOCKED_LO), Number(blocked & 0xffffffffn) | 0);
    w.store(w.t(this.slot, T.BLOCKED_HI), Number(blocked >> 32n) | 0);
  }
}

/** Queue `sig` for the thread in `slot` and make it notice (interrupt, wake it from a futex wait). */
export function sendThreadSignal(w: SharedWords, slot: number, sig: number): void {
  const [off, bit] = sig <= 32 ? [T.SIGPEND_LO, sig - 1] : [T.SIGPEND_HI, sig - 33];
  Atomics.or(w.i32, w.t(slot, off), 1 << bit);
  w.interrupt(slot);
  const waitIdx = w.load(w.t(slot, T.WAIT_IDX));
  if (waitIdx !== 0) Atomics.notify(w.i32, waitIdx);
}

/** The slot index bound for scans and for code-invalidation interrupts. */
export function noteSlotUsed(w: SharedWords, slot: number): void {
  const n = (slot - THREAD_SLOTS_BASE) / THREAD_SLOT_BYTES + 1;
  const idx = w.p(P.SLOTS_USED);
  for (let cur = w.load(idx); cur < n; cur = w.load(idx)) if (Atomics.compareExchange(w.i32, idx, cur, n) === cur) break;
  CodeLog.interruptSlotsBelow(w.memory, n);
}
