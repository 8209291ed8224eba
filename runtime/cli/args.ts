// qemu-user style command line: `qemu-ts-<target> [options] program [args...]`, plus the
// QEMU_* environment variables qemu-user reads.
import fs from 'node:fs';
import path from 'node:path';
import { libnativeSearchPath } from '../libnative/locations.js';
import type { Target } from '../targets.js';

export class UsageError extends Error {}

export interface CliOptions {
  help: boolean;
  version: boolean;
  ldPrefix: string | null;
  setEnv: Map<string, string>;
  unsetEnv: Set<string>;
  argv0: string | null;
  strace: boolean;
  logCategories: Set<string>;
  logFile: string | null;
  logAppend: boolean;
  nativeBypass: string | null;
  /** `--native-bypass auto` chose nativeBypass from libnativeSearchPath. */
  nativeBypassFound: boolean;
  jitThreshold: number | undefined;
  optThreshold: number | undefined;
  syscallCoverage: string | null;
  /** Directory of the persistent code cache, or null for none (--no-cache, QEMU_TS_CACHE=0). */
  cacheDir: string | null;
  /** Bound on the cache directory's size in bytes. */
  cacheMax: number;
  /** Run as the cache warmer of this job file instead of a guest (started by qemu-ts itself). */
  warmJob: string | null;
  /** Run the cache warmer at exit (--no-cache-warm, QEMU_TS_CACHE_WARM=0 turn it off). */
  cacheWarm: boolean;
  /** --cache-compile: compile the cache's saved modules with TurboFan and keep their code, instead of running a program. */
  cacheCompile: boolean;
  /** --exec-fd: the program is open on this descriptor (binfmt_misc flag O, set by the binfmt shim). */
  execFd: number | null;
  /** --inherited-fds: the descriptors above stderr our exec'er passed on (a guest execve, the binfmt shim). */
  inheritedFds: number[] | null;
  program: string | null;
  args: string[];
}

/** Options that take a value, by every spelling accepted. */
const WITH_VALUE = new Set(['-L', '-E', '-U', '-0', '-d', '-D', '--native-bypass', '-native-bypass', '--jit-threshold', '-jit-threshold', '--opt-threshold', '-opt-threshold', '--syscall-coverage', '--exec-fd', '--inherited-fds', '--cache-dir', '--cache-max', '--warm-cache']);

export const USAGE = (name: string, target: Target) => `usage: ${name} [options] program [arguments...]
Linux ${target.name} user-mode emulation (qemu-user compatible options)

Options and environment variables:
  -h                    print this help and exit
  -version              print the version and exit
  -L path               guest sysroot for the ELF interpreter and libraries  (QEMU_LD_PREFIX)
                        default: the first of ${defaultSysroots(target).join(', ')} that exists
  -E var=value          set a variable in the guest environment (repeatable)  (QEMU_SET_ENV=var=value,...)
  -U var                remove a variable from the guest environment (repeatable) (QEMU_UNSET_ENV=var,...)
  -0 argv0              guest argv[0] (default: program)                       (QEMU_ARGV0)
  -strace               log system calls to stderr                             (QEMU_STRACE)
  -d item[,...]         log categories: strace, exec, jit, stats, in_asm, native (QEMU_LOG)
                        ir-validate: check every translated block's IR (docs/ir.md)
  -D logfile            write -d/-strace output to logfile                     (QEMU_LOG_FILENAME)
  --native-bypass PATH  preload the libnative.so at PATH and run its mem*/str* functions
                        on the host                                            (QEMU_TS_NATIVE_BYPASS)
                        auto: the first of ${libnativeSearchPath(target).join(', ')}
  --jit-threshold N     block executions before compiling to WebAssembly (0 = at once)
                                                                               (QEMU_TS_JIT_THRESHOLD)
  --opt-threshold N     entries and loop iterations of baseline-compiled code before it is
                        compiled again, optimised (0 = optimise at once)       (QEMU_TS_OPT_THRESHOLD)
  --no-cache            do not read or write the persistent code cache (docs/code-cache.md)
                                                                               (QEMU_TS_CACHE=0)
  --cache-dir DIR       the code cache's directory                             (QEMU_TS_CACHE_DIR)
                        default: $XDG_CACHE_HOME/qemu-ts, else ~/.cache/qemu-ts
  --cache-max SIZE      bound on its size, bytes or with K/M/G (default 512M)  (QEMU_TS_CACHE_MAX)
  --no-cache-warm       at exit, do not compile the rest of the code run for the cache in a
                        background process (docs/code-cache.md)             (QEMU_TS_CACHE_WARM=0)
  --cache-compile       compile the modules the cache holds with the optimising compiler and
                        keep their machine code, so that later runs start faster; no program
  --exec-fd N           the program is open on descriptor N (binfmt_misc flag O; the binfmt
                        interpreter passes it)
  --inherited-fds N,... the descriptors above stderr that were passed on to this process
                        (a guest execve and the binfmt interpreter pass them; docs/linux.md)
  --syscall-coverage DIR
                        record in DIR/<target>.<pid> the syscall handlers each
                        process runs (npm run syscall-coverage)   (QEMU_TS_SYSCALL_COVERAGE)
`;

