// `npm test`: makes sure everything the tests need is there before any suite starts — the cross
// toolchains, qemu-user (the reference), the host tools (installing the missing Debian packages
// with apt-get when run as root) and the Debian sysroots of unmodified guest programs — then runs
// every node:test suite in out/test. No test skips for a missing prerequisite: a missing one
// fails the run here, in one line saying what is missing and how to install it.
import { spawnSync } from 'node:child_process';
import { packagePath } from '../runtime/package-root.js';
import { TARGETS } from '../runtime/targets.js';
import { runMain } from './lib/cli.js';
import { SYSROOT_TARGETS, testSysroot } from './lib/test-sysroots.js';
import { ensureToolchains } from './lib/toolchains.js';

runMain(async () => {
  const log = (line: string) => console.log(`setup: ${line}`);
  ensureToolchains(TARGETS, { install: process.getuid?.() === 0, log });
  for (const target of SYSROOT_TARGETS) {
    try {
      testSysroot(target, log);
    } catch (e) {
      throw new Error(`cannot make the Debian ${target.debianArch} sysroot the tests run programs from (needs root the first time and the Debian archive): ${(e as Error).message}`);
    }
  }
  log(`Debian sysroots ready for ${SYSROOT_TARGETS.map((t) => t.debianArch).join(', ')}`);
  const extra = process.argv.slice(2);
  const r = spawnSync(process.execPath, ['--test', ...extra, packagePath('out', 'test')], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
});
