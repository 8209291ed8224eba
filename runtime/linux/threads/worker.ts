// A Node worker that runs guest threads of one process (thread-group.ts starts it): its
// own frontend, Engine and translation cache over the process's shared memory, and a
// GuestProcess per guest thread whose process-wide state is shared (memory, signal dispositions)
// or posted to the main thread (the VMA list: mmap & co., opening files that may be virtual).
import fs from 'node:fs';
import { GuestFault } from '../../core/fault.js';
import { GuestMemory } from '../../core/memory.js';
import { linuxArch } from '../arch/index.js';
import { GuestExit } from '../exit.js';
import { PathResolver } from '../fs/paths.js';
import { GuestProcess, type ExecutableInfo } from '../guest-process.js';
import { endLikeGuest, exitNow } from '../host/die.js';
import { libc } from '../host/libc.js';
import { addRuntimeFd } from '../host/runtime-fds.js';
import type { AddressSpace } from '../mm/address-space.js';
import type { GuestOptions } from '../options.js';
import { createEngine } from '../process.js';
import { runLoop } from '../run-loop.js';
import { Strace } from '../strace.js';
import type { SyscallArgs } from '../syscalls/types.js';
import { P, SharedWords, T } from './shared-words.js';
import { sharedSigActions } from './shared-sigactions.js';
import { ThreadContext } from './thread-context.js';
import { ThreadExit } from './thread-exit.js';

export interface WorkerStart {
  memory: WebAssembly.Memory;
  /** This worker's assignment word: P.WORKERS + 4 * index. */
  index: number;
  opts: Omit<GuestOptions, 'log'>;
  exe: ExecutableInfo;
  auxv: Uint8Array;
  trampoline: number;
  runtimeFds: number[];
}

/** Syscalls whose state lives in the main thread. */
const FORWARDED = new Set(['mmap', 'mmap2', 'munmap', 'mprotect', 'mremap', 'brk', 'madvise', 'mlock', 'munlock', 'mlockall', 'munlockall']);
const CLONE_THREAD = 0x10000;

/**
 * Also posted: clone of a thread (the worker pool is the main thread's; a fork runs here, the
 * child being a copy of this thread), and opening a `maps` file (/proc/self/maps is made from
 * the VMA list; the check is by name so relative opens under /proc/self count too).
 */
function forwards(p: GuestProcess, name: string, args: SyscallArgs): boolean {
  if (FORWARDED.has(name)) return true;
  if (name === 'clone') return (args.uint(0) & CLONE_THREAD) !== 0;
  const path = name === 'openat' || name === 'openat2' ? args.ptr(1) : name === 'open' ? args.ptr(0) : 0;
  if (path === 0) return false;
  try {
    return /(^|\/)maps$/.test(p.readString(path));
  } catch (e) {
    if (e instanceof GuestFault) return false; // the local handler answers EFAULT
    throw e;
  }
}

const CLONE_PARENT_SETTID = 0x100000;
const CLONE_CHILD_CLEARTID = 0x200000;
const CLONE_CHILD_SETTID = 0x1000000;

/**
 * The VMA list exists only in the main thread; every syscall that uses it is forwarded. A child
 * forked from a worker has no main thread: it may execve or exit, not change its memory map.
 */
const noAddressSpace = new Proxy({}, {
  get() { throw new Error('a process forked from a guest thread cannot use mmap & co. before execve'); },
}) as AddressSpace;

async function main(start: WorkerStart): Promise<void> {
  const logFd = start.opts.logFd ?? 2;
  const opts: GuestOptions = { ...start.opts, log: (line) => fs.writeSync(logFd, line + '\n') };
  for (const fd of start.runtimeFds) addRuntimeFd(fd);
  const arch = linuxArch(opts.target)!;
  const { frontend, hwcaps } = (await arch.loadFrontend())!;
  const mem = new GuestMemory(frontend.endian === 'be', start.memory);
  const { engine } = createEngine(opts, frontend, mem);
  const paths = new PathResolver(opts.ldPrefix);
  const w = new SharedWords(start.memory);
  const assignment = w.p(P.WORKERS + 4 * start.index);
  const tid = libc.gettid();
  for (;;) {
    let slot = w.loadAddr(assignment);
    while (slot === 0) {
      Atomics.wait(w.i32, assignment, 0);
      slot = w.loadAddr(assignment);
    }
    const thread = engine.attachThread(slot);
    const p = new GuestProcess(opts, arch, frontend, hwcaps, mem, engine, thread, noAddressSpace, paths, start.exe);
    p.trampoline = start.trampoline;
    p.auxv = start.auxv;
    if (opts.strace) p.strace = new Strace(p, opts.log);
    p.signals.actions = sharedSigActions(w);
    p.signals.blocked = BigInt(w.load(w.t(slot, T.BLOCKED_LO)) >>> 0) | (BigInt(w.load(w.t(slot, T.BLOCKED_HI)) >>> 0) << 32n);
    const ctx = new ThreadContext('worker', w, slot, tid, forwards);
    p.threads = ctx;
    // What the kernel does before either side of clone runs again.
    const flags = w.load(w.t(slot, T.CLONE_FLAGS));
    if (flags & CLONE_PARENT_SETTID) p.mem.write32(w.loadAddr(w.t(slot, T.CLONE_PTID)), tid);
    if (flags & CLONE_CHILD_SETTID) p.mem.write32(w.loadAddr(w.t(slot, T.CLONE_CTID)), tid);
    if (flags & CLONE_CHILD_CLEARTID) p.clearChildTid = w.loadAddr(w.t(slot, T.CLONE_CTID));
    w.store(w.t(slot, T.TID), tid);
    Atomics.notify(w.i32, w.t(slot, T.TID));
    try {
      endLikeGuest(runLoop(p)); // exit_group, or a signal that ends the process
    } catch (e) {
      if (!(e instanceof ThreadExit)) throw e;
    }
    engine.releaseThread(thread);
    w.store(w.t(slot, T.ALIVE), 0);
    w.store(assignment, 0);
    Atomics.sub(w.i32, w.p(P.LIVE_WORKERS), 1);
    Atomics.notify(w.i32, w.p(P.LIVE_WORKERS));
  }
}

/** Runs guest threads in this worker (worker-thread.ts, or the bundle's loader, starts it). */
export function runWorker(start: WorkerStart): void {
  main(start).catch((e: unknown) => {
    // The guest cannot go on with one of its threads gone: end the process, as the main thread would.
    if (e instanceof GuestExit) endLikeGuest(e.result);
    const detail = process.env.QEMU_TS_DEBUG ? (e as Error).stack : (e as Error).message;
    fs.writeSync(2, `qemu-ts: internal error in a guest thread: ${detail ?? String(e)}\n`);
    exitNow(1);
  });
}
