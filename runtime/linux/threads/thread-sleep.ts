// nanosleep in a process with threads: a wait on the thread's pending-signal word instead of a
// host sleep, so the main thread keeps answering workers' requests while it sleeps, and a signal
// another thread sends ends the sleep with EINTR as on Linux.
import { E } from '../errno.js';
import type { GuestProcess } from '../guest-process.js';
import { writeTimespec, type Timespec } from '../syscalls/guest-time.js';
import { T } from './shared-words.js';
import type { ThreadContext } from './thread-context.js';

export function threadSleep(p: GuestProcess, ctx: ThreadContext, t: Timespec, rem: number, bits: 32 | 64 = p.wordBits): number {
  const end = performance.now() + t.sec * 1000 + t.nsec / 1e6;
  const word = ctx.w.t(ctx.slot, T.SIGPEND_LO);
  for (;;) {
    const left = end - performance.now();
    if (left <= 0) return 0;
    ctx.sleep(word, 0, left);
    if (ctx.hasThreadSignals()) {
      const ms = Math.max(0, end - performance.now());
      if (rem !== 0) writeTimespec(p, rem, { sec: Math.floor(ms / 1000), nsec: Math.floor((ms % 1000) * 1e6) }, bits);
      return -E.EINTR;
    }
  }
}
