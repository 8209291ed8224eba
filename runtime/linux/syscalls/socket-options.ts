// setsockopt/getsockopt: the level and SOL_SOCKET option numbers renumbered (MIPS), and option
// values in the guest's layout and byte order. SOL_SOCKET values are ints unless listed: linger
// is two ints and SO_PEERCRED three; SO_RCVTIMEO/SO_SNDTIMEO are a timeval of guest longs (_OLD)
// or of 64-bit values (_NEW); device and peer names are bytes; classic BPF filters, which hold a
// pointer, are refused with EOPNOTSUPP. At other levels a 4-byte value is an int and anything
// else is copied as bytes (IP addresses and the like are in network order already).
import { E } from '../errno.js';
import type { GuestProcess } from '../guest-process.js';
import { libc, sys } from '../host/libc.js';
import { scratch } from '../host/scratch.js';

const HOST_SOL_SOCKET = 1;
const SO_TYPE = 3;
const SO_RCVTIMEO_OLD = 20;
const SO_SNDTIMEO_OLD = 21;
const SO_RCVTIMEO_NEW = 66;
const SO_SNDTIMEO_NEW = 67;
/** SO_BINDTODEVICE, SO_DETACH_FILTER, SO_PEERNAME, SO_PEERSEC, SO_PEERGROUPS, SO_MEMINFO. */
const SOCKET_BYTE_OPTIONS = new Set([25, 27, 28, 31, 55, 59]);
/** SO_ATTACH_FILTER, SO_ATTACH_REUSEPORT_CBPF: a struct sock_fprog holding a guest pointer (not translated). */
const SOCKET_POINTER_OPTIONS = new Set([26, 51]);
/** Scratch: the value, then its length. */
const VALUE = 0;
const LEN = 4096 - 8;
const MAX_VALUE = LEN;

/** timeval: two C longs (the _OLD options); timeval64: two 64-bit values (_NEW, every ABI). */
type Kind = 'ints' | 'timeval' | 'timeval64' | 'bytes';

interface HostOption {
  level: number;
  name: number;
  kind: Kind;
}

function hostOption(p: GuestProcess, level: number, name: number, len: number): HostOption | null {
  const abi = p.arch.sockets;
  if (level !== abi.solSocket) return { level, name, kind: len === 4 ? 'ints' : 'bytes' };
  const host = abi.options ? abi.options.get(name) : name;
  if (host === undefined) return null;
  if (host === SO_RCVTIMEO_OLD || host === SO_SNDTIMEO_OLD) return { level: HOST_SOL_SOCKET, name: host, kind: 'timeval' };
  if (host === SO_RCVTIMEO_NEW || host === SO_SNDTIMEO_NEW) return { level: HOST_SOL_SOCKET, name: host, kind: 'timeval64' };
  return { level: HOST_SOL_SOCKET, name: host, kind: SOCKET_BYTE_OPTIONS.has(host) ? 'bytes' : 'ints' };
}

function fieldBytes(p: GuestProcess, kind: Kind): number {
  return kind === 'timeval' ? p.wordBits / 8 : 8;
}

export function setsockopt(p: GuestProcess, fd: number, level: number, name: number, val: number, len: number): number {
  const opt = hostOption(p, level, name, len);
  if (!opt) return -E.ENOPROTOOPT;
  if (opt.level === HOST_SOL_SOCKET && SOCKET_POINTER_OPTIONS.has(opt.name)) return -E.EOPNOTSUPP;
  if (len > MAX_VALUE) return -E.EINVAL;
  let hostLen = len;
  if (opt.kind === 'timeval' || opt.kind === 'timeval64') {
    const w = fieldBytes(p, opt.kind);
    if (len < 2 * w) return -E.EINVAL;
    const word = (at: number) => (w === 8 ? BigInt.asIntN(64, p.mem.read64(at)) : BigInt(p.mem.read32(at) | 0));
    scratch.dv.setBigInt64(VALUE, word(val), true);
    scratch.dv.setBigInt64(VALUE + 8, word(val + w), true);
    hostLen = 16;
  } else if (opt.kind === 'ints') {
    for (let i = 0; i + 4 <= len; i += 4) scratch.dv.setInt32(VALUE + i, p.mem.read32(val + i), true);
    if (len % 4) scratch.u8.set(p.mem.readBytes(val + len - (len % 4), len % 4), VALUE + len - (len % 4));
  } else if (len > 0) {
    scratch.u8.set(p.mem.readBytes(val, len), VALUE);
  }
  return sys(libc.setsockopt(fd, opt.level, opt.name, scratch.addr + VALUE, hostLen));
}

export function getsockopt(p: GuestProcess, fd: number, level: number, name: number, val: number, lenp: number): number {
  const room = p.mem.read32(lenp) | 0;
  if (room < 0) return -E.EINVAL;
  const opt = hostOption(p, level, name, room);
  if (!opt) return -E.ENOPROTOOPT;
  const timeval = opt.kind === 'timeval' || opt.kind === 'timeval64';
  const w = fieldBytes(p, opt.kind);
  const hostRoom = timeval ? 16 : Math.min(room, MAX_VALUE);
  scratch.dv.setUint32(LEN, hostRoom, true);
  const r = sys(libc.getsockopt(fd, opt.level, opt.name, scratch.addr + VALUE, scratch.addr + LEN));
  if (r < 0) return r;
  const got = scratch.dv.getUint32(LEN, true);
  if (timeval) {
    const n = Math.min(room, 2 * w);
    const out = new Uint8Array(2 * w);
    const dv = new DataView(out.buffer);
    for (let i = 0; i < 2; i++) {
      const v = scratch.dv.getBigInt64(VALUE + 8 * i, true);
      if (w === 8) dv.setBigInt64(8 * i, v, !p.mem.bigEndian);
      else dv.setInt32(4 * i, Number(v), !p.mem.bigEndian);
    }
    p.mem.writeBytes(val, out.subarray(0, n));
    p.mem.write32(lenp, n);
    return 0;
  }
  const bytes = scratch.u8.slice(VALUE, VALUE + got);
  if (opt.kind === 'ints') {
    const dv = new DataView(bytes.buffer);
    for (let i = 0; i + 4 <= got; i += 4) {
      let v = dv.getInt32(i, true);
      if (opt.level === HOST_SOL_SOCKET && opt.name === SO_TYPE) v = p.arch.sockets.types[v] ?? v;
      dv.setInt32(i, v, !p.mem.bigEndian);
    }
  }
  if (got > 0) p.mem.writeBytes(val, bytes);
  p.mem.write32(lenp, got);
  return 0;
}
