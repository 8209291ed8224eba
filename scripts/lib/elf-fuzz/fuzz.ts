// The ELF fuzzer's loop, shared by `npm run fuzz:elf` and the npm test suite: case i of a seed
// picks a corpus file and its mutations from its own PRNG stream (so `--seed S --case i`
// repeats exactly that case), runs it, and tallies the outcomes.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Target } from '../../../runtime/targets.js';
import { Rng } from '../difftest/rng.js';
import { corpusFor, type CorpusEntry } from './corpus.js';
import { mutateElf } from './mutators.js';
import { isBad, messageShape, type Outcome } from './outcome.js';
import { newCaseDir, releaseCaseDir, runCase } from './run-case.js';

export interface FuzzOptions {
  targets: readonly Target[];
  seed: number;
  /** Cases per target, numbered from `first`. */
  count: number;
  first: number;
  timeoutMs: number;
  parallel: number;
  /** Directory to copy each bad case's files and report into. */
  keepFailures: string | null;
  /** Also run each case under qemu-user and report how it ended there. */
  reference?: boolean;
  /** Called after each case. */
  onCase?: (c: CaseResult) => void;
}

export interface CaseResult {
  target: string;
  index: number;
  entry: string;
  changes: string[];
  outcome: Outcome;
  command: string[];
  stderr: string;
  ending: string;
  qemuUser?: { ending: string; line: string };
}

/** Case i's own stream: independent of how many cases ran before it. */
const caseRng = (seed: number, index: number): Rng => new Rng(seed * 2 ** 21 + index);

function pickEntry(rng: Rng, corpus: readonly CorpusEntry[]): CorpusEntry {
  let r = rng.below(corpus.reduce((s, e) => s + e.weight, 0));
  for (const e of corpus) {
    if (r < e.weight) return e;
    r -= e.weight;
  }
  return corpus[0]!;
}

export function reproduceCommand(target: string, seed: number, index: number): string {
  return `npm run fuzz:elf -- --target ${target} --seed ${seed} --case ${index}`;
}

function keep(dir: string, caseDir: string, c: CaseResult, seed: number): void {
  const to = join(dir, `${c.target}-${seed}-${c.index}`);
  cpSync(caseDir, to, { recursive: true, verbatimSymlinks: true });
  const report = [`corpus: ${c.entry}`, ...c.changes.map((x) => `change: ${x}`), `outcome: ${c.outcome.kind}: ${c.outcome.detail}`,
    `command: ${c.command.join(' ')}`, `reproduce: ${reproduceCommand(c.target, seed, c.index)}`, '--- stderr', c.stderr];
  writeFileSync(join(to, 'REPORT.txt'), report.join('\n'));
}

export async function runFuzz(o: FuzzOptions): Promise<CaseResult[]> {
  const jobs = o.targets.flatMap((target) => {
    const corpus = corpusFor(target);
    return Array.from({ length: o.count }, (_, k) => ({ target, corpus, index: o.first + k }));
  });
  const originals = new Map<string, Uint8Array>();
  const read = (file: string): Uint8Array => {
    let b = originals.get(file);
    if (!b) originals.set(file, (b = readFileSync(file)));
    return b;
  };
  const results: CaseResult[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const { target, corpus, index } = jobs[next++]!;
      const rng = caseRng(o.seed, index);
      const entry = pickEntry(rng, corpus);
      const { bytes, changes } = mutateElf(read(entry.file), rng);
      const dir = newCaseDir();
      try {
        const run = await runCase(target, entry, bytes, dir, o.timeoutMs, o.reference);
        const c: CaseResult = { target: target.name, index, entry: entry.label, changes, ...run };
        if (o.keepFailures && isBad(c.outcome.kind)) keep(o.keepFailures, dir, c, o.seed);
        results.push(c);
        o.onCase?.(c);
      } finally {
        releaseCaseDir(dir);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.parallel) }, worker));
  return results.sort((a, b) => a.target.localeCompare(b.target) || a.index - b.index);
}

/** Outcome counts per target and the most common load-error messages, as text. */
export function summarize(results: readonly CaseResult[]): string {
  const out: string[] = [];
  const targets = [...new Set(results.map((r) => r.target))];
  for (const t of targets) {
    const mine = results.filter((r) => r.target === t);
    const counts = new Map<string, number>();
    for (const r of mine) counts.set(r.outcome.kind, (counts.get(r.outcome.kind) ?? 0) + 1);
    out.push(`${t}: ${mine.length} cases: ${[...counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ')}`);
  }
  const shapes = new Map<string, number>();
  for (const r of results.filter((x) => x.outcome.kind === 'load-error')) {
    const s = messageShape(r.outcome.detail.replace(/^qemu-ts-\w+: /, ''));
    shapes.set(s, (shapes.get(s) ?? 0) + 1);
  }
  const compared = results.filter((r) => r.qemuUser);
  if (compared.length) {
    const differ = new Map<string, number>();
    for (const r of compared.filter((x) => x.ending !== x.qemuUser!.ending)) {
      const k = `qemu-ts ${r.ending} / qemu-user ${r.qemuUser!.ending}`;
      differ.set(k, (differ.get(k) ?? 0) + 1);
    }
    const same = compared.length - [...differ.values()].reduce((a, b) => a + b, 0);
    out.push(`ended as under qemu-user (exit status, signal, refused, time limit): ${same} of ${compared.length} cases qemu-user can run`);
    for (const [k, n] of [...differ].sort((a, b) => b[1] - a[1]).slice(0, 15)) out.push(`  ${String(n).padStart(5)}  ${k}`);
  }
  if (shapes.size) {
    out.push('load errors by message:');
    for (const [s, n] of [...shapes].sort((a, b) => b[1] - a[1]).slice(0, 15)) out.push(`  ${String(n).padStart(5)}  ${s}`);
  }
  return out.join('\n');
}
