// sendmsg/recvmsg (and sendmmsg/recvmmsg, message by message) for every guest ABI: the guest's msghdr, iovecs and control messages (layouts
// in arch/socket-abi.ts) are rebuilt in the host's layout in the scratch buffer, and the answer
// translated back, as the kernel's compat layer does for 32-bit processes. Control messages:
// SOL_SOCKET is renumbered; SCM_RIGHTS descriptors need no renumbering (guest descriptors are
// host descriptors) and SCM_CREDENTIALS is three ints, both byte-swapped for big-endian guests;
// timestamps carry guest longs (the _OLD forms) or 64-bit values in guest byte order (_NEW);
// other messages are copied as bytes.
import { E } from '../errno.js';
import type { GuestProcess } from '../guest-process.js';
import { libc, sys } from '../host/libc.js';
import { scratch } from '../host/scratch.js';
import type { SocketAbi } from '../arch/socket-abi.js';
import { readTimespec, writeTimespec } from './guest-time.js';
import { readStruct } from './struct-writer.js';

const HOST_SOL_SOCKET = 1;
const SCM_RIGHTS = 1;
const SCM_CREDENTIALS = 2;
const MSG_CTRUNC = 0x8;
const MSG_DONTWAIT = 0x40;
const MSG_WAITFORONE = 0x10000;
const UIO_MAXIOV = 1024;
const MAX_ADDR = 128;

/** Host layouts (x86-64/arm64: LP64). */
const H_MSGHDR = { name: 0, namelen: 8, iov: 16, iovlen: 24, control: 32, controllen: 40, flags: 48 };
const H_CMSG = 16;

/** Scratch layout: sockaddr, msghdr, iovecs, control messages. */
const NAME = 0;
const MSGHDR = 256;
const IOV = 512;
const CONTROL = IOV + UIO_MAXIOV * 16;
const CONTROL_MAX = scratch.size - CONTROL;

const align = (n: number, a: number) => (n + a - 1) & ~(a - 1);

/** Byte-swaps `count` 4-byte ints in place when the guest is big-endian. */
function swapInts(p: GuestProcess, bytes: Uint8Array, count: number): void {
  if (!p.mem.bigEndian) return;
  for (let i = 0; i < count; i++) bytes.subarray(4 * i, 4 * i + 4).reverse();
}

/** Guest control messages -> host ones at CONTROL; returns their length or -errno. */
function controlIn(p: GuestProcess, abi: SocketAbi, control: number, controllen: number): number {
  const hdr = abi.cmsghdr.size;
  let g = 0;
  let h = 0;
  while (g + hdr <= controllen) {
    const c = readStruct(p.mem, control + g, abi.cmsghdr);
    const len = Number(c.len);
    if (len < hdr || g + len > controllen) return -E.EINVAL;
    const dataLen = len - hdr;
    if (CONTROL + h + align(H_CMSG + dataLen, 8) > scratch.size) return -E.ENOBUFS;
    const level = Number(c.level) === abi.solSocket ? HOST_SOL_SOCKET : Number(c.level);
    const type = Number(c.type);
    const data = p.mem.readBytes(control + g + hdr, dataLen);
    if (level === HOST_SOL_SOCKET && (type === SCM_RIGHTS || type === SCM_CREDENTIALS)) swapInts(p, data, dataLen >> 2);
    scratch.dv.setBigUint64(CONTROL + h, BigInt(H_CMSG + dataLen), true);
    scratch.dv.setInt32(CONTROL + h + 8, level, true);
    scratch.dv.setInt32(CONTROL + h + 12, type, true);
    scratch.u8.set(data, CONTROL + h + H_CMSG);
    h += align(H_CMSG + dataLen, 8);
    g += align(len, abi.cmsgAlign);
  }
  return h;
}

/**
 * Timestamp messages: how many values, and whether they are C longs (the _OLD forms: timeval,
 * timespec, three timespecs for SO_TIMESTAMPING) or 64-bit on every ABI (the _NEW forms).
 */
