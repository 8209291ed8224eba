// The pre-*at path calls of the older ABIs (x86, arm, mips), served by the *at handlers, and the
// other first versions of calls that later ones replaced.
import { AT_FDCWD as FDCWD, AT_REMOVEDIR as REMOVEDIR, AT_SYMLINK_NOFOLLOW as SYMLINK_NOFOLLOW } from '../syscalls/at-constants.js';
import type { SyscallShape } from './types.js';

const AT_FDCWD = { value: FDCWD };
const AT_SYMLINK_NOFOLLOW = { value: SYMLINK_NOFOLLOW };
const AT_REMOVEDIR = { value: REMOVEDIR };
const ZERO = { value: 0 };

export const LEGACY_SHAPES: Readonly<Record<string, SyscallShape>> = {
  open: { handler: 'openat', args: [AT_FDCWD, 0, 1, 2] },
  access: { handler: 'faccessat', args: [AT_FDCWD, 0, 1] },
  readlink: { handler: 'readlinkat', args: [AT_FDCWD, 0, 1, 2] },
  unlink: { handler: 'unlinkat', args: [AT_FDCWD, 0, ZERO] },
  rmdir: { handler: 'unlinkat', args: [AT_FDCWD, 0, AT_REMOVEDIR] },
  mkdir: { handler: 'mkdirat', args: [AT_FDCWD, 0, 1] },
  rename: { handler: 'renameat', args: [AT_FDCWD, 0, AT_FDCWD, 1] },
  symlink: { handler: 'symlinkat', args: [0, AT_FDCWD, 1] },
  link: { handler: 'linkat', args: [AT_FDCWD, 0, AT_FDCWD, 1, ZERO] },
  chmod: { handler: 'fchmodat', args: [AT_FDCWD, 0, 1] },
  chown: { handler: 'fchownat', args: [AT_FDCWD, 0, 1, 2, ZERO] },
  lchown: { handler: 'fchownat', args: [AT_FDCWD, 0, 1, 2, AT_SYMLINK_NOFOLLOW] },
  mknod: { handler: 'mknodat', args: [AT_FDCWD, 0, 1, 2] },
  utimes: { handler: 'futimesat', args: [AT_FDCWD, 0, 1] },
  stat: { handler: 'newfstatat', args: [AT_FDCWD, 0, 1, ZERO] },
  lstat: { handler: 'newfstatat', args: [AT_FDCWD, 0, 1, AT_SYMLINK_NOFOLLOW] },
  getpgrp: { handler: 'getpgid', args: [ZERO] },
  waitpid: { handler: 'wait4', args: [0, 1, 2, ZERO] },
  // The flagless first versions of the descriptor calls.
  eventfd: { handler: 'eventfd2', args: [0, ZERO] },
  signalfd: { handler: 'signalfd4', args: [0, 1, 2, ZERO] },
  inotify_init: { handler: 'inotify_init1', args: [ZERO] },
  epoll_wait: { handler: 'epoll_pwait', args: [0, 1, 2, 3, ZERO, ZERO] },
};

/**
 * creat and fork, whose constants are arch numbers: `creatFlags` is O_WRONLY | O_CREAT | O_TRUNC
 * and `sigchld` SIGCHLD in the guest's numbering.
 */
export function legacyProcessShapes(creatFlags: number, sigchld: number): Record<string, SyscallShape> {
  return {
    creat: { handler: 'openat', args: [AT_FDCWD, 0, { value: creatFlags }, 1] },
    fork: { handler: 'clone', args: [{ value: sigchld }, ZERO, ZERO, ZERO, ZERO] },
  };
}
