// Shapes shared by the 32-bit ABIs that pass 64-bit arguments in aligned (even/odd) register
// pairs, MIPS o32 and ARM EABI: the *64 file calls, the *_time64 calls, and the old calls
// whose 32-bit structs are not provided.
import { AT_FDCWD as FDCWD, AT_SYMLINK_NOFOLLOW as SYMLINK_NOFOLLOW } from '../syscalls/at-constants.js';
import type { SyscallShape } from './types.js';

const AT_FDCWD = { value: FDCWD };
const AT_SYMLINK_NOFOLLOW = { value: SYMLINK_NOFOLLOW };

/** No handler: answered ENOSYS, so glibc uses the calls it prefers anyway. */
export const UNSUPPORTED: SyscallShape = { handler: '(old 32-bit layout)', args: [] };

/** Guest calls that are another handler under another name, arguments unchanged. */
export function renamed(calls: Readonly<Record<string, string>>, extra: Partial<SyscallShape> = {}): Record<string, SyscallShape> {
  const args = [0, 1, 2, 3, 4, 5];
  return Object.fromEntries(Object.entries(calls).map(([name, handler]) => [name, { handler, args, ...extra }]));
}

/** The *_time64 calls of 32-bit ABIs: the plain handler, reading 64-bit timespec fields. */
const TIME64_SHAPES = renamed({
  clock_gettime64: 'clock_gettime', clock_getres_time64: 'clock_getres', clock_nanosleep_time64: 'clock_nanosleep',
  futex_time64: 'futex', recvmmsg_time64: 'recvmmsg', sched_rr_get_interval_time64: 'sched_rr_get_interval', ppoll_time64: 'ppoll', pselect6_time64: 'pselect6', utimensat_time64: 'utimensat',
  timer_settime64: 'timer_settime', timer_gettime64: 'timer_gettime', rt_sigtimedwait_time64: 'rt_sigtimedwait',
  timerfd_settime64: 'timerfd_settime', timerfd_gettime64: 'timerfd_gettime',
}, { time64: true });

/**
 * stat64/statfs64 have the arch's layouts (*-structs.ts); the old 32-bit stat/statfs structs are
 * not provided. 64-bit offsets come in aligned pairs: pread64(fd, buf, count, pad, offset).
 */
export const ALIGNED_PAIR_32_SHAPES: Readonly<Record<string, SyscallShape>> = {
  stat: UNSUPPORTED, lstat: UNSUPPORTED, fstat: UNSUPPORTED, statfs: UNSUPPORTED, fstatfs: UNSUPPORTED,
  stat64: { handler: 'newfstatat', args: [AT_FDCWD, 0, 1, { value: 0 }] },
  lstat64: { handler: 'newfstatat', args: [AT_FDCWD, 0, 1, AT_SYMLINK_NOFOLLOW] },
  fstat64: { handler: 'fstat', args: [0, 1] },
  fstatat64: { handler: 'newfstatat', args: [0, 1, 2, 3] },
  // statfs64(path, size, buf): the size is the caller's idea of the struct, not checked here.
  statfs64: { handler: 'statfs', args: [0, 2] },
  fstatfs64: { handler: 'fstatfs', args: [0, 2] },
  fcntl64: { handler: 'fcntl', args: [0, 1, 2] },
  pread64: { handler: 'pread64', args: [0, 1, 2, { pair: 4 }] },
  pwrite64: { handler: 'pwrite64', args: [0, 1, 2, { pair: 4 }] },
  truncate64: { handler: 'truncate', args: [0, { pair: 2 }] },
  ftruncate64: { handler: 'ftruncate', args: [0, { pair: 2 }] },
  fallocate: { handler: 'fallocate', args: [0, 1, { pair: 2 }, { pair: 4 }] },
  preadv: { handler: 'preadv', args: [0, 1, 2, { lohi: [3, 4] }] },
  pwritev: { handler: 'pwritev', args: [0, 1, 2, { lohi: [3, 4] }] },
  ...TIME64_SHAPES,
};
