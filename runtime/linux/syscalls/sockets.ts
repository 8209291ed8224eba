// Sockets on host sockets (guest descriptors are host descriptors). sockaddr bytes are copied
// as they are except the family, which is in the guest's byte order; socket types are renumbered
// (arch/socket-abi.ts: MIPS swaps SOCK_STREAM and SOCK_DGRAM) and SOCK_NONBLOCK/SOCK_CLOEXEC
// share the O_ flags' numbering; MSG_* flags are the same on every ABI. Options are in
// socket-options.ts, sendmsg/recvmsg in socket-msg.ts.
import { E } from '../errno.js';
import type { GuestProcess } from '../guest-process.js';
import { libc, sys } from '../host/libc.js';
import { scratch } from '../host/scratch.js';
import { recvmmsg, recvmsg, sendmmsg, sendmsg } from './socket-msg.js';
import { getsockopt, setsockopt } from './socket-options.js';
import type { HandlerTable } from './types.js';

const SOCK_TYPE_MASK = 0xf;
const MAX_ADDR = 128;
/** Scratch layout: a sockaddr and its length. */
const ADDR = 0;
const ADDRLEN = 128;

function hostType(p: GuestProcess, type: number): number {
  const kind = type & SOCK_TYPE_MASK;
  return (p.arch.sockets.types[kind] ?? kind) | p.arch.openFlags.toHost(type & ~SOCK_TYPE_MASK);
}

/** Guest sockaddr -> scratch (host layout); returns its length or -EINVAL. */
function addrIn(p: GuestProcess, addr: number, len: number): number {
  if (len < 2 || len > MAX_ADDR) return -E.EINVAL;
  scratch.u8.set(p.mem.readBytes(addr, len), ADDR);
  scratch.dv.setUint16(ADDR, p.mem.read16(addr), true);
  return len;
}

/** Scratch sockaddr (host) -> guest buffer of *lenp bytes, updating *lenp as the kernel does. */
function addrOut(p: GuestProcess, addr: number, lenp: number, hostLen: number): void {
  if (addr === 0 || lenp === 0) return;
  const room = p.mem.read32(lenp);
  const n = Math.min(room, hostLen);
  if (n > 0) {
    const bytes = scratch.u8.slice(ADDR, ADDR + n);
    if (n >= 2) new DataView(bytes.buffer).setUint16(0, scratch.dv.getUint16(ADDR, true), !p.mem.bigEndian);
    p.mem.writeBytes(addr, bytes);
  }
  p.mem.write32(lenp, hostLen);
}

function withAddr(p: GuestProcess, addr: number, len: number, call: (host: number, len: number) => number): number {
  const n = addrIn(p, addr, len);
  return n < 0 ? n : sys(call(scratch.addr + ADDR, n));
}

function acceptish(p: GuestProcess, addr: number, lenp: number, call: (host: number, lenHost: number) => number): number {
  scratch.dv.setUint32(ADDRLEN, MAX_ADDR, true);
  const r = sys(call(scratch.addr + ADDR, scratch.addr + ADDRLEN));
  if (r >= 0) addrOut(p, addr, lenp, scratch.dv.getUint32(ADDRLEN, true));
  return r;
}

function recvfrom(p: GuestProcess, fd: number, buf: number, len: number, flags: number, addr: number, lenp: number): number {
  scratch.dv.setUint32(ADDRLEN, MAX_ADDR, true);
  const from = addr === 0 ? 0 : scratch.addr + ADDR;
  const r = sys(libc.recvfrom(fd, p.host(buf, len, 'write'), len, flags, from, addr === 0 ? 0 : scratch.addr + ADDRLEN));
  if (r > 0) p.mem.noteWrite(buf, r);
  if (r >= 0) addrOut(p, addr, lenp, scratch.dv.getUint32(ADDRLEN, true));
  return r;
}

export const socketSyscalls: HandlerTable = {
  socket: (p, a) => sys(libc.socket(a.int(0), hostType(p, a.int(1)), a.int(2))),
  socketpair: (p, a) => {
    const r = sys(libc.socketpair(a.int(0), hostType(p, a.int(1)), a.int(2), scratch.addr));
    if (r === 0) {
      p.mem.write32(a.ptr(3), scratch.dv.getInt32(0, true));
      p.mem.write32(a.ptr(3) + 4, scratch.dv.getInt32(4, true));
    }
    return r;
  },
  bind: (p, a) => withAddr(p, a.ptr(1), a.uint(2), (h, n) => libc.bind(a.int(0), h, n)),
  connect: (p, a) => withAddr(p, a.ptr(1), a.uint(2), (h, n) => libc.connect(a.int(0), h, n)),
  listen: (_p, a) => sys(libc.listen(a.int(0), a.int(1))),
  shutdown: (_p, a) => sys(libc.shutdown(a.int(0), a.int(1))),
  accept: (p, a) => acceptish(p, a.ptr(1), a.ptr(2), (h, l) => libc.accept4(a.int(0), h, l, 0)),
  accept4: (p, a) => acceptish(p, a.ptr(1), a.ptr(2), (h, l) => libc.accept4(a.int(0), h, l, p.arch.openFlags.toHost(a.int(3)))),
  getsockname: (p, a) => acceptish(p, a.ptr(1), a.ptr(2), (h, l) => libc.getsockname(a.int(0), h, l)),
  getpeername: (p, a) => acceptish(p, a.ptr(1), a.ptr(2), (h, l) => libc.getpeername(a.int(0), h, l)),
  sendto: (p, a) => {
    const len = a.ptr(2);
    const data = p.host(a.ptr(1), len, 'read');
    if (a.ptr(4) === 0) return sys(libc.sendto(a.int(0), data, len, a.int(3), 0, 0));
    return withAddr(p, a.ptr(4), a.uint(5), (h, n) => libc.sendto(a.int(0), data, len, a.int(3), h, n));
  },
  recvfrom: (p, a) => recvfrom(p, a.int(0), a.ptr(1), a.ptr(2), a.int(3), a.ptr(4), a.ptr(5)),
  setsockopt: (p, a) => setsockopt(p, a.int(0), a.int(1), a.int(2), a.ptr(3), a.uint(4)),
  getsockopt: (p, a) => getsockopt(p, a.int(0), a.int(1), a.int(2), a.ptr(3), a.ptr(4)),
  sendmsg: (p, a) => sendmsg(p, a.int(0), a.ptr(1), a.int(2)),
  recvmsg: (p, a) => recvmsg(p, a.int(0), a.ptr(1), a.int(2)),
  sendmmsg: (p, a) => sendmmsg(p, a.int(0), a.ptr(1), a.uint(2), a.int(3)),
  recvmmsg: (p, a) => recvmmsg(p, a.int(0), a.ptr(1), a.uint(2), a.int(3), a.ptr(4), a.timeBits),
};
