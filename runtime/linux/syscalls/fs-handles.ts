// name_to_handle_at and open_by_handle_at: struct file_handle is { u32 handle_bytes; int
// handle_type; u8 f_handle[] } on every architecture; the handle itself is opaque bytes, so only
// the two header fields change byte order.
import { E } from '../errno.js';
import type { GuestProcess } from '../guest-process.js';
import { libc, sys } from '../host/libc.js';
import { scratch } from '../host/scratch.js';
import { hostSyscallNumber } from '../host/syscall-numbers.js';
import { hostPathArg } from './fs-path.js';
import type { HandlerTable } from './types.js';

/** Linux's MAX_HANDLE_SZ. */
const MAX_HANDLE_SZ = 128;
const HEADER = 8;
/** Scratch offset of the mount id name_to_handle_at stores. */
const MOUNT_ID = 256;
/** Linux 6.12: the mount id is the 64-bit unique one. */
const AT_HANDLE_MNT_ID_UNIQUE = 1;

/** The guest's struct file_handle into scratch (its handle bytes too when `withHandle`). */
function readHandle(p: GuestProcess, addr: number, withHandle: boolean): number | null {
  const bytes = p.mem.read32(addr);
  if (bytes > MAX_HANDLE_SZ || (withHandle && bytes === 0)) return null;
  scratch.dv.setUint32(0, bytes, true);
  scratch.dv.setInt32(4, p.mem.read32(addr + 4) | 0, true);
  if (withHandle) scratch.u8.set(p.mem.readBytes(addr + HEADER, bytes), HEADER);
  return bytes;
}

function nameToHandleAt(p: GuestProcess, dirfd: number, path: string, handle: number, mountId: number, flags: number): number {
  if (readHandle(p, handle, false) === null) return -E.EINVAL;
  const r = sys(libc.syscall(hostSyscallNumber('name_to_handle_at'), 'int', dirfd, 'const char *', hostPathArg(p, dirfd, path),
    'uintptr_t', scratch.addr, 'uintptr_t', scratch.addr + MOUNT_ID, 'int', flags));
  // On EOVERFLOW the kernel still reports the size it needs (and the mount id).
  if (r < 0 && r !== -E.EOVERFLOW) return r;
  const bytes = r === 0 ? scratch.dv.getUint32(0, true) : 0;
  if (flags & AT_HANDLE_MNT_ID_UNIQUE) p.mem.write64(mountId, scratch.dv.getBigUint64(MOUNT_ID, true));
  else p.mem.write32(mountId, scratch.dv.getUint32(MOUNT_ID, true));
  p.mem.write32(handle, scratch.dv.getUint32(0, true));
  p.mem.write32(handle + 4, scratch.dv.getUint32(4, true));
  p.mem.writeBytes(handle + HEADER, scratch.u8.subarray(HEADER, HEADER + bytes));
  return r;
}

function openByHandleAt(p: GuestProcess, mountFd: number, handle: number, flags: number): number {
  if (readHandle(p, handle, true) === null) return -E.EINVAL;
  return sys(libc.syscall(hostSyscallNumber('open_by_handle_at'), 'int', mountFd, 'uintptr_t', scratch.addr, 'int', p.arch.openFlags.toHost(flags)));
}

export const fsHandleSyscalls: HandlerTable = {
  name_to_handle_at: (p, a) => nameToHandleAt(p, a.int(0), p.readString(a.ptr(1)), a.ptr(2), a.ptr(3), a.int(4)),
  open_by_handle_at: (p, a) => openByHandleAt(p, a.int(0), a.ptr(1), a.int(2)),
};
