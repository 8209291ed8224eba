// Where the thread layer keeps its process-wide and per-thread words in the shared memory, so
// every agent (the main Node thread and each worker running a guest thread) sees the same ones.
// Process words live in the Linux part of the reserved process area; per-thread words in the
// Linux part of each thread slot's control page (core/layout.ts).
import { CTL_INTERRUPT, CTL_LINUX, LINUX_AREA_BASE, THREAD_SLOT_BYTES, THREAD_SLOTS_BASE } from '../../core/layout.js';

/** Process words (byte offsets from LINUX_AREA_BASE, all i32). */
export const P = {
  LIVE_WORKERS: 12,   // guest threads running in workers
  REQ_PENDING: 16,    // requests posted to the main thread and not yet answered
  MAIN_WAIT_IDX: 20,  // i32 index of the word the main thread sleeps on (0: not sleeping), for doorbells
  MAIN_SLOT: 24,      // slot address of the main thread
  SLOTS_USED: 28,     // thread slots [0, n) may hold threads (scan bound)
  SIGACTIONS: 256,    // 65 x 32 bytes: shared signal dispositions (threads/shared-sigactions.ts)
  WORKERS: 4096,      // one i32 per worker: slot address to run, 0 while parked (threads/thread-group.ts)
} as const;

/** Per-thread words (byte offsets from the slot address, all i32 unless noted). */
export const T = {
  TID: CTL_LINUX + 0,        // host thread id; 0 until the thread has started
  SIGPEND_LO: CTL_LINUX + 4, // thread-directed signals sent by other threads (bit sig-1)
  SIGPEND_HI: CTL_LINUX + 8,
  WAIT_IDX: CTL_LINUX + 12,  // i32 index of the word the thread sleeps on (0: none)
  ALIVE: CTL_LINUX + 16,     // 1 while a guest thread occupies the slot
  REQ_STATE: CTL_LINUX + 20, // mailbox: see mailbox.ts
  REQ_NR: CTL_LINUX + 24,
  BLOCKED_LO: CTL_LINUX + 28, // signal mask published for clone (a child inherits it)
  BLOCKED_HI: CTL_LINUX + 32,
  CLONE_FLAGS: CTL_LINUX + 36, // start parameters of a new thread
  CLONE_PTID: CTL_LINUX + 40,
  CLONE_CTID: CTL_LINUX + 44,
  REQ_ARGS: CTL_LINUX + 64,   // 6 x u64 raw argument registers
  REQ_RESULT: CTL_LINUX + 128, // i64 handler result (generic -errno on failure)
} as const;

export const MAX_SYSCALL_ARGS = 6;

/** Views of one process's shared words. */
export class SharedWords {
  readonly i32: Int32Array;
  readonly dv: DataView;

  constructor(readonly memory: WebAssembly.Memory) {
    this.i32 = new Int32Array(memory.buffer);
    this.dv = new DataView(memory.buffer);
  }

  /** Index into i32 of a process word. */
  p(off: number): number {
    return (LINUX_AREA_BASE + off) >>> 2;
  }

  /** Index into i32 of a thread word. */
  t(slot: number, off: number): number {
    return (slot + off) >>> 2;
  }

  load(idx: number): number { return Atomics.load(this.i32, idx); }
  /** A word holding an address (slot addresses are above 2^31). */
  loadAddr(idx: number): number { return Atomics.load(this.i32, idx) >>> 0; }
  store(idx: number, v: number): void { Atomics.store(this.i32, idx, v); }

  /** Ask the thread in `slot` to come back to its run loop (engine interrupt word). */
  interrupt(slot: number): void {
    Atomics.store(this.i32, (slot + CTL_INTERRUPT) >>> 2, 1);
  }

  /** Slot addresses that may hold threads. */
  *slots(): Generator<number> {
    const n = this.load(this.p(P.SLOTS_USED));
    for (let s = 0; s < n; s++) yield THREAD_SLOTS_BASE + s * THREAD_SLOT_BYTES;
  }

  /** Slot address of the live thread with host thread id `tid`, or -1. */
  slotOfTid(tid: number): number {
    for (const s of this.slots()) if (this.load(this.t(s, T.ALIVE)) === 1 && this.load(this.t(s, T.TID)) === tid) return s;
    return -1;
  }
}
