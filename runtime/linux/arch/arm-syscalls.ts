// ARM EABI syscall numbering (arch/arm/tools/syscall.tbl, the "common" and "eabi" rows; checked
// against the cross toolchain's <asm/unistd-eabi.h>), the ARM private calls at 0x0f0000, and
// the shapes that map ARM's names and argument orders onto the generic handlers.
import { ARM_OPEN_FLAGS } from './open-flags.js';
import { ALIGNED_PAIR_32_SHAPES, UNSUPPORTED, renamed } from './abi32-syscalls.js';
import { LEGACY_SHAPES, legacyProcessShapes } from './legacy-syscalls.js';
import type { SyscallShape } from './types.js';

/**
 * Index = number; null: no EABI call there (OABI-only or removed: sys_ni_syscall, ENOSYS). The
 * 16-bit uid calls ARM kept (sys_getuid16 & co.) carry a `16` suffix and have handlers of that
 * name (syscalls/credentials16.ts); glibc uses their `*32` successors.
 */
const EABI_NAMES: readonly (string | null)[] = [
  'restart_syscall', 'exit', 'fork', 'read', 'write', 'open', 'close', null, 'creat', 'link',
  'unlink', 'execve', 'chdir', null, 'mknod', 'chmod', 'lchown16', null, null, 'lseek', 'getpid',
  'mount', null, 'setuid16', 'getuid16', null, 'ptrace', null, null, 'pause', null, null, null,
  'access', 'nice', null, 'sync', 'kill', 'rename', 'mkdir', 'rmdir', 'dup', 'pipe', 'times', null,
  'brk', 'setgid16', 'getgid16', null, 'geteuid16', 'getegid16', 'acct', 'umount2', null, 'ioctl',
  'fcntl', null, 'setpgid', null, null, 'umask', 'chroot', 'ustat', 'dup2', 'getppid', 'getpgrp',
  'setsid', 'sigaction', null, null, 'setreuid16', 'setregid16', 'sigsuspend', 'sigpending',
  'sethostname', 'setrlimit', null, 'getrusage', 'gettimeofday', 'settimeofday', 'getgroups16',
  'setgroups16', null, 'symlink', null, 'readlink', 'uselib', 'swapon', 'reboot', null, null,
  'munmap', 'truncate', 'ftruncate', 'fchmod', 'fchown16', 'getpriority', 'setpriority', null,
  'statfs', 'fstatfs', null, null, 'syslog', 'setitimer', 'getitimer', 'stat', 'lstat', 'fstat',
  null, null, 'vhangup', null, null, 'wait4', 'swapoff', 'sysinfo', null, 'fsync', 'sigreturn',
  'clone', 'setdomainname', 'uname', null, 'adjtimex', 'mprotect', 'sigprocmask', null,
  'init_module', 'delete_module', null, 'quotactl', 'getpgid', 'fchdir', 'bdflush', 'sysfs',
  'personality', null, 'setfsuid16', 'setfsgid16', '_llseek', 'getdents', '_newselect', 'flock',
  'msync', 'readv', 'writev', 'getsid', 'fdatasync', '_sysctl', 'mlock', 'munlock', 'mlockall',
  'munlockall', 'sched_setparam', 'sched_getparam', 'sched_setscheduler', 'sched_getscheduler',
  'sched_yield', 'sched_get_priority_max', 'sched_get_priority_min', 'sched_rr_get_interval',
  'nanosleep', 'mremap', 'setresuid16', 'getresuid16', null, null, 'poll', 'nfsservctl',
  'setresgid16', 'getresgid16', 'prctl', 'rt_sigreturn', 'rt_sigaction', 'rt_sigprocmask',
  'rt_sigpending', 'rt_sigtimedwait', 'rt_sigqueueinfo', 'rt_sigsuspend', 'pread64', 'pwrite64',
  'chown16', 'getcwd', 'capget', 'capset', 'sigaltstack', 'sendfile', null, null, 'vfork',
  'ugetrlimit', 'mmap2', 'truncate64', 'ftruncate64', 'stat64', 'lstat64', 'fstat64', 'lchown32',
  'getuid32', 'getgid32', 'geteuid32', 'getegid32', 'setreuid32', 'setregid32', 'getgroups32',
  'setgroups32', 'fchown32', 'setresuid32', 'getresuid32', 'setresgid32', 'getresgid32', 'chown32',
  'setuid32', 'setgid32', 'setfsuid32', 'setfsgid32', 'getdents64', 'pivot_root', 'mincore',
  'madvise', 'fcntl64', null, null, 'gettid', 'readahead', 'setxattr', 'lsetxattr', 'fsetxattr',
  'getxattr', 'lgetxattr', 'fgetxattr', 'listxattr', 'llistxattr', 'flistxattr', 'removexattr',
  'lremovexattr', 'fremovexattr', 'tkill', 'sendfile64', 'futex', 'sched_setaffinity',
  'sched_getaffinity', 'io_setup', 'io_destroy', 'io_getevents', 'io_submit', 'io_cancel',
  'exit_group', 'lookup_dcookie', 'epoll_create', 'epoll_ctl', 'epoll_wait', 'remap_file_pages',
  null, null, 'set_tid_address', 'timer_create', 'timer_settime', 'timer_gettime',
  'timer_getoverrun', 'timer_delete', 'clock_settime', 'clock_gettime', 'clock_getres',
  'clock_nanosleep', 'statfs64', 'fstatfs64', 'tgkill', 'utimes', 'arm_fadvise64_64',
  'pciconfig_iobase', 'pciconfig_read', 'pciconfig_write', 'mq_open', 'mq_unlink', 'mq_timedsend',
  'mq_timedreceive', 'mq_notify', 'mq_getsetattr', 'waitid', 'socket', 'bind', 'connect', 'listen',
  'accept', 'getsockname', 'getpeername', 'socketpair', 'send', 'sendto', 'recv', 'recvfrom',
  'shutdown', 'setsockopt', 'getsockopt', 'sendmsg', 'recvmsg', 'semop', 'semget', 'semctl',
  'msgsnd', 'msgrcv', 'msgget', 'msgctl', 'shmat', 'shmdt', 'shmget', 'shmctl', 'add_key',
  'request_key', 'keyctl', 'semtimedop', 'vserver', 'ioprio_set', 'ioprio_get', 'inotify_init',
  'inotify_add_watch', 'inotify_rm_watch', 'mbind', 'get_mempolicy', 'set_mempolicy', 'openat',
  'mkdirat', 'mknodat', 'fchownat', 'futimesat', 'fstatat64', 'unlinkat', 'renameat', 'linkat',
  'symlinkat', 'readlinkat', 'fchmodat', 'faccessat', 'pselect6', 'ppoll', 'unshare',
  'set_robust_list', 'get_robust_list', 'splice', 'arm_sync_file_range', 'tee', 'vmsplice',
  'move_pages', 'getcpu', 'epoll_pwait', 'kexec_load', 'utimensat', 'signalfd', 'timerfd_create',
  'eventfd', 'fallocate', 'timerfd_settime', 'timerfd_gettime', 'signalfd4', 'eventfd2',
  'epoll_create1', 'dup3', 'pipe2', 'inotify_init1', 'preadv', 'pwritev', 'rt_tgsigqueueinfo',
  'perf_event_open', 'recvmmsg', 'accept4', 'fanotify_init', 'fanotify_mark', 'prlimit64',
  'name_to_handle_at', 'open_by_handle_at', 'clock_adjtime', 'syncfs', 'sendmmsg', 'setns',
  'process_vm_readv', 'process_vm_writev', 'kcmp', 'finit_module', 'sched_setattr',
  'sched_getattr', 'renameat2', 'seccomp', 'getrandom', 'memfd_create', 'bpf', 'execveat',
  'userfaultfd', 'membarrier', 'mlock2', 'copy_file_range', 'preadv2', 'pwritev2', 'pkey_mprotect',
  'pkey_alloc', 'pkey_free', 'statx', 'rseq', 'io_pgetevents', 'migrate_pages', 'kexec_file_load',
  null, 'clock_gettime64', 'clock_settime64', 'clock_adjtime64', 'clock_getres_time64',
  'clock_nanosleep_time64', 'timer_gettime64', 'timer_settime64', 'timerfd_gettime64',
  'timerfd_settime64', 'utimensat_time64', 'pselect6_time64', 'ppoll_time64', null,
  'io_pgetevents_time64', 'recvmmsg_time64', 'mq_timedsend_time64', 'mq_timedreceive_time64',
  'semtimedop_time64', 'rt_sigtimedwait_time64', 'futex_time64', 'sched_rr_get_interval_time64',
  'pidfd_send_signal', 'io_uring_setup', 'io_uring_enter', 'io_uring_register', 'open_tree',
  'move_mount', 'fsopen', 'fsconfig', 'fsmount', 'fspick', 'pidfd_open', 'clone3', 'close_range',
  'openat2', 'pidfd_getfd', 'faccessat2', 'process_madvise', 'epoll_pwait2', 'mount_setattr',
  'quotactl_fd', 'landlock_create_ruleset', 'landlock_add_rule', 'landlock_restrict_self', null,
  'process_mrelease', 'futex_waitv', 'set_mempolicy_home_node', 'cachestat', 'fchmodat2',
];

