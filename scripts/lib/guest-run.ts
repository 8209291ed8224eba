// Runs a guest program natively (host build), under Debian's qemu-user, or under qemu-ts
// (optionally with native bypass), capturing output and wall time.
import { spawnSync } from 'node:child_process';
import { packagePath } from '../../runtime/package-root.js';
import type { Target } from '../../runtime/targets.js';

export type Mode = 'native' | 'qemu-user' | 'qemu-ts' | 'qemu-ts+bypass';

export interface RunResult { stdout: string; stderr: string; status: number | null; seconds: number }

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

export function qemuTsCommand(target: Target): string[] {
  return [process.execPath, packagePath('out', 'runtime', 'cli', 'bin', `qemu-ts-${target.name}.js`)];
}

export function commandFor(spec: RunSpec): string[] {
  const sysroot = ['-L', `/usr/${spec.target.triple}`];
  switch (spec.mode) {
    case 'native': return [spec.program, ...spec.args];
    case 'qemu-user': return [spec.target.qemuUser, ...sysroot, spec.program, ...spec.args];
    case 'qemu-ts': return [...qemuTsCommand(spec.target), ...sysroot, ...(spec.qemuTsOptions ?? []), spec.program, ...spec.args];
    case 'qemu-ts+bypass':
      if (!spec.libnative) throw new Error('qemu-ts+bypass needs a libnative.so');
      return [...qemuTsCommand(spec.target), ...sysroot, '--native-bypass', spec.libnative, ...(spec.qemuTsOptions ?? []), spec.program, ...spec.args];
  }
}

export function runGuest(spec: RunSpec): RunResult {
  const [cmd, ...args] = commandFor(spec);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd!, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { stdout: r.stdout ?? '', stderr: r.stderr ?? '', status: r.status, seconds };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
