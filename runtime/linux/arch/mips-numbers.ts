// MIPS numbering that differs from the generic ABI (arch/mips/include/uapi/asm/*.h): errno
// values above 34, signals, mmap/sigaction/fcntl flags and ioctl requests. Shared by o32 and n64.
import { E, type ErrnoName } from '../errno.js';
import type { SignalName } from '../signals/numbers.js';
import type { FcntlCommand } from './fcntl-generic.js';
import type { IoctlArg, IoctlSpec } from './ioctl-generic.js';
import type { TermiosLayout } from './termios.js';
import type { LinuxArch } from './types.js';

/** errno values MIPS numbers differently (1-34 are the generic ones). */
const MIPS_ERRNO: Partial<Record<ErrnoName, number>> = {
  ENOMSG: 35, EIDRM: 36, EDEADLK: 45, ENOLCK: 46, ENOSTR: 60, ENODATA: 61, ETIME: 62, ENOSR: 63,
  EREMOTE: 66, ENOLINK: 67, EPROTO: 71, EMULTIHOP: 74, EBADMSG: 77, ENAMETOOLONG: 78,
  EOVERFLOW: 79, EILSEQ: 88, ENOSYS: 89, ELOOP: 90, ENOTEMPTY: 93, EUSERS: 94, ENOTSOCK: 95,
  EDESTADDRREQ: 96, EMSGSIZE: 97, EPROTOTYPE: 98, ENOPROTOOPT: 99, EPROTONOSUPPORT: 120,
  ESOCKTNOSUPPORT: 121, EOPNOTSUPP: 122, EPFNOSUPPORT: 123, EAFNOSUPPORT: 124, EADDRINUSE: 125,
  EADDRNOTAVAIL: 126, ENETDOWN: 127, ENETUNREACH: 128, ENETRESET: 129, ECONNABORTED: 130,
  ECONNRESET: 131, ENOBUFS: 132, EISCONN: 133, ENOTCONN: 134, ESHUTDOWN: 143, ETOOMANYREFS: 144,
  ETIMEDOUT: 145, ECONNREFUSED: 146, EHOSTDOWN: 147, EHOSTUNREACH: 148, EALREADY: 149,
  EINPROGRESS: 150, ESTALE: 151, ECANCELED: 158, EOWNERDEAD: 165, ENOTRECOVERABLE: 166,
  ERFKILL: 167, EHWPOISON: 168, EDQUOT: 1133,
};

const GUEST_ERRNO = new Map<number, number>(Object.entries(MIPS_ERRNO).map(([name, v]) => [E[name as ErrnoName], v]));

export function mipsErrno(generic: number): number {
  return GUEST_ERRNO.get(generic) ?? generic;
}

export const MIPS_SIGNAL_NUMBER = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGEMT: 7, SIGFPE: 8,
  SIGKILL: 9, SIGBUS: 10, SIGSEGV: 11, SIGSYS: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15,
  SIGUSR1: 16, SIGUSR2: 17, SIGCHLD: 18, SIGPWR: 19, SIGWINCH: 20, SIGURG: 21, SIGIO: 22,
  SIGSTOP: 23, SIGTSTP: 24, SIGCONT: 25, SIGTTIN: 26, SIGTTOU: 27, SIGVTALRM: 28, SIGPROF: 29,
  SIGXCPU: 30, SIGXFSZ: 31,
} as const satisfies Partial<Record<SignalName, number>>;

export const MIPS_SIGNALS: Readonly<Record<number, SignalName>> = Object.fromEntries(
  Object.entries(MIPS_SIGNAL_NUMBER).map(([name, n]) => [n, name as SignalName]),
);

export const MIPS_SA_FLAGS: LinuxArch['saFlags'] = {
  SA_SIGINFO: 0x8, SA_ONSTACK: 0x08000000, SA_RESTART: 0x10000000, SA_NODEFER: 0x40000000,
  // MIPS has no sa_restorer: handlers always return through the kernel's trampoline.
  SA_RESETHAND: 0x80000000, SA_RESTORER: 0,
};

/** SI_TIMER, SI_MESGQ and SI_ASYNCIO (generic -2, -3, -4) are -3, -4 and -2 on MIPS. */
export const MIPS_SI_CODES: ReadonlyMap<number, number> = new Map([[-2, -3], [-3, -4], [-4, -2]]);

export const MIPS_SIGPROCMASK_HOW: LinuxArch['sigprocmaskHow'] = { SIG_BLOCK: 1, SIG_UNBLOCK: 2, SIG_SETMASK: 3 };

