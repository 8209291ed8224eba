// fork() of the whole Node process from JS. Two things make it survivable: V8 marks its heap
// MADV_DONTFORK (undone here just before forking), and the child has only the calling thread,
// so V8 must run without helper threads (`--single-threaded`, set in the CLI's shebang).
import fs from 'node:fs';
import { libc, sys } from './libc.js';

const MADV_DOFORK = 11;

export function forkSupported(): boolean {
  return process.execArgv.includes('--single-threaded');
}

const USER_SPACE_END = 0x800000000000;

/**
 * madvise(MADV_DOFORK) over the whole user address space. Done over wide ranges rather than per
 * mapping, so heap pages V8 allocates while this runs are covered too; madvise applies the advice
 * across holes (reporting ENOMEM), but stops at VM_IO mappings such as [vvar], hence the gaps.
 */
function undoDontFork(): void {
  const special: [number, number][] = [];
  for (const line of fs.readFileSync('/proc/self/maps', 'latin1').split('\n')) {
    const m = /^([0-9a-f]+)-([0-9a-f]+) .*\[(vvar|vvar_vclock|vdso|vsyscall)\]$/.exec(line);
    if (m) special.push([parseInt(m[1], 16), parseInt(m[2], 16)]);
  }
  special.sort((a, b) => a[0] - b[0]);
  let from = 0;
  for (const [start, end] of [...special, [USER_SPACE_END, USER_SPACE_END] as [number, number]]) {
    if (start > from) libc.madvise(from, start - from, MADV_DOFORK);
    from = Math.max(from, end);
  }
}

/** Host fork: the child's pid in the parent, 0 in the child, or -errno. */
export function hostFork(): number {
  undoDontFork();
  return sys(libc.fork());
}
