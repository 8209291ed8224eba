// Signal names and default actions. Numbers are per-arch data (runtime/linux/arch/*); this file
// holds what does not depend on the numbering.

export type SignalName =
  | 'SIGHUP' | 'SIGINT' | 'SIGQUIT' | 'SIGILL' | 'SIGTRAP' | 'SIGABRT' | 'SIGBUS' | 'SIGFPE'
  | 'SIGKILL' | 'SIGUSR1' | 'SIGSEGV' | 'SIGUSR2' | 'SIGPIPE' | 'SIGALRM' | 'SIGTERM'
  | 'SIGSTKFLT' | 'SIGCHLD' | 'SIGCONT' | 'SIGSTOP' | 'SIGTSTP' | 'SIGTTIN' | 'SIGTTOU'
  | 'SIGURG' | 'SIGXCPU' | 'SIGXFSZ' | 'SIGVTALRM' | 'SIGPROF' | 'SIGWINCH' | 'SIGIO'
  | 'SIGPWR' | 'SIGSYS' | 'SIGEMT';

/** The generic Linux numbering (x86, arm, aarch64, and the host). */
export const GENERIC_SIGNALS: Readonly<Record<number, SignalName>> = {
  1: 'SIGHUP', 2: 'SIGINT', 3: 'SIGQUIT', 4: 'SIGILL', 5: 'SIGTRAP', 6: 'SIGABRT', 7: 'SIGBUS',
  8: 'SIGFPE', 9: 'SIGKILL', 10: 'SIGUSR1', 11: 'SIGSEGV', 12: 'SIGUSR2', 13: 'SIGPIPE',
  14: 'SIGALRM', 15: 'SIGTERM', 16: 'SIGSTKFLT', 17: 'SIGCHLD', 18: 'SIGCONT', 19: 'SIGSTOP',
  20: 'SIGTSTP', 21: 'SIGTTIN', 22: 'SIGTTOU', 23: 'SIGURG', 24: 'SIGXCPU', 25: 'SIGXFSZ',
  26: 'SIGVTALRM', 27: 'SIGPROF', 28: 'SIGWINCH', 29: 'SIGIO', 30: 'SIGPWR', 31: 'SIGSYS',
};

export type DefaultAction = 'term' | 'core' | 'ignore' | 'stop' | 'cont';

export const DEFAULT_ACTION: Readonly<Record<SignalName, DefaultAction>> = {
  SIGHUP: 'term', SIGINT: 'term', SIGQUIT: 'core', SIGILL: 'core', SIGTRAP: 'core',
  SIGABRT: 'core', SIGBUS: 'core', SIGFPE: 'core', SIGKILL: 'term', SIGUSR1: 'term',
  SIGSEGV: 'core', SIGUSR2: 'term', SIGPIPE: 'term', SIGALRM: 'term', SIGTERM: 'term',
  SIGSTKFLT: 'term', SIGCHLD: 'ignore', SIGCONT: 'cont', SIGSTOP: 'stop', SIGTSTP: 'stop',
  SIGTTIN: 'stop', SIGTTOU: 'stop', SIGURG: 'ignore', SIGXCPU: 'core', SIGXFSZ: 'core',
  SIGVTALRM: 'term', SIGPROF: 'term', SIGWINCH: 'ignore', SIGIO: 'term', SIGPWR: 'term',
  SIGSYS: 'core', SIGEMT: 'core',
};

/** What glibc's strsignal() says, for qemu-style death messages. */
export const SIGNAL_DESCRIPTION: Readonly<Record<SignalName, string>> = {
  SIGHUP: 'Hangup', SIGINT: 'Interrupt', SIGQUIT: 'Quit', SIGILL: 'Illegal instruction',
  SIGTRAP: 'Trace/breakpoint trap', SIGABRT: 'Aborted', SIGBUS: 'Bus error',
  SIGFPE: 'Floating point exception', SIGKILL: 'Killed', SIGUSR1: 'User defined signal 1',
  SIGSEGV: 'Segmentation fault', SIGUSR2: 'User defined signal 2', SIGPIPE: 'Broken pipe',
  SIGALRM: 'Alarm clock', SIGTERM: 'Terminated', SIGSTKFLT: 'Stack fault',
  SIGCHLD: 'Child exited', SIGCONT: 'Continued', SIGSTOP: 'Stopped (signal)', SIGTSTP: 'Stopped',
  SIGTTIN: 'Stopped (tty input)', SIGTTOU: 'Stopped (tty output)', SIGURG: 'Urgent I/O condition',
  SIGXCPU: 'CPU time limit exceeded', SIGXFSZ: 'File size limit exceeded',
  SIGVTALRM: 'Virtual timer expired', SIGPROF: 'Profiling timer expired',
  SIGWINCH: 'Window changed', SIGIO: 'I/O possible', SIGPWR: 'Power failure',
  SIGSYS: 'Bad system call', SIGEMT: 'EMT trap',
};