export const MIPS_MMAP_FLAGS: LinuxArch['mmapFlags'] = {
  MAP_SHARED: 0x1, MAP_PRIVATE: 0x2, MAP_TYPE: 0xf, MAP_FIXED: 0x10, MAP_ANONYMOUS: 0x800, MAP_FIXED_NOREPLACE: 0x100000,
  MAP_LOCKED: 0x8000,
};

export const MIPS_FCNTL: Readonly<Partial<Record<FcntlCommand, number>>> = {
  F_DUPFD: 0, F_GETFD: 1, F_SETFD: 2, F_GETFL: 3, F_SETFL: 4, F_GETLK: 14, F_SETLK: 6, F_SETLKW: 7,
  F_SETOWN: 24, F_GETOWN: 23, F_OFD_GETLK: 36, F_OFD_SETLK: 37, F_OFD_SETLKW: 38,
  F_DUPFD_CLOEXEC: 1030, F_SETPIPE_SZ: 1031, F_GETPIPE_SZ: 1032, F_ADD_SEALS: 1033, F_GET_SEALS: 1034,
};

/** o32 adds the struct flock64 lock commands (n64's F_GETLK already takes 64-bit offsets). */
export const MIPS_O32_FCNTL: Readonly<Partial<Record<FcntlCommand, number>>> = {
  ...MIPS_FCNTL, F_GETLK64: 33, F_SETLK64: 34, F_SETLKW64: 35,
};

const WINSIZE: readonly number[] = [2, 2, 2, 2];
const INT: readonly number[] = [4];

/**
 * MIPS struct termios: c_cc[23] with VMIN at 4, VEOL2 at 6, VEOF at 16, VEOL at 17 (VDSUSP, 11,
 * has no host counterpart), and IEXTEN/TOSTOP/FLUSHO at other c_lflag bits.
 */
const MIPS_TERMIOS: TermiosLayout = {
  ncc: 23,
  cc: [0, 1, 2, 3, 6, 5, 16, 7, 8, 9, 10, -1, 12, 13, 14, 15, 4, 11, -1, -1, -1, -1, -1],
  lflag: [[0x100, 0x8000], [0x8000, 0x100], [0x2000, 0x1000]],
};
const TERMIOS: IoctlArg = { termios: MIPS_TERMIOS };

/** MIPS requests -> host requests. */
const MIPS_IOCTL_LIST: readonly [number, number, string, IoctlArg][] = [
  [0x540d, 0x5401, 'TCGETS', TERMIOS], [0x540e, 0x5402, 'TCSETS', TERMIOS], [0x540f, 0x5403, 'TCSETSW', TERMIOS],
  [0x5410, 0x5404, 'TCSETSF', TERMIOS],
  [0x5405, 0x5409, 'TCSBRK', 'value'], [0x5406, 0x540a, 'TCXONC', 'value'], [0x5407, 0x540b, 'TCFLSH', 'value'],
  [0x5480, 0x540e, 'TIOCSCTTY', 'value'], [0x40047477, 0x540f, 'TIOCGPGRP', INT],
  [0x80047476, 0x5410, 'TIOCSPGRP', INT], [0x40087468, 0x5413, 'TIOCGWINSZ', WINSIZE],
  [0x80087467, 0x5414, 'TIOCSWINSZ', WINSIZE], [0x467f, 0x541b, 'FIONREAD', INT], [0x667e, 0x5421, 'FIONBIO', INT],
  [0x5471, 0x5422, 'TIOCNOTTY', 'none'], [0x6602, 0x5450, 'FIONCLEX', 'none'], [0x6601, 0x5451, 'FIOCLEX', 'none'],
  [0x667d, 0x5452, 'FIOASYNC', INT], [0x40045430, 0x80045430, 'TIOCGPTN', INT], [0x80045431, 0x40045431, 'TIOCSPTLCK', INT],
];

export const MIPS_IOCTLS: ReadonlyMap<number, IoctlSpec> = new Map(MIPS_IOCTL_LIST.map(([nr, host, name, arg]) => [nr, { name, host, arg }]));

/**
 * RLIMIT_* (asm/resource.h): MIPS numbers NOFILE 5, AS 6, RSS 7, NPROC 8, MEMLOCK 9; index =
 * MIPS number, value = generic number.
 */
export const MIPS_RLIMIT_RESOURCES: readonly number[] = [0, 1, 2, 3, 4, 7, 9, 5, 6, 8, 10, 11, 12, 13, 14, 15];