/** __ARM_NR_BASE: the ARM private calls (arch/arm/include/uapi/asm/unistd.h). */
export const ARM_NR_BASE = 0x0f0000;
const PRIVATE_NAMES: readonly string[] = ['breakpoint', 'cacheflush', 'usr26', 'usr32', 'set_tls', 'get_tls'];

function numbered(): ReadonlyMap<number, string> {
  const m = new Map<number, string>();
  EABI_NAMES.forEach((name, nr) => { if (name !== null) m.set(nr, name); });
  PRIVATE_NAMES.forEach((name, i) => m.set(ARM_NR_BASE + 1 + i, name));
  return m;
}

export const ARM_SYSCALLS = numbered();

const ZERO = { value: 0 };
const CLONE_VM = 0x100;
const CLONE_VFORK = 0x4000;
const SIGCHLD = 17;

export const ARM_SHAPES: Readonly<Record<string, SyscallShape>> = {
  ...LEGACY_SHAPES,
  ...legacyProcessShapes(ARM_OPEN_FLAGS.O_WRONLY | ARM_OPEN_FLAGS.O_CREAT | ARM_OPEN_FLAGS.O_TRUNC, SIGCHLD),
  ...ALIGNED_PAIR_32_SHAPES,
  // glibc's vfork() is this call on ARM (clone with CLONE_VM | CLONE_VFORK, run as a fork).
  vfork: { handler: 'clone', args: [{ value: CLONE_VM | CLONE_VFORK | SIGCHLD }, ZERO, ZERO, ZERO, ZERO] },
  // The 32-bit uid calls are the plain handlers; lchown32 does not follow the link.
  lchown32: LEGACY_SHAPES.lchown!, chown32: LEGACY_SHAPES.chown!,
  ...renamed({
    getuid32: 'getuid', getgid32: 'getgid', geteuid32: 'geteuid', getegid32: 'getegid', setreuid32: 'setreuid',
    setregid32: 'setregid', getgroups32: 'getgroups', setgroups32: 'setgroups', fchown32: 'fchown',
    setresuid32: 'setresuid', getresuid32: 'getresuid', setresgid32: 'setresgid', getresgid32: 'getresgid',
    setuid32: 'setuid', setgid32: 'setgid', setfsuid32: 'setfsuid', setfsgid32: 'setfsgid',
    // ugetrlimit is getrlimit with RLIM_INFINITY ~0 (the old getrlimit, OABI only, clipped it).
    ugetrlimit: 'getrlimit',
  }),
  send: { handler: 'sendto', args: [0, 1, 2, 3, ZERO, ZERO] },
  recv: { handler: 'recvfrom', args: [0, 1, 2, 3, ZERO, ZERO] },
  // arm_fadvise64_64(fd, advice, offset pair, len pair): advice moved up to keep the pairs aligned.
  arm_fadvise64_64: { handler: 'fadvise64', args: [0, { pair: 2 }, { pair: 4 }, 1] },
  // The old-sigset calls: glibc uses their rt_ successors.
  sigaction: UNSUPPORTED, sigsuspend: UNSUPPORTED, sigpending: UNSUPPORTED, sigprocmask: UNSUPPORTED,
  set_tls: { handler: 'set_thread_area', args: [0] },
  // cacheflush(start, end, flags): the handler checks the range (translated code is kept coherent
  // with guest stores already).
  cacheflush: { handler: 'arm_cacheflush', args: [0, 1, 2] },
};
