// Runs one batch of test cases under the reference emulator (Debian's qemu-user, one process per
// class, since each class may want its own CPU model) and under each qemu-ts tier (one process
// per tier for the cases of every class), all at once, and checks from each qemu-ts run's
// engine counters that it really ran its tier.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { packagePath } from '../../../runtime/package-root.js';
import { qemuTsCommand } from '../guest-run.js';
import { compilerCommand } from '../toolchains.js';
import { type EngineCounters, parseStats, TIERS, type TierName } from './tiers.js';
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
  /** Each tier's results per part, and the counters of its run. */
  tiers: Map<TierName, { results: CaseResult[][]; stats: EngineCounters }>;
}

export class Emulators {
  constructor(readonly t: DiffTarget, readonly harness: string) {}

  private encode(cases: readonly TestCase[]): Uint8Array {
    return Buffer.concat(cases.map((c) => this.t.encodeCase(c)));
  }

  async run(parts: readonly BatchPart[], tiers: readonly TierName[]): Promise<BatchOutcome> {
    const all = parts.flatMap((p) => p.cases);
    const input = this.encode(all);
    const refRuns = parts.map((p) => runHarness([this.t.target.qemuUser, ...(p.cls.referenceArgs ?? []), this.harness], this.encode(p.cases), this.t, p.cases.length));
    const tierRuns = tiers.map((name) => runHarness([...qemuTsCommand(this.t.target), ...TIERS[name].options, this.harness], input, this.t, all.length));
    const [ref, got] = await Promise.all([Promise.all(refRuns), Promise.all(tierRuns)]);
    const outcome: BatchOutcome = { ref: ref.map((r) => r.results), tiers: new Map() };
    tiers.forEach((name, k) => {
      const stats = parseStats(got[k]!.stderr);
      const problem = Object.keys(stats).length === 0 ? 'it printed no -d stats counters' : TIERS[name].verify(stats, all.length);
      if (problem !== undefined) {
        const classes = parts.map((p) => p.cls.name).join(', ');
        throw new Error(`${this.t.target.name} (${classes}): the ${TIERS[name].label} run of ${all.length} cases did not run its tier: ${problem}`);
      }
      let at = 0;
      const results = parts.map((p) => got[k]!.results.slice(at, (at += p.cases.length)));
      outcome.tiers.set(name, { results, stats });
    });
    return outcome;
  }
}
