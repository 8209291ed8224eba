// stat family, directory listing and statfs. The host is always asked with statx (one
// arch-independent layout) and the answer is rewritten into the guest's struct stat.
import { E } from '../errno.js';
import type { GuestProcess } from '../guest-process.js';
import { libc, sys } from '../host/libc.js';
import { scratch } from '../host/scratch.js';
import { AT_EMPTY_PATH, AT_FDCWD } from './at-constants.js';
import { hostPathArg, nullablePath } from './fs-path.js';
import { virtualFd } from './virtual-fd.js';
import { writeStruct } from './struct-writer.js';
import type { HandlerTable } from './types.js';

const STATX_BASIC_STATS = 0x7ff;
const STATX_SIZE = 256;
const EMPTY = Buffer.from([0]);

/**
 * statx into scratch; virtual files are answered from their memfd. A NULL path goes to the host
 * as NULL (Linux 6.11 takes it as the empty path under AT_EMPTY_PATH); an empty one is left to
 * the host (ENOENT unless the guest asked AT_EMPTY_PATH).
 */
function hostStatx(p: GuestProcess, dirfd: number, path: string | null, flags: number, mask: number): number {
  if (path === null || path === '') return sys(libc.statx(dirfd, path === null ? null : EMPTY, flags, mask, scratch.addr));
  const vfd = virtualFd(p, dirfd, path);
  if (vfd !== null) {
    if (vfd < 0) return vfd;
    const r = sys(libc.statx(vfd, EMPTY, AT_EMPTY_PATH, mask, scratch.addr));
    libc.close(vfd);
    return r;
  }
  return sys(libc.statx(dirfd, hostPathArg(p, dirfd, path), flags, mask, scratch.addr));
}

/** Linux's new_encode_dev: the 32-bit dev_t userspace sees in struct stat. */
function encodeDev(major: number, minor: number): number {
  return ((minor & 0xff) | ((major & 0xfff) << 8) | ((minor & ~0xff) << 12)) >>> 0;
}

function writeStat(p: GuestProcess, addr: number): void {
  const d = scratch.dv;
  const u32 = (o: number) => d.getUint32(o, true);
  const u64 = (o: number) => d.getBigUint64(o, true);
  const i64 = (o: number) => d.getBigInt64(o, true);
  const layout = p.arch.structs.stat;
  writeStruct(p.mem, addr, layout, {
    dev: encodeDev(u32(136), u32(140)), ino: u64(32), mode: d.getUint16(28, true), nlink: u32(16),
    uid: u32(20), gid: u32(24), rdev: encodeDev(u32(128), u32(132)), size: u64(40), blksize: u32(4),
    blocks: u64(48), atime: i64(64), atime_nsec: u32(72), mtime: i64(112), mtime_nsec: u32(120),
    ctime: i64(96), ctime_nsec: u32(104),
  });
  if (layout.ino32) p.mem.write32(addr + layout.ino32[0], u32(32));
}

function statInto(p: GuestProcess, dirfd: number, path: string | null, flags: number, addr: number): number {
  const r = hostStatx(p, dirfd, path, flags, STATX_BASIC_STATS);
  if (r < 0) return r;
  writeStat(p, addr);
  return 0;
}

/** statx's layout is the same for every arch; only a big-endian guest needs its fields swapped. */
const STATX_FIELDS: readonly (readonly [number, 2 | 4 | 8])[] = [
  [0, 4], [4, 4], [8, 8], [16, 4], [20, 4], [24, 4], [28, 2], [32, 8], [40, 8], [48, 8], [56, 8],
  [64, 8], [72, 4], [80, 8], [88, 4], [96, 8], [104, 4], [112, 8], [120, 4],
  [128, 4], [132, 4], [136, 4], [140, 4], [144, 8], [152, 4], [156, 4],
];

function copyStatx(p: GuestProcess, addr: number): void {
  p.mem.check(addr, STATX_SIZE, 'write');
  p.mem.writeBytes(addr, scratch.u8.subarray(0, STATX_SIZE));
  if (!p.mem.bigEndian) return;
  for (const [off, size] of STATX_FIELDS) {
    if (size === 8) p.mem.write64(addr + off, scratch.dv.getBigUint64(off, true));
    else if (size === 4) p.mem.write32(addr + off, scratch.dv.getUint32(off, true));
    else p.mem.write16(addr + off, scratch.dv.getUint16(off, true));
  }
}

/** linux_dirent64 records: same layout everywhere, byte-swapped for big-endian guests. */
function getdents64(p: GuestProcess, fd: number, addr: number, count: number): number {
  const n = Math.min(count, scratch.size);
  p.mem.check(addr, n, 'write');
  const r = sys(libc.getdents64(fd, scratch.addr, n));
  if (r <= 0) return r;
  p.mem.writeBytes(addr, scratch.u8.subarray(0, r));
  if (p.mem.bigEndian) {
    for (let at = 0; at < r;) {
      const reclen = scratch.dv.getUint16(at + 16, true);
      p.mem.write64(addr + at, scratch.dv.getBigUint64(at, true));
      p.mem.write64(addr + at + 8, scratch.dv.getBigUint64(at + 8, true));
      p.mem.write16(addr + at + 16, reclen);
      at += reclen;
    }
  }
  return r;
}

function writeStatfs(p: GuestProcess, addr: number): void {
  const d = scratch.dv;
  const q = (o: number) => d.getBigUint64(o, true);
  writeStruct(p.mem, addr, p.arch.structs.statfs, {
    type: q(0), bsize: q(8), blocks: q(16), bfree: q(24), bavail: q(32), files: q(40), ffree: q(48),
    fsid0: d.getUint32(56, true), fsid1: d.getUint32(60, true), namelen: q(64), frsize: q(72), flags: q(80),
  });
}

export const fsStatSyscalls: HandlerTable = {
  // The empty path of AT_EMPTY_PATH with AT_FDCWD would be the working directory: fstat's EBADF.
  fstat: (p, a) => (a.int(0) === AT_FDCWD ? -E.EBADF : statInto(p, a.int(0), '', AT_EMPTY_PATH, a.ptr(1))),
  newfstatat: (p, a) => statInto(p, a.int(0), nullablePath(p, a.ptr(1)), a.int(3), a.ptr(2)),
  statx: (p, a) => {
    const r = hostStatx(p, a.int(0), nullablePath(p, a.ptr(1)), a.int(2), a.uint(3));
    if (r < 0) return r;
    copyStatx(p, a.ptr(4));
    return 0;
  },
  getdents64: (p, a) => getdents64(p, a.int(0), a.ptr(1), a.uint(2)),
  statfs: (p, a) => {
    const r = sys(libc.statfs(hostPathArg(p, AT_FDCWD, p.readString(a.ptr(0))), scratch.addr));
    if (r < 0) return r;
    writeStatfs(p, a.ptr(1));
    return 0;
  },
  fstatfs: (p, a) => {
    const r = sys(libc.fstatfs(a.int(0), scratch.addr));
    if (r < 0) return r;
    writeStatfs(p, a.ptr(1));
    return 0;
  },
};
