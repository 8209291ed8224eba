// Helpers for the Linux-layer tests: cross-compile guest programs from test/guest/linux, run
// them under qemu-ts-<target> (from sources with tsx, or from the compiled tree in out/) and
// compare them with Debian's qemu-user, the reference.
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { join } from 'node:path';
import { ARM_GUEST_TESTS } from '../../scripts/lib/arm-guest-tests.js';
import { compileGuest } from '../../scripts/lib/guest-build.js';
import { qemuUserCpuArgs } from '../../scripts/lib/guest-run.js';
import { onPath } from '../../scripts/lib/toolchains.js';
import { launcherNodeFlags } from '../../runtime/cli/launcher-flags.js';
import { IR_VALIDATE_ENV } from '../../runtime/ir/validate.js';
import { packageRoot } from '../../runtime/package-root.js';
import { findTarget, type Target, type TargetName } from '../../runtime/targets.js';

export const root = packageRoot(import.meta.url);
// Guest runs validate the IR of every block they translate, as under npm test.
process.env[IR_VALIDATE_ENV] ??= '1';
// npm test gives the runs a code cache of its own (scripts/run-tests.ts); a test file run alone
// runs without one rather than write into the user's ~/.cache.
if (process.env.QEMU_TS_CACHE_DIR === undefined) process.env.QEMU_TS_CACHE ??= '0';
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
  /** Integer division by zero in C: a SIGFPE death (MIPS via gcc's trap, armhf via libgcc) or a quotient of 0. */
  divZeroTraps: boolean;
  /** SIGUSR1's number. */
  sigusr1: number;
  /** SIGCHLD's number. */
  sigchld: number;
}

const FACTS: readonly (Omit<TargetFacts, 'target'> & { name: TargetName })[] = [
  { name: 'aarch64', ldso: '/lib/ld-linux-aarch64.so.1', machine: 'aarch64', platform: 'aarch64', hwcapBit0: 1, divZeroTraps: false, sigusr1: 10, sigchld: 17 },
  { name: 'mips', ldso: '/lib/ld.so.1', machine: 'mips', platform: '(null)', hwcapBit0: 0, divZeroTraps: true, sigusr1: 16, sigchld: 18 },
  { name: 'mipsel', ldso: '/lib/ld.so.1', machine: 'mips', platform: '(null)', hwcapBit0: 0, divZeroTraps: true, sigusr1: 16, sigchld: 18 },
  { name: 'mips64', ldso: '/lib64/ld.so.1', machine: 'mips64', platform: '(null)', hwcapBit0: 0, divZeroTraps: true, sigusr1: 16, sigchld: 18 },
  { name: 'mips64el', ldso: '/lib64/ld.so.1', machine: 'mips64', platform: '(null)', hwcapBit0: 0, divZeroTraps: true, sigusr1: 16, sigchld: 18 },
  // armhf: gcc divides through __aeabi_idiv, whose division by zero raises SIGFPE (libgcc's
  // __aeabi_idiv0 on Linux).
  ...(ARM_GUEST_TESTS ? [{ name: 'arm' as const, ldso: '/lib/ld-linux-armhf.so.3', machine: 'armv7l', platform: 'v7l', hwcapBit0: 0, divZeroTraps: true, sigusr1: 10, sigchld: 17 }] : []),
];

/** The targets with a Linux layer, each with its facts. */
export const LINUX_TARGETS: readonly TargetFacts[] = FACTS.map(({ name, ...f }) => ({ target: findTarget(name) as Target, ...f }));

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
  /** Milliseconds before the run is killed (default 120 s). */
  timeout?: number;
}

/**
 * A fixed environment for guest programs (same output under qemu-ts and qemu-user), with the
 * code-cache settings of the run (npm test's own cache directory, no warmer) so that a fixed
 * HOME does not send qemu-ts to a cache under it.
 */
export function fixedGuestEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  const cache = Object.fromEntries(['QEMU_TS_CACHE', 'QEMU_TS_CACHE_DIR', 'QEMU_TS_CACHE_WARM'].flatMap((k) => (process.env[k] === undefined ? [] : [[k, process.env[k]]])));
  return { ...vars, ...cache };
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
    encoding: 'utf8', env: opts.env ?? process.env, cwd: opts.cwd, input: opts.input, timeout: opts.timeout ?? 120_000, maxBuffer: 1 << 28,
  });
}

/**
 * The reference: Debian's qemu-user running `args` (program first) with the target's Debian
 * cross sysroot. Throws when qemu-user is not installed: every comparison needs it.
 */
