// Struct layouts of ARM EABI (arch/arm/include/uapi/asm/{stat,statfs,signal}.h, the generic
// fcntl.h and eventpoll.h): 32-bit longs and pointers, 64-bit members aligned to 8. Every offset
// is checked against arm-linux-gnueabihf-gcc by test/linux/arm-abi.test.ts.
import { ALIGNED_EPOLL_EVENT, GENERIC_FLOCK_64 } from './generic-structs.js';
import type { GuestStructs } from './types.js';

/**
 * struct stat64: 64-bit st_dev and st_rdev each followed by 4 bytes of padding, the 32-bit
 * __st_ino early (a leftover of the 32-bit struct, written too) and the 64-bit st_ino last.
 */
const ARM_STAT64: GuestStructs['stat'] = {
  size: 104,
  fields: {
    dev: [0, 8], mode: [16, 4], nlink: [20, 4], uid: [24, 4], gid: [28, 4], rdev: [32, 8], size: [48, 8],
    blksize: [56, 4], blocks: [64, 8], atime: [72, 4], atime_nsec: [76, 4], mtime: [80, 4], mtime_nsec: [84, 4],
    ctime: [88, 4], ctime_nsec: [92, 4], ino: [96, 8],
  },
  ino32: [12, 4],
};

/**
 * struct statfs64, packed to 4-byte alignment on ARM (ARCH_PACK_STATFS64): 84 bytes, not 88.
 * (The kernel's statfs64 entry accepts glibc's size of 88 and writes 84.)
 */
const ARM_STATFS64: GuestStructs['statfs'] = {
  size: 84,
  fields: {
    type: [0, 4], bsize: [4, 4], blocks: [8, 8], bfree: [16, 8], bavail: [24, 8], files: [32, 8], ffree: [40, 8],
    fsid0: [48, 4], fsid1: [52, 4], namelen: [56, 4], frsize: [60, 4], flags: [64, 4],
  },
};

/** The kernel's struct sigaction: handler, flags, restorer, then a 64-bit mask at offset 12. */
const ARM_SIGACTION: GuestStructs['sigaction'] = { size: 20, fields: { handler: [0, 4], flags: [4, 4], restorer: [8, 4], mask: [12, 8] } };

/** struct flock of 32-bit off_t (plain F_GETLK); flock64 is the generic 64-bit one. */
const ARM_FLOCK: GuestStructs['flock'] = { size: 16, fields: { type: [0, 2], whence: [2, 2], start: [4, 4], len: [8, 4], pid: [12, 4] } };

/** stack_t: { void *ss_sp; int ss_flags; size_t ss_size }. */
const ARM_STACK: GuestStructs['stack'] = { size: 12, fields: { sp: [0, 4], flags: [4, 4], size: [8, 4] } };

export const ARM_STRUCTS: GuestStructs = {
  stat: ARM_STAT64, statfs: ARM_STATFS64, sigaction: ARM_SIGACTION, flock: ARM_FLOCK, flock64: GENERIC_FLOCK_64,
  stack: ARM_STACK, epollEvent: ALIGNED_EPOLL_EVENT,
};
