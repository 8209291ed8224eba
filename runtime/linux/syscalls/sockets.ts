// Sockets on host sockets (guest descriptors are host descriptors). sockaddr bytes are copied
// as they are except the family, which is in the guest's byte order; SOCK_NONBLOCK/SOCK_CLOEXEC
// share the O_ flags' numbering. The option levels and names, and MSG_* flags, are the generic
// ones (MIPS numbers SOL_SOCKET options and socket types differently: a per-arch table then).
import { E } from '../errno.js';
import type { GuestProcess } from '../guest-process.js';
import { libc, sys } from '../host/libc.js';
import { scratch } from '../host/scratch.js';
import type { HandlerTable } from './types.js';

const SOCK_TYPE_MASK = 0xf;
const MAX_ADDR = 128;
/** Scratch layout: a sockaddr, its length, and (for sendmsg/recvmsg) a msghdr and iovecs. */
const ADDR = 0;
const ADDRLEN = 128;
const MSGHDR = 256;
const IOV = 512;
const MAX_IOV = 1024;

function hostType(p: GuestProcess, type: number): number {
  return (type & SOCK_TYPE_MASK) | p.arch.openFlags.toHost(type & ~SOCK_TYPE_MASK);
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

/**
 * sendmsg/recvmsg for 64-bit guests, whose msghdr, iovec and cmsg layouts are the host's: only
 * the pointers change (guest address -> host address). Control data (SCM_RIGHTS descriptors)
 * needs no translation since guest descriptors are host descriptors.
 */
function msg(p: GuestProcess, fd: number, hdr: number, flags: number, receive: boolean): number {
  if (p.wordBits !== 64 || p.mem.bigEndian) return -E.ENOSYS;
  const name = Number(p.mem.read64(hdr));
  const namelen = p.mem.read32(hdr + 8);
  const iov = Number(p.mem.read64(hdr + 16));
  const iovlen = Number(p.mem.read64(hdr + 24));
  const control = Number(p.mem.read64(hdr + 32));
  const controllen = Number(p.mem.read64(hdr + 40));
  if (iovlen > MAX_IOV) return -E.EMSGSIZE;
  const access = receive ? 'write' : 'read';
  for (let i = 0; i < iovlen; i++) {
    const base = Number(p.mem.read64(iov + i * 16));
    const len = Number(p.mem.read64(iov + i * 16 + 8));
    scratch.dv.setBigUint64(IOV + i * 16, BigInt(p.host(base, len, access)), true);
    scratch.dv.setBigUint64(IOV + i * 16 + 8, BigInt(len), true);
  }
  scratch.dv.setBigUint64(MSGHDR, BigInt(name === 0 ? 0 : p.host(name, namelen, access)), true);
  scratch.dv.setUint32(MSGHDR + 8, namelen, true);
  scratch.dv.setBigUint64(MSGHDR + 16, BigInt(scratch.addr + IOV), true);
  scratch.dv.setBigUint64(MSGHDR + 24, BigInt(iovlen), true);
  scratch.dv.setBigUint64(MSGHDR + 32, BigInt(control === 0 ? 0 : p.host(control, controllen, access)), true);
  scratch.dv.setBigUint64(MSGHDR + 40, BigInt(controllen), true);
  scratch.dv.setInt32(MSGHDR + 48, 0, true);
  const r = sys(receive ? libc.recvmsg(fd, scratch.addr + MSGHDR, flags) : libc.sendmsg(fd, scratch.addr + MSGHDR, flags));
  if (r < 0 || !receive) return r;
  let left = r;
  for (let i = 0; i < iovlen && left > 0; i++) {
    const len = Math.min(left, Number(p.mem.read64(iov + i * 16 + 8)));
    p.mem.noteWrite(Number(p.mem.read64(iov + i * 16)), len);
    left -= len;
  }
  p.mem.write32(hdr + 8, scratch.dv.getUint32(MSGHDR + 8, true));
  p.mem.write64(hdr + 40, scratch.dv.getBigUint64(MSGHDR + 40, true));
  p.mem.write32(hdr + 48, scratch.dv.getInt32(MSGHDR + 48, true));
  if (control !== 0) p.mem.noteWrite(control, controllen);
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
  setsockopt: (p, a) => sys(libc.setsockopt(a.int(0), a.int(1), a.int(2), p.host(a.ptr(3), a.uint(4), 'read'), a.uint(4))),
  getsockopt: (p, a) => {
    const lenp = a.ptr(4);
    scratch.dv.setUint32(0, p.mem.read32(lenp), true);
    const room = p.mem.read32(lenp);
    const r = sys(libc.getsockopt(a.int(0), a.int(1), a.int(2), p.host(a.ptr(3), room, 'write'), scratch.addr));
    if (r === 0) {
      p.mem.noteWrite(a.ptr(3), room);
      p.mem.write32(lenp, scratch.dv.getUint32(0, true));
    }
    return r;
  },
  sendmsg: (p, a) => msg(p, a.int(0), a.ptr(1), a.int(2), false),
  recvmsg: (p, a) => msg(p, a.int(0), a.ptr(1), a.int(2), true),
};