const DEFAULT_CACHE_MAX = 512 << 20;

/** The code cache's directory when neither --cache-dir nor QEMU_TS_CACHE_DIR says (XDG base directories). */
function defaultCacheDir(env: NodeJS.ProcessEnv): string | null {
  if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)) return path.join(env.XDG_CACHE_HOME, 'qemu-ts');
  return env.HOME ? path.join(env.HOME, '.cache', 'qemu-ts') : null;
}

function byteSize(opt: string, v: string): number {
  const m = /^(\d+)([KMG]?)$/i.exec(v);
  if (!m) throw new UsageError(`${opt} needs a size in bytes (optionally with K, M or G), got '${v}'`);
  return Number(m[1]) * 1024 ** ' KMG'.indexOf((m[2] || ' ').toUpperCase());
}

function positiveInt(opt: string, v: string): number {
  if (!/^\d+$/.test(v)) throw new UsageError(`${opt} needs a non-negative integer, got '${v}'`);
  return Number(v);
}

/**
 * Where the guest sysroot is looked for without -L or QEMU_LD_PREFIX, as Debian's qemu-user does
 * for binfmt-started programs: /etc/qemu-binfmt/<qemu's name for the arch>, then the cross sysroot.
 */
export function defaultSysroots(target: Target): string[] {
  return [`/etc/qemu-binfmt/${target.qemuUser.replace(/^qemu-/, '')}`, `/usr/${target.triple}`];
}

/** A comma-separated list (-d, QEMU_LOG, QEMU_SET_ENV, QEMU_UNSET_ENV); empty items are ignored. */
const listOf = (v: string | undefined): string[] => (v ?? '').split(',').filter(Boolean);

function setEnvVar(o: CliOptions, opt: string, assignment: string): void {
  const eq = assignment.indexOf('=');
  if (eq <= 0) throw new UsageError(`${opt} needs var=value, got '${assignment}'`);
  o.setEnv.set(assignment.slice(0, eq), assignment.slice(eq + 1));
  o.unsetEnv.delete(assignment.slice(0, eq));
}

function unsetEnvVar(o: CliOptions, name: string): void {
  o.unsetEnv.add(name);
  o.setEnv.delete(name);
}

