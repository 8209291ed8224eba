// qemu-user style command line: `qemu-ts-<target> [options] program [args...]`, plus the
// QEMU_* environment variables qemu-user reads.
import fs from 'node:fs';
import path from 'node:path';
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
  jitThreshold: number | undefined;
  optThreshold: number | undefined;
  syscallCoverage: string | null;
  program: string | null;
  args: string[];
}

/** Options that take a value, by every spelling accepted. */
const WITH_VALUE = new Set(['-L', '-E', '-U', '-0', '-d', '-D', '--native-bypass', '-native-bypass', '--jit-threshold', '-jit-threshold', '--opt-threshold', '-opt-threshold', '--syscall-coverage']);

export const USAGE = (name: string, target: Target) => `usage: ${name} [options] program [arguments...]
Linux ${target.name} user-mode emulation (qemu-user compatible options)

Options and environment variables:
  -h                    print this help and exit
  -version              print the version and exit
  -L path               guest sysroot for the ELF interpreter and libraries  (QEMU_LD_PREFIX)
                        default: /usr/${target.triple} when it exists
  -E var=value          set a variable in the guest environment (repeatable)
  -U var                remove a variable from the guest environment (repeatable)
  -0 argv0              guest argv[0] (default: program)
  -strace               log system calls to stderr                             (QEMU_STRACE)
  -d item[,...]         log categories: strace, exec, jit, stats, in_asm, native (QEMU_LOG)
                        ir-validate: check every translated block's IR (docs/ir.md)
  -D logfile            write -d/-strace output to logfile                     (QEMU_LOG_FILENAME)
  --native-bypass PATH  preload the libnative.so at PATH and run its mem*/str* functions
                        on the host                                            (QEMU_TS_NATIVE_BYPASS)
  --jit-threshold N     block executions before compiling to WebAssembly (0 = at once)
  --opt-threshold N     entries and loop iterations of baseline-compiled code before it is
                        compiled again, optimised (0 = optimise at once)
  --syscall-coverage DIR
                        record in DIR/<target>.<pid> the syscall handlers each
                        process runs (npm run syscall-coverage)   (QEMU_TS_SYSCALL_COVERAGE)
`;

function positiveInt(opt: string, v: string): number {
  if (!/^\d+$/.test(v)) throw new UsageError(`${opt} needs a non-negative integer, got '${v}'`);
  return Number(v);
}

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv, target: Target): CliOptions {
  const o: CliOptions = {
    help: false, version: false, ldPrefix: env.QEMU_LD_PREFIX ?? null, setEnv: new Map(), unsetEnv: new Set(),
    argv0: null, strace: env.QEMU_STRACE !== undefined, logCategories: new Set(env.QEMU_LOG ? env.QEMU_LOG.split(',') : []),
    logFile: env.QEMU_LOG_FILENAME ?? null, logAppend: false, nativeBypass: env.QEMU_TS_NATIVE_BYPASS || null,
    jitThreshold: undefined, optThreshold: undefined, syscallCoverage: env.QEMU_TS_SYSCALL_COVERAGE || null, program: null, args: [],
  };
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
      case '-E': {
        const eq = value.indexOf('=');
        if (eq <= 0) throw new UsageError(`-E needs var=value, got '${value}'`);
        o.setEnv.set(value.slice(0, eq), value.slice(eq + 1));
        o.unsetEnv.delete(value.slice(0, eq));
        break;
      }
      case '-U': o.unsetEnv.add(value); o.setEnv.delete(value); break;
      case '-0': o.argv0 = value; break;
      case '-strace': case '--strace': o.strace = true; break;
      case '-d': for (const c of value.split(',').filter(Boolean)) o.logCategories.add(c); break;
      case '-D': o.logFile = value; break;
      case '--log-append': o.logAppend = true; break;
      case '--native-bypass': case '-native-bypass': o.nativeBypass = value; break;
      case '--jit-threshold': case '-jit-threshold': o.jitThreshold = positiveInt(a, value); break;
      case '--opt-threshold': case '-opt-threshold': o.optThreshold = positiveInt(a, value); break;
      case '--syscall-coverage': o.syscallCoverage = value; break;
      default: throw new UsageError(`unknown option '${a}' (see -h)`);
    }
  }
  if (o.logCategories.has('strace')) o.strace = true;
  o.program = argv[i] ?? null;
  o.args = argv.slice(i + 1);
  if (o.ldPrefix === null && fs.existsSync(`/usr/${target.triple}`)) o.ldPrefix = `/usr/${target.triple}`;
  if (o.ldPrefix !== null) o.ldPrefix = path.resolve(o.ldPrefix).replace(/\/+$/, '');
  // Absolute: a guest may chdir before it execs the next program.
  if (o.syscallCoverage !== null) o.syscallCoverage = path.resolve(o.syscallCoverage);
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
  return out;
}
