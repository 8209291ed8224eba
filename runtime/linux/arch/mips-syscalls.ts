// MIPS syscall numbering (arch/mips/kernel/syscalls/syscall_{o32,n64}.tbl): o32 numbers start
// at 4000, n64 at 5000. Names are the kernel's; the ones the generic handlers know by another
// name or argument order are mapped by the shapes below.
import { AT_FDCWD as FDCWD, AT_SYMLINK_NOFOLLOW as SYMLINK_NOFOLLOW } from '../syscalls/at-constants.js';
import type { SyscallShape } from './types.js';
import { LEGACY_SHAPES } from './legacy-syscalls.js';
import { MIPS_SIGNAL_NUMBER } from './mips-numbers.js';

export const O32_NAMES: readonly (readonly [number, readonly string[]])[] = [
  [0, [
    'syscall', 'exit', 'fork', 'read', 'write', 'open', 'close', 'waitpid', 'creat', 'link',
    'unlink', 'execve', 'chdir', 'time', 'mknod', 'chmod', 'lchown', 'break', 'unused18', 'lseek',
    'getpid', 'mount', 'umount', 'setuid', 'getuid', 'stime', 'ptrace', 'alarm', 'unused28',
    'pause', 'utime', 'stty', 'gtty', 'access', 'nice', 'ftime', 'sync', 'kill', 'rename', 'mkdir',
    'rmdir', 'dup', 'pipe', 'times', 'prof', 'brk', 'setgid', 'getgid', 'signal', 'geteuid',
    'getegid', 'acct', 'umount2', 'lock', 'ioctl', 'fcntl', 'mpx', 'setpgid', 'ulimit', 'unused59',
    'umask', 'chroot', 'ustat', 'dup2', 'getppid', 'getpgrp', 'setsid', 'sigaction', 'sgetmask',
    'ssetmask', 'setreuid', 'setregid', 'sigsuspend', 'sigpending', 'sethostname', 'setrlimit',
    'getrlimit', 'getrusage', 'gettimeofday', 'settimeofday', 'getgroups', 'setgroups',
    'reserved82', 'symlink', 'unused84', 'readlink', 'uselib', 'swapon', 'reboot', 'readdir',
    'mmap', 'munmap', 'truncate', 'ftruncate', 'fchmod', 'fchown', 'getpriority', 'setpriority',
    'profil', 'statfs', 'fstatfs', 'ioperm', 'socketcall', 'syslog', 'setitimer', 'getitimer',
    'stat', 'lstat', 'fstat', 'unused109', 'iopl', 'vhangup', 'idle', 'vm86', 'wait4', 'swapoff',
    'sysinfo', 'ipc', 'fsync', 'sigreturn', 'clone', 'setdomainname', 'uname', 'modify_ldt',
    'adjtimex', 'mprotect', 'sigprocmask', 'create_module', 'init_module', 'delete_module',
    'get_kernel_syms', 'quotactl', 'getpgid', 'fchdir', 'bdflush', 'sysfs', 'personality',
    'afs_syscall', 'setfsuid', 'setfsgid', '_llseek', 'getdents', '_newselect', 'flock', 'msync',
    'readv', 'writev', 'cacheflush', 'cachectl', 'sysmips', 'unused150', 'getsid', 'fdatasync',
    '_sysctl', 'mlock', 'munlock', 'mlockall', 'munlockall', 'sched_setparam', 'sched_getparam',
    'sched_setscheduler', 'sched_getscheduler', 'sched_yield', 'sched_get_priority_max',
    'sched_get_priority_min', 'sched_rr_get_interval', 'nanosleep', 'mremap', 'accept', 'bind',
    'connect', 'getpeername', 'getsockname', 'getsockopt', 'listen', 'recv', 'recvfrom', 'recvmsg',
    'send', 'sendmsg', 'sendto', 'setsockopt', 'shutdown', 'socket', 'socketpair', 'setresuid',
    'getresuid', 'query_module', 'poll', 'nfsservctl', 'setresgid', 'getresgid', 'prctl',
    'rt_sigreturn', 'rt_sigaction', 'rt_sigprocmask', 'rt_sigpending', 'rt_sigtimedwait',
    'rt_sigqueueinfo', 'rt_sigsuspend', 'pread64', 'pwrite64', 'chown', 'getcwd', 'capget',
    'capset', 'sigaltstack', 'sendfile', 'getpmsg', 'putpmsg', 'mmap2', 'truncate64',
    'ftruncate64', 'stat64', 'lstat64', 'fstat64', 'pivot_root', 'mincore', 'madvise',
    'getdents64', 'fcntl64', 'reserved221', 'gettid', 'readahead', 'setxattr', 'lsetxattr',
    'fsetxattr', 'getxattr', 'lgetxattr', 'fgetxattr', 'listxattr', 'llistxattr', 'flistxattr',
    'removexattr', 'lremovexattr', 'fremovexattr', 'tkill', 'sendfile64', 'futex',
    'sched_setaffinity', 'sched_getaffinity', 'io_setup', 'io_destroy', 'io_getevents',
    'io_submit', 'io_cancel', 'exit_group', 'lookup_dcookie', 'epoll_create', 'epoll_ctl',
    'epoll_wait', 'remap_file_pages', 'set_tid_address', 'restart_syscall', 'fadvise64',
    'statfs64', 'fstatfs64', 'timer_create', 'timer_settime', 'timer_gettime', 'timer_getoverrun',
    'timer_delete', 'clock_settime', 'clock_gettime', 'clock_getres', 'clock_nanosleep', 'tgkill',
    'utimes', 'mbind', 'get_mempolicy', 'set_mempolicy', 'mq_open', 'mq_unlink', 'mq_timedsend',
    'mq_timedreceive', 'mq_notify', 'mq_getsetattr', 'vserver', 'waitid',
  ]],
  [280, [
    'add_key', 'request_key', 'keyctl', 'set_thread_area', 'inotify_init', 'inotify_add_watch',
    'inotify_rm_watch', 'migrate_pages', 'openat', 'mkdirat', 'mknodat', 'fchownat', 'futimesat',
    'fstatat64', 'unlinkat', 'renameat', 'linkat', 'symlinkat', 'readlinkat', 'fchmodat',
    'faccessat', 'pselect6', 'ppoll', 'unshare', 'splice', 'sync_file_range', 'tee', 'vmsplice',
    'move_pages', 'set_robust_list', 'get_robust_list', 'kexec_load', 'getcpu', 'epoll_pwait',
    'ioprio_set', 'ioprio_get', 'utimensat', 'signalfd', 'timerfd', 'eventfd', 'fallocate',
    'timerfd_create', 'timerfd_gettime', 'timerfd_settime', 'signalfd4', 'eventfd2',
    'epoll_create1', 'dup3', 'pipe2', 'inotify_init1', 'preadv', 'pwritev', 'rt_tgsigqueueinfo',
    'perf_event_open', 'accept4', 'recvmmsg', 'fanotify_init', 'fanotify_mark', 'prlimit64',
    'name_to_handle_at', 'open_by_handle_at', 'clock_adjtime', 'syncfs', 'sendmmsg', 'setns',
    'process_vm_readv', 'process_vm_writev', 'kcmp', 'finit_module', 'sched_setattr',
    'sched_getattr', 'renameat2', 'seccomp', 'getrandom', 'memfd_create', 'bpf', 'execveat',
    'userfaultfd', 'membarrier', 'mlock2', 'copy_file_range', 'preadv2', 'pwritev2',
    'pkey_mprotect', 'pkey_alloc', 'pkey_free', 'statx', 'rseq', 'io_pgetevents',
  ]],
  [393, [
    'semget', 'semctl', 'shmget', 'shmctl', 'shmat', 'shmdt', 'msgget', 'msgsnd', 'msgrcv',
    'msgctl', 'clock_gettime64', 'clock_settime64', 'clock_adjtime64', 'clock_getres_time64',
    'clock_nanosleep_time64', 'timer_gettime64', 'timer_settime64', 'timerfd_gettime64',
    'timerfd_settime64', 'utimensat_time64', 'pselect6_time64', 'ppoll_time64',
  ]],
  [416, [
    'io_pgetevents_time64', 'recvmmsg_time64', 'mq_timedsend_time64', 'mq_timedreceive_time64',
    'semtimedop_time64', 'rt_sigtimedwait_time64', 'futex_time64', 'sched_rr_get_interval_time64',
    'pidfd_send_signal', 'io_uring_setup', 'io_uring_enter', 'io_uring_register', 'open_tree',
    'move_mount', 'fsopen', 'fsconfig', 'fsmount', 'fspick', 'pidfd_open', 'clone3', 'close_range',
    'openat2', 'pidfd_getfd', 'faccessat2', 'process_madvise', 'epoll_pwait2', 'mount_setattr',
    'quotactl_fd', 'landlock_create_ruleset', 'landlock_add_rule', 'landlock_restrict_self',
  ]],
  [448, [
    'process_mrelease', 'futex_waitv', 'set_mempolicy_home_node', 'cachestat', 'fchmodat2',
  ]],
];
export const N64_NAMES: readonly (readonly [number, readonly string[]])[] = [
  [0, [
    'read', 'write', 'open', 'close', 'stat', 'fstat', 'lstat', 'poll', 'lseek', 'mmap',
    'mprotect', 'munmap', 'brk', 'rt_sigaction', 'rt_sigprocmask', 'ioctl', 'pread64', 'pwrite64',
    'readv', 'writev', 'access', 'pipe', '_newselect', 'sched_yield', 'mremap', 'msync', 'mincore',
    'madvise', 'shmget', 'shmat', 'shmctl', 'dup', 'dup2', 'pause', 'nanosleep', 'getitimer',
    'setitimer', 'alarm', 'getpid', 'sendfile', 'socket', 'connect', 'accept', 'sendto',
    'recvfrom', 'sendmsg', 'recvmsg', 'shutdown', 'bind', 'listen', 'getsockname', 'getpeername',
    'socketpair', 'setsockopt', 'getsockopt', 'clone', 'fork', 'execve', 'exit', 'wait4', 'kill',
    'uname', 'semget', 'semop', 'semctl', 'shmdt', 'msgget', 'msgsnd', 'msgrcv', 'msgctl', 'fcntl',
    'flock', 'fsync', 'fdatasync', 'truncate', 'ftruncate', 'getdents', 'getcwd', 'chdir',
    'fchdir', 'rename', 'mkdir', 'rmdir', 'creat', 'link', 'unlink', 'symlink', 'readlink',
    'chmod', 'fchmod', 'chown', 'fchown', 'lchown', 'umask', 'gettimeofday', 'getrlimit',
    'getrusage', 'sysinfo', 'times', 'ptrace', 'getuid', 'syslog', 'getgid', 'setuid', 'setgid',
    'geteuid', 'getegid', 'setpgid', 'getppid', 'getpgrp', 'setsid', 'setreuid', 'setregid',
    'getgroups', 'setgroups', 'setresuid', 'getresuid', 'setresgid', 'getresgid', 'getpgid',
    'setfsuid', 'setfsgid', 'getsid', 'capget', 'capset', 'rt_sigpending', 'rt_sigtimedwait',
    'rt_sigqueueinfo', 'rt_sigsuspend', 'sigaltstack', 'utime', 'mknod', 'personality', 'ustat',
    'statfs', 'fstatfs', 'sysfs', 'getpriority', 'setpriority', 'sched_setparam', 'sched_getparam',
    'sched_setscheduler', 'sched_getscheduler', 'sched_get_priority_max', 'sched_get_priority_min',
    'sched_rr_get_interval', 'mlock', 'munlock', 'mlockall', 'munlockall', 'vhangup', 'pivot_root',
    '_sysctl', 'prctl', 'adjtimex', 'setrlimit', 'chroot', 'sync', 'acct', 'settimeofday', 'mount',
    'umount2', 'swapon', 'swapoff', 'reboot', 'sethostname', 'setdomainname', 'create_module',
    'init_module', 'delete_module', 'get_kernel_syms', 'query_module', 'quotactl', 'nfsservctl',
    'getpmsg', 'putpmsg', 'afs_syscall', 'reserved177', 'gettid', 'readahead', 'setxattr',
    'lsetxattr', 'fsetxattr', 'getxattr', 'lgetxattr', 'fgetxattr', 'listxattr', 'llistxattr',
    'flistxattr', 'removexattr', 'lremovexattr', 'fremovexattr', 'tkill', 'reserved193', 'futex',
    'sched_setaffinity', 'sched_getaffinity', 'cacheflush', 'cachectl', 'sysmips', 'io_setup',
    'io_destroy', 'io_getevents', 'io_submit', 'io_cancel', 'exit_group', 'lookup_dcookie',
    'epoll_create', 'epoll_ctl', 'epoll_wait', 'remap_file_pages', 'rt_sigreturn',
    'set_tid_address', 'restart_syscall', 'semtimedop', 'fadvise64', 'timer_create',
    'timer_settime', 'timer_gettime', 'timer_getoverrun', 'timer_delete', 'clock_settime',
    'clock_gettime', 'clock_getres', 'clock_nanosleep', 'tgkill', 'utimes', 'mbind',
    'get_mempolicy', 'set_mempolicy', 'mq_open', 'mq_unlink', 'mq_timedsend', 'mq_timedreceive',
    'mq_notify', 'mq_getsetattr', 'vserver', 'waitid',
  ]],
  [239, [
    'add_key', 'request_key', 'keyctl', 'set_thread_area', 'inotify_init', 'inotify_add_watch',
    'inotify_rm_watch', 'migrate_pages', 'openat', 'mkdirat', 'mknodat', 'fchownat', 'futimesat',
    'newfstatat', 'unlinkat', 'renameat', 'linkat', 'symlinkat', 'readlinkat', 'fchmodat',
    'faccessat', 'pselect6', 'ppoll', 'unshare', 'splice', 'sync_file_range', 'tee', 'vmsplice',
    'move_pages', 'set_robust_list', 'get_robust_list', 'kexec_load', 'getcpu', 'epoll_pwait',
    'ioprio_set', 'ioprio_get', 'utimensat', 'signalfd', 'timerfd', 'eventfd', 'fallocate',
    'timerfd_create', 'timerfd_gettime', 'timerfd_settime', 'signalfd4', 'eventfd2',
    'epoll_create1', 'dup3', 'pipe2', 'inotify_init1', 'preadv', 'pwritev', 'rt_tgsigqueueinfo',
    'perf_event_open', 'accept4', 'recvmmsg', 'fanotify_init', 'fanotify_mark', 'prlimit64',
    'name_to_handle_at', 'open_by_handle_at', 'clock_adjtime', 'syncfs', 'sendmmsg', 'setns',
    'process_vm_readv', 'process_vm_writev', 'kcmp', 'finit_module', 'getdents64', 'sched_setattr',
    'sched_getattr', 'renameat2', 'seccomp', 'getrandom', 'memfd_create', 'bpf', 'execveat',
    'userfaultfd', 'membarrier', 'mlock2', 'copy_file_range', 'preadv2', 'pwritev2',
    'pkey_mprotect', 'pkey_alloc', 'pkey_free', 'statx', 'rseq', 'io_pgetevents',
  ]],
  [424, [
    'pidfd_send_signal', 'io_uring_setup', 'io_uring_enter', 'io_uring_register', 'open_tree',
    'move_mount', 'fsopen', 'fsconfig', 'fsmount', 'fspick', 'pidfd_open', 'clone3', 'close_range',
    'openat2', 'pidfd_getfd', 'faccessat2', 'process_madvise', 'epoll_pwait2', 'mount_setattr',
    'quotactl_fd', 'landlock_create_ruleset', 'landlock_add_rule', 'landlock_restrict_self',
  ]],
  [448, [
    'process_mrelease', 'futex_waitv', 'set_mempolicy_home_node', 'cachestat', 'fchmodat2',
  ]],
];

