// npm run bench -- [--target aarch64|arm|mips|mipsel|mips64|mips64el] [--runs N] [--only a,b] [--scale F] [--steady K] [--svg FILE] [--clock cpu|wall]
// npm run bench -- --suite real [--target aarch64|mipsel] [--runs N] [--only "true,python3 -c pass"]: real Debian programs
// (scripts/lib/bench-real.ts), qemu-user against qemu-ts first and repeated runs.
// Runs each benchmark natively, under qemu-user, under qemu-ts and under qemu-ts with native
// bypass, N times each, and prints medians and ratios measured in this one run. The clock is
// CPU time (user + system) by default: on a machine shared with other work, wall time mostly
// measures the neighbours. --steady K also runs every program at K times the size and prints the
// marginal time of the extra work, (T(K) - T(1)) / (K - 1), whose ratios leave out start-up and
// one-time translation: the steady-state speed of each mode. qemu-ts runs without its code cache.
import { writeFileSync } from 'node:fs';
import { packagePath } from '../runtime/package-root.js';
import { barChartSvg } from './lib/bar-chart.js';
import { parseTargetArgs, runMain, UsageError } from './lib/cli.js';
import { compileGuest, compileHost } from './lib/guest-build.js';
import { median, runGuest, type Mode } from './lib/guest-run.js';
import { buildLibnative } from './lib/libnative-build.js';
import { runRealSuite } from './lib/bench-real.js';

interface Benchmark { name: string; kind: 'cpu' | 'mem/str'; args: string[] }

const BENCHMARKS: readonly Benchmark[] = [
  { name: 'sha256', kind: 'cpu', args: ['8192'] },
  { name: 'interp', kind: 'cpu', args: ['10000000'] },
  { name: 'compress', kind: 'cpu', args: ['8192'] },
  { name: 'spectral', kind: 'cpu', args: ['1000'] },
  { name: 'memops', kind: 'mem/str', args: ['1000'] },
  { name: 'strops', kind: 'mem/str', args: ['200'] },
  { name: 'qsort-strings', kind: 'mem/str', args: ['200000'] },
  { name: 'tokenizer', kind: 'mem/str', args: ['8192'] },
];
const MODES: readonly Mode[] = ['native', 'qemu-user', 'qemu-ts', 'qemu-ts+bypass'];

/** One table row: the medians per mode, then ts/native, ts/qemu, bypass speed-up, bypass/qemu, bypass/native. */
function printRow(b: Benchmark, prefix: string, secs: Record<Mode, number>): void {
  const { native: nat, 'qemu-user': qu, 'qemu-ts': ts, 'qemu-ts+bypass': by } = secs;
  const ratios = [ts / nat, ts / qu, ts / by, by / qu, by / nat];
  console.log(`${(prefix + b.name).padEnd(20)} ${b.kind.padEnd(8)} ${MODES.map((m) => secs[m].toFixed(3).padStart(15)).join(' ')}   ${ratios.map((r, i) => r.toFixed(2).padStart([9, 7, 14, 11, 13][i]!)).join(' ')}`);
}

runMain(async () => {
  const { targets, options } = parseTargetArgs(process.argv.slice(2), ['runs', 'only', 'scale', 'steady', 'svg', 'clock', 'suite']);
  const clock = options.clock ?? 'cpu';
  if (clock !== 'cpu' && clock !== 'wall') throw new UsageError('--clock takes cpu or wall');
  const target = targets.length === 1 ? targets[0]! : targets.find((t) => t.name === 'aarch64')!;
  const runs = Number(options.runs ?? 3);
  if (!(runs >= 1)) throw new UsageError('--runs takes a positive number');
  // --scale shrinks (or grows) every benchmark's size argument, for quick runs on slower targets.
  const scale = Number(options.scale ?? 1);
  if (!(scale > 0)) throw new UsageError('--scale takes a positive number');
  const steady = options.steady === undefined ? null : Number(options.steady);
  if (steady !== null && !(steady > 1)) throw new UsageError('--steady takes a number above 1');
  const only = options.only?.split(',');
  if (options.suite === 'real') return runRealSuite(target, runs, only);
  if (options.suite !== undefined && options.suite !== 'self') throw new UsageError('--suite takes self (the default) or real');
  const benches = BENCHMARKS.filter((b) => !only || only.includes(b.name));
  // Every qemu-ts run here translates from nothing, as the figures of earlier sessions did: the
  // persistent code cache (docs/code-cache.md) is what --suite real measures (first and again).
  process.env.QEMU_TS_CACHE = '0';
  const libnative = await buildLibnative(target);
  console.log(`qemu-ts benchmarks, target ${target.name}, ${runs} run(s) each${scale === 1 ? '' : `, sizes x${scale}`}, medians of ${clock === 'cpu' ? 'CPU' : 'wall-clock'} seconds`);
  console.log(`${'program'.padEnd(20)} ${'kind'.padEnd(8)} ${MODES.map((m) => m.padStart(15)).join(' ')}   ts/native ts/qemu bypass-speedup bypass/qemu bypass/native`);
  const groups = [];
  for (const b of benches) {
    const source = packagePath('test', 'guest', 'bench', `${b.name}.c`);
    const build = { flags: ['-lm'] };
    const programs: Record<Mode, string> = {
      native: compileHost(source, build),
      'qemu-user': compileGuest(target, source, build),
      'qemu-ts': compileGuest(target, source, build),
      'qemu-ts+bypass': compileGuest(target, source, build),
    };
    const notes: string[] = [];
    const measure = (factor: number): Record<Mode, number> => {
      const secs = {} as Record<Mode, number>;
      let expected: string | null = null;
      for (const mode of MODES) {
        const times: number[] = [];
        for (let i = 0; i < runs; i++) {
          const args = b.args.map((a) => String(Math.max(1, Math.round(Number(a) * scale * factor))));
          const r = runGuest({ target, mode, program: programs[mode], args, libnative });
          if (r.status !== 0) notes.push(`${mode} exit ${r.status}: ${r.stderr.trim().split('\n')[0]}`);
          expected ??= r.stdout;
          if (r.stdout !== expected) notes.push(`${mode} output differs`);
          times.push(clock === 'cpu' ? r.cpuSeconds : r.seconds);
        }
        secs[mode] = median(times);
      }
      return secs;
    };
    const secs = measure(1);
    printRow(b, '', secs);
    if (steady !== null) {
      const big = measure(steady);
      const marginal = Object.fromEntries(MODES.map((m) => [m, (big[m] - secs[m]) / (steady - 1)])) as Record<Mode, number>;
      printRow(b, `x${steady} `, big);
      printRow(b, 'steady ', marginal);
    }
    for (const n of [...new Set(notes)]) console.log(`  ! ${n}`);
    const { native: nat, 'qemu-user': qu, 'qemu-ts': ts, 'qemu-ts+bypass': by } = secs;
    groups.push({ label: b.name, values: [qu / nat, ts / nat, by / nat] });
  }
  const svg = options.svg ?? packagePath('docs', `bench-${target.name}.svg`);
  writeFileSync(svg, barChartSvg(`qemu-ts vs qemu-user, ${target.name} guest (time relative to native, lower is better)`, 'time / native',
    [{ name: 'qemu-user', color: '#888' }, { name: 'qemu-ts', color: '#d62' }, { name: 'qemu-ts + bypass', color: '#26b' }], groups));
  console.log(`chart: ${svg}`);
});
