// `npm run difftest -- [--target aarch64] [--class simd|all] [--count N] [--seed N] [--batch N]`:
// differential testing of qemu-ts against Debian's qemu-user on random instruction sequences.
// Prints one line per class (cases, instructions, mismatches) and every mismatch report;
// exits 1 if any case mismatched.
import { parseArgs } from 'node:util';
import { runMain, UsageError } from './lib/cli.js';
import { buildHarness, formatMismatch, runClass } from './lib/difftest/runner.js';
import { DIFF_TARGETS, findDiffTarget } from './lib/difftest/targets.js';

function int(value: string | undefined, name: string, dflt: number): number {
  if (value === undefined) return dflt;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} wants a non-negative integer, got '${value}'`);
  return n;
}

runMain(async () => {
  let values;
  try {
    values = parseArgs({
      args: process.argv.slice(2),
      options: { target: { type: 'string' }, class: { type: 'string' }, count: { type: 'string' }, seed: { type: 'string' }, batch: { type: 'string' }, 'max-mismatches': { type: 'string' }, minimize: { type: 'string' } },
      strict: true,
    }).values;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const t = findDiffTarget(values.target ?? 'aarch64');
  if (!t) throw new UsageError(`no differential tests for target '${values.target}'; have: ${DIFF_TARGETS.map((d) => d.target.name).join(', ')}`);
  const wanted = values.class ?? 'all';
  const classes = wanted === 'all' ? t.classes : t.classes.filter((c) => c.name === wanted);
  if (classes.length === 0) throw new UsageError(`unknown class '${wanted}'; classes: ${t.classes.map((c) => c.name).join(', ')}, all`);
  const seed = int(values.seed, 'seed', Date.now() % 1_000_000);
  const count = int(values.count, 'count', 2000);
  const harness = buildHarness(t);
  let bad = 0;
  for (const cls of classes) {
    const r = await runClass(t, harness, cls, {
      seed, count, batch: int(values.batch, 'batch', 500), maxMismatches: int(values['max-mismatches'], 'max-mismatches', 50), minimize: int(values.minimize, 'minimize', 20),
      log: (line) => process.stderr.write(`${line}\n`),
    });
    for (const m of r.mismatches) console.log(formatMismatch(t, m));
    console.log(`${t.target.name} ${r.cls}: seed ${seed}, ${r.cases} sequences, ${r.insns} instructions (${r.trapped} trapped under qemu-user), ${r.mismatches.length} mismatches`);
    bad += r.mismatches.length;
  }
  if (bad > 0) process.exit(1);
});
