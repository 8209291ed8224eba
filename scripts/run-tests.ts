// `npm test [-- --seed N] [node --test options]`: makes sure the cross toolchains the tests
// compile guest programs with are there (installing them with apt-get when run as root), then
// runs every node:test suite in out/test. The differential suites (test/diff) get a fresh seed
// each run (or $QEMU_TS_DIFFTEST_SEED), printed first; `--seed N` runs them on that seed again.
import { spawnSync } from 'node:child_process';
import { packagePath } from '../runtime/package-root.js';
import { TARGETS } from '../runtime/targets.js';
import { SEED_ENV, suiteSeed, takeSeedArg } from './lib/difftest/seed.js';
import { ensureToolchains } from './lib/toolchains.js';

let args;
try {
  args = takeSeedArg(process.argv.slice(2));
} catch (e) {
  console.error(`error: ${(e as Error).message}`);
  process.exit(2);
}
ensureToolchains(TARGETS, { install: process.getuid?.() === 0, log: (line) => console.log(`setup: ${line}`) });
const seed = args.seed ?? suiteSeed();
console.log(`difftest seed ${seed} (a failure reproduces with: npm test -- --seed ${seed})`);
const r = spawnSync(process.execPath, ['--test', ...args.rest, packagePath('out', 'test')], { stdio: 'inherit', env: { ...process.env, [SEED_ENV]: String(seed) } });
process.exit(r.status ?? 1);
