// exit(2) of one thread of a multi-threaded process (exit_group ends them all, see the run loops).
import { GuestFault } from '../../core/fault.js';
import { GuestExit } from '../exit.js';
import type { GuestProcess } from '../guest-process.js';
import { futex } from './futex.js';
import { P } from './shared-words.js';

const FUTEX_WAKE = 1;

/** Thrown out of a worker's run loop when its guest thread exits. */
export class ThreadExit extends Error {}

/** CLONE_CHILD_CLEARTID / set_tid_address: zero the word and wake one waiter (pthread_join). */
function clearChildTid(p: GuestProcess): void {
  const at = p.clearChildTid;
  if (at === 0) return;
  try {
    p.mem.write32(at, 0);
    futex(p, at, FUTEX_WAKE, 1, 0, 0, 0);
  } catch (e) {
    if (!(e instanceof GuestFault)) throw e;
  }
}

/**
 * Never returns. A worker's thread ends (its worker parks); the main thread waits for the others,
 * as a Linux thread group lives on until its last thread exits, and the process then ends with
 * the main thread's status (what the kernel reports for the group leader).
 */
export function exitThread(p: GuestProcess, status: number): never {
  const ctx = p.threads!;
  clearChildTid(p);
  if (ctx.role === 'worker') throw new ThreadExit();
  const w = ctx.w;
  const live = w.p(P.LIVE_WORKERS);
  for (let n = w.load(live); n > 0; n = w.load(live)) ctx.sleep(live, n, 1000);
  throw new GuestExit({ kind: 'exit', status });
}
