// Seeds of the differential test: a fresh one per run, so every run tests new sequences, and
// the one to reproduce a failure handed from `npm test -- --seed N` to the suites.
import { randomInt } from 'node:crypto';

/** Set by scripts/run-tests.ts for the test/diff suites (`npm test -- --seed N`). */
export const SEED_ENV = 'QEMU_TS_DIFFTEST_SEED';

export function freshSeed(): number {
  return randomInt(1, 1_000_000_000);
}

export function parseSeed(value: string, where: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new Error(`${where} wants a non-negative integer seed, got '${value}'`);
  return n;
}

/** The seed the test/diff suites use: $QEMU_TS_DIFFTEST_SEED, or a fresh one when run on their own. */
export function suiteSeed(env: NodeJS.ProcessEnv = process.env): number {
  const v = env[SEED_ENV];
  return v === undefined || v === '' ? freshSeed() : parseSeed(v, SEED_ENV);
}

/** `--seed N` / `--seed=N` taken out of `npm test`'s arguments (node --test does not know it). */
export function takeSeedArg(args: readonly string[]): { seed: number | undefined; rest: string[] } {
  const rest: string[] = [];
  let seed: number | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a !== '--seed' && !a.startsWith('--seed=')) {
      rest.push(a);
      continue;
    }
    const v = a === '--seed' ? args[++i] : a.slice('--seed='.length);
    if (v === undefined) throw new Error('--seed needs a value');
    seed = parseSeed(v, '--seed');
  }
  return { seed, rest };
}
