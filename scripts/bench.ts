// npm run bench -- [--target aarch64|mips|mipsel|mips64|mips64el] [--runs N] [--only a,b] [--scale F] [--svg FILE] [--clock cpu|wall]
// Runs each benchmark natively, under qemu-user, under qemu-ts and under qemu-ts with native
// bypass, N times each, and prints medians and ratios measured in this one run. The clock is
// CPU time (user + system) by default: on a machine shared with other work, wall time mostly
// measures the neighbours.
import { writeFileSync } from 'node:fs';
import { packagePath } from '../runtime/package-root.js';
import { barChartSvg } from './lib/bar-chart.js';
import { parseTargetArgs, runMain, UsageError } from './lib/cli.js';
import { compileGuest, compileHost } from './lib/guest-build.js';
import { median, runGuest, type Mode } from './lib/guest-run.js';
import { buildLibnative } from './lib/libnative-build.js';

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

runMain(async () => {
  const { targets, options } = parseTargetArgs(process.argv.slice(2), ['runs', 'only', 'scale', 'svg', 'clock']);
  const clock = options.clock ?? 'cpu';
  if (clock !== 'cpu' && clock !== 'wall') throw new UsageError('--clock takes cpu or wall');
  const target = targets.length === 1 ? targets[0]! : targets.find((t) => t.name === 'aarch64')!;
  const runs = Number(options.runs ?? 3);
  if (!(runs >= 1)) throw new UsageError('--runs takes a positive number');
  // --scale shrinks (or grows) every benchmark's size argument, for quick runs on slower targets.
  const scale = Number(options.scale ?? 1);
  if (!(scale > 0)) throw new UsageError('--scale takes a positive number');
  const only = options.only?.split(',');
  const benches = BENCHMARKS.filter((b) => !only || only.includes(b.name));
  const libnative = await buildLibnative(target);
  console.log(`qemu-ts benchmarks, target ${target.name}, ${runs} run(s) each${scale === 1 ? '' : `, sizes x${scale}`}, medians of ${clock === 'cpu' ? 'CPU' : 'wall-clock'} seconds`);
  console.log(`${'program'.padEnd(14)} ${'kind'.padEnd(8)} ${MODES.map((m) => m.padStart(15)).join(' ')}   ts/native ts/qemu bypass-speedup bypass/qemu bypass/native`);
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
    const secs: Record<string, number> = {};
    let expected: string | null = null;
    const notes: string[] = [];
    for (const mode of MODES) {
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        const args = b.args.map((a) => String(Math.max(1, Math.round(Number(a) * scale))));
        const r = runGuest({ target, mode, program: programs[mode], args, libnative });
        if (r.status !== 0) notes.push(`${mode} exit ${r.status}: ${r.stderr.trim().split('\n')[0]}`);
        expected ??= r.stdout;
        if (r.stdout !== expected) notes.push(`${mode} output differs`);
        times.push(clock === 'cpu' ? r.cpuSeconds : r.seconds);
      }
      secs[mode] = median(times);
    }
    const ts = secs['qemu-ts']!, by = secs['qemu-ts+bypass']!, nat = secs.native!, qu = secs['qemu-user']!;
    const ratios = [ts / nat, ts / qu, ts / by, by / qu, by / nat];
    console.log(`${b.name.padEnd(14)} ${b.kind.padEnd(8)} ${MODES.map((m) => secs[m]!.toFixed(3).padStart(15)).join(' ')}   ${ratios.map((r, i) => r.toFixed(2).padStart([9, 7, 14, 11, 13][i]!)).join(' ')}`);
    for (const n of [...new Set(notes)]) console.log(`  ! ${n}`);
    groups.push({ label: b.name, values: [qu / nat, ts / nat, by / nat] });
  }
  const svg = options.svg ?? packagePath('docs', `bench-${target.name}.svg`);
  writeFileSync(svg, barChartSvg(`qemu-ts vs qemu-user, ${target.name} guest (time relative to native, lower is better)`, 'time / native',
    [{ name: 'qemu-user', color: '#888' }, { name: 'qemu-ts', color: '#d62' }, { name: 'qemu-ts + bypass', color: '#26b' }], groups));
  console.log(`chart: ${svg}`);
});
