// Path-taking syscalls. Absolute guest paths go through the -L prefix; relative ones are left to
// the host relative to the (shared) cwd or the given directory descriptor.
import { E } from '../errno.js';
import { selfPath } from '../fs/virtual-files.js';
import type { GuestProcess } from '../guest-process.js';
import { cstr, libc, sys } from '../host/libc.js';
import { AT_EMPTY_PATH, AT_FDCWD, AT_SYMLINK_NOFOLLOW } from './at-constants.js';
import { virtualCandidate, virtualFd } from './virtual-fd.js';
import { hostCwd } from '../host/cwd.js';
import { hostSyscallNumber } from '../host/syscall-numbers.js';
import { scratch } from '../host/scratch.js';
import type { HandlerTable } from './types.js';


/** Host path (as a C string) for a guest path argument relative to `dirfd`. */
export function hostPathArg(p: GuestProcess, dirfd: number, guestPath: string): Buffer {
  return cstr(hostPath(p, dirfd, guestPath));
}

/** The host's name for a guest path: through -L when absolute, the guest program for its /proc/self/exe. */
export function hostPath(p: GuestProcess, dirfd: number, guestPath: string): string {
  const abs = virtualCandidate(dirfd, guestPath);
  if (abs !== null && selfPath(p, abs) === 'exe') return p.exe.hostPath;
  return guestPath.startsWith('/') ? p.paths.host(guestPath) : guestPath;
}

/** A path argument that may be NULL (some calls take NULL as "the descriptor itself"). */
export function nullablePath(p: GuestProcess, addr: number): string | null {
  return addr === 0 ? null : p.readString(addr);
}

function openat(p: GuestProcess, dirfd: number, path: string, guestFlags: number, mode: number): number {
  const flags = p.arch.openFlags;
  const vfd = virtualFd(p, dirfd, path, (guestFlags & flags.guest('O_CLOEXEC')) !== 0);
  if (vfd !== null) return vfd;
  return sys(libc.openat(dirfd, hostPathArg(p, dirfd, path), flags.toHost(guestFlags), 'uint32_t', mode));
}

/** Linux's struct open_how (u64 flags, mode, resolve): the first version's size, and the most a caller may pass. */
const OPEN_HOW_SIZE_VER0 = 24;
const OPEN_HOW_SIZE_MAX = 4096;

/**
 * openat2: the host's own call, with the open flags translated. A larger struct than the one
 * known is accepted when its extra bytes are zero (E2BIG otherwise), as the kernel's
 * copy_struct_from_user does; the resolve bits are the same on every architecture.
 */
function openat2(p: GuestProcess, dirfd: number, path: string, how: number, size: number): number {
  if (size < OPEN_HOW_SIZE_VER0) return -E.EINVAL;
  if (size > OPEN_HOW_SIZE_MAX) return -E.E2BIG;
  if (p.mem.readBytes(how + OPEN_HOW_SIZE_VER0, size - OPEN_HOW_SIZE_VER0).some((b) => b !== 0)) return -E.E2BIG;
  const guestFlags = p.mem.read64(how);
  if (guestFlags >> 32n) return -E.EINVAL;
  const flags = p.arch.openFlags;
  const vfd = virtualFd(p, dirfd, path, (Number(guestFlags) & flags.guest('O_CLOEXEC')) !== 0);
  if (vfd !== null) return vfd;
  scratch.dv.setBigUint64(0, BigInt(flags.toHost(Number(guestFlags)) >>> 0), true);
  scratch.dv.setBigUint64(8, p.mem.read64(how + 8), true);
  scratch.dv.setBigUint64(16, p.mem.read64(how + 16), true);
  return sys(libc.syscall(hostSyscallNumber('openat2'), 'int', dirfd, 'const char *', hostPathArg(p, dirfd, path), 'uintptr_t', scratch.addr, 'size_t', OPEN_HOW_SIZE_VER0));
}

/** readlink, with /proc/self/exe answering the guest program instead of node. */
function readlinkat(p: GuestProcess, dirfd: number, path: string, buf: number, size: number): number {
  if ((size | 0) <= 0) return -E.EINVAL;
  const abs = virtualCandidate(dirfd, path);
  if (abs !== null && selfPath(p, abs) === 'exe') {
    const target = Buffer.from(p.exe.guestPath, 'latin1').subarray(0, size);
    p.mem.writeBytes(buf, target);
    return target.length;
  }
  const r = sys(libc.readlinkat(dirfd, hostPathArg(p, dirfd, path), p.host(buf, size, 'write'), size));
  if (r > 0) p.mem.noteWrite(buf, r);
  return r;
}

