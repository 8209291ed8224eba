// brk, mmap and friends over the VMA list (mm/address-space.ts). File mappings are copies:
// MAP_SHARED writes are not written back to the file (documented in docs/linux.md). Far
// mappings (beyond the identity window, mm/layout.ts) are bookkeeping only: reservations.
import fs from 'node:fs';
import { PROT_READ } from '../../core/api.js';
import { E } from '../errno.js';
import type { GuestProcess } from '../guest-process.js';
import { libc, sys } from '../host/libc.js';
import { scratch } from '../host/scratch.js';
import { ANON, type VmaInit } from '../mm/address-space.js';
import { PAGE_SIZE, pageUp, windowLen } from '../mm/layout.js';
import { AT_EMPTY_PATH } from './at-constants.js';
import { lockNewMapping, unlockUnmapped } from './memory-locks.js';
import type { HandlerTable } from './types.js';

const MREMAP_MAYMOVE = 1;
const MREMAP_FIXED = 2;
const MREMAP_DONTUNMAP = 4;
/** msync and mlockall flags: the same numbers on every ABI. */
const MS_ASYNC = 1;
const MS_INVALIDATE = 2;
const MS_SYNC = 4;
const MADV_DONTNEED = 4;
const EMPTY = Buffer.from([0]);

function fileVma(fd: number, prot: number, shared: boolean, offset: number): VmaInit | number {
  const r = sys(libc.statx(fd, EMPTY, AT_EMPTY_PATH, 0x7ff, scratch.addr));
  if (r < 0) return r;
  const mode = scratch.dv.getUint16(28, true);
  if ((mode & 0o170000) === 0o040000) return -E.ENODEV;
  const dev = ((scratch.dv.getUint32(136, true) & 0xfff) << 8) | (scratch.dv.getUint32(140, true) & 0xff);
  let name = '';
  try {
    name = fs.readlinkSync(`/proc/self/fd/${fd}`, { encoding: 'latin1' });
  } catch {
    // an anonymous file (memfd, deleted file) keeps an empty name
  }
  return { prot, shared, name, offset, inode: Number(scratch.dv.getBigUint64(32, true)), dev, anon: false };
}

function mmap(p: GuestProcess, addr: number, len: number, prot: number, flags: number, fd: number, off: number): number {
  const F = p.arch.mmapFlags;
  if (len === 0 || off % PAGE_SIZE !== 0 || off < 0) return -E.EINVAL;
  const size = pageUp(len);
  const fixed = (flags & (F.MAP_FIXED | F.MAP_FIXED_NOREPLACE)) !== 0;
  const anon = (flags & F.MAP_ANONYMOUS) !== 0;
  const shared = (flags & F.MAP_TYPE) !== F.MAP_PRIVATE;
  if (fixed && addr % PAGE_SIZE !== 0) return -E.EINVAL;
  if (size > p.as.limit || (fixed && addr + size > p.as.limit)) return -E.ENOMEM;
  const init = anon ? { ...ANON, prot, shared } : fileVma(fd, prot, shared, off);
  if (typeof init === 'number') return init;
  let at: number;
  if (fixed) {
    if ((flags & F.MAP_FIXED_NOREPLACE) !== 0 && !p.as.isFree(addr, size)) return -E.EEXIST;
    at = addr;
  } else {
    at = p.as.findFree(size, addr - (addr % PAGE_SIZE), anon ? prot : PROT_READ);
  }
  // A file's contents have nowhere to go beyond the window.
  if (!anon && windowLen(at, size) < size) return -E.ENOMEM;
  p.as.map(at, size, init);
  if (!anon) {
    const n = sys(libc.pread(fd, p.hostBase + at, len, off));
    if (n < 0) {
      p.as.unmap(at, size);
      return n;
    }
    p.mem.noteWrite(at, n);
  }
  const locked = lockNewMapping(p, at, size, (flags & F.MAP_LOCKED) !== 0);
  if (locked < 0) {
    p.as.unmap(at, size);
    return locked;
  }
  return at;
}

/** brk; under mlockall(MCL_FUTURE) the new part of the heap is locked (or the heap stays). */
function brk(p: GuestProcess, want: number): number {
  const oldEnd = p.as.brkEnd;
  const oldTop = pageUp(oldEnd);
  const r = p.as.brk(want);
  const newTop = pageUp(r);
  if (newTop > oldTop && lockNewMapping(p, oldTop, newTop - oldTop) < 0) return p.as.brk(oldEnd);
  return r;
}

