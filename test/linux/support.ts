// Helpers for the Linux-layer tests: cross-compile guest programs from test/guest/linux and run
// them under qemu-ts-aarch64, from sources (tsx) or from the compiled tree in out/.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { compileGuest } from '../../scripts/lib/guest-build.js';
import { packageRoot } from '../../runtime/package-root.js';
import { findTarget, type Target } from '../../runtime/targets.js';

export const root = packageRoot(import.meta.url);
export const aarch64 = findTarget('aarch64') as Target;

const fromSources = import.meta.url.endsWith('.ts');

export function hasCrossCompiler(target: Target = aarch64): boolean {
  return spawnSync(`${target.triple}-gcc`, ['--version'], { stdio: 'ignore' }).status === 0;
}

export const SKIP_NO_GCC = hasCrossCompiler() ? false : 'aarch64-linux-gnu-gcc is not installed';

export function guestProgram(name: string, opts: { static?: boolean } = {}): string {
  return compileGuest(aarch64, join(root, 'test', 'guest', 'linux', `${name}.c`), { static: opts.static, variant: 'linux' });
}

export function cliPath(target: string): string {
  return fromSources ? join(root, 'runtime', 'cli', 'bin', `qemu-ts-${target}.ts`) : join(root, 'out', 'runtime', 'cli', 'bin', `qemu-ts-${target}.js`);
}

export interface RunOptions {
  target?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  input?: string;
}

/** node's arguments for `qemu-ts-<target> args...`, the way its shebang runs it. */
export function qemuTsArgs(args: string[], target = 'aarch64'): string[] {
  return ['--single-threaded', ...(fromSources ? ['--import', 'tsx'] : []), cliPath(target), ...args];
}

/** Run `qemu-ts-<target> args...` the way its shebang does. */
export function qemuTs(args: string[], opts: RunOptions = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, qemuTsArgs(args, opts.target), {
    encoding: 'utf8', env: opts.env ?? process.env, cwd: opts.cwd, input: opts.input, timeout: 120_000,
  });
}

/** The reference: Debian's qemu-user, when installed. */
export function qemuUser(args: string[]): SpawnSyncReturns<string> | null {
  if (!existsSync('/usr/bin/qemu-aarch64')) return null;
  return spawnSync('qemu-aarch64', ['-L', `/usr/${aarch64.triple}`, ...args], { encoding: 'utf8', timeout: 60_000 });
}
