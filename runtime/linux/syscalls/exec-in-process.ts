// execve of a guest program inside this process: the old image is replaced by the new one the
// way Linux's execve replaces it, without starting Node and loading the runtime again, and the
// translations of mappings that come back with the same bytes at the same address (ld.so, libc)
// are kept (code-cache.ts, "parked"). What a guest can observe is what the kernel does:
// close-on-exec descriptors closed, caught signals back to SIG_DFL (ignored ones stay ignored,
// mask and pending signals kept), no alternate signal stack, the whole address space replaced,
// new stack, argv, envp and auxv, no robust list or clear_child_tid, and the same pid, itimers,
// descriptors and credentials. Where this is not right the caller re-launches the runtime
// (process.ts, `execve`; docs/linux.md, "execve").
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';
import type { GuestProcess } from '../guest-process.js';
import { hostCwd } from '../host/cwd.js';
import { libc } from '../host/libc.js';
import { windowLen } from '../mm/layout.js';
import { closeOnExecGuestFds } from '../host/runtime-fds.js';
import { LoadError, mapProgram, prepareProgram, type PreparedProgram } from '../loader/load-program.js';
import { dieOf } from '../signals/deliver.js';
import { syncHostMask } from '../signals/host-signals.js';
import { NSIG, SIG_DFL, SIG_IGN, SS_DISABLE } from '../signals/state.js';
import { forgetFd } from './fd-kinds.js';
import { setHostThreadName } from './info.js';
import { forgetMemoryLocks } from './memory-locks.js';
import { SyscallError } from '../errno.js';
import { NO_RESULT, type SyscallResult } from './types.js';

const MADV_DONTNEED = 4;

/**
 * Why this process cannot replace its image itself, or null when it can: other guest threads
 * would have to be killed with it (their workers' engines and memory views), and a process forked
 * by a thread other than the main one runs in that thread's worker, which has no address space
 * of its own to replace.
 */
export function inProcessExecRefusal(p: GuestProcess): string | null {
  if (!isMainThread) return 'forked from a guest thread';
  if (p.threads !== null) return 'other guest threads';
  return null;
}

/** -errno when the program cannot be executed (the old image intact), else NO_RESULT: the new image runs. */
export function execInProcess(p: GuestProcess, program: string, argv: string[], envp: string[]): SyscallResult {
  let prog: PreparedProgram;
  try {
    prog = prepareProgram({ arch: p.arch, hwcaps: p.hwcaps, paths: p.paths, program, argv, envp });
  } catch (e) {
    if (e instanceof LoadError) return -e.errno;
    throw e;
  }
  // The point of no return: from here a failure kills the process with SIGSEGV, as in Linux.
  p.saveCode();
  p.codeCache?.park(p.engine.parkTranslations(), p.engine.savedModules());
  tearDown(p);
  try {
    const loaded = mapProgram({ as: p.as, arch: p.arch, hwcaps: p.hwcaps, paths: p.paths, program, argv, envp }, prog);
    const guestPath = loaded.guestPath.startsWith('/') ? loaded.guestPath : path.posix.resolve(hostCwd(), loaded.guestPath);
    p.exe = { guestPath, hostPath: loaded.hostPath };
    p.trampoline = loaded.trampoline;
    p.auxv = loaded.auxv;
    // As the command line of a re-launched runtime would give them (host strings).
    const host = (s: string) => Buffer.from(s, 'latin1').toString('utf8');
    p.opts = { ...p.opts, program: host(program), argv: argv.map(host), env: envp.map(host), programFd: undefined, inheritedFds: null };
    setHostThreadName(path.posix.basename(guestPath));
    new Uint8Array(p.thread.state.buffer, p.thread.state.byteOffset, p.frontend.state.size).fill(0);
    p.arch.setInitialRegisters(p.thread, loaded.sp, loaded.entry);
    if (p.opts.logCategories.has('exec')) p.opts.log(`qemu-ts: ${guestPath}: entry 0x${loaded.entry.toString(16)} sp 0x${loaded.sp.toString(16)} (in-process execve)`);
  } catch (e) {
    if (e instanceof LoadError || e instanceof SyscallError) dieOf(p, guestSignal(p, 'SIGSEGV'));
    throw e;
  }
  return NO_RESULT;
}

/** Everything of the old image that does not survive execve. */
function tearDown(p: GuestProcess): void {
  for (const fd of closeOnExecGuestFds()) {
    forgetFd(fd);
    libc.close(fd);
  }
  const st = p.signals;
  for (let sig = 1; sig <= NSIG; sig++) {
    const a = st.actions[sig]!;
    if (a.handler !== SIG_IGN) a.handler = SIG_DFL;
    a.flags = 0;
    a.restorer = 0;
    a.mask = 0n;
  }
  st.altstack = { sp: 0, flags: SS_DISABLE, size: 0 };
  st.suspendMask = null;
  syncHostMask(p);
  p.clearChildTid = 0;
  p.robustList = { head: 0, len: 0 };
  forgetMemoryLocks();
  // The old mappings go, their translations with them, and their host pages go back to the
  // system: a shell exec'ing one command after another must not grow.
  for (const v of [...p.as.vmas]) {
    p.as.unmap(v.start, v.end - v.start);
    // Far mappings (beyond the window) have no host pages to give back.
    const len = windowLen(v.start, v.end - v.start);
    libc.madvise(p.hostBase + v.start, len, MADV_DONTNEED);
    p.mem.forgetPages(v.start, len);
  }
  p.as.brkStart = p.as.brkEnd = 0;
}

function guestSignal(p: GuestProcess, name: string): number {
  for (const [n, s] of Object.entries(p.arch.signals)) if (s === name) return Number(n);
  throw new Error(`no ${name} on this target`);
}
