// Struct layouts of the MIPS ABIs (arch/mips/include/uapi/asm/{stat,statfs,fcntl,signal}.h).
import { ALIGNED_EPOLL_EVENT } from './generic-structs.js';
import type { GuestStructs } from './types.js';

/** o32 struct stat64 and n64 struct stat happen to share every offset used here. */
const MIPS_STAT: GuestStructs['stat'] = {
  size: 104,
  fields: {
    dev: [0, 4], ino: [16, 8], mode: [24, 4], nlink: [28, 4], uid: [32, 4], gid: [36, 4], rdev: [40, 4],
    size: [56, 8], atime: [64, 4], atime_nsec: [68, 4], mtime: [72, 4], mtime_nsec: [76, 4],
    ctime: [80, 4], ctime_nsec: [84, 4], blksize: [88, 4], blocks: [96, 8],
  },
};

/** o32 struct statfs64 (what statfs64/fstatfs64 fill). */
const MIPS_O32_STATFS64: GuestStructs['statfs'] = {
  size: 96,
  fields: {
    type: [0, 4], bsize: [4, 4], frsize: [8, 4], blocks: [16, 8], bfree: [24, 8], files: [32, 8],
    ffree: [40, 8], bavail: [48, 8], fsid0: [56, 4], fsid1: [60, 4], namelen: [64, 4], flags: [68, 4],
  },
};

/** n64 struct statfs: all longs, with f_frsize third and f_bavail after f_ffree. */
const MIPS_N64_STATFS: GuestStructs['statfs'] = {
  size: 128,
  fields: {
    type: [0, 8], bsize: [8, 8], frsize: [16, 8], blocks: [24, 8], bfree: [32, 8], files: [40, 8],
    ffree: [48, 8], bavail: [56, 8], fsid0: [64, 4], fsid1: [68, 4], namelen: [72, 8], flags: [80, 8],
  },
};

/** struct sigaction: sa_flags first, no sa_restorer; the mask is a 128-bit sigset. */
const MIPS_O32_SIGACTION: GuestStructs['sigaction'] = { size: 24, fields: { flags: [0, 4], handler: [4, 4], mask: [8, 8] } };
const MIPS_N64_SIGACTION: GuestStructs['sigaction'] = { size: 32, fields: { flags: [0, 4], handler: [8, 8], mask: [16, 8] } };

/** o32 struct flock: 32-bit offsets, then l_sysid before l_pid and four words of padding. */
const MIPS_O32_FLOCK: GuestStructs['flock'] = { size: 36, fields: { type: [0, 2], whence: [2, 2], start: [4, 4], len: [8, 4], pid: [16, 4] } };
/** struct flock64 (o32) and n64's struct flock: the generic 64-bit layout. */
const MIPS_FLOCK64: GuestStructs['flock'] = { size: 32, fields: { type: [0, 2], whence: [2, 2], start: [8, 8], len: [16, 8], pid: [24, 4] } };

/** stack_t: { void *ss_sp; size_t ss_size; int ss_flags }. */
const MIPS_O32_STACK: GuestStructs['stack'] = { size: 12, fields: { sp: [0, 4], size: [4, 4], flags: [8, 4] } };
const MIPS_N64_STACK: GuestStructs['stack'] = { size: 24, fields: { sp: [0, 8], size: [8, 8], flags: [16, 4] } };

export const MIPS_O32_STRUCTS: GuestStructs = {
  stat: MIPS_STAT, statfs: MIPS_O32_STATFS64, sigaction: MIPS_O32_SIGACTION, flock: MIPS_O32_FLOCK,
  flock64: MIPS_FLOCK64, stack: MIPS_O32_STACK, epollEvent: ALIGNED_EPOLL_EVENT,
};

export const MIPS_N64_STRUCTS: GuestStructs = {
  stat: MIPS_STAT, statfs: MIPS_N64_STATFS, sigaction: MIPS_N64_SIGACTION, flock: MIPS_FLOCK64, stack: MIPS_N64_STACK, epollEvent: ALIGNED_EPOLL_EVENT,
};