function faccessat(p: GuestProcess, dirfd: number, path: string, mode: number, flags: number): number {
  const vfd = virtualFd(p, dirfd, path);
  if (vfd === null) return sys(libc.faccessat(dirfd, hostPathArg(p, dirfd, path), mode, flags));
  if (vfd >= 0) libc.close(vfd);
  return vfd < 0 ? vfd : 0;
}

/**
 * fchmodat2 (Linux 6.6): fchmodat with AT_SYMLINK_NOFOLLOW and AT_EMPTY_PATH, made by the host's
 * own system call (glibc's fchmodat emulates AT_SYMLINK_NOFOLLOW through /proc instead).
 */
function fchmodat2(p: GuestProcess, dirfd: number, path: string, mode: number, flags: number): number {
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) return -E.EINVAL;
  return sys(libc.syscall(hostSyscallNumber('fchmodat2'), 'int', dirfd, 'const char *', hostPathArg(p, dirfd, path), 'uint32_t', mode, 'int', flags));
}

/** A guest path argument (at addr) of a call on `dirfd`, as a host C string. */
function pathArg(p: GuestProcess, dirfd: number, addr: number): Buffer {
  return hostPathArg(p, dirfd, p.readString(addr));
}

export const fsPathSyscalls: HandlerTable = {
  openat: (p, a) => openat(p, a.int(0), p.readString(a.ptr(1)), a.uint(2), a.uint(3)),
  openat2: (p, a) => openat2(p, a.int(0), p.readString(a.ptr(1)), a.ptr(2), a.ptr(3)),
  readlinkat: (p, a) => readlinkat(p, a.int(0), p.readString(a.ptr(1)), a.ptr(2), a.ptr(3)),
  faccessat: (p, a) => faccessat(p, a.int(0), p.readString(a.ptr(1)), a.int(2), 0),
  faccessat2: (p, a) => faccessat(p, a.int(0), p.readString(a.ptr(1)), a.int(2), a.int(3)),
  mkdirat: (p, a) => sys(libc.mkdirat(a.int(0), pathArg(p, a.int(0), a.ptr(1)), a.uint(2))),
  mknodat: (p, a) => sys(libc.mknodat(a.int(0), pathArg(p, a.int(0), a.ptr(1)), a.uint(2), a.uint(3))),
  unlinkat: (p, a) => sys(libc.unlinkat(a.int(0), pathArg(p, a.int(0), a.ptr(1)), a.int(2))),
  renameat: (p, a) => sys(libc.renameat2(a.int(0), pathArg(p, a.int(0), a.ptr(1)), a.int(2), pathArg(p, a.int(2), a.ptr(3)), 0)),
  renameat2: (p, a) => sys(libc.renameat2(a.int(0), pathArg(p, a.int(0), a.ptr(1)), a.int(2), pathArg(p, a.int(2), a.ptr(3)), a.uint(4))),
  // The link target is stored verbatim: it is data, not a path the runtime resolves.
  symlinkat: (p, a) => sys(libc.symlinkat(cstr(p.readString(a.ptr(0))), a.int(1), pathArg(p, a.int(1), a.ptr(2)))),
  linkat: (p, a) => sys(libc.linkat(a.int(0), pathArg(p, a.int(0), a.ptr(1)), a.int(2), pathArg(p, a.int(2), a.ptr(3)), a.int(4))),
  fchmod: (_p, a) => sys(libc.fchmod(a.int(0), a.uint(1))),
  fchmodat: (p, a) => sys(libc.fchmodat(a.int(0), pathArg(p, a.int(0), a.ptr(1)), a.uint(2), 0)),
  fchmodat2: (p, a) => fchmodat2(p, a.int(0), p.readString(a.ptr(1)), a.uint(2), a.int(3)),
  fchown: (_p, a) => sys(libc.fchown(a.int(0), a.uint(1), a.uint(2))),
  fchownat: (p, a) => sys(libc.fchownat(a.int(0), pathArg(p, a.int(0), a.ptr(1)), a.uint(2), a.uint(3), a.int(4))),
  truncate: (p, a) => sys(libc.truncate(pathArg(p, AT_FDCWD, a.ptr(0)), a.off(1))),
  chdir: (p, a) => sys(libc.chdir(pathArg(p, AT_FDCWD, a.ptr(0)))),
  fchdir: (_p, a) => sys(libc.fchdir(a.int(0))),
  getcwd: (p, a) => {
    const cwd = Buffer.from(hostCwd() + '\0', 'latin1');
    if (a.ptr(1) < cwd.length) return -E.ERANGE;
    p.mem.writeBytes(a.ptr(0), cwd);
    return cwd.length;
  },
};
