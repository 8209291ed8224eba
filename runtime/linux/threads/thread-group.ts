// The main thread's side of a multi-threaded guest: creating threads (clone with CLONE_THREAD)
// on a pool of Node workers, and the process-wide bookkeeping only the main thread does.
// A worker runs one guest thread at a time over the shared memory with its own Engine; when the
// guest thread exits the worker parks and is reused by the next clone (starting a worker and
// loading a frontend costs ~100 ms; a parked worker starts a thread at once, with warm caches).
import { Worker } from 'node:worker_threads';
import type { CpuThreadApi } from '../../core/api.js';
import { shareFlags } from '../../core/jit/wasm-tier.js';
import { E } from '../errno.js';
import type { GuestProcess } from '../guest-process.js';
import { runtimeFdList } from '../host/runtime-fds.js';
import { runSyscallHandler } from '../syscalls/dispatch.js';
import type { SyscallArgs, SyscallResult } from '../syscalls/types.js';
import { serveRequests } from './mailbox.js';
import { P, SharedWords, T } from './shared-words.js';
import { sharedSigActions } from './shared-sigactions.js';
import { noteSlotUsed, ThreadContext } from './thread-context.js';
import type { WorkerStart } from './worker.js';
import { workerScript } from './worker-script.js';

const CLONE_SETTLS = 0x80000;
const MAX_WORKERS = 1024;
/** A worker that has not reported its thread id by then is considered failed. */
const START_TIMEOUT_MS = 60_000;

export class ThreadGroup {
  private readonly workers: Worker[] = [];
  /** Slots of worker threads, owned by the main engine (it allocates every slot). */
  private readonly slots = new Map<number, CpuThreadApi>();

  constructor(private readonly p: GuestProcess, readonly ctx: ThreadContext) {}

  /** clone(CLONE_THREAD) by the thread in `parentSlot`: the new thread's id, or -errno. */
  clone(parentSlot: number, a: SyscallArgs): number {
    const p = this.p;
    const w = this.ctx.w;
    const c = p.arch.cloneArgs;
    const flags = a.uint(0);
    this.reapSlots();
    if (this.slots.size + 1 >= MAX_WORKERS) return -E.EAGAIN;
    const child = p.engine.newThread();
    const s = child.stateAddr;
    // The child starts as a copy of its parent's registers, returning 0 on its own stack and TLS.
    p.mem.u8.copyWithin(s, parentSlot, parentSlot + p.frontend.state.size);
    // Through the arch: MIPS also clears the a3 error flag.
    p.arch.setSyscallResult(child, 0);
    const stack = a.ptr(c.stack);
    if (stack !== 0) p.frameOps.setStackPointer(child, stack);
    if (flags & CLONE_SETTLS) p.arch.setTls(child, a.raw[c.tls]);
    w.store(w.t(s, T.CLONE_FLAGS), flags);
    w.store(w.t(s, T.CLONE_PTID), a.ptr(c.ptid));
    w.store(w.t(s, T.CLONE_CTID), a.ptr(c.ctid));
    w.store(w.t(s, T.BLOCKED_LO), w.load(w.t(parentSlot, T.BLOCKED_LO)));
    w.store(w.t(s, T.BLOCKED_HI), w.load(w.t(parentSlot, T.BLOCKED_HI)));
    w.store(w.t(s, T.ALIVE), 1);
    noteSlotUsed(w, s);
    this.slots.set(s, child);
    Atomics.add(w.i32, w.p(P.LIVE_WORKERS), 1);
    this.startOn(s);
    const tid = this.awaitStart(s);
    if (tid === 0) {
      // The worker never came up: the guest sees a failed clone, the slot stays reserved.
      Atomics.sub(w.i32, w.p(P.LIVE_WORKERS), 1);
      w.store(w.t(s, T.ALIVE), 0);
      return -E.EAGAIN;
    }
    return tid;
  }

  /** Hand the slot to a parked worker, or start a new one. */
  private startOn(slot: number): void {
    const w = this.ctx.w;
    for (let i = 0; i < this.workers.length; i++) {
      const word = w.p(P.WORKERS + 4 * i);
      if (Atomics.compareExchange(w.i32, word, 0, slot) === 0) {
        Atomics.notify(w.i32, word);
        return;
      }
    }
    const index = this.workers.length;
    w.store(w.p(P.WORKERS + 4 * index), slot);
    const p = this.p;
    const { log: _log, ...opts } = p.opts;
    const start: WorkerStart = {
      memory: p.mem.memory, index, opts, exe: p.exe, auxv: p.auxv, trampoline: p.trampoline, runtimeFds: runtimeFdList(),
    };
    // stdout/stderr: true keeps Node from wiring the worker's streams to the main thread's
    // process.stdout, which would make descriptor 1 (the guest's too) non-blocking.
    const script = workerScript();
    // The worker's engine switches V8's process-wide compiler flags too (wasm-tier.ts).
    shareFlags();
    const worker = new Worker(script.code, { eval: script.eval, workerData: start, stdout: true, stderr: true });
    worker.unref(); // a parked worker must not keep an embedding Node process alive
    this.workers.push(worker);
  }

  private awaitStart(slot: number): number {
    const w = this.ctx.w;
    const tidWord = w.t(slot, T.TID);
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (let tid = w.load(tidWord); ; tid = w.load(tidWord)) {
      if (tid !== 0) return tid;
      if (Date.now() > deadline) return 0;
      this.ctx.sleep(tidWord, 0, START_TIMEOUT_MS);
    }
  }

  /** Give back the slots of threads that have exited. */
  private reapSlots(): void {
    const w = this.ctx.w;
    for (const [s, t] of this.slots) {
      if (w.load(w.t(s, T.ALIVE)) !== 0) continue;
      this.p.engine.releaseThread(t);
      this.slots.delete(s);
    }
  }
}

/** The main thread's handler for requests workers post (mailbox.ts). */
function answer(group: ThreadGroup, p: GuestProcess, requester: number, name: string, args: SyscallArgs): SyscallResult {
  if (name === 'clone') return group.clone(requester, args);
  return runSyscallHandler(p, name, args);
}

const groups = new WeakMap<GuestProcess, ThreadGroup>();

/** The thread group of a process, created (turning the process multi-threaded) on first use. */
export function threadGroup(p: GuestProcess): ThreadGroup {
  let g = groups.get(p);
  if (g !== undefined) return g;
  const w = new SharedWords(p.mem.memory);
  const slot = p.thread.stateAddr;
  w.store(w.p(P.MAIN_SLOT), slot);
  w.store(w.t(slot, T.TID), p.pid);
  w.store(w.t(slot, T.ALIVE), 1);
  noteSlotUsed(w, slot);
  p.signals.actions = sharedSigActions(w, p.signals.actions);
  const ctx = new ThreadContext('main', w, slot, p.pid, () => false);
  g = new ThreadGroup(p, ctx);
  const group = g;
  serveRequests(p, ctx, (proc, requester, name, args) => answer(group, proc, requester, name, args));
  groups.set(p, g);
  p.threads = ctx;
  return g;
}

/** In a forked child only the forking thread exists: the process is single-threaded again. */
export function forgetThreads(p: GuestProcess): void {
  const ctx = p.threads;
  if (ctx === null) return;
  const w = ctx.w;
  for (const s of w.slots()) if (s !== ctx.slot) w.store(w.t(s, T.ALIVE), 0);
  w.store(w.p(P.LIVE_WORKERS), 0);
  w.store(w.p(P.REQ_PENDING), 0);
  groups.delete(p);
  p.threads = null;
}
