// fcntl and ioctl: command numbers and argument structs translated through per-arch tables.
import { E } from '../errno.js';
import { GENERIC_FCNTL, type FcntlCommand } from '../arch/fcntl-generic.js';
import { GENERIC_FLOCK_64 } from '../arch/generic-structs.js';
import type { GuestProcess } from '../guest-process.js';
import { libc, sys } from '../host/libc.js';
import { scratch } from '../host/scratch.js';
import { readStruct } from './struct-writer.js';
import { writeStruct } from './struct-writer.js';
import { duplicated } from './fs-io.js';
import type { HandlerTable } from './types.js';
import { termiosToGuest, termiosToHost, type TermiosLayout } from '../arch/termios.js';

const HOST_TCGETS = 0x5401;

const LOCK_COMMANDS = new Set<FcntlCommand>(['F_GETLK', 'F_SETLK', 'F_SETLKW', 'F_OFD_GETLK', 'F_OFD_SETLK', 'F_OFD_SETLKW', 'F_GETLK64', 'F_SETLK64', 'F_SETLKW64']);
const HOST_FLOCK = GENERIC_FLOCK_64;

function commandName(p: GuestProcess, cmd: number): FcntlCommand | undefined {
  return (Object.keys(p.arch.fcntl) as FcntlCommand[]).find((k) => p.arch.fcntl[k] === cmd);
}

/** The host command for a guest one (the host is 64-bit: its F_GETLK takes struct flock64). */
function hostCommand(name: FcntlCommand): number {
  return GENERIC_FCNTL[name.replace(/64$/, '') as Exclude<FcntlCommand, `${string}64`>];
}

/** The F_*64 and the F_OFD_* commands take struct flock64 (32-bit ABIs have OFD locks only in fcntl64). */
function lockLayout(p: GuestProcess, name: FcntlCommand) {
  return ((name.endsWith('64') || name.startsWith('F_OFD_')) && p.arch.structs.flock64) || p.arch.structs.flock;
}

function lock(p: GuestProcess, fd: number, name: FcntlCommand, addr: number): number {
  const layout = lockLayout(p, name);
  const g = readStruct(p.mem, addr, layout);
  scratch.u8.fill(0, 0, HOST_FLOCK.size);
  const f = HOST_FLOCK.fields;
  scratch.dv.setInt16(f.type[0], Number(BigInt.asIntN(16, g.type)), true);
  scratch.dv.setInt16(f.whence[0], Number(BigInt.asIntN(16, g.whence)), true);
  scratch.dv.setBigInt64(f.start[0], BigInt.asIntN(64, g.start), true);
  scratch.dv.setBigInt64(f.len[0], BigInt.asIntN(64, g.len), true);
  const r = sys(libc.fcntlInt(fd, hostCommand(name), 'uintptr_t', scratch.addr));
  if (r < 0 || !name.includes('GETLK')) return r;
  writeStruct(p.mem, addr, layout, {
    type: scratch.dv.getInt16(f.type[0], true), whence: scratch.dv.getInt16(f.whence[0], true),
    start: scratch.dv.getBigInt64(f.start[0], true), len: scratch.dv.getBigInt64(f.len[0], true),
    pid: scratch.dv.getInt32(f.pid[0], true),
  });
  return r;
}

function fcntl(p: GuestProcess, fd: number, cmd: number, arg: number): number {
  const name = commandName(p, cmd);
  if (name === undefined) return -E.EINVAL;
  if (LOCK_COMMANDS.has(name)) return lock(p, fd, name, arg);
  const host = hostCommand(name);
  if (name === 'F_GETFL') {
    const r = sys(libc.fcntlInt(fd, host));
    return r < 0 ? r : p.arch.openFlags.toGuest(r);
  }
  const value = name === 'F_SETFL' ? p.arch.openFlags.toHost(arg) : arg;
  const r = sys(libc.fcntlInt(fd, host, 'long', value));
  return name === 'F_DUPFD' || name === 'F_DUPFD_CLOEXEC' ? duplicated(fd, r) : r;
}

/** TCGETS reads the host struct into the guest's; TCSETS* the other way. */
function termiosIoctl(p: GuestProcess, fd: number, host: number, arg: number, layout: TermiosLayout): number {
  const get = host === HOST_TCGETS;
  if (!get) termiosToHost(p.mem, arg, layout, scratch.dv);
  const r = sys(libc.ioctl(fd, host, 'uintptr_t', scratch.addr));
  if (r >= 0 && get) termiosToGuest(p.mem, arg, layout, scratch.dv);
  return r;
}

function ioctl(p: GuestProcess, fd: number, req: number, arg: number): number {
  const spec = p.arch.ioctls.get(req);
  if (!spec) return -E.ENOTTY;
  if (spec.arg === 'none') return sys(libc.ioctl(fd, spec.host));
  if (spec.arg === 'value') return sys(libc.ioctl(fd, spec.host, 'long', arg));
  if ('termios' in spec.arg) return termiosIoctl(p, fd, spec.host, arg, spec.arg.termios);
  const size = spec.arg.reduce((s, n) => s + n, 0);
  // Guest struct -> host byte order, call, and back (the field layout itself matches).
  let off = 0;
  for (const n of spec.arg) {
    const v = n === 4 ? p.mem.read32(arg + off) : n === 2 ? p.mem.read16(arg + off) : p.mem.read8(arg + off);
    if (n === 4) scratch.dv.setUint32(off, v, true);
    else if (n === 2) scratch.dv.setUint16(off, v, true);
    else scratch.dv.setUint8(off, v);
    off += n;
  }
  const r = sys(libc.ioctl(fd, spec.host, 'uintptr_t', scratch.addr));
  if (r < 0) return r;
  p.mem.check(arg, size, 'write');
  off = 0;
  for (const n of spec.arg) {
    if (n === 4) p.mem.write32(arg + off, scratch.dv.getUint32(off, true));
    else if (n === 2) p.mem.write16(arg + off, scratch.dv.getUint16(off, true));
    else p.mem.write8(arg + off, scratch.dv.getUint8(off));
    off += n;
  }
  return r;
}

export const fsControlSyscalls: HandlerTable = {
  fcntl: (p, a) => fcntl(p, a.int(0), a.int(1), a.ptr(2)),
  ioctl: (p, a) => ioctl(p, a.int(0), a.uint(1), a.ptr(2)),
};
