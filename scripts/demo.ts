// npm run demo: the main job end to end. Builds libnative.so for aarch64, cross-compiles a
// string-heavy guest program, runs it under qemu-ts without and with --native-bypass, and
// prints both timings, the speedup and the bypass call statistics (from a third run with -d native:
// statistics switch the host functions to their instrumented JS versions, so they are not timed).
import { findTarget } from '../runtime/targets.js';
import { packagePath } from '../runtime/package-root.js';
import { runMain } from './lib/cli.js';
import { compileGuest } from './lib/guest-build.js';
import { commandFor, runGuest, type RunSpec } from './lib/guest-run.js';
import { buildLibnative } from './lib/libnative-build.js';
import { ensureToolchains } from './lib/toolchains.js';

runMain(async () => {
  const target = findTarget('aarch64')!;
  ensureToolchains([target], { install: process.getuid?.() === 0, log: (l) => console.log(`setup: ${l}`) });
  console.log('1. building libnative.so for aarch64');
  const libnative = await buildLibnative(target, { log: (l) => console.log(`   ${l}`) });
  console.log('2. cross-compiling test/guest/bench/strops.c with aarch64-linux-gnu-gcc');
  const program = compileGuest(target, packagePath('test', 'guest', 'bench', 'strops.c'));
  // The benchmark's default size: long enough that start-up (about 0.3 s) does not hide the bypass.
  const base: RunSpec = { target, mode: 'qemu-ts', program, args: ['200'], libnative };
  const runs: [string, RunSpec][] = [
    ['without bypass', base],
    ['with bypass', { ...base, mode: 'qemu-ts+bypass' }],
    ['with bypass and its statistics (-d native)', { ...base, mode: 'qemu-ts+bypass', qemuTsOptions: ['-d', 'native'] }],
  ];
  const seconds: number[] = [];
  const outputs: string[] = [];
  for (const [i, [label, spec]] of runs.entries()) {
    console.log(`${i + 3}. ${label}: ${commandFor(spec).slice(1).join(' ')}`);
    const r = runGuest(spec);
    if (r.status !== 0) throw new Error(`guest run ${label} failed (exit ${r.status}): ${r.stderr.trim().split('\n').pop()}`);
    process.stdout.write(r.stdout.replace(/^(?=.)/gm, '   guest: '));
    if (r.stderr) process.stdout.write(r.stderr.replace(/^(?=.)/gm, '   '));
    console.log(`   ${r.seconds.toFixed(2)} s`);
    seconds.push(r.seconds);
    outputs.push(r.stdout);
  }
  if (outputs.some((o) => o !== outputs[0])) throw new Error('the guest printed different output with and without bypass');
  console.log(`speedup from native bypass: ${(seconds[0]! / seconds[1]!).toFixed(1)}x (same output both ways)`);
});
