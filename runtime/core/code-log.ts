// Process-wide record of code invalidations. Each agent (the main thread and every worker running
// a guest thread) has its own Engine and translation cache over the one shared memory, while the
// PF_CODE page bits are shared: a write that one engine sees must also drop the blocks the other
// engines decoded from those bytes. Every Engine.invalidate appends its page range here; every
// engine replays the entries of the others before its next dispatch. Threads sitting in a
// compiled loop are interrupted so they reach a dispatch soon (see docs/linux.md, Threads).
import { PAGE_SHIFT } from './api.js';
import { CODE_LOG_BASE, CODE_LOG_BYTES, CTL_INTERRUPT, THREAD_SLOT_BYTES, THREAD_SLOTS_BASE } from './layout.js';

// Header words (i32 indexes).
const EPOCH = 0;        // entries ever appended
const LOCK = 1;         // append lock (0 free, 1 held); appends are a few stores, so it is spun
const NEXT_ID = 2;      // engine ids handed out
const INTERRUPT_BELOW = 3; // thread slots [0, n) are interrupted on append (set by the Linux layer)
const HEADER_WORDS = 16;
const ENTRY_WORDS = 3;  // first page, last page, engine id
const ENTRIES = Math.floor((CODE_LOG_BYTES / 4 - HEADER_WORDS) / ENTRY_WORDS);

export type Replay = Array<[first: number, last: number]> | 'all';

export class CodeLog {
  private readonly i32: Int32Array;
  private readonly ctl: Int32Array;
  readonly engineId: number;
  private seen: number;

  constructor(memory: WebAssembly.Memory) {
    this.i32 = new Int32Array(memory.buffer, CODE_LOG_BASE, CODE_LOG_BYTES / 4);
    this.ctl = new Int32Array(memory.buffer);
    this.engineId = Atomics.add(this.i32, NEXT_ID, 1) + 1;
    this.seen = Atomics.load(this.i32, EPOCH);
  }

  /** Something was appended since the last take() (one plain load: called at every dispatch). */
  get changed(): boolean {
    return this.i32[EPOCH] !== this.seen;
  }

  /** Record that [addr, addr+len) lost its translations in this engine. */
  append(addr: number, len: number): void {
    const first = Math.floor(addr / 2 ** PAGE_SHIFT);
    const last = Math.floor((addr + len - 1) / 2 ** PAGE_SHIFT);
    const a = this.i32;
    while (Atomics.compareExchange(a, LOCK, 0, 1) !== 0) { /* a few stores away from free */ }
    const e = a[EPOCH]!;
    const at = HEADER_WORDS + (e % ENTRIES) * ENTRY_WORDS;
    a[at] = first;
    a[at + 1] = last;
    a[at + 2] = this.engineId;
    Atomics.store(a, EPOCH, e + 1);
    Atomics.store(a, LOCK, 0);
    const n = Atomics.load(a, INTERRUPT_BELOW);
    for (let s = 0; s < n; s++) Atomics.store(this.ctl, (THREAD_SLOTS_BASE + s * THREAD_SLOT_BYTES + CTL_INTERRUPT) / 4, 1);
  }

  /** Page ranges other engines invalidated since the last call, or 'all' if the log wrapped past us. */
  take(): Replay {
    const a = this.i32;
    const end = Atomics.load(a, EPOCH);
    const from = this.seen;
    this.seen = end;
    // Entries near the write position may be being overwritten: treat a long lag as "everything".
    if (end - from > ENTRIES / 2) return 'all';
    const out: Array<[number, number]> = [];
    for (let e = from; e < end; e++) {
      const at = HEADER_WORDS + (e % ENTRIES) * ENTRY_WORDS;
      if (a[at + 2] !== this.engineId) out.push([a[at]!, a[at + 1]!]);
    }
    return out;
  }

  /**
   * Threads in slots [0, n) run in other agents: interrupt them on every append so a thread in a
   * compiled loop comes back to its dispatcher (and replays the log) at its next back-edge.
   */
  static interruptSlotsBelow(memory: WebAssembly.Memory, n: number): void {
    const a = new Int32Array(memory.buffer, CODE_LOG_BASE, HEADER_WORDS);
    for (let cur = Atomics.load(a, INTERRUPT_BELOW); cur < n; cur = Atomics.load(a, INTERRUPT_BELOW)) {
      if (Atomics.compareExchange(a, INTERRUPT_BELOW, cur, n) === cur) return;
    }
  }
}