/** `--native-bypass auto`: the first libnative.so of the search path, or one line saying where none was. */
export function findLibnative(target: Target, searchPath = libnativeSearchPath(target)): string {
  const found = searchPath.find((f) => fs.existsSync(f));
  if (found === undefined) {
    throw new UsageError(`--native-bypass auto: no libnative.so for ${target.name} at ${searchPath.join(' or ')} ` +
      `(build one with: npm run build:libnative -- --target ${target.name})`);
  }
  return found;
}

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv, target: Target): CliOptions {
  const o: CliOptions = {
    help: false, version: false, ldPrefix: env.QEMU_LD_PREFIX ?? null, setEnv: new Map(), unsetEnv: new Set(),
    argv0: env.QEMU_ARGV0 || null, strace: env.QEMU_STRACE !== undefined, logCategories: new Set(listOf(env.QEMU_LOG)),
    logFile: env.QEMU_LOG_FILENAME ?? null, logAppend: false, nativeBypass: env.QEMU_TS_NATIVE_BYPASS || null, nativeBypassFound: false,
    jitThreshold: env.QEMU_TS_JIT_THRESHOLD ? positiveInt('QEMU_TS_JIT_THRESHOLD', env.QEMU_TS_JIT_THRESHOLD) : undefined,
    optThreshold: env.QEMU_TS_OPT_THRESHOLD ? positiveInt('QEMU_TS_OPT_THRESHOLD', env.QEMU_TS_OPT_THRESHOLD) : undefined,
    syscallCoverage: env.QEMU_TS_SYSCALL_COVERAGE || null, execFd: null, inheritedFds: null, program: null, args: [],
    cacheDir: env.QEMU_TS_CACHE === '0' ? null : env.QEMU_TS_CACHE_DIR || defaultCacheDir(env),
    cacheMax: env.QEMU_TS_CACHE_MAX ? byteSize('QEMU_TS_CACHE_MAX', env.QEMU_TS_CACHE_MAX) : DEFAULT_CACHE_MAX, cacheCompile: false,
    cacheWarm: env.QEMU_TS_CACHE_WARM !== '0', warmJob: null,
  };
  let noCache = false;
  for (const a of listOf(env.QEMU_SET_ENV)) setEnvVar(o, 'QEMU_SET_ENV', a);
  for (const name of listOf(env.QEMU_UNSET_ENV)) unsetEnvVar(o, name);
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      i++;
      break;
    }
    if (!a.startsWith('-') || a === '-') break;
    let value = '';
    if (WITH_VALUE.has(a)) {
      if (i + 1 >= argv.length) throw new UsageError(`option ${a} needs an argument`);
      value = argv[++i];
    }
    switch (a) {
      case '-h': case '-help': case '--help': o.help = true; break;
      case '-version': case '--version': o.version = true; break;
      case '-L': o.ldPrefix = value; break;
      case '-E': setEnvVar(o, '-E', value); break;
      case '-U': unsetEnvVar(o, value); break;
      case '-0': o.argv0 = value; break;
      case '-strace': case '--strace': o.strace = true; break;
      case '-d': for (const c of listOf(value)) o.logCategories.add(c); break;
      case '-D': o.logFile = value; break;
      case '--log-append': o.logAppend = true; break;
      case '--native-bypass': case '-native-bypass': o.nativeBypass = value; break;
      case '--jit-threshold': case '-jit-threshold': o.jitThreshold = positiveInt(a, value); break;
      case '--opt-threshold': case '-opt-threshold': o.optThreshold = positiveInt(a, value); break;
      case '--syscall-coverage': o.syscallCoverage = value; break;
      case '--exec-fd': o.execFd = positiveInt(a, value); break;
      case '--inherited-fds': o.inheritedFds = value === '' ? [] : value.split(',').map((fd) => positiveInt(a, fd)); break;
      case '--no-cache': noCache = true; break;
      case '--cache-dir': o.cacheDir = value; break;
      case '--cache-max': o.cacheMax = byteSize(a, value); break;
      case '--no-cache-warm': o.cacheWarm = false; break;
      case '--warm-cache': o.warmJob = value; break;
      case '--cache-compile': o.cacheCompile = true; break;
      default: throw new UsageError(`unknown option '${a}' (see -h)`);
    }
  }
  if (o.logCategories.has('strace')) o.strace = true;
  if (noCache) o.cacheDir = null;
  // Absolute: a guest may chdir before it execs the next program.
  if (o.cacheDir !== null) o.cacheDir = path.resolve(o.cacheDir);
  o.program = argv[i] ?? null;
  o.args = argv.slice(i + 1);
  if (o.ldPrefix === null) o.ldPrefix = defaultSysroots(target).find((d) => fs.existsSync(d)) ?? null;
  if (o.ldPrefix !== null) o.ldPrefix = path.resolve(o.ldPrefix).replace(/\/+$/, '');
  // Absolute: a guest may chdir before it execs the next program.
  if (o.syscallCoverage !== null) o.syscallCoverage = path.resolve(o.syscallCoverage);
  if (o.nativeBypass === 'auto') {
    o.nativeBypass = findLibnative(target);
    o.nativeBypassFound = true;
  }
  if (o.nativeBypass !== null) {
    o.nativeBypass = path.resolve(o.nativeBypass);
    let isFile = false;
    try {
      isFile = fs.statSync(o.nativeBypass).isFile();
    } catch {
      throw new UsageError(`--native-bypass: cannot find '${o.nativeBypass}'`);
    }
    if (!isFile) throw new UsageError(`--native-bypass: '${o.nativeBypass}' is not a regular file`);
  }
  return o;
}

/** The guest environment: ours, edited by -E/-U. */
export function guestEnvironment(o: CliOptions, env: NodeJS.ProcessEnv): string[] {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(env)) if (v !== undefined && !o.unsetEnv.has(k)) out.set(k, v);
  for (const [k, v] of o.setEnv) out.set(k, v);
  return [...out].map(([k, v]) => `${k}=${v}`);
}

/** Options a re-exec'd qemu-ts (guest execve) must get again. */
export function forwardedOptions(o: CliOptions): string[] {
  const out: string[] = [];
  if (o.ldPrefix !== null) out.push('-L', o.ldPrefix);
  if (o.strace) out.push('-strace');
  if (o.logCategories.size) out.push('-d', [...o.logCategories].join(','));
  if (o.logFile !== null) out.push('-D', o.logFile, '--log-append');
  if (o.nativeBypass !== null) out.push('--native-bypass', o.nativeBypass);
  if (o.jitThreshold !== undefined) out.push('--jit-threshold', String(o.jitThreshold));
  if (o.optThreshold !== undefined) out.push('--opt-threshold', String(o.optThreshold));
  if (o.syscallCoverage !== null) out.push('--syscall-coverage', o.syscallCoverage);
  // Explicitly: the guest's environment, which the next process inherits, may have lost the variables.
  if (o.cacheDir === null) out.push('--no-cache');
  else out.push('--cache-dir', o.cacheDir, '--cache-max', String(o.cacheMax));
  if (o.cacheDir !== null && !o.cacheWarm) out.push('--no-cache-warm');
  return out;
}
