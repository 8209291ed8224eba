// Generates random test cases for a target's classes, runs them in batches under qemu-user and
// under each qemu-ts execution tier (interpreter, JIT: emulators.ts), and compares every tier's
// final states with the reference case by case. Each batch holds up to `batch` cases of every
// class, so a qemu-ts process pays its start-up (the JIT compiles the harness's libc start-up
// too) once for all classes; `parallel` batches run at once.
import { compareResults, type Difference } from './compare.js';
import { type BatchPart, Emulators } from './emulators.js';
import { Rng } from './rng.js';
import { addCounters, type EngineCounters, TIER_NAMES, type TierName } from './tiers.js';
import type { DiffTarget, InsnClass, TestCase } from './types.js';

export interface Mismatch {
  tier: TierName;
  target: string;
  cls: string;
  seed: number;
  index: number;
  code: number[];
  /** Length of the shortest prefix of the code that already mismatches (undefined: not searched). */
  firstBad?: number;
  diffs: Difference[];
}

export interface ClassReport {
  target: string;
  cls: string;
  seed: number;
  /** Sequences and instructions, each run once under qemu-user and once under every tier. */
  cases: number;
  insns: number;
  /** Instructions the reference emulator trapped on (unallocated encodings, faults). */
  trapped: number;
  /** Each tier's mismatches with the reference (absent: the tier did not run). */
  mismatches: { [K in TierName]?: Mismatch[] };
}

export interface TargetReport {
  classes: ClassReport[];
  /** Each tier's engine counters summed over its runs (every run was checked on its own). */
  stats: { [K in TierName]?: EngineCounters };
}

export interface RunOptions {
  seed: number;
  /** Cases per class (the same for every class, or by class name). */
  count: number | ((cls: string) => number);
  /** The qemu-ts tiers compared with qemu-user (default: both). */
  tiers?: readonly TierName[];
  /** Cases per class in one batch. */
  batch?: number;
  /** Batches running at once. */
  parallel?: number;
  /** Stop a class after this many mismatches (over all tiers). */
  maxMismatches?: number;
  /** Start no batch after this time (Date.now() milliseconds): a long run that ends on time with its report. */
  stopStartingAt?: number;
  /** Find the first bad instruction for this many mismatches per class and tier (each costs one extra run). */
  minimize?: number;
  log?: (line: string) => void;
}

/** One class's generator state: each class draws from its own Rng(seed), so its cases do not depend on the other classes run. */
interface ClassRun { cls: InsnClass; rng: Rng; count: number; generated: number; report: ClassReport }

interface Batch { parts: { run: ClassRun; first: number; cases: TestCase[] }[]; outcome: ReturnType<Emulators['run']> }

export function mismatchCount(r: ClassReport): number {
  return TIER_NAMES.reduce((n, tier) => n + (r.mismatches[tier]?.length ?? 0), 0);
}

/** The shortest prefix of a mismatching case that mismatches under a tier (all prefixes in one run). */
async function firstBadPrefix(emu: Emulators, cls: InsnClass, tier: TierName, c: TestCase): Promise<number> {
  const prefixes = c.code.map((_, i) => ({ ...c, code: c.code.slice(0, i + 1) }));
  const out = await emu.run([{ cls, cases: prefixes }], [tier]);
  const got = out.tiers.get(tier)!.results[0]!;
  for (let i = 0; i < prefixes.length; i++) if (compareResults(emu.t, out.ref[0]![i]!, got[i]!).length > 0) return i + 1;
  return c.code.length;
}

/** Generates `count` cases of each class from `seed` and compares qemu-user with each qemu-ts tier on them. */
export async function runTarget(t: DiffTarget, harness: string, classes: readonly InsnClass[], opts: RunOptions): Promise<TargetReport> {
  const emu = new Emulators(t, harness);
  const tiers = opts.tiers ?? TIER_NAMES;
  const batchSize = opts.batch ?? 500;
  const maxMismatches = opts.maxMismatches ?? Infinity;
  const countOf = (cls: InsnClass): number => typeof opts.count === 'number' ? opts.count : opts.count(cls.name);
  const runs: ClassRun[] = classes.map((cls) => ({
    cls, rng: new Rng(opts.seed), count: countOf(cls), generated: 0,
    report: { target: t.target.name, cls: cls.name, seed: opts.seed, cases: 0, insns: 0, trapped: 0, mismatches: Object.fromEntries(tiers.map((n) => [n, []])) },
  }));
  const report: TargetReport = { classes: runs.map((r) => r.report), stats: Object.fromEntries(tiers.map((n) => [n, {}])) };

  const startBatch = (): Batch | undefined => {
    if (Date.now() >= (opts.stopStartingAt ?? Infinity)) return undefined;
    const parts = runs.filter((r) => r.generated < r.count && mismatchCount(r.report) < maxMismatches).map((run) => {
      const first = run.generated;
      const cases: TestCase[] = [];
      for (; run.generated < Math.min(run.count, first + batchSize); run.generated++) cases.push(run.cls.generate(run.rng));
      return { run, first, cases };
    });
    if (parts.length === 0) return undefined;
    const outcome = emu.run(parts.map((p): BatchPart => ({ cls: p.run.cls, cases: p.cases })), tiers);
    outcome.catch(() => { /* awaited in order below; this keeps a failure of a later batch from going unhandled meanwhile */ });
    return { parts, outcome };
  };

  const inFlight: Batch[] = [];
  for (;;) {
    while (inFlight.length < (opts.parallel ?? 2)) {
      const next = startBatch();
      if (next === undefined) break;
      inFlight.push(next);
    }
    const batch = inFlight.shift();
    if (batch === undefined) break;
    const out = await batch.outcome;
    for (const name of tiers) addCounters(report.stats[name]!, out.tiers.get(name)!.stats);
    for (const [k, { run, first, cases }] of batch.parts.entries()) {
      const r = run.report;
      const ref = out.ref[k]!;
      for (let i = 0; i < cases.length; i++) {
        r.cases++;
        r.insns += cases[i]!.insns ?? cases[i]!.code.length;
        r.trapped += ref[i]!.traps.length;
      }
      for (const name of tiers) {
        const got = out.tiers.get(name)!.results[k]!;
        const list = r.mismatches[name]!;
        for (let i = 0; i < cases.length; i++) {
          const diffs = compareResults(t, ref[i]!, got[i]!);
          if (diffs.length === 0) continue;
          const firstBad = list.length < (opts.minimize ?? 20) ? await firstBadPrefix(emu, run.cls, name, cases[i]!) : undefined;
          list.push({ tier: name, target: t.target.name, cls: r.cls, seed: opts.seed, index: first + i, code: cases[i]!.code, firstBad, diffs });
        }
      }
    }
    opts.log?.(`${t.target.name}: ${report.classes.map((r) => `${r.cls} ${r.cases}/${r.insns}/${r.trapped} ${tiers.map((n) => `${n} ${r.mismatches[n]!.length}`).join(' ')}`).join(', ')} (sequences/instructions/trapped mismatches)`);
  }
  return report;
}
