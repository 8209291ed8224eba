// User and group ids. The guest process is the host process, so the guest's credentials are the
// host's: every set*id call is the host's own and really changes (or fails to change) them.
//
// Threads: the kernel keeps credentials per thread and glibc's set*id wrappers broadcast a change
// to every thread of the process. We call the host glibc's wrappers, so one guest set*id changes
// every host thread at once: the calling thread, the Node workers that run the other guest
// threads, and Node's own helper threads. No host thread keeps root after a guest drops it. The
// guest's glibc then does its own broadcast (each guest thread repeats the call); repeating a
// call whose result is already in place is allowed and changes nothing, so it succeeds as the
// first did. setfsuid/setfsgid are per thread in both glibc and the kernel, and stay so here.
// uid_t and gid_t are 32 bits on every guest ABI here; ARM EABI's 16-bit id calls convert to these
// (credentials16.ts).
// Capabilities (capget/capset) are per thread everywhere, so they stay with the calling thread.
import { E } from '../errno.js';
import type { GuestProcess } from '../guest-process.js';
import { bufferAddress, libc, sys } from '../host/libc.js';
import { scratch } from '../host/scratch.js';
import type { HandlerTable } from './types.js';

const NGROUPS_MAX = 65536;

/** How a call stores ids in guest memory: u32, or ARM's 16-bit old_uid_t (credentials16.ts). */
export interface IdLayout {
  bytes: 2 | 4;
  /** A host id as the guest reads it. */
  toGuest(id: number): number;
  /** A guest-stored id as the host's (unsigned 32-bit). */
  fromGuest(v: number): number;
}

const ID32: IdLayout = { bytes: 4, toGuest: (id) => id, fromGuest: (v) => v };

function writeId(p: GuestProcess, ids: IdLayout, addr: number, id: number): void {
  if (ids.bytes === 2) p.mem.write16(addr, ids.toGuest(id));
  else p.mem.write32(addr, ids.toGuest(id));
}

/** getresuid/getresgid: the host's three ids, each stored as the kernel does (put_user each). */
export function getres(p: GuestProcess, call: (r: number, e: number, s: number) => number, ptrs: readonly number[], ids = ID32): number {
  const r = sys(call(scratch.addr, scratch.addr + 4, scratch.addr + 8));
  if (r < 0) return r;
  ptrs.forEach((ptr, i) => writeId(p, ids, ptr, scratch.dv.getUint32(4 * i, true)));
  return 0;
}

/** getgroups(size, list): size 0 asks for the count; a list too small is EINVAL (the host's answer). */
export function getgroups(p: GuestProcess, size: number, list: number, ids = ID32): number {
  if (size < 0) return -E.EINVAL;
  const n = Math.min(size, NGROUPS_MAX);
  const host = new ArrayBuffer(Math.max(4, n * 4));
  const r = sys(libc.getgroups(n, bufferAddress(host)));
  if (r <= 0 || n === 0) return r;
  const hostIds = new DataView(host);
  p.mem.check(list, r * ids.bytes, 'write');
  for (let i = 0; i < r; i++) writeId(p, ids, list + ids.bytes * i, hostIds.getUint32(4 * i, true));
  return r;
}

export function setgroups(p: GuestProcess, size: number, list: number, ids = ID32): number {
  if (size < 0 || size > NGROUPS_MAX) return -E.EINVAL;
  const host = new ArrayBuffer(Math.max(4, size * 4));
  const hostIds = new DataView(host);
  for (let i = 0; i < size; i++) {
    const v = ids.bytes === 2 ? p.mem.read16(list + 2 * i) : p.mem.read32(list + 4 * i);
    hostIds.setUint32(4 * i, ids.fromGuest(v), true);
  }
  return sys(libc.setgroups(size, bufferAddress(host)));
}

const CAP_V1 = 0x19980330;
/** Header then data structs (effective, permitted, inheritable: u32 each), in scratch. */
const CAP_HEADER = 0;
const CAP_DATA = 8;

/** Number of __user_cap_data_struct entries a header version implies (v2, v3: two). */
function capWords(p: GuestProcess, hdr: number): number {
  return p.mem.read32(hdr) === CAP_V1 ? 1 : 2;
}

/**
 * capget/capset: capabilities are per thread, like the host thread that runs the guest thread.
 * The header and data are u32s (byte order translated); an unknown version makes the kernel
 * answer EINVAL and write its preferred version into the header, which is copied back.
 */
function capget(p: GuestProcess, hdr: number, data: number): number {
  scratch.dv.setUint32(CAP_HEADER, p.mem.read32(hdr), true);
  scratch.dv.setInt32(CAP_HEADER + 4, p.mem.read32(hdr + 4) | 0, true);
  const n = capWords(p, hdr);
  const r = sys(libc.capget(scratch.addr + CAP_HEADER, data === 0 ? 0 : scratch.addr + CAP_DATA));
  p.mem.write32(hdr, scratch.dv.getUint32(CAP_HEADER, true));
  if (r < 0 || data === 0) return r;
  for (let i = 0; i < 3 * n; i++) p.mem.write32(data + 4 * i, scratch.dv.getUint32(CAP_DATA + 4 * i, true));
  return r;
}

function capset(p: GuestProcess, hdr: number, data: number): number {
  scratch.dv.setUint32(CAP_HEADER, p.mem.read32(hdr), true);
  scratch.dv.setInt32(CAP_HEADER + 4, p.mem.read32(hdr + 4) | 0, true);
  const n = capWords(p, hdr);
  for (let i = 0; i < 3 * n; i++) scratch.dv.setUint32(CAP_DATA + 4 * i, p.mem.read32(data + 4 * i), true);
  const r = sys(libc.capset(scratch.addr + CAP_HEADER, scratch.addr + CAP_DATA));
  p.mem.write32(hdr, scratch.dv.getUint32(CAP_HEADER, true));
  return r;
}

export const credentialSyscalls: HandlerTable = {
  getuid: () => libc.getuid(),
  geteuid: () => libc.geteuid(),
  getgid: () => libc.getgid(),
  getegid: () => libc.getegid(),
  getresuid: (p, a) => getres(p, libc.getresuid, [a.ptr(0), a.ptr(1), a.ptr(2)]),
  getresgid: (p, a) => getres(p, libc.getresgid, [a.ptr(0), a.ptr(1), a.ptr(2)]),
  setuid: (_p, a) => sys(libc.setuid(a.uint(0))),
  setgid: (_p, a) => sys(libc.setgid(a.uint(0))),
  setreuid: (_p, a) => sys(libc.setreuid(a.uint(0), a.uint(1))),
  setregid: (_p, a) => sys(libc.setregid(a.uint(0), a.uint(1))),
  setresuid: (_p, a) => sys(libc.setresuid(a.uint(0), a.uint(1), a.uint(2))),
  setresgid: (_p, a) => sys(libc.setresgid(a.uint(0), a.uint(1), a.uint(2))),
  // Never fail: the previous fsuid/fsgid, whether or not the change was allowed.
  setfsuid: (_p, a) => libc.setfsuid(a.uint(0)),
  setfsgid: (_p, a) => libc.setfsgid(a.uint(0)),
  getgroups: (p, a) => getgroups(p, a.int(0), a.ptr(1)),
  setgroups: (p, a) => setgroups(p, a.int(0), a.ptr(1)),
  capget: (p, a) => capget(p, a.ptr(0), a.ptr(1)),
  capset: (p, a) => capset(p, a.ptr(0), a.ptr(1)),
};
