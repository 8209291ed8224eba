// Runs batches of test cases under the reference emulator (Debian's qemu-user) and qemu-ts,
// one process per batch under each, and compares the final states case by case.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { packagePath } from '../../../runtime/package-root.js';
import { qemuTsCommand } from '../guest-run.js';
import { compilerCommand } from '../toolchains.js';
import { Rng } from './rng.js';
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

function runBatch(cmd: readonly string[], input: Uint8Array, t: DiffTarget, count: number): Promise<CaseResult[]> {
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
      resolve(results);
    });
    child.stdin.on('error', () => { /* reported through close */ });
    child.stdin.end(input);
  });
}

export interface Difference { what: string; reference: string; qemuTs: string }

export function compareResults(t: DiffTarget, ref: CaseResult, got: CaseResult): Difference[] {
  const diffs: Difference[] = [];
  const traps = (r: CaseResult): string => r.traps.map((x) => `sig${x.signo}@${x.index}`).join(' ') || 'none';
  if (traps(ref) !== traps(got)) diffs.push({ what: 'traps', reference: traps(ref), qemuTs: traps(got) });
  for (const [name, v] of ref.regs) {
    if (t.ignoredRegs(name)) continue;
    const w = got.regs.get(name);
    if (w !== v) diffs.push({ what: name, reference: v, qemuTs: w ?? '?' });
  }
  for (let i = 0; i < ref.scratch.length; i += 8) {
    const a = Buffer.from(ref.scratch.subarray(i, i + 8)).toString('hex');
    const b = Buffer.from(got.scratch.subarray(i, i + 8)).toString('hex');
    if (a !== b) diffs.push({ what: `mem[${i}..${i + 7}]`, reference: a, qemuTs: b });
  }
  return diffs;
}

export interface Mismatch {
  cls: string;
  seed: number;
  index: number;
  code: number[];
  /** Length of the shortest prefix of the code that already mismatches (undefined: not searched). */
  firstBad?: number;
  diffs: Difference[];
}

export interface ClassReport {
  cls: string;
  cases: number;
  insns: number;
  /** Instructions the reference emulator trapped on (unallocated encodings, faults). */
  trapped: number;
  mismatches: Mismatch[];
}

export interface RunOptions {
  seed: number;
  count: number;
  batch?: number;
  /** Stop a class after this many mismatches. */
  maxMismatches?: number;
  /** Find the first bad instruction for this many mismatches (each costs one extra batch). */
  minimize?: number;
  log?: (line: string) => void;
}

function encodeAll(t: DiffTarget, cases: readonly TestCase[]): Uint8Array {
  return Buffer.concat(cases.map((c) => t.encodeCase(c)));
}

class Emulators {
  constructor(readonly t: DiffTarget, readonly harness: string) {}

  reference(cls: InsnClass): string[] { return [this.t.target.qemuUser, ...(cls.referenceArgs ?? []), this.harness]; }
  qemuTs(): string[] { return [...qemuTsCommand(this.t.target), this.harness]; }

  both(cls: InsnClass, cases: readonly TestCase[]): Promise<[CaseResult[], CaseResult[]]> {
    const input = encodeAll(this.t, cases);
    return Promise.all([runBatch(this.reference(cls), input, this.t, cases.length), runBatch(this.qemuTs(), input, this.t, cases.length)]);
  }
}

/** The shortest prefix of a mismatching case that mismatches (all prefixes in one batch). */
async function firstBadPrefix(emu: Emulators, cls: InsnClass, c: TestCase): Promise<number> {
  const prefixes = c.code.map((_, i) => ({ ...c, code: c.code.slice(0, i + 1) }));
  const [ref, got] = await emu.both(cls, prefixes);
  for (let i = 0; i < prefixes.length; i++) if (compareResults(emu.t, ref[i]!, got[i]!).length > 0) return i + 1;
  return c.code.length;
}

/** Generates `count` cases of a class from `seed` and compares the two emulators on them. */
export async function runClass(t: DiffTarget, harness: string, cls: InsnClass, opts: RunOptions): Promise<ClassReport> {
  const emu = new Emulators(t, harness);
  const rng = new Rng(opts.seed);
  const batch = opts.batch ?? 500;
  const report: ClassReport = { cls: cls.name, cases: 0, insns: 0, trapped: 0, mismatches: [] };
  for (let start = 0; start < opts.count; start += batch) {
    const cases: TestCase[] = [];
    for (let i = start; i < Math.min(opts.count, start + batch); i++) cases.push(cls.generate(rng));
    const [ref, got] = await emu.both(cls, cases);
    for (let i = 0; i < cases.length; i++) {
      const c = cases[i]!;
      report.cases++;
      report.insns += c.code.length;
      report.trapped += ref[i]!.traps.length;
      const diffs = compareResults(t, ref[i]!, got[i]!);
      if (diffs.length === 0) continue;
      const firstBad = report.mismatches.length < (opts.minimize ?? 20) ? await firstBadPrefix(emu, cls, c) : undefined;
      report.mismatches.push({ cls: cls.name, seed: opts.seed, index: start + i, code: c.code, firstBad, diffs });
    }
    opts.log?.(`${cls.name}: ${report.cases} cases, ${report.mismatches.length} mismatches`);
    if (report.mismatches.length >= (opts.maxMismatches ?? Infinity)) break;
  }
  return report;
}

export function formatMismatch(t: DiffTarget, m: Mismatch): string {
  const where = m.firstBad === undefined ? 'not minimized' : `first differing prefix ends at instruction ${m.firstBad - 1} (>>)`;
  const lines = [`MISMATCH class=${m.cls} seed=${m.seed} case=${m.index}: ${where}`];
  t.disassemble(m.code).forEach((text, i) => lines.push(`  ${i === (m.firstBad ?? 0) - 1 ? '>>' : '  '} ${i.toString().padStart(2)}: ${text}`));
  for (const d of m.diffs.slice(0, 24)) lines.push(`     ${d.what}: qemu-user ${d.reference}  qemu-ts ${d.qemuTs}`);
  if (m.diffs.length > 24) lines.push(`     ... ${m.diffs.length - 24} more`);
  return lines.join('\n');
}

