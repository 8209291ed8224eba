// Path-taking syscalls. Absolute guest paths go through the -L prefix; relative ones are left to
// the host relative to the (shared) cwd or the given directory descriptor.
import { E } from '../errno.js';
import { absoluteGuestPath } from '../fs/paths.js';
import { selfPath } from '../fs/virtual-files.js';
import type { GuestProcess } from '../guest-process.js';
import { cstr, libc, sys } from '../host/libc.js';
import { AT_FDCWD } from './at-constants.js';
import { virtualFd } from './virtual-fd.js';
import { scratch } from '../host/scratch.js';
import { readTimespec, setHostTimespec } from './guest-time.js';
import { hostCwd } from '../host/cwd.js';
import type { HandlerTable } from './types.js';


/** Host path (as a C string) for a guest path argument. */
export function hostPathArg(p: GuestProcess, guestPath: string): Buffer {
  return cstr(hostPath(p, guestPath));
}

export function hostPath(p: GuestProcess, guestPath: string): string {
  if (!guestPath.startsWith('/')) return guestPath;
  if (selfPath(p, guestPath) === 'exe') return p.exe.hostPath;
  return p.paths.host(guestPath);
}

function openat(p: GuestProcess, dirfd: number, path: string, guestFlags: number, mode: number): number {
  const flags = p.arch.openFlags;
  const vfd = virtualFd(p, dirfd, path, (guestFlags & flags.guest('O_CLOEXEC')) !== 0);
  if (vfd !== null) return vfd;
  return sys(libc.openat(dirfd, hostPathArg(p, path), flags.toHost(guestFlags), 'uint32_t', mode));
}

/** readlink, with /proc/self/exe answering the guest program instead of node. */
function readlinkat(p: GuestProcess, dirfd: number, path: string, buf: number, size: number): number {
  if ((size | 0) <= 0) return -E.EINVAL;
  const abs = path.startsWith('/') ? path : dirfd === AT_FDCWD ? absoluteGuestPath(path) : '';
  if (selfPath(p, abs) === 'exe') {
    const target = Buffer.from(p.exe.guestPath, 'latin1').subarray(0, size);
    p.mem.writeBytes(buf, target);
    return target.length;
  }
  const r = sys(libc.readlinkat(dirfd, hostPathArg(p, path), p.host(buf, size, 'write'), size));
  if (r > 0) p.mem.noteWrite(buf, r);
  return r;
}

function faccessat(p: GuestProcess, dirfd: number, path: string, mode: number, flags: number): number {
  const vfd = virtualFd(p, dirfd, path);
  if (vfd === null) return sys(libc.faccessat(dirfd, hostPathArg(p, path), mode, flags));
  if (vfd >= 0) libc.close(vfd);
  return vfd < 0 ? vfd : 0;
}

/** Guest struct timespec[2] (or NULL) into the scratch buffer in host layout. */
function timespecPair(p: GuestProcess, addr: number, bits: 32 | 64): number {
  if (addr === 0) return 0;
  for (let i = 0; i < 2; i++) setHostTimespec(i * 16, readTimespec(p, addr + (i * bits) / 4, bits));
  return scratch.addr;
}

/**
 * A NULL path is futimens(dirfd) (glibc's futimens, cp -a's "preserving times"): host glibc's
 * utimensat refuses NULL with EINVAL, so it goes to futimens; the kernel then wants no flags
 * and a real descriptor (AT_FDCWD would name a path: EFAULT).
 */
function utimensat(p: GuestProcess, dirfd: number, pathAddr: number, times: number, flags: number): number {
  if (pathAddr !== 0) return sys(libc.utimensat(dirfd, hostPathArg(p, p.readString(pathAddr)), times, flags));
  if (dirfd === AT_FDCWD) return -E.EFAULT;
  if (flags !== 0) return -E.EINVAL;
  return sys(libc.futimens(dirfd, times));
}

export const fsPathSyscalls: HandlerTable = {
  openat: (p, a) => openat(p, a.int(0), p.readString(a.ptr(1)), a.uint(2), a.uint(3)),
  readlinkat: (p, a) => readlinkat(p, a.int(0), p.readString(a.ptr(1)), a.ptr(2), a.ptr(3)),
  faccessat: (p, a) => faccessat(p, a.int(0), p.readString(a.ptr(1)), a.int(2), 0),
  faccessat2: (p, a) => faccessat(p, a.int(0), p.readString(a.ptr(1)), a.int(2), a.int(3)),
  mkdirat: (p, a) => sys(libc.mkdirat(a.int(0), hostPathArg(p, p.readString(a.ptr(1))), a.uint(2))),
  mknodat: (p, a) => sys(libc.mknodat(a.int(0), hostPathArg(p, p.readString(a.ptr(1))), a.uint(2), a.ptr(3))),
  unlinkat: (p, a) => sys(libc.unlinkat(a.int(0), hostPathArg(p, p.readString(a.ptr(1))), a.int(2))),
  renameat: (p, a) => sys(libc.renameat2(a.int(0), hostPathArg(p, p.readString(a.ptr(1))), a.int(2), hostPathArg(p, p.readString(a.ptr(3))), 0)),
  renameat2: (p, a) => sys(libc.renameat2(a.int(0), hostPathArg(p, p.readString(a.ptr(1))), a.int(2), hostPathArg(p, p.readString(a.ptr(3))), a.uint(4))),
  // The link target is stored verbatim: it is data, not a path the runtime resolves.
  symlinkat: (p, a) => sys(libc.symlinkat(cstr(p.readString(a.ptr(0))), a.int(1), hostPathArg(p, p.readString(a.ptr(2))))),
  linkat: (p, a) => sys(libc.linkat(a.int(0), hostPathArg(p, p.readString(a.ptr(1))), a.int(2), hostPathArg(p, p.readString(a.ptr(3))), a.int(4))),
  fchmod: (_p, a) => sys(libc.fchmod(a.int(0), a.uint(1))),
  fchmodat: (p, a) => sys(libc.fchmodat(a.int(0), hostPathArg(p, p.readString(a.ptr(1))), a.uint(2), 0)),
  fchown: (_p, a) => sys(libc.fchown(a.int(0), a.uint(1), a.uint(2))),
  fchownat: (p, a) => sys(libc.fchownat(a.int(0), hostPathArg(p, p.readString(a.ptr(1))), a.uint(2), a.uint(3), a.int(4))),
  utimensat: (p, a) => utimensat(p, a.int(0), a.ptr(1), timespecPair(p, a.ptr(2), a.timeBits), a.int(3)),
  truncate: (p, a) => sys(libc.truncate(hostPathArg(p, p.readString(a.ptr(0))), a.off(1))),
  chdir: (p, a) => sys(libc.chdir(hostPathArg(p, p.readString(a.ptr(0))))),
  fchdir: (_p, a) => sys(libc.fchdir(a.int(0))),
  getcwd: (p, a) => {
    const cwd = Buffer.from(hostCwd() + '\0', 'latin1');
    if (a.ptr(1) < cwd.length) return -E.ERANGE;
    p.mem.writeBytes(a.ptr(0), cwd);
    return cwd.length;
  },
};
