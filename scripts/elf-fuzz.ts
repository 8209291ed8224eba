// `npm run fuzz:elf -- [--target T|all] [--count N] [--seed S] [--case I] [--timeout SECONDS]
// [--parallel J] [--keep-failures DIR] [--compare qemu-user]`: mutates real ELF executables, shared libraries and
// libnative.so (scripts/lib/elf-fuzz) and runs them under qemu-ts. Every case must end with the
// guest's exit or signal, or one line from qemu-ts; a stack trace, a host crash or a hang
// qemu-user does not share fails the run (exit status 1) with the command to repeat the case.
// `--case I` runs case I of the seed alone and shows how qemu-user ends on the same files;
// `--compare qemu-user` runs every case under qemu-user too and counts where the endings differ.
import { mkdirSync } from 'node:fs';
import { linuxArch } from '../runtime/linux/arch/index.js';
import { parseTargetArgs, runMain, UsageError } from './lib/cli.js';
import { freshSeed, parseSeed } from './lib/difftest/seed.js';
import { reproduceCommand, runFuzz, summarize } from './lib/elf-fuzz/fuzz.js';
import { isBad } from './lib/elf-fuzz/outcome.js';
import { stopRuns } from './lib/elf-fuzz/run-case.js';

function positive(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new UsageError(`--${name} wants a positive number, got '${value}'`);
  return n;
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    stopRuns();
    process.exit(sig === 'SIGINT' ? 130 : 143);
  });
}

runMain(async () => {
  const { targets, options } = parseTargetArgs(process.argv.slice(2), ['count', 'seed', 'case', 'timeout', 'parallel', 'keep-failures', 'compare']);
  const runnable = targets.filter((t) => linuxArch(t.name));
  const seed = options.seed === undefined ? freshSeed() : parseSeed(options.seed, '--seed');
  const one = options.case === undefined ? null : parseSeed(options.case, '--case');
  if (options.compare !== undefined && options.compare !== 'qemu-user') throw new UsageError(`--compare wants 'qemu-user', got '${options.compare}'`);
  const keepFailures = options['keep-failures'] ?? null;
  if (keepFailures) mkdirSync(keepFailures, { recursive: true });
  const count = one === null ? Math.floor(positive('count', options.count, 200)) : 1;
  console.log(`elf-fuzz seed ${seed}: ${count} case(s) per target on ${runnable.map((t) => t.name).join(', ')}`);
  const t0 = Date.now();
  const total = count * runnable.length;
  const seen = new Map<string, number>();
  const progress = (kind: string): void => {
    seen.set(kind, (seen.get(kind) ?? 0) + 1);
    const done = [...seen.values()].reduce((a, b) => a + b, 0);
    if (done % 100 === 0 && done < total) {
      console.log(`progress: ${done}/${total} cases in ${((Date.now() - t0) / 1000).toFixed(0)} s: ${[...seen].map(([k, n]) => `${k} ${n}`).join(', ')}`);
    }
  };
  const results = await runFuzz({
    targets: runnable, seed, count, first: one ?? 0,
    timeoutMs: positive('timeout', options.timeout, 20) * 1000,
    parallel: Math.floor(positive('parallel', options.parallel, 2)),
    keepFailures,
    reference: one !== null || options.compare === 'qemu-user',
    onCase: (c) => {
      progress(c.outcome.kind);
      if (one === null && c.qemuUser && c.qemuUser.ending !== c.ending) {
        console.log(`differs: ${c.target} case ${c.index}: ${c.entry}; ${c.changes.join('; ')}\n  qemu-ts ${c.ending}: ${c.stderr.split('\n')[0]}\n  qemu-user ${c.qemuUser.ending}: ${c.qemuUser.line}`);
      }
      if (one === null && !isBad(c.outcome.kind)) return;
      console.log(`${isBad(c.outcome.kind) ? 'BAD ' : ''}${c.target} case ${c.index}: ${c.entry}; ${c.changes.join('; ')}`);
      console.log(`  ${c.outcome.kind}: ${c.outcome.detail}`);
      if (isBad(c.outcome.kind)) console.log(`  reproduce: ${reproduceCommand(c.target, seed, c.index)}`);
      if (one !== null) {
        const ref = c.qemuUser ? `${c.qemuUser.ending}: ${c.qemuUser.line}` : '(cannot run this case)';
        console.log(`  qemu-ts: ${c.ending}\n  qemu-user: ${ref}\n  command: ${c.command.join(' ')}\n${c.stderr}`);
      }
    },
  });
  console.log(summarize(results));
  const bad = results.filter((r) => isBad(r.outcome.kind)).length;
  console.log(`${results.length} cases in ${((Date.now() - t0) / 1000).toFixed(0)} s, ${bad} bad (seed ${seed})`);
  if (bad > 0) process.exit(1);
});
