// The cache warmer process (code-cache/warmer.ts starts it): rebuilds the executable mappings of
// the process that exited from the bytes in its job, translates the blocks that ran there without
// being optimised, compiles them optimised and saves them in the code cache, at the lowest CPU
// priority. Its options are those of the process (the cache key depends on them), so its entries
// are the ones the next run of the same program reads.
import fs from 'node:fs';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../../core/api.js';
import { libc } from '../host/libc.js';
import type { GuestOptions } from '../options.js';
import { createMachine } from '../process.js';
import { decodeWarmJob } from './warm-job.js';

const PRIO_PROCESS = 0;
const LOWEST_PRIORITY = 19;

export async function runWarmJob(opts: GuestOptions, jobFile: string): Promise<void> {
  libc.setpriority(PRIO_PROCESS, 0, LOWEST_PRIORITY);
  const { mem, codeCache, engine, as } = await createMachine(opts);
  const store = codeCache.store;
  if (store === null) return;
  store.holdWarmer();
  try {
    const job = decodeWarmJob(fs.readFileSync(jobFile));
    fs.unlinkSync(jobFile);
    job.mappings.forEach((m, i) => {
      // A file identity of its own per mapping, so that neighbouring ones are never merged into one.
      as.map(m.start, m.end - m.start, { prot: PROT_READ | PROT_WRITE, shared: false, name: '', offset: m.offset, inode: i + 1, dev: 0, anon: false });
      mem.u8.set(m.bytes, m.start);
      as.protect(m.start, m.end - m.start, PROT_READ | PROT_EXEC);
    });
    for (const m of job.mappings) for (const [pc, end] of m.blocks) engine.translateForCache(pc, end);
    engine.compileForCache((pc) => codeCache.entryKeyAt(pc));
    codeCache.save(engine.savedModules());
  } finally {
    store.releaseWarmer();
  }
}