const TIMESTAMPS: ReadonlyMap<number, { count: number; long: boolean }> = new Map([
  [29, { count: 2, long: true }], [35, { count: 2, long: true }], [37, { count: 6, long: true }],
  [63, { count: 2, long: false }], [64, { count: 2, long: false }], [65, { count: 6, long: false }],
]);

/** The data of one received host control message in the guest's form. */
function guestData(p: GuestProcess, level: number, type: number, data: Uint8Array): Uint8Array {
  if (level !== HOST_SOL_SOCKET) return data;
  if (type === SCM_RIGHTS || type === SCM_CREDENTIALS) {
    const out = data.slice();
    swapInts(p, out, out.length >> 2);
    return out;
  }
  const stamp = TIMESTAMPS.get(type);
  if (!stamp || data.length < 8 * stamp.count) return data;
  const w = stamp.long ? p.wordBits / 8 : 8;
  const host = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(stamp.count * w);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < stamp.count; i++) {
    const v = host.getBigInt64(8 * i, true);
    if (w === 8) dv.setBigInt64(8 * i, v, !p.mem.bigEndian);
    else dv.setInt32(4 * i, Number(v), !p.mem.bigEndian);
  }
  return out;
}

/**
 * Host control messages (hostLen bytes at CONTROL) -> the guest's buffer of `room` bytes. What
 * does not fit sets MSG_CTRUNC; descriptors that do not fit are closed, as the kernel does.
 */
function controlOut(p: GuestProcess, abi: SocketAbi, control: number, room: number, hostLen: number): { used: number; truncated: boolean } {
  const hdr = abi.cmsghdr.size;
  let h = 0;
  let g = 0;
  let truncated = false;
  while (h + H_CMSG <= hostLen) {
    const len = Number(scratch.dv.getBigUint64(CONTROL + h, true));
    if (len < H_CMSG || h + len > hostLen) break;
    const level = scratch.dv.getInt32(CONTROL + h + 8, true);
    const type = scratch.dv.getInt32(CONTROL + h + 12, true);
    const hostData = scratch.u8.subarray(CONTROL + h + H_CMSG, CONTROL + h + len);
    h += align(len, 8);
    let data = guestData(p, level, type, hostData);
    const space = room - g - hdr;
    const rights = level === HOST_SOL_SOCKET && type === SCM_RIGHTS;
    if (space < data.length) {
      truncated = true;
      if (rights) {
        const fit = Math.max(0, space >> 2);
        for (let i = fit; i < hostData.length >> 2; i++) libc.close(new DataView(hostData.buffer, hostData.byteOffset).getInt32(4 * i, true));
        if (fit === 0) continue;
        data = data.subarray(0, 4 * fit);
      } else {
        break;
      }
    }
    const at = control + g;
    const fields = abi.cmsghdr.fields;
    const word = (off: readonly [number, number], v: number) => (off[1] === 8 ? p.mem.write64(at + off[0], BigInt(v)) : p.mem.write32(at + off[0], v >>> 0));
    word(fields.len, hdr + data.length);
    word(fields.level, level === HOST_SOL_SOCKET ? abi.solSocket : level);
    word(fields.type, type);
    p.mem.writeBytes(at + hdr, data);
    g = Math.min(room, g + align(hdr + data.length, abi.cmsgAlign));
  }
  return { used: g, truncated };
}

/** Closes every descriptor of the SCM_RIGHTS messages at CONTROL (a guest buffer turned out bad). */
function closeReceived(hostLen: number): void {
  for (let h = 0; h + H_CMSG <= hostLen;) {
    const len = Number(scratch.dv.getBigUint64(CONTROL + h, true));
    if (len < H_CMSG) break;
    if (scratch.dv.getInt32(CONTROL + h + 8, true) === HOST_SOL_SOCKET && scratch.dv.getInt32(CONTROL + h + 12, true) === SCM_RIGHTS) {
      for (let off = H_CMSG; off + 4 <= len; off += 4) libc.close(scratch.dv.getInt32(CONTROL + h + off, true));
    }
    h += align(len, 8);
  }
}

