// Helpers for the Linux-layer tests: cross-compile guest programs from test/guest/linux and run
// them under qemu-ts-<target>, from sources (tsx) or from the compiled tree in out/.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { join } from 'node:path';
import { compileGuest } from '../../scripts/lib/guest-build.js';
import { onPath } from '../../scripts/lib/toolchains.js';
import { launcherNodeFlags } from '../../runtime/cli/launcher-flags.js';
import { packageRoot } from '../../runtime/package-root.js';
import { findTarget, type Target, type TargetName } from '../../runtime/targets.js';

export const root = packageRoot(import.meta.url);
export const aarch64 = findTarget('aarch64') as Target;

const fromSources = import.meta.url.endsWith('.ts');

/** What a guest observes that differs between targets (kernel facts, checked against qemu-user). */
export interface TargetFacts {
  target: Target;
  /** PT_INTERP of Debian's cross gcc's dynamic programs. */
  ldso: string;
  /** uname().machine */
  machine: string;
  /** AT_PLATFORM as printf("%s") shows it; MIPS kernels pass none. */
  platform: string;
  /** Bit 0 of AT_HWCAP (aarch64 HWCAP_FP; MIPS has no bits for MIPS32r2/MIPS64r2). */
  hwcapBit0: number;
  /** Integer division by zero in C: a SIGFPE death (MIPS, via gcc's trap) or a quotient of 0. */
  divZeroTraps: boolean;
  /** SIGUSR1's number. */
  sigusr1: number;
}

const FACTS: readonly (Omit<TargetFacts, 'target'> & { name: TargetName })[] = [
  { name: 'aarch64', ldso: '/lib/ld-linux-aarch64.so.1', machine: 'aarch64', platform: 'aarch64', hwcapBit0: 1, divZeroTraps: false, sigusr1: 10 },
  { name: 'mips', ldso: '/lib/ld.so.1', machine: 'mips', platform: '(null)', hwcapBit0: 0, divZeroTraps: true, sigusr1: 16 },
  { name: 'mipsel', ldso: '/lib/ld.so.1', machine: 'mips', platform: '(null)', hwcapBit0: 0, divZeroTraps: true, sigusr1: 16 },
  { name: 'mips64', ldso: '/lib64/ld.so.1', machine: 'mips64', platform: '(null)', hwcapBit0: 0, divZeroTraps: true, sigusr1: 16 },
  { name: 'mips64el', ldso: '/lib64/ld.so.1', machine: 'mips64', platform: '(null)', hwcapBit0: 0, divZeroTraps: true, sigusr1: 16 },
];

/** The targets with a Linux layer, each with its facts. */
export const LINUX_TARGETS: readonly TargetFacts[] = FACTS.map(({ name, ...f }) => ({ target: findTarget(name) as Target, ...f }));

export function hasCrossCompiler(target: Target = aarch64): boolean {
  return spawnSync(`${target.triple}-gcc`, ['--version'], { stdio: 'ignore' }).status === 0;
}

export function skipNoGcc(target: Target): false | string {
  return hasCrossCompiler(target) ? false : `${target.triple}-gcc is not installed`;
}

export const SKIP_NO_GCC = skipNoGcc(aarch64);

export function guestProgram(name: string, opts: { static?: boolean; target?: Target } = {}): string {
  return compileGuest(opts.target ?? aarch64, join(root, 'test', 'guest', 'linux', `${name}.c`), { static: opts.static, variant: 'linux' });
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

/** The command line that starts `qemu-ts-<target>` the way its shebang does. */
export function qemuTsCommand(target: string): string[] {
  const cli = cliPath(target);
  return [process.execPath, ...launcherNodeFlags(cli), ...(fromSources ? ['--import', 'tsx'] : []), cli];
}

/** Run `qemu-ts-<target> args...`. */
export function qemuTs(args: string[], opts: RunOptions = {}): SpawnSyncReturns<string> {
  const [node, ...nodeArgs] = qemuTsCommand(opts.target ?? 'aarch64');
  return spawnSync(node!, [...nodeArgs, ...args], {
    encoding: 'utf8', env: opts.env ?? process.env, cwd: opts.cwd, input: opts.input, timeout: 120_000, maxBuffer: 1 << 28,
  });
}

/** The reference: Debian's qemu-user, when installed. */
export function qemuUser(args: string[], target: Target = aarch64): SpawnSyncReturns<string> | null {
  if (!onPath(target.qemuUser)) return null;
  return spawnSync(target.qemuUser, ['-L', `/usr/${target.triple}`, ...args], { encoding: 'utf8', timeout: 60_000 });
}
