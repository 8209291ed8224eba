// execveat's program: a path relative to a directory descriptor, or (AT_EMPTY_PATH) the
// descriptor itself, turned into the host path execve runs. The host opens it O_PATH first, so
// a closed descriptor, a file's descriptor with a relative path or a missing program fail as
// Linux fails them; the open file's /proc/self/fd link then names it even when the guest's
// descriptor is close-on-exec (fexecve), which a re-launched runtime could not open.
import fs from 'node:fs';
import { E } from '../errno.js';
import type { GuestProcess } from '../guest-process.js';
import { libc, sys } from '../host/libc.js';
import { scratch } from '../host/scratch.js';
import { AT_EMPTY_PATH, AT_SYMLINK_NOFOLLOW } from './at-constants.js';
import { hostPathArg } from './fs-path.js';

const O_PATH = 0o10000000;
const O_NOFOLLOW = 0o400000;
const O_CLOEXEC = 0o2000000;
const F_DUPFD_CLOEXEC = 1030;
const STATX_TYPE = 1;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;

/** The host path of the program execveat(dirfd, path, ..., flags) runs, or a negative errno. */
export function execPathAt(p: GuestProcess, dirfd: number, path: string, flags: number): string | number {
  if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) return -E.EINVAL;
  const nofollow = (flags & AT_SYMLINK_NOFOLLOW) !== 0;
  const fd = path === '' && flags & AT_EMPTY_PATH
    ? sys(libc.fcntlInt(dirfd, F_DUPFD_CLOEXEC, 'int', 0))
    : sys(libc.openat(dirfd, hostPathArg(p, dirfd, path), O_PATH | O_CLOEXEC | (nofollow ? O_NOFOLLOW : 0), 'uint32_t', 0));
  if (fd < 0) return fd;
  try {
    const r = sys(libc.statx(fd, '', AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_TYPE, scratch.addr));
    if (r < 0) return r;
    const type = scratch.dv.getUint16(28, true) & S_IFMT;
    if (type === S_IFLNK) return -E.ELOOP;
    if (type === S_IFDIR) return -E.EACCES;
    return fs.readlinkSync(`/proc/self/fd/${fd}`, 'latin1');
  } finally {
    libc.close(fd);
  }
}
