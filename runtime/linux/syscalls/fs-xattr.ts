// Extended attributes (ls -l asks for ACLs and SELinux labels): the guest's buffers are passed to
// the host calls directly; names and values are opaque bytes.
import type { GuestProcess } from '../guest-process.js';
import { cstr, libc, sys } from '../host/libc.js';
import { AT_FDCWD } from './at-constants.js';
import { hostPathArg } from './fs-path.js';
import type { HandlerTable, SyscallArgs } from './types.js';

type Target = Buffer | number;

/** The first argument as the host calls want it: a host path for path variants, else the fd. */
function target(p: GuestProcess, a: SyscallArgs, byFd: boolean): Target {
  return byFd ? a.int(0) : hostPathArg(p, AT_FDCWD, p.readString(a.ptr(0)));
}

function getxattr(p: GuestProcess, a: SyscallArgs, fn: (t: Target, name: Buffer, buf: number, size: number) => number, byFd: boolean): number {
  const size = a.ptr(3);
  const r = sys(fn(target(p, a, byFd), cstr(p.readString(a.ptr(1))), p.host(a.ptr(2), size, 'write'), size));
  if (r > 0 && size > 0) p.mem.noteWrite(a.ptr(2), r);
  return r;
}

function listxattr(p: GuestProcess, a: SyscallArgs, fn: (t: Target, buf: number, size: number) => number, byFd: boolean): number {
  const size = a.ptr(2);
  const r = sys(fn(target(p, a, byFd), p.host(a.ptr(1), size, 'write'), size));
  if (r > 0 && size > 0) p.mem.noteWrite(a.ptr(1), r);
  return r;
}

function setxattr(p: GuestProcess, a: SyscallArgs, fn: (t: Target, name: Buffer, buf: number, size: number, flags: number) => number, byFd: boolean): number {
  const size = a.ptr(3);
  return sys(fn(target(p, a, byFd), cstr(p.readString(a.ptr(1))), p.host(a.ptr(2), size, 'read'), size, a.int(4)));
}

function removexattr(p: GuestProcess, a: SyscallArgs, fn: (t: Target, name: Buffer) => number, byFd: boolean): number {
  return sys(fn(target(p, a, byFd), cstr(p.readString(a.ptr(1)))));
}

export const fsXattrSyscalls: HandlerTable = {
  getxattr: (p, a) => getxattr(p, a, libc.getxattr, false),
  lgetxattr: (p, a) => getxattr(p, a, libc.lgetxattr, false),
  fgetxattr: (p, a) => getxattr(p, a, libc.fgetxattr, true),
  listxattr: (p, a) => listxattr(p, a, libc.listxattr, false),
  llistxattr: (p, a) => listxattr(p, a, libc.llistxattr, false),
  flistxattr: (p, a) => listxattr(p, a, libc.flistxattr, true),
  setxattr: (p, a) => setxattr(p, a, libc.setxattr, false),
  lsetxattr: (p, a) => setxattr(p, a, libc.lsetxattr, false),
  fsetxattr: (p, a) => setxattr(p, a, libc.fsetxattr, true),
  removexattr: (p, a) => removexattr(p, a, libc.removexattr, false),
  lremovexattr: (p, a) => removexattr(p, a, libc.lremovexattr, false),
  fremovexattr: (p, a) => removexattr(p, a, libc.fremovexattr, true),
};
