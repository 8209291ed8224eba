// `npm run difftest -- [--target aarch64|mips|...|all] [--class simd|all] [--count N] [--seed N]
// [--tier interp|jit|both] [--batch N] [--parallel N] [--max-seconds N] [--max-mismatches N] [--minimize N]`:
// differential testing of qemu-ts's interpreter and JIT tiers against Debian's qemu-user on
// random instruction sequences (docs/difftest.md). Prints every mismatch report, one line per
// target and class (seed, sequences, instructions, trapped, mismatches per tier) and a total per
// target with its wall time; exits 1 if any case mismatched. --max-seconds starts no batch after
// that many seconds (a long run that stops on time, with fewer sequences than --count).
import { parseArgs } from 'node:util';
import { runMain, UsageError } from './lib/cli.js';
import { buildHarness } from './lib/difftest/emulators.js';
import { formatMismatch, formatSummary } from './lib/difftest/report.js';
import { type ClassReport, mismatchCount, runTarget } from './lib/difftest/runner.js';
import { freshSeed } from './lib/difftest/seed.js';
import { DIFF_TARGETS, findDiffTarget } from './lib/difftest/targets.js';
import { TIER_NAMES, TIERS, type TierName } from './lib/difftest/tiers.js';
import type { DiffTarget } from './lib/difftest/types.js';

function int(value: string | undefined, name: string, dflt: number): number {
  if (value === undefined) return dflt;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new UsageError(`--${name} wants a non-negative integer, got '${value}'`);
  return n;
}

function targets(wanted: string): DiffTarget[] {
  if (wanted === 'all') return [...DIFF_TARGETS];
  return wanted.split(',').map((name) => {
    const t = findDiffTarget(name);
    if (!t) throw new UsageError(`no differential tests for target '${name}'; have: ${DIFF_TARGETS.map((d) => d.target.name).join(', ')}, all`);
    return t;
  });
}

function tiers(wanted: string): readonly TierName[] {
  if (wanted === 'both') return TIER_NAMES;
  const t = TIER_NAMES.find((n) => n === wanted);
  if (t === undefined) throw new UsageError(`--tier wants ${TIER_NAMES.join(', ')} or both, got '${wanted}'`);
  return [t];
}

runMain(async () => {
  let values;
  try {
    values = parseArgs({
      args: process.argv.slice(2),
      options: Object.fromEntries(['target', 'class', 'count', 'seed', 'tier', 'batch', 'parallel', 'max-seconds', 'max-mismatches', 'minimize'].map((n) => [n, { type: 'string' as const }])),
      strict: true,
    }).values as Record<string, string | undefined>;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const wanted = values.class ?? 'all';
  const seed = int(values.seed, 'seed', freshSeed());
  const count = int(values.count, 'count', 2000);
  const selected = tiers(values.tier ?? 'both');
  const maxSeconds = values['max-seconds'] === undefined ? undefined : int(values['max-seconds'], 'max-seconds', 0);
  const stopStartingAt = maxSeconds === undefined ? undefined : Date.now() + maxSeconds * 1000;
  let bad = 0;
  for (const t of targets(values.target ?? 'aarch64')) {
    const classes = wanted === 'all' ? t.classes : t.classes.filter((c) => c.name === wanted);
    if (classes.length === 0) throw new UsageError(`unknown class '${wanted}' for ${t.target.name}; classes: ${t.classes.map((c) => c.name).join(', ')}, all`);
    const t0 = performance.now();
    const r = await runTarget(t, buildHarness(t), classes, {
      seed, count, tiers: selected, batch: int(values.batch, 'batch', 500), parallel: int(values.parallel, 'parallel', 2), stopStartingAt,
      maxMismatches: int(values['max-mismatches'], 'max-mismatches', 50), minimize: int(values.minimize, 'minimize', 20),
      log: (line) => process.stderr.write(`${line}\n`),
    });
    for (const c of r.classes) for (const tier of selected) for (const m of c.mismatches[tier]!) console.log(formatMismatch(t, m));
    for (const c of r.classes) console.log(formatSummary(c));
    const sum = (f: (c: ClassReport) => number): number => r.classes.reduce((n, c) => n + f(c), 0);
    const tierTotals = selected.map((tier) => `${TIERS[tier].label} ${sum((c) => c.mismatches[tier]!.length)} mismatches`).join(', ');
    console.log(`${t.target.name} total: seed ${seed}, ${sum((c) => c.cases)} sequences, ${sum((c) => c.insns)} instructions, ${sum((c) => c.trapped)} trapped; ${tierTotals}; ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    bad += sum(mismatchCount);
  }
  if (bad > 0) process.exit(1);
});