function setWord(at: number, v: number | bigint): void {
  scratch.dv.setBigUint64(at, BigInt(v), true);
}

/** The guest's iovecs as host iovecs at IOV; returns their count or -errno. */
function iovecsIn(p: GuestProcess, abi: SocketAbi, iov: number, count: number, access: 'read' | 'write'): number {
  if (count > UIO_MAXIOV) return -E.EMSGSIZE;
  for (let i = 0; i < count; i++) {
    const v = readStruct(p.mem, iov + i * abi.iovec.size, abi.iovec);
    const len = Number(v.len);
    setWord(IOV + 16 * i, p.host(Number(v.base), len, access));
    setWord(IOV + 16 * i + 8, len);
  }
  return count;
}

export function sendmsg(p: GuestProcess, fd: number, hdr: number, flags: number): number {
  const abi = p.arch.sockets;
  const m = readStruct(p.mem, hdr, abi.msghdr);
  const count = iovecsIn(p, abi, Number(m.iov), Number(m.iovlen), 'read');
  if (count < 0) return count;
  const namelen = Number(m.namelen);
  const name = Number(m.name);
  if (name !== 0 && namelen > MAX_ADDR) return -E.EINVAL;
  if (name !== 0 && namelen > 0) {
    scratch.u8.set(p.mem.readBytes(name, namelen), NAME);
    if (namelen >= 2) scratch.dv.setUint16(NAME, p.mem.read16(name), true);
  }
  const controllen = Number(m.controllen);
  const hostControl = controllen === 0 ? 0 : controlIn(p, abi, Number(m.control), Math.min(controllen, CONTROL_MAX));
  if (hostControl < 0) return hostControl;
  setWord(MSGHDR + H_MSGHDR.name, name === 0 ? 0 : scratch.addr + NAME);
  scratch.dv.setUint32(MSGHDR + H_MSGHDR.namelen, name === 0 ? 0 : namelen, true);
  setWord(MSGHDR + H_MSGHDR.iov, scratch.addr + IOV);
  setWord(MSGHDR + H_MSGHDR.iovlen, count);
  setWord(MSGHDR + H_MSGHDR.control, hostControl === 0 ? 0 : scratch.addr + CONTROL);
  setWord(MSGHDR + H_MSGHDR.controllen, hostControl);
  scratch.dv.setInt32(MSGHDR + H_MSGHDR.flags, 0, true);
  return sys(libc.sendmsg(fd, scratch.addr + MSGHDR, flags));
}

