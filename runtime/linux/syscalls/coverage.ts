// Syscall coverage (QEMU_TS_SYSCALL_COVERAGE=dir, or --syscall-coverage dir): the first time an
// agent (the main thread or a thread worker) runs a handler, it appends the handler's name as
// one line to dir/<target>.<pid>. O_APPEND writes of one short line are atomic, so the workers
// of a process, its forked children and re-exec'd programs can all write at once; names are
// written when first reached (not at exit) so processes that die by a signal or execve count.
// scripts/lib/syscall-coverage.ts reads the files back.
import fs from 'node:fs';
import { join } from 'node:path';
import type { GuestProcess } from '../guest-process.js';

const reached = new Set<string>();
/** The pid whose file this agent has made writable for everyone. */
let madeWritable = 0;

export function noteHandlerReached(p: GuestProcess, dir: string, name: string): void {
  if (reached.has(name)) return;
  reached.add(name);
  try {
    const file = join(dir, `${p.opts.target}.${p.pid}`);
    fs.appendFileSync(file, name + '\n');
    // The process records its first handler before it can change its credentials; later writes,
    // after setuid or setfsuid, must still be allowed (the directory is sticky and world-writable).
    if (madeWritable !== p.pid) {
      fs.chmodSync(file, 0o666);
      madeWritable = p.pid;
    }
  } catch {
    // A guest out of descriptors (or a vanished directory) must not crash: the report shows the gap.
  }
}
