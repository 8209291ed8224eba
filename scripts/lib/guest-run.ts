// Runs a guest program natively (host build), under Debian's qemu-user, or under qemu-ts
// (optionally with native bypass), capturing output, wall time and CPU time.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packagePath } from '../../runtime/package-root.js';
import { launcherNodeFlags } from '../../runtime/cli/launcher-flags.js';
import type { Target } from '../../runtime/targets.js';

export type Mode = 'native' | 'qemu-user' | 'qemu-ts' | 'qemu-ts+bypass';

export interface RunResult {
  stdout: string;
  stderr: string;
  status: number | null;
  /** Wall-clock seconds. */
  seconds: number;
  /** User + system CPU seconds of the process and its children (what a loaded machine distorts least). */
  cpuSeconds: number;
}

export interface RunSpec {
  target: Target;
  mode: Mode;
  /** The guest binary (or the host binary for 'native'). */
  program: string;
  args: readonly string[];
  /** libnative.so for 'qemu-ts+bypass'. */
  libnative?: string;
  /** Extra qemu-ts options, e.g. ['-d', 'native']. */
  qemuTsOptions?: readonly string[];
}

/**
 * qemu-user options that make it the CPU the frontend implements: qemu-arm's default CPU is `max`
 * (ARMv8's AArch32: AT_PLATFORM v8l, ARMv8 hwcaps); the ARM frontend is an ARMv7-A Cortex-A15.
 */
export function qemuUserCpuArgs(target: Target): string[] {
  return target.name === 'arm' ? ['-cpu', 'cortex-a15'] : [];
}

export function qemuTsCommand(target: Target): string[] {
  const launcher = packagePath('out', 'runtime', 'cli', 'bin', `qemu-ts-${target.name}.js`);
  return [process.execPath, ...launcherNodeFlags(launcher), launcher];
}

export function commandFor(spec: RunSpec): string[] {
  const sysroot = ['-L', `/usr/${spec.target.triple}`];
  switch (spec.mode) {
    case 'native': return [spec.program, ...spec.args];
    case 'qemu-user': return [spec.target.qemuUser, ...qemuUserCpuArgs(spec.target), ...sysroot, spec.program, ...spec.args];
    case 'qemu-ts': return [...qemuTsCommand(spec.target), ...sysroot, ...(spec.qemuTsOptions ?? []), spec.program, ...spec.args];
    case 'qemu-ts+bypass':
      if (!spec.libnative) throw new Error('qemu-ts+bypass needs a libnative.so');
      return [...qemuTsCommand(spec.target), ...sysroot, '--native-bypass', spec.libnative, ...(spec.qemuTsOptions ?? []), spec.program, ...spec.args];
  }
}

/**
 * bash's `time` keyword reports the CPU time of the command (Node cannot get a child's rusage);
 * its report goes to a file while the command's stderr stays its own.
 */
const TIMED = 'TIMEFORMAT="%3U %3S"; out=$1; shift; { time "$@" 2>&4; } 4>&2 2>"$out"';

export function runGuest(spec: RunSpec): RunResult {
  const dir = mkdtempSync(join(tmpdir(), 'qemu-ts-run-'));
  const report = join(dir, 'time');
  try {
    const t0 = process.hrtime.bigint();
    const r = spawnSync('bash', ['-c', TIMED, 'bash', report, ...commandFor(spec)], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    // The last line: bash reports a signal death on the same stream just before it.
    const [user = 0, sys = 0] = readFileSync(report, 'utf8').trim().split('\n').pop()!.split(/\s+/).map(Number);
    return { stdout: r.stdout ?? '', stderr: r.stderr ?? '', status: r.status, seconds, cpuSeconds: user + sys };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
