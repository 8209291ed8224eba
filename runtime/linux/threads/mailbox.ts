// Syscalls a worker cannot answer itself because their state is a JS object of the main thread
// (the VMA list behind mmap & co. and /proc/self/maps, the worker pool behind clone) are posted
// to the main thread through the calling thread's control page and answered there.
//
// The main thread answers after each of its engine exits (a poster interrupts it, so a thread in
// guest code answers within one block or loop iteration) and while it sleeps in a futex or
// mailbox wait (a poster wakes it). It does not answer while it blocks in a host call (read on a pipe,
// nanosleep, wait4...): such a request waits until that call returns.
import { SyscallArgs, type SyscallResult } from '../syscalls/types.js';
import type { GuestProcess } from '../guest-process.js';
import { E } from '../errno.js';
import { resolveSyscall } from '../syscalls/resolve.js';
import { MAX_SYSCALL_ARGS, P, T, type SharedWords } from './shared-words.js';
import type { ThreadContext } from './thread-context.js';

const IDLE = 0;
const POSTED = 1;
const TAKEN = 2;
const DONE = 3;

/** Run by a worker: post syscall `nr` with its raw arguments and wait for the main thread's answer. */
export function callOnMain(p: GuestProcess, ctx: ThreadContext, nr: number, raw: readonly bigint[]): number {
  ctx.publishMask(p.signals.blocked); // a thread created by this call inherits it
  const w = ctx.w;
  const s = ctx.slot;
  w.store(w.t(s, T.REQ_NR), nr);
  for (let i = 0; i < MAX_SYSCALL_ARGS; i++) w.dv.setBigUint64(s + T.REQ_ARGS + 8 * i, raw[i] ?? 0n, true);
  w.store(w.t(s, T.REQ_STATE), POSTED);
  Atomics.add(w.i32, w.p(P.REQ_PENDING), 1);
  w.interrupt(w.loadAddr(w.p(P.MAIN_SLOT)));
  const mainWait = w.load(w.p(P.MAIN_WAIT_IDX));
  if (mainWait !== 0) Atomics.notify(w.i32, mainWait);
  const state = w.t(s, T.REQ_STATE);
  for (let st = w.load(state); st !== DONE; st = w.load(state)) ctx.sleep(state, st, 1000);
  w.store(state, IDLE);
  return Number(w.dv.getBigInt64(s + T.REQ_RESULT, true));
}

export type MainHandler = (p: GuestProcess, requesterSlot: number, name: string, args: SyscallArgs) => SyscallResult;

/** Install the main thread's answering loop. */
export function serveRequests(p: GuestProcess, ctx: ThreadContext, handle: MainHandler): void {
  const w: SharedWords = ctx.w;
  ctx.serviceRequests = () => {
    for (const s of w.slots()) {
      const state = w.t(s, T.REQ_STATE);
      // TAKEN guards against answering one request twice when answering sleeps (clone waits).
      if (Atomics.compareExchange(w.i32, state, POSTED, TAKEN) !== POSTED) continue;
      const nr = w.load(w.t(s, T.REQ_NR));
      const raw = Array.from({ length: MAX_SYSCALL_ARGS }, (_, i) => w.dv.getBigUint64(s + T.REQ_ARGS + 8 * i, true));
      // The worker posts the arguments already rearranged for the handler (arch syscall shapes).
      const { name, timeBits } = resolveSyscall(p, nr);
      const r = name === undefined ? -E.ENOSYS : handle(p, s, name, new SyscallArgs(raw, p.wordBits, timeBits));
      w.dv.setBigInt64(s + T.REQ_RESULT, typeof r === 'symbol' ? 0n : BigInt(r), true);
      Atomics.sub(w.i32, w.p(P.REQ_PENDING), 1);
      w.store(state, DONE);
      Atomics.notify(w.i32, state);
    }
  };
}
