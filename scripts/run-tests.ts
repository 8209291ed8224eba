// `npm test [-- --seed N] [node --test options]`: makes sure the cross toolchains the tests
// compile guest programs with are there (installing them with apt-get when run as root), then
// runs every node:test suite in out/test. The differential suites (test/diff) get a fresh seed
// each run (or $QEMU_TS_DIFFTEST_SEED), printed first; `--seed N` runs them on that seed again.
import { spawnSync } from 'node:child_process';
import { packagePath } from '../runtime/package-root.js';
import { TARGETS } from '../runtime/targets.js';
import { parseSeed, SEED_ENV, suiteSeed } from './lib/difftest/seed.js';
import { ensureToolchains } from './lib/toolchains.js';

/** `--seed N` / `--seed=N` taken out of the arguments (node --test does not know it). */
function takeSeed(args: string[]): { seed: number | undefined; rest: string[] } {
  const rest: string[] = [];
  let seed: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--seed' || a.startsWith('--seed=')) {
      const v = a === '--seed' ? args[++i] : a.slice('--seed='.length);
      if (v === undefined) throw new Error('--seed needs a value');
      seed = parseSeed(v, '--seed');
    } else rest.push(a);
  }
  return { seed, rest };
}

let args;
try {
  args = takeSeed(process.argv.slice(2));
} catch (e) {
  console.error(`error: ${(e as Error).message}`);
  process.exit(2);
}
ensureToolchains(TARGETS, { install: process.getuid?.() === 0, log: (line) => console.log(`setup: ${line}`) });
const seed = args.seed ?? suiteSeed();
console.log(`difftest seed ${seed} (a failure reproduces with: npm test -- --seed ${seed})`);
const r = spawnSync(process.execPath, ['--test', ...args.rest, packagePath('out', 'test')], { stdio: 'inherit', env: { ...process.env, [SEED_ENV]: String(seed) } });
process.exit(r.status ?? 1);
