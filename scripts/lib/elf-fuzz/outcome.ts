// How a fuzz case ended. Fine: the guest exited (whatever its status or output: a damaged
// program or library may do anything the guest's own code does), the guest died by a signal as
// qemu-user reports it, the run stopped with one line from qemu-ts and a non-zero status, or it
// ran past the time limit under qemu-user too (the mutation made the guest loop). Bad, each a
// bug: a JS stack trace, "internal error", a fatal error of Node, the host process killed by a
// crash signal without the guest-signal report, a time-out qemu-user does not share, or a
// multi-line error from qemu-ts.

export const FINE = ['exit', 'guest-signal', 'load-error', 'guest-hang'] as const;
export const BAD = ['js-stack-trace', 'internal-error', 'node-fatal', 'host-crash', 'timeout', 'multi-line-error'] as const;
export type OutcomeClass = (typeof FINE)[number] | (typeof BAD)[number];

export interface RawRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  timedOut: boolean;
}

export interface Outcome {
  kind: OutcomeClass;
  /** The exit status, signal or error line that decided it. */
  detail: string;
}

export const isBad = (kind: OutcomeClass): boolean => (BAD as readonly string[]).includes(kind);

/** Signals whose default action dumps core: a host crash dies by one of these; the guest's are reported first. */
const CORE_SIGNALS = new Set(['SIGSEGV', 'SIGBUS', 'SIGABRT', 'SIGILL', 'SIGTRAP', 'SIGFPE', 'SIGSYS', 'SIGQUIT', 'SIGXCPU', 'SIGXFSZ']);

const STACK_FRAME = /^\s+at .*(?:\(|\s)(?:node:|file:|\/)[^\s]*:\d+:\d+\)?$/m;
const NODE_FATAL = /FATAL ERROR:|# Fatal error in|Fatal JavaScript|Aborted \(core dumped\)|Segmentation fault \(core dumped\)/;

/**
 * `name` is the launcher's name (qemu-ts-aarch64). `hungUnderQemuUser` is asked only for a
 * time-out: whether qemu-user ran past the limit on the same case too.
 */
export function classify(run: RawRun, name: string, hungUnderQemuUser: () => Promise<boolean>): Promise<Outcome> | Outcome {
  const lines = run.stderr.split('\n').filter((l) => l.trim() !== '');
  const own = lines.filter((l) => l.startsWith(`${name}: `));
  if (/internal error/.test(run.stderr)) return { kind: 'internal-error', detail: own[0] ?? lines[0] ?? '' };
  if (STACK_FRAME.test(run.stderr)) return { kind: 'js-stack-trace', detail: lines.find((l) => /Error|error/.test(l)) ?? lines[0] ?? '' };
  if (NODE_FATAL.test(run.stderr)) return { kind: 'node-fatal', detail: lines.find((l) => NODE_FATAL.test(l)) ?? '' };
  if (run.timedOut) {
    return hungUnderQemuUser().then((hung) => (hung ? { kind: 'guest-hang', detail: 'time limit (qemu-user too)' } : { kind: 'timeout', detail: 'time limit (qemu-user finished)' }));
  }
  if (run.signal !== null) {
    const report = lines.find((l) => l.startsWith('qemu: uncaught target signal'));
    if (report) return { kind: 'guest-signal', detail: run.signal };
    return CORE_SIGNALS.has(run.signal) ? { kind: 'host-crash', detail: `${run.signal} without a guest-signal report` } : { kind: 'guest-signal', detail: run.signal };
  }
  if (own.length > 0 && run.status !== 0) {
    return lines.length === 1 ? { kind: 'load-error', detail: own[0]! } : { kind: 'multi-line-error', detail: own[0]! };
  }
  return { kind: 'exit', detail: `status ${run.status}` };
}

/** A load error's message with paths and numbers replaced, to count messages of the same kind together. */
export function messageShape(detail: string): string {
  return detail
    .replace(/'[^']*'/g, "'…'")
    .replace(/(^|\s)\/[^\s:]*/g, '$1…')
    .replace(/0x[0-9a-f]+/gi, '0x#')
    .replace(/\b\d+\b/g, '#');
}
