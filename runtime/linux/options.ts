// What the CLI (or an embedder) asks the Linux layer to run.
import type { TargetName } from '../targets.js';

export interface GuestOptions {
  target: TargetName;
  /** Program path as the user gave it (host path, tried under ldPrefix when absolute). */
  program: string;
  /** The program, already open for reading (binfmt_misc flag O); closed once it is loaded. */
  programFd?: number;
  /**
   * Descriptors above stderr the program inherits, as told by whoever exec'd us (a guest execve,
   * the binfmt shim); null when not known (host/runtime-fds.ts).
   */
  inheritedFds?: readonly number[] | null;
  /** Guest argv, argv[0] included. */
  argv: string[];
  /** Guest environment as "NAME=value" strings. */
  env: string[];
  /** -L / QEMU_LD_PREFIX sysroot, or null. */
  ldPrefix: string | null;
  strace: boolean;
  /** -d categories. */
  logCategories: ReadonlySet<string>;
  /** Sink for -d output and -strace lines (stderr or the -D file). */
  log: (line: string) => void;
  /** The descriptor `log` writes to (threads in workers write there themselves); default stderr. */
  logFd?: number;
  /** --native-bypass library path (absolute, as the guest will see it), or null. */
  nativeBypass: string | null;
  /**
   * Command line that starts another qemu-ts process for the same target with the same options
   * (node, its flags, the CLI script, -L/-strace/... options); execve appends program and args.
   */
  reexec: string[];
  jitThreshold?: number;
  optThreshold?: number;
  /**
   * The persistent code cache (docs/code-cache.md): its directory, size bound, the build's id and
   * whether the cache warmer runs at exit; null = none.
   */
  codeCache?: { dir: string; maxBytes: number; build: string; warm: boolean } | null;
  /** Directory where each process records the syscall handlers it ran (syscalls/coverage.ts), or null. */
  syscallCoverage?: string | null;
}