export function recvmsg(p: GuestProcess, fd: number, hdr: number, flags: number): number {
  const abi = p.arch.sockets;
  const m = readStruct(p.mem, hdr, abi.msghdr);
  const iov = Number(m.iov);
  const count = iovecsIn(p, abi, iov, Number(m.iovlen), 'write');
  if (count < 0) return count;
  const name = Number(m.name);
  const control = Number(m.control);
  const room = control === 0 ? 0 : Number(m.controllen);
  // A 32-bit guest's messages grow on the host (16-byte headers, 8-byte alignment): at most 2x.
  const hostRoom = Math.min(CONTROL_MAX, 2 * room + 64);
  setWord(MSGHDR + H_MSGHDR.name, name === 0 ? 0 : scratch.addr + NAME);
  scratch.dv.setUint32(MSGHDR + H_MSGHDR.namelen, name === 0 ? 0 : MAX_ADDR, true);
  setWord(MSGHDR + H_MSGHDR.iov, scratch.addr + IOV);
  setWord(MSGHDR + H_MSGHDR.iovlen, count);
  setWord(MSGHDR + H_MSGHDR.control, room === 0 ? 0 : scratch.addr + CONTROL);
  setWord(MSGHDR + H_MSGHDR.controllen, room === 0 ? 0 : hostRoom);
  scratch.dv.setInt32(MSGHDR + H_MSGHDR.flags, 0, true);
  const r = sys(libc.recvmsg(fd, scratch.addr + MSGHDR, flags));
  if (r < 0) return r;
  const hostControl = room === 0 ? 0 : Number(scratch.dv.getBigUint64(MSGHDR + H_MSGHDR.controllen, true));
  try {
    let left = r;
    for (let i = 0; i < count && left > 0; i++) {
      const v = readStruct(p.mem, iov + i * abi.iovec.size, abi.iovec);
      const len = Math.min(left, Number(v.len));
      p.mem.noteWrite(Number(v.base), len);
      left -= len;
    }
    let msgFlags = scratch.dv.getInt32(MSGHDR + H_MSGHDR.flags, true);
    if (name !== 0) {
      const hostLen = scratch.dv.getUint32(MSGHDR + H_MSGHDR.namelen, true);
      const n = Math.min(Number(m.namelen), hostLen);
      if (n > 0) {
        const bytes = scratch.u8.slice(NAME, NAME + n);
        if (n >= 2) new DataView(bytes.buffer).setUint16(0, scratch.dv.getUint16(NAME, true), !p.mem.bigEndian);
        p.mem.writeBytes(name, bytes);
      }
      p.mem.write32(hdr + abi.msghdr.fields.namelen[0], hostLen);
    }
    const out = room === 0 ? { used: 0, truncated: false } : controlOut(p, abi, control, room, hostControl);
    if (out.truncated) msgFlags |= MSG_CTRUNC;
    const [clOff, clSize] = abi.msghdr.fields.controllen;
    if (clSize === 8) p.mem.write64(hdr + clOff, BigInt(out.used));
    else p.mem.write32(hdr + clOff, out.used);
    p.mem.write32(hdr + abi.msghdr.fields.flags[0], msgFlags);
    return r;
  } catch (e) {
    // The data is consumed either way; descriptors the guest cannot be told about are closed.
    closeReceived(hostControl);
    throw e;
  }
}

/** sendmmsg: message by message; an error after the first message ends the batch with its count. */
export function sendmmsg(p: GuestProcess, fd: number, vec: number, vlen: number, flags: number): number {
  const abi = p.arch.sockets;
  const n = Math.min(vlen, UIO_MAXIOV);
  for (let i = 0; i < n; i++) {
    const hdr = vec + i * abi.mmsghdrSize;
    const r = sendmsg(p, fd, hdr, flags);
    if (r < 0) return i > 0 ? i : r;
    p.mem.write32(hdr + abi.msghdr.size, r);
  }
  return n;
}

/**
 * recvmmsg: message by message. MSG_WAITFORONE makes the messages after the first non-blocking;
 * the timeout, as in the kernel, is looked at only after each message, and what is left of it
 * is written back.
 */
export function recvmmsg(p: GuestProcess, fd: number, vec: number, vlen: number, flags: number, timeout: number, timeBits: 32 | 64): number {
  const abi = p.arch.sockets;
  let deadline = 0;
  if (timeout !== 0) {
    const t = readTimespec(p, timeout, timeBits);
    if (t.sec < 0 || t.nsec < 0 || t.nsec >= 1e9) return -E.EINVAL;
    deadline = performance.now() + t.sec * 1e3 + t.nsec / 1e6;
  }
  const n = Math.min(vlen, UIO_MAXIOV);
  let i = 0;
  while (i < n) {
    const more = i > 0 && (flags & MSG_WAITFORONE) !== 0 ? MSG_DONTWAIT : 0;
    const hdr = vec + i * abi.mmsghdrSize;
    const r = recvmsg(p, fd, hdr, (flags & ~MSG_WAITFORONE) | more);
    if (r < 0) {
      if (i > 0) break;
      return r;
    }
    p.mem.write32(hdr + abi.msghdr.size, r);
    i++;
    if (timeout !== 0 && performance.now() >= deadline) break;
  }
  if (timeout !== 0) {
    const left = Math.max(0, deadline - performance.now());
    writeTimespec(p, timeout, { sec: Math.floor(left / 1e3), nsec: Math.floor((left % 1e3) * 1e6) }, timeBits);
  }
  return i;
}
