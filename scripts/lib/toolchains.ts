// Which Debian packages each target's toolchain needs, which are missing, and installing them
// with apt-get (as root). Used by setup-toolchains, build-libnative and the test runner.
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Target } from '../../runtime/targets.js';

export interface ToolchainStatus {
  target: Target;
  /** The cross compiler command, `<triple>-gcc`. */
  compiler: string;
  compilerFound: boolean;
  /** Debian packages still to install for this target (compiler, libc sysroot, qemu-user, host tools). */
  missingPackages: string[];
}

export class ToolchainMissingError extends Error {}

/**
 * Host tools besides the compilers, each with the Debian package that has it: cmake builds
 * libnative; qemu-user (one emulator per target, see toolchainStatus) is the reference the tests
 * and benchmarks compare qemu-ts against; the tests also package libnative (dpkg-deb), read ELF
 * files (readelf), drive guests on a pseudo-terminal (script) and unpack Debian sysroots
 * (apt-get, dpkg-architecture, tar); `npm run bench -- --suite real` reads peak RSS from GNU time;
 * the binfmt_misc interpreter (runtime/cli/binfmt/shim.c) is built with the host's cc; lintian
 * checks the Debian packages.
 */
const HOST_TOOLS: readonly { pkg: string; command: string }[] = [
  { pkg: 'cmake', command: 'cmake' },
  { pkg: 'dpkg', command: 'dpkg-deb' },
  { pkg: 'dpkg-dev', command: 'dpkg-architecture' },
  { pkg: 'apt', command: 'apt-get' },
  { pkg: 'tar', command: 'tar' },
  { pkg: 'binutils', command: 'readelf' },
  { pkg: 'bsdutils', command: 'script' },
  { pkg: 'time', command: 'time' },
  { pkg: 'gcc', command: 'cc' },
  { pkg: 'lintian', command: 'lintian' },
];

export function compilerCommand(target: Target): string {
  return `${target.triple}-gcc`;
}

/** Debian packages of a target's toolchain; the host's gcc and libc6-dev serve its own arch. */
function toolchainPackages(target: Target): { compiler: string; libc: string } {
  return { compiler: target.gccPackage ?? 'gcc', libc: target.libcPackage ?? 'libc6-dev' };
}

export function onPath(command: string): boolean {
  return (process.env['PATH'] ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function packageInstalled(pkg: string): boolean {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

/** What the packages are for: building libnative only, or also testing and benchmarking. */
export type ToolchainScope = 'libnative' | 'all';

/** The host tools a scope needs: building libnative needs cmake only. */
const hostToolsFor = (scope: ToolchainScope) => (scope === 'libnative' ? HOST_TOOLS.filter((t) => t.pkg === 'cmake') : HOST_TOOLS);

export function toolchainStatus(target: Target, scope: ToolchainScope = 'all'): ToolchainStatus {
  const compiler = compilerCommand(target);
  const compilerFound = onPath(compiler);
  const pkgs = toolchainPackages(target);
  const missingPackages = [
    ...(compilerFound ? [] : [pkgs.compiler]),
    ...(packageInstalled(pkgs.libc) ? [] : [pkgs.libc]),
    ...(scope === 'all' && !onPath(target.qemuUser) ? ['qemu-user'] : []),
    ...hostToolsFor(scope).filter((t) => !onPath(t.command)).map((t) => t.pkg),
  ];
  return { target, compiler, compilerFound, missingPackages };
}

export function missingCompilerMessage(target: Target): string {
  const pkg = toolchainPackages(target).compiler;
  return `${compilerCommand(target)} not found: install the Debian package ${pkg} (as root: npm run setup:toolchains -- --target ${target.name}, or apt-get install ${pkg})`;
}

function aptGet(args: string[]): void {
  const r = spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (r.error) throw new ToolchainMissingError(`apt-get ${args.join(' ')} could not be run: ${r.error.message}`);
  if (r.status !== 0) throw new ToolchainMissingError(`apt-get ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

/**
 * Checks the toolchains of `targets`; with install, apt-gets what is missing (one
 * `apt-get update`, one install, nothing at all when everything is present). Without install,
 * or when not root, throws ToolchainMissingError naming the packages and the command.
 */
export function ensureToolchains(targets: readonly Target[], options: { install: boolean; scope?: ToolchainScope; log?: (line: string) => void }): ToolchainStatus[] {
  const log = options.log ?? (() => {});
  const status = (t: Target): ToolchainStatus => toolchainStatus(t, options.scope);
  const before = targets.map(status);
  const missing = [...new Set(before.flatMap((s) => s.missingPackages))].sort();
  if (missing.length === 0) {
    log(`toolchains present for ${targets.map((t) => t.name).join(', ')}`);
    return before;
  }
  const command = `apt-get install ${missing.join(' ')}`;
  if (!options.install) throw new ToolchainMissingError(`missing Debian packages: ${missing.join(' ')} (run npm run setup:toolchains as root, or ${command})`);
  if (process.getuid?.() !== 0) throw new ToolchainMissingError(`installing ${missing.join(' ')} needs root: sudo ${command}`);
  log(`installing ${missing.join(' ')}`);
  try {
    aptGet(['update']);
    aptGet(['install', '-y', '--no-install-recommends', ...missing]);
  } catch (e) {
    throw new ToolchainMissingError(`missing Debian packages: ${missing.join(' ')}; installing them failed: ${(e as Error).message}`);
  }
  const after = targets.map(status);
  const still = [...new Set(after.flatMap((s) => s.missingPackages))];
  if (still.length > 0) throw new ToolchainMissingError(`still missing after apt-get install: ${still.join(' ')}`);
  return after;
}
