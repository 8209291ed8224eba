// Runs one batch of test cases under the reference emulator (Debian's qemu-user) and under each
// qemu-ts tier, all at once, one process per emulator for the classes that share the
// reference's arguments (CPU model), and checks from each qemu-ts run's engine counters that it
// really ran its tier.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { packagePath } from '../../../runtime/package-root.js';
import { qemuTsCommand } from '../guest-run.js';
import { compilerCommand } from '../toolchains.js';
import { addCounters, type EngineCounters, parseStats, TIERS, type TierName } from './tiers.js';
import type { CaseResult, DiffTarget, InsnClass, TestCase } from './types.js';

/** Builds the static harness once into build/difftest/ (rebuilt when the source changes). */
export function buildHarness(t: DiffTarget): string {
  const dir = packagePath('build', 'difftest');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `harness-${t.target.name}`);
  if (existsSync(out) && statSync(out).mtimeMs >= statSync(t.harnessSource).mtimeMs) return out;
  execFileSync(compilerCommand(t.target), ['-O1', '-static', ...t.harnessFlags, '-o', out, t.harnessSource], { stdio: ['ignore', 'inherit', 'inherit'] });
  return out;
}

interface ProcessOutput { results: CaseResult[]; stderr: string }

function runHarness(cmd: readonly string[], input: Uint8Array, t: DiffTarget, count: number): Promise<ProcessOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd[0]!, cmd.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const out = Buffer.concat(chunks);
      if (code !== 0 || out.length !== count * t.resultSize) {
        reject(new Error(`${cmd.join(' ')}: exit ${code ?? signal}, ${out.length / t.resultSize} of ${count} results; ${stderr.trim().slice(0, 2000)}`));
        return;
      }
      const results: CaseResult[] = [];
      for (let i = 0; i < count; i++) results.push(t.decodeResult(out.subarray(i * t.resultSize, (i + 1) * t.resultSize)));
      resolve({ results, stderr });
    });
    child.stdin.on('error', () => { /* reported through close */ });
    child.stdin.end(input);
  });
}

/** The cases of one class in a batch. */
export interface BatchPart { cls: InsnClass; cases: readonly TestCase[] }

export interface BatchOutcome {
  /** Reference results, per part. */
  ref: CaseResult[][];
  /** Each tier's results per part, and the counters of its runs. */
  tiers: Map<TierName, { results: CaseResult[][]; stats: EngineCounters }>;
}

/** One process's results cut back into its parts' shares. */
function split(results: readonly CaseResult[], parts: readonly BatchPart[]): CaseResult[][] {
  let at = 0;
  return parts.map((p) => results.slice(at, (at += p.cases.length)));
}

export class Emulators {
  constructor(readonly t: DiffTarget, readonly harness: string) {}

  /**
   * Runs every part under qemu-user and each tier. Parts whose classes give the reference the
   * same arguments share one process per emulator; the others get their own. Cases running in
   * one qemu-ts process must run in one qemu-user process too, in the same order: a case's
   * PC-relative loads may read beyond its code, where earlier cases left theirs.
   */
  async run(parts: readonly BatchPart[], tiers: readonly TierName[]): Promise<BatchOutcome> {
    const groups = new Map<string, number[]>();
    parts.forEach((p, i) => {
      const key = JSON.stringify(p.cls.referenceArgs ?? []);
      groups.set(key, [...(groups.get(key) ?? []), i]);
    });
    const outcome: BatchOutcome = { ref: [], tiers: new Map(tiers.map((n) => [n, { results: [], stats: {} }])) };
    await Promise.all([...groups.values()].map(async (members) => {
      const o = await this.runGroup(members.map((i) => parts[i]!), tiers);
      members.forEach((i, j) => {
        outcome.ref[i] = o.ref[j]!;
        for (const n of tiers) outcome.tiers.get(n)!.results[i] = o.tiers.get(n)!.results[j]!;
      });
      for (const n of tiers) addCounters(outcome.tiers.get(n)!.stats, o.tiers.get(n)!.stats);
    }));
    return outcome;
  }

  /** One process per emulator for parts that share the reference's arguments, all at once. */
  private async runGroup(parts: readonly BatchPart[], tiers: readonly TierName[]): Promise<BatchOutcome> {
    const cases = parts.flatMap((p) => p.cases);
    const input = Buffer.concat(cases.map((c) => this.t.encodeCase(c)));
    const refCmd = [this.t.target.qemuUser, ...(parts[0]!.cls.referenceArgs ?? []), this.harness];
    const [ref, ...got] = await Promise.all([
      runHarness(refCmd, input, this.t, cases.length),
      ...tiers.map((name) => runHarness([...qemuTsCommand(this.t.target), ...TIERS[name].options, this.harness], input, this.t, cases.length)),
    ]);
    const outcome: BatchOutcome = { ref: split(ref!.results, parts), tiers: new Map() };
    tiers.forEach((name, k) => {
      const stats = parseStats(got[k]!.stderr);
      const problem = Object.keys(stats).length === 0 ? 'it printed no -d stats counters' : TIERS[name].verify(stats, cases.length);
      if (problem !== undefined) {
        const classes = parts.map((p) => p.cls.name).join(', ');
        throw new Error(`${this.t.target.name} (${classes}): the ${TIERS[name].label} run of ${cases.length} cases did not run its tier: ${problem}`);
      }
      outcome.tiers.set(name, { results: split(got[k]!.results, parts), stats });
    });
    return outcome;
  }
}
