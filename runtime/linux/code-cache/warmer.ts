// The cache warmer (docs/code-cache.md, "Warming"). A run compiles only the code that became hot,
// and the cache holds only compiled code, so a second run would still translate and interpret
// all the rest: for short programs (a shell command, a compiler pass, an interpreter's start-up)
// that is most of their time. At exit, a process that ran enough code it did not optimise
// writes a job (code-cache/warm-job.ts) and starts the warmer: qemu-ts again, detached (its own
// session, lowest CPU priority, no descriptor of the guest), which translates those blocks,
// compiles them optimised and saves them with the rest (code-cache/warm-run.ts). The guest's exit
// status and the end of its output reach whoever waits for them at once.
//
// Why a new process and not a fork(2) of this one: V8 hands wasm compilation jobs to Node's
// platform worker threads, and in a forked child (which has none of them) posting one waits
// forever on a condition variable the parent's idle workers were blocked on.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { GuestProcess } from '../guest-process.js';
import { libc } from '../host/libc.js';
import { writePieces } from './store.js';
import { encodeWarmJob } from './warm-job.js';

/**
 * The process qemu-ts was started as. A forked child (a guest fork, then perhaps an in-process
 * execve: a shell's commands) starts no warmer: each command of a shell loop would otherwise
 * write a job and claim the lock at its exit, for code its parent shares.
 */
// libc's getpid: Node's process.pid is read once at start-up and is the parent's in a fork.
const launchPid = libc.getpid();

/** Fewer blocks left to compile than this are not worth a warmer. */
const MIN_COLD_BLOCKS = 64;

const F_GETFD = 1;
const F_SETFD = 2;
const FD_CLOEXEC = 1;

/** The option that runs qemu-ts as the warmer of a job file. */
export const WARM_OPTION = '--warm-cache';

/** Saves the process's code and, when there is enough left to compile, starts the warmer. */
export function saveAndWarm(p: GuestProcess): void {
  const cache = p.codeCache;
  const store = cache?.store ?? null;
  if (cache === null || store === null) return;
  cache.save(p.engine.savedModules());
  if (!p.opts.codeCache?.warm || !cache.savesHere || libc.getpid() !== launchPid) return;
  const cold = p.engine.coldBlocks();
  if (cold.length < MIN_COLD_BLOCKS) return;
  const job = cache.warmJob(cold);
  if (job.mappings.reduce((n, m) => n + m.blocks.length, 0) < MIN_COLD_BLOCKS) return;
  if (!store.claimWarmer()) return;
  const file = path.join(store.dir, `warm.${process.pid}.job`);
  try {
    // A guest that closed stdin/stdout/stderr (coreutils close theirs at exit) leaves their
    // numbers to the next descriptors opened, which libuv's spawn cannot take (it aborted).
    for (let fd = 0; fd <= 2; fd++) if (libc.fcntlInt(fd, F_GETFD) < 0) fs.openSync('/dev/null', 'r+');
    writePieces(file, encodeWarmJob(job));
    // Descriptors the guest left open without close-on-exec would live on in the warmer.
    for (const name of fs.readdirSync('/proc/self/fd')) if (Number(name) > 2) libc.fcntlInt(Number(name), F_SETFD, 'int', FD_CLOEXEC);
    const [command, ...args] = p.opts.reexec;
    spawn(command!, [...args, WARM_OPTION, file], { detached: true, stdio: 'ignore' }).unref();
  } catch {
    // No warmer this time: the next run merely finds less compiled.
    try { fs.unlinkSync(file); } catch { /* never written */ }
    store.releaseWarmer();
  }
}