function numbered(base: number, runs: readonly (readonly [number, readonly string[]])[]): ReadonlyMap<number, string> {
  const m = new Map<number, string>();
  for (const [first, names] of runs) names.forEach((n, i) => m.set(base + first + i, n));
  return m;
}

export const MIPS_O32_SYSCALLS = numbered(4000, O32_NAMES);
export const MIPS_N64_SYSCALLS = numbered(5000, N64_NAMES);

const AT_FDCWD = { value: FDCWD };
const AT_SYMLINK_NOFOLLOW = { value: SYMLINK_NOFOLLOW };
/** O_WRONLY | O_CREAT | O_TRUNC in MIPS numbering, for creat(). */
const CREAT_FLAGS = { value: 0x301 };

/** Calls both MIPS ABIs share. */
const MIPS_SHAPES: Readonly<Record<string, SyscallShape>> = {
  ...LEGACY_SHAPES,
  creat: { handler: 'openat', args: [AT_FDCWD, 0, CREAT_FLAGS, 1] },
  fork: { handler: 'clone', args: [{ value: MIPS_SIGNAL_NUMBER.SIGCHLD }, { value: 0 }, { value: 0 }, { value: 0 }, { value: 0 }] },
  // The flagless first versions of the descriptor calls.
  eventfd: { handler: 'eventfd2', args: [0, { value: 0 }] },
  signalfd: { handler: 'signalfd4', args: [0, 1, 2, { value: 0 }] },
  inotify_init: { handler: 'inotify_init1', args: [{ value: 0 }] },
  epoll_wait: { handler: 'epoll_pwait', args: [0, 1, 2, 3, { value: 0 }, { value: 0 }] },
};