function mremap(p: GuestProcess, old: number, oldSize: number, newSize: number, flags: number, newAddr: number): number {
  if (old % PAGE_SIZE !== 0 || newSize === 0) return -E.EINVAL;
  if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)) return -E.EINVAL;
  if (flags & MREMAP_FIXED && !(flags & MREMAP_MAYMOVE)) return -E.EINVAL;
  const oldLen = pageUp(oldSize);
  const newLen = pageUp(newSize);
  const vma = p.as.find(old);
  if (!vma || !p.as.isMapped(old, oldLen || PAGE_SIZE)) return -E.EFAULT;
  if ((flags & MREMAP_FIXED) === 0) {
    if (newLen <= oldLen) {
      if (newLen < oldLen) p.as.unmap(old + newLen, oldLen - newLen);
      return old;
    }
    if (p.as.isFree(old + oldLen, newLen - oldLen)) {
      p.as.map(old + oldLen, newLen - oldLen, { ...vma, offset: vma.anon ? 0 : vma.offset + (old + oldLen - vma.start) });
      lockNewMapping(p, old + oldLen, newLen - oldLen);
      return old;
    }
    if ((flags & MREMAP_MAYMOVE) === 0) return -E.ENOMEM;
  }
  const dest = (flags & MREMAP_FIXED) !== 0 ? newAddr : p.as.findFree(newLen, 0, vma.prot);
  if (dest % PAGE_SIZE !== 0) return -E.EINVAL;
  const keep = { ...vma, offset: vma.anon ? 0 : vma.offset + (old - vma.start) };
  // Window contents cannot move beyond the window (far pages have no backing); far pages have
  // no contents to move.
  const copied = p.mem.u8.slice(old, old + windowLen(old, Math.min(oldLen, newLen)));
  if (windowLen(dest, copied.length) < copied.length) return -E.ENOMEM;
  p.as.map(dest, newLen, keep);
  if (copied.length > 0) {
    p.mem.u8.set(copied, dest);
    p.mem.noteWrite(dest, copied.length);
  }
  p.as.unmap(old, oldLen);
  unlockUnmapped(p, old, oldLen);
  lockNewMapping(p, dest, newLen);
  return dest;
}

function madvise(p: GuestProcess, addr: number, len: number, advice: number): number {
  if (addr % PAGE_SIZE !== 0) return -E.EINVAL;
  if (advice !== MADV_DONTNEED) return 0;
  const end = addr + pageUp(len);
  for (const v of p.as.vmas) {
    const s = Math.max(v.start, addr);
    const e = Math.min(v.end, end, s + windowLen(s, end - s));
    // Private anonymous pages read back as zero afterwards; file pages would be re-read (not modelled).
    if (s < e && v.anon && !v.shared) {
      p.mem.zero(s, e - s);
      p.mem.noteWrite(s, e - s);
    }
  }
  return 0;
}

/**
 * msync: pages are not written back (file mappings are copies), but the kernel's checks are
 * made: alignment, flags, and a fully mapped range.
 */
function msync(p: GuestProcess, addr: number, len: number, flags: number): number {
  if (addr % PAGE_SIZE !== 0 || flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) return -E.EINVAL;
  if (flags & MS_ASYNC && flags & MS_SYNC) return -E.EINVAL;
  return len === 0 || p.as.isMapped(addr, pageUp(len)) ? 0 : -E.ENOMEM;
}

export const memorySyscalls: HandlerTable = {
  brk: (p, a) => brk(p, a.ptr(0)),
  mmap: (p, a) => mmap(p, a.ptr(0), a.ptr(1), a.int(2), a.int(3), a.int(4), a.long(5)),
  // mmap2 (32-bit ABIs) takes the offset in 4 KiB units.
  mmap2: (p, a) => mmap(p, a.ptr(0), a.ptr(1), a.int(2), a.int(3), a.int(4), a.ptr(5) * PAGE_SIZE),
  munmap: (p, a) => {
    if (a.ptr(0) % PAGE_SIZE !== 0 || a.ptr(1) === 0) return -E.EINVAL;
    p.as.unmap(a.ptr(0), pageUp(a.ptr(1)));
    unlockUnmapped(p, a.ptr(0), pageUp(a.ptr(1)));
    return 0;
  },
  mprotect: (p, a) => {
    if (a.ptr(0) % PAGE_SIZE !== 0) return -E.EINVAL;
    p.as.protect(a.ptr(0), pageUp(a.ptr(1)), a.int(2));
    return 0;
  },
  mremap: (p, a) => mremap(p, a.ptr(0), a.ptr(1), a.ptr(2), a.int(3), a.ptr(4)),
  madvise: (p, a) => madvise(p, a.ptr(0), a.ptr(1), a.int(2)),
  msync: (p, a) => msync(p, a.ptr(0), a.ptr(1), a.int(2)),
};