export function qemuUser(args: string[], target: Target = aarch64, opts: RunOptions = {}): SpawnSyncReturns<string> {
  if (!onPath(target.qemuUser)) throw new Error(`${target.qemuUser} not found: qemu-user is the reference the tests compare with (apt-get install qemu-user)`);
  const r = spawnSync(target.qemuUser, [...qemuUserCpuArgs(target), '-L', `/usr/${target.triple}`, ...args], {
    encoding: 'utf8', env: opts.env ?? process.env, cwd: opts.cwd, input: opts.input, timeout: opts.timeout ?? 120_000, maxBuffer: 1 << 28,
  });
  if (r.error) throw new Error(`${target.qemuUser} ${args.join(' ')}: ${r.error.message}`);
  return r;
}

/** Output lines allowed to differ from qemu-user's, and why. */
export interface LineExemption {
  pattern: RegExp;
  why: string;
}

export interface QemuUserComparison extends RunOptions {
  /** Options only qemu-ts takes (--native-bypass, --jit-threshold), put before `args`. */
  qemuTsOptions?: string[];
  /**
   * What qemu-user runs instead of `args`, when it must be told the same thing another way (a
   * program path qemu-ts looks up under -L first while qemu-user takes it as a host path).
   */
  qemuUserArgs?: string[];
  /**
   * Lines matching these are left out of both outputs before they are compared. Each must match
   * some line, and the matching lines must still differ: a stale exemption fails. (The guest
   * programs print no pids, times or addresses, so nothing differs by chance.)
   */
  exemptLines?: readonly LineExemption[];
  /** qemu-user ends another way (exit status or signal) and why; checked, so a fixed qemu-user is noticed. */
  exemptEnd?: { qemuUser: number | NodeJS.Signals; why: string };
  /**
   * A known gap of qemu-ts, and why: the run must differ from qemu-user's (stdout or end), and
   * fails once it no longer does, so that the gap is taken off the list.
   */
  knownGap?: string;
}

function ending(r: SpawnSyncReturns<string>): number | NodeJS.Signals | null {
  return r.signal ?? r.status;
}

/**
 * Runs `args` (the program and its arguments, possibly after emulator options both accept, such
 * as -0, -E, -U, -strace) under qemu-ts and under qemu-user for `target`, and asserts the same
 * stdout and the same end (exit status or signal), but for the declared exemptions. Returns
 * qemu-ts's result for the test's own exact assertions.
 */
export function expectSameAsQemuUser(target: Target, args: string[], opts: QemuUserComparison = {}): SpawnSyncReturns<string> {
  const { qemuTsOptions = [], qemuUserArgs = args, exemptLines = [], exemptEnd, knownGap, ...run } = opts;
  const got = qemuTs([...qemuTsOptions, ...args], { ...run, target: target.name });
  const ref = qemuUser(qemuUserArgs, target, run);
  const what = `${target.name} ${args.map((a) => a.split('/').pop()).join(' ')}`;
  if (knownGap !== undefined) {
    const same = got.stdout === ref.stdout && ending(got) === ending(ref);
    assert.ok(!same, `${what}: known gap (${knownGap}) now matches qemu-user: remove it from the list`);
    return got;
  }
  const lines = (s: string) => s.split('\n');
  for (const { pattern, why } of exemptLines) {
    const mine = lines(got.stdout).filter((l) => pattern.test(l));
    const theirs = lines(ref.stdout).filter((l) => pattern.test(l));
    assert.ok(mine.length + theirs.length > 0, `${what}: exemption ${pattern} (${why}) matches no line: remove it`);
    assert.notDeepEqual(mine, theirs, `${what}: exemption ${pattern} (${why}): qemu-ts and qemu-user now agree: remove it`);
  }
  const kept = (s: string) => lines(s).filter((l) => !exemptLines.some((e) => e.pattern.test(l))).join('\n');
  assert.equal(kept(got.stdout), kept(ref.stdout), `${what}: stdout differs from qemu-user's (qemu-ts stderr: ${got.stderr.slice(0, 2000)})`);
  if (exemptEnd) {
    assert.equal(ending(ref), exemptEnd.qemuUser, `${what}: qemu-user was expected to end with ${exemptEnd.qemuUser} (${exemptEnd.why}): remove the exemption`);
    assert.notEqual(ending(got), exemptEnd.qemuUser, `${what}: qemu-ts now ends like qemu-user (${exemptEnd.why}): remove the exemption`);
  } else {
    assert.equal(ending(got), ending(ref), `${what}: exit status or signal differs from qemu-user's (qemu-ts stderr: ${got.stderr.slice(0, 2000)})`);
  }
  return got;
}
