// The execution lock: one guest thread runs guest code at a time. Translated code performs the
// guest's atomic instructions (LDXR/STXR, CAS, LDADD...) as plain loads and stores (the frontends
// model a single-threaded CPU), so two threads running guest code truly in parallel could both
// win one compare-and-swap. Threads run in parallel everywhere else: in system calls (the lock
// is released around every syscall, including futex waits and blocking I/O) and in the runtime.
// A FIFO ticket lock; a waiter that waited a whole time slice interrupts the holder, which hands
// over at its next block boundary or loop back-edge.
import { P, SharedWords } from './shared-words.js';

/** Atomics.wait on an i32 index of the shared memory, as the thread's context does it. */
export type Sleep = (idx: number, expected: number, ms: number) => 'ok' | 'not-equal' | 'timed-out';

/** How long a waiter lets the holder run before asking it to hand over. */
const SLICE_MS = 4;

export class ExecLock {
  private readonly next: number;
  private readonly serving: number;
  private readonly holder: number;

  constructor(private readonly w: SharedWords, private readonly slot: number, private readonly sleep: Sleep) {
    this.next = w.p(P.LOCK_NEXT);
    this.serving = w.p(P.LOCK_SERVING);
    this.holder = w.p(P.LOCK_HOLDER);
  }

  acquire(): void {
    const i32 = this.w.i32;
    const ticket = Atomics.add(i32, this.next, 1);
    for (;;) {
      const cur = Atomics.load(i32, this.serving);
      if (cur === ticket) break;
      const r = this.sleep(this.serving, cur, SLICE_MS);
      if (r === 'timed-out' && Atomics.load(i32, this.serving) === cur) this.w.interrupt(this.w.loadAddr(this.holder));
    }
    Atomics.store(i32, this.holder, this.slot);
  }

  release(): void {
    Atomics.add(this.w.i32, this.serving, 1);
    Atomics.notify(this.w.i32, this.serving);
  }

  /** Hand over to waiting threads, if any (called by the holder when interrupted). */
  yieldIfContended(): void {
    const i32 = this.w.i32;
    if (Atomics.load(i32, this.next) - Atomics.load(i32, this.serving) <= 1) return;
    this.release();
    this.acquire();
  }

  /** A forked child is single-threaded: forget every ticket (it holds none while in a syscall). */
  reset(): void {
    Atomics.store(this.w.i32, this.next, 0);
    Atomics.store(this.w.i32, this.serving, 0);
  }
}
