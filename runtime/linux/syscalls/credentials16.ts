// The 16-bit uid calls ARM EABI kept (sys_getuid16 & co., kernel/uid16.c): the 32-bit handlers
// with the ids converted as the kernel converts them. An id argument is an old_uid_t (u16) whose
// 0xffff means "unchanged" (-1); an id returned or stored that does not fit in 16 bits reads as
// the overflow id 65534. glibc uses the *32 calls; programs reach these through syscall(SYS_getuid).
import { libc } from '../host/libc.js';
import { AT_FDCWD, AT_SYMLINK_NOFOLLOW } from './at-constants.js';
import { credentialSyscalls, getgroups, getres, setgroups, type IdLayout } from './credentials.js';
import { fsPathSyscalls } from './fs-path.js';
import { SyscallArgs, type Handler, type HandlerTable } from './types.js';

/** /proc/sys/kernel/overflowuid and overflowgid (both 65534 unless an administrator changed them). */
const OVERFLOW_ID = 65534;

/** low2highuid: a 16-bit argument as a 32-bit id (0xffff: -1, "leave unchanged"). */
function high(raw: bigint): bigint {
  const id = raw & 0xffffn;
  return id === 0xffffn ? 0xffffffffn : id;
}

/** high2lowuid: a 32-bit id as the 16-bit one the caller sees. */
function low(id: number): number {
  return id >>> 0 > 0xffff ? OVERFLOW_ID : id;
}

/** old_uid_t in memory (getresuid16's stores, the group lists). */
const ID16: IdLayout = { bytes: 2, toGuest: low, fromGuest: (v) => Number(high(BigInt(v))) };

/** The 32-bit handler `h` with the arguments at `ids` converted from 16-bit ids. */
function widened(h: Handler, ids: readonly number[]): Handler {
  return (p, a) => h(p, new SyscallArgs(a.raw.map((v, i) => (ids.includes(i) ? high(v) : v)), 32));
}

const FDCWD = BigInt(AT_FDCWD >>> 0);

/** chown16/lchown16(path, user, group): fchownat(AT_FDCWD, path, user, group, flags). */
function chown16(flags: number): Handler {
  return (p, a) => fsPathSyscalls.fchownat(p, new SyscallArgs([FDCWD, a.raw[0], high(a.raw[1]), high(a.raw[2]), BigInt(flags)], 32));
}

const c = credentialSyscalls;

export const credential16Syscalls: HandlerTable = {
  getuid16: () => low(libc.getuid()),
  geteuid16: () => low(libc.geteuid()),
  getgid16: () => low(libc.getgid()),
  getegid16: () => low(libc.getegid()),
  getresuid16: (p, a) => getres(p, libc.getresuid, [a.ptr(0), a.ptr(1), a.ptr(2)], ID16),
  getresgid16: (p, a) => getres(p, libc.getresgid, [a.ptr(0), a.ptr(1), a.ptr(2)], ID16),
  setuid16: widened(c.setuid, [0]),
  setgid16: widened(c.setgid, [0]),
  setreuid16: widened(c.setreuid, [0, 1]),
  setregid16: widened(c.setregid, [0, 1]),
  setresuid16: widened(c.setresuid, [0, 1, 2]),
  setresgid16: widened(c.setresgid, [0, 1, 2]),
  // The previous fsuid/fsgid, unconverted (the kernel returns sys_setfsuid's result as is).
  setfsuid16: widened(c.setfsuid, [0]),
  setfsgid16: widened(c.setfsgid, [0]),
  getgroups16: (p, a) => getgroups(p, a.int(0), a.ptr(1), ID16),
  setgroups16: (p, a) => setgroups(p, a.int(0), a.ptr(1), ID16),
  chown16: chown16(0),
  lchown16: chown16(AT_SYMLINK_NOFOLLOW),
  fchown16: widened(fsPathSyscalls.fchown, [1, 2]),
};