/** No handler: answered ENOSYS, so glibc uses the calls it prefers anyway. */
const UNSUPPORTED: SyscallShape = { handler: '(old 32-bit layout)', args: [] };

/** The *_time64 calls of 32-bit ABIs: the plain handler, reading 64-bit timespec fields. */
function time64Shapes(calls: Readonly<Record<string, string>>): Record<string, SyscallShape> {
  const args = [0, 1, 2, 3, 4, 5];
  return Object.fromEntries(Object.entries(calls).map(([name, handler]) => [name, { handler, args, time64: true }]));
}

/**
 * o32: the *64 calls take 64-bit offsets as aligned register pairs (the 5th and 6th arguments
 * come from the stack); stat64/statfs64 have the layouts in mips-structs.ts, the old 32-bit
 * stat/statfs structs are not provided.
 */
export const MIPS_O32_SHAPES: Readonly<Record<string, SyscallShape>> = {
  ...MIPS_SHAPES,
  stat: UNSUPPORTED, lstat: UNSUPPORTED, fstat: UNSUPPORTED, statfs: UNSUPPORTED, fstatfs: UNSUPPORTED,
  stat64: { handler: 'newfstatat', args: [AT_FDCWD, 0, 1, { value: 0 }] },
  lstat64: { handler: 'newfstatat', args: [AT_FDCWD, 0, 1, AT_SYMLINK_NOFOLLOW] },
  fstat64: { handler: 'fstat', args: [0, 1] },
  fstatat64: { handler: 'newfstatat', args: [0, 1, 2, 3] },
  statfs64: { handler: 'statfs', args: [0, 2] },
  fstatfs64: { handler: 'fstatfs', args: [0, 2] },
  fcntl64: { handler: 'fcntl', args: [0, 1, 2] },
  pread64: { handler: 'pread64', args: [0, 1, 2, { pair: 4 }] },
  pwrite64: { handler: 'pwrite64', args: [0, 1, 2, { pair: 4 }] },
  truncate64: { handler: 'truncate', args: [0, { pair: 2 }] },
  ftruncate64: { handler: 'ftruncate', args: [0, { pair: 2 }] },
  fallocate: { handler: 'fallocate', args: [0, 1, { pair: 2 }, { pair: 4 }] },
  // fadvise64(fd, pad, offset pair, len pair, advice): the 64-bit values in aligned pairs.
  fadvise64: { handler: 'fadvise64', args: [0, { pair: 2 }, { pair: 4 }, 6] },
  preadv: { handler: 'preadv', args: [0, 1, 2, { lohi: [3, 4] }] },
  pwritev: { handler: 'pwritev', args: [0, 1, 2, { lohi: [3, 4] }] },
  ...time64Shapes({
    clock_gettime64: 'clock_gettime', clock_getres_time64: 'clock_getres', clock_nanosleep_time64: 'clock_nanosleep',
    futex_time64: 'futex', recvmmsg_time64: 'recvmmsg', sched_rr_get_interval_time64: 'sched_rr_get_interval', ppoll_time64: 'ppoll', pselect6_time64: 'pselect6', utimensat_time64: 'utimensat',
    timer_settime64: 'timer_settime', timer_gettime64: 'timer_gettime', rt_sigtimedwait_time64: 'rt_sigtimedwait',
    timerfd_settime64: 'timerfd_settime', timerfd_gettime64: 'timerfd_gettime',
  }),
};

export const MIPS_N64_SHAPES: Readonly<Record<string, SyscallShape>> = MIPS_SHAPES;
