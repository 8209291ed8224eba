// Struct layouts of the asm-generic 64-bit ABI (aarch64, riscv64): data for the shared
// translation code in runtime/linux/syscalls/structs.ts.
import type { GuestStructs, LinuxArch } from './types.js';

export const GENERIC_STAT_64: GuestStructs['stat'] = {
  size: 128,
  fields: {
    dev: [0, 8], ino: [8, 8], mode: [16, 4], nlink: [20, 4], uid: [24, 4], gid: [28, 4],
    rdev: [32, 8], size: [48, 8], blksize: [56, 4], blocks: [64, 8],
    atime: [72, 8], atime_nsec: [80, 8], mtime: [88, 8], mtime_nsec: [96, 8],
    ctime: [104, 8], ctime_nsec: [112, 8],
  },
};

export const GENERIC_STATFS_64: GuestStructs['statfs'] = {
  size: 120,
  fields: {
    type: [0, 8], bsize: [8, 8], blocks: [16, 8], bfree: [24, 8], bavail: [32, 8], files: [40, 8],
    ffree: [48, 8], fsid0: [56, 4], fsid1: [60, 4], namelen: [64, 8], frsize: [72, 8], flags: [80, 8],
  },
};

export const GENERIC_SIGACTION_64: GuestStructs['sigaction'] = {
  size: 32,
  fields: { handler: [0, 8], flags: [8, 8], restorer: [16, 8], mask: [24, 8] },
};

/** stack_t: { void *ss_sp; int ss_flags; size_t ss_size }. */
export const GENERIC_STACK_64: GuestStructs['stack'] = {
  size: 24,
  fields: { sp: [0, 8], flags: [8, 4], size: [16, 8] },
};

export const GENERIC_SIGPROCMASK_HOW: LinuxArch['sigprocmaskHow'] = { SIG_BLOCK: 0, SIG_UNBLOCK: 1, SIG_SETMASK: 2 };

export const GENERIC_FLOCK_64: GuestStructs['flock'] = {
  size: 32,
  fields: { type: [0, 2], whence: [2, 2], start: [8, 8], len: [16, 8], pid: [24, 4] },
};

export const GENERIC_SA_FLAGS: LinuxArch['saFlags'] = {
  SA_SIGINFO: 0x4, SA_ONSTACK: 0x08000000, SA_RESTART: 0x10000000, SA_NODEFER: 0x40000000,
  SA_RESETHAND: 0x80000000, SA_RESTORER: 0x04000000,
};

export const GENERIC_MMAP_FLAGS: LinuxArch['mmapFlags'] = {
  MAP_SHARED: 0x1, MAP_PRIVATE: 0x2, MAP_TYPE: 0xf, MAP_FIXED: 0x10, MAP_ANONYMOUS: 0x20, MAP_FIXED_NOREPLACE: 0x100000,
  MAP_LOCKED: 0x2000,
};

/** RLIMIT_* in generic numbering: the identity. */
export const GENERIC_RLIMIT_RESOURCES: readonly number[] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];

/**
 * struct epoll_event { __u32 events; __u64 data; } (uapi linux/eventpoll.h): EPOLL_PACKED only
 * on x86-64, so every other ABI (aarch64, MIPS o32 and n64) has the data at offset 8.
 */
export const ALIGNED_EPOLL_EVENT: GuestStructs['epollEvent'] = { size: 16, fields: { events: [0, 4], data: [8, 8] } };

/** The x86-64 layout (the host's, when Node runs there). */
export const PACKED_EPOLL_EVENT: GuestStructs['epollEvent'] = { size: 12, fields: { events: [0, 4], data: [4, 8] } };
