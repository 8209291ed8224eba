// fork() of the whole Node process from JS. Two things make it survivable: V8 marks its heap
// MADV_DONTFORK (undone here just before forking), and the child has only the calling thread,
// so V8 must run without helper threads (`--single-threaded`, set in the CLI's shebang).
import fs from 'node:fs';
import { libc, sys } from './libc.js';

const MADV_DOFORK = 11;

export function forkSupported(): boolean {
  return process.execArgv.includes('--single-threaded');
}

function undoDontFork(): void {
  let range: [number, number] | null = null;
  for (const line of fs.readFileSync('/proc/self/smaps', 'latin1').split('\n')) {
    const m = /^([0-9a-f]+)-([0-9a-f]+) /.exec(line);
    if (m) range = [parseInt(m[1], 16), parseInt(m[2], 16)];
    else if (range && line.startsWith('VmFlags:') && / dc\b/.test(line)) libc.madvise(range[0], range[1] - range[0], MADV_DOFORK);
  }
}

/** Host fork: the child's pid in the parent, 0 in the child, or -errno. */
export function hostFork(): number {
  undoDontFork();
  return sys(libc.fork());
}
