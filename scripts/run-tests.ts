// `npm test [-- --seed N] [node --test options]`: makes sure everything the tests need is there
// before any suite starts — the cross toolchains, qemu-user (the reference), the host tools
// (installing the missing Debian packages with apt-get when run as root) and the Debian sysroots
// of unmodified guest programs — then runs every node:test suite in out/test with syscall
// coverage on. No test skips for a missing prerequisite: a missing one fails the run here, in
// one line saying what is missing and how to install it. The differential suites (test/diff) get
// a fresh seed each run (or $QEMU_TS_DIFFTEST_SEED), printed first; `--seed N` runs them on that
// seed again. Every engine validates the IR of every block it translates (runtime/ir/validate.ts).
// Every qemu-ts the suites start shares one persistent code cache (docs/code-cache.md) in a
// temporary directory, removed at the end: guest programs run more than once run from it, against
// the same expected outputs, and nothing is written to the user's ~/.cache.
// The coverage report follows the suites: a syscall handler no guest program
// reaches on an enforced target fails the run (scripts/lib/syscall-coverage.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packagePath } from '../runtime/package-root.js';
import { IR_VALIDATE_ENV } from '../runtime/ir/validate.js';
import { TARGETS } from '../runtime/targets.js';
import { runMain } from './lib/cli.js';
import { SEED_ENV, suiteSeed, takeSeedArg } from './lib/difftest/seed.js';
import { SYSROOT_TARGETS, testSysroot } from './lib/test-sysroots.js';
import { ensureToolchains } from './lib/toolchains.js';
import { coverageDir, coverageReport } from './lib/syscall-coverage.js';

runMain(async () => {
  const args = takeSeedArg(process.argv.slice(2));
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
  const seed = args.seed ?? suiteSeed();
  console.log(`difftest seed ${seed} (a failure reproduces with: npm test -- --seed ${seed})`);
  const coverage = coverageDir();
  const codeCache = mkdtempSync(join(tmpdir(), 'qemu-ts-test-cache-'));
  const r = spawnSync(process.execPath, ['--test', ...args.rest, packagePath('out', 'test')], {
    stdio: 'inherit',
    env: { ...process.env, [SEED_ENV]: String(seed), QEMU_TS_SYSCALL_COVERAGE: coverage, [IR_VALIDATE_ENV]: '1', QEMU_TS_CACHE_DIR: codeCache, QEMU_TS_CACHE_WARM: '0' },
  });
  rmSync(codeCache, { recursive: true, force: true });
  const report = coverageReport(coverage);
  rmSync(coverage, { recursive: true, force: true });
  console.log(report.text);
  process.exit(r.status !== 0 ? r.status ?? 1 : report.ok ? 0 : 1);
});
