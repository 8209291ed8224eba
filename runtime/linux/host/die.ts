// Ending the runtime the way the guest died: by the same signal, so a parent's wait() sees a
// signal death (qemu-user does the same). Core dumps are disabled first: the core would be
// Node's, which helps nobody.
import fs from 'node:fs';
import type { GuestResult } from '../exit.js';
import { GENERIC_SIGNALS } from '../signals/numbers.js';
import { libc } from './libc.js';
import { scratch } from './scratch.js';

const RLIMIT_CORE = 4;
const SIG_DFL = 0;
const SIG_UNBLOCK = 1;

export function dieByHostSignal(name: string): void {
  const sig = Number(Object.entries(GENERIC_SIGNALS).find(([, n]) => n === name)?.[0] ?? 0);
  if (!sig) return;
  scratch.dv.setBigUint64(0, 0n, true);
  scratch.dv.setBigUint64(8, 0n, true);
  libc.prlimit(0, RLIMIT_CORE, scratch.addr, 0);
  libc.signal(sig, SIG_DFL);
  scratch.u8.fill(0, 0, 128);
  scratch.dv.setBigUint64(0, 1n << BigInt(sig - 1), true);
  libc.sigprocmaskAll(SIG_UNBLOCK, scratch.addr, 0);
  libc.raise(sig);
}

const atExit: (() => void)[] = [];

/** Work for the last moment before exitNow's _exit (the bundle's loader saves its code cache). */
export function atExitNow(fn: () => void): void {
  atExit.push(fn);
}

/**
 * _exit(2) right away. Node's orderly exit would join helper threads a forked child does not
 * have (and crash); everything the runtime writes is already written synchronously.
 */
export function exitNow(status: number): never {
  for (const fn of atExit.splice(0)) fn();
  // Under --cpu-prof or --heap-prof (a developer measuring the runtime, never a forked child)
  // Node's own exit writes the profile.
  if (process.execArgv.some((a) => a.startsWith('--cpu-prof') || a.startsWith('--heap-prof'))) process.exit(status);
  libc.exit(status);
  throw new Error('_exit returned');
}

/** End the runtime as the guest ended: its exit status, or death by its signal (qemu's message for core dumps). */
export function endLikeGuest(result: GuestResult): never {
  if (result.kind === 'exit') exitNow(result.status);
  // Like qemu-user: only signals whose default action dumps core are reported.
  if (result.core) fs.writeSync(2, `qemu: uncaught target signal ${result.sig} (${result.description}) - core dumped\n`);
  dieByHostSignal(result.name);
  exitNow(128 + result.sig);
}
