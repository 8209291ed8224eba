// Reading and writing descriptors. Guest descriptors are host descriptors (as in qemu-user):
// no table to keep in step across fork/execve, and shell redirections just work.
import { E } from '../errno.js';
import type { GuestProcess } from '../guest-process.js';
import { libc, sys } from '../host/libc.js';
import { queueKernelSignal } from '../signals/raise.js';
import { claimFd, isRuntimeFd } from '../host/runtime-fds.js';
import { scratch } from '../host/scratch.js';
import { copyFdKind, fdKindFor, forgetFd } from './fd-kinds.js';
import { readTranslated, writeTranslated } from './event-fds.js';
import type { HandlerTable } from './types.js';

const F_GETFD = 1;

/** The accessible prefix of [addr, addr+len): the kernel also transfers up to the first bad page. */
function span(p: GuestProcess, addr: number, len: number, access: 'read' | 'write'): { host: number; len: number } | null {
  if (len === 0) return { host: p.hostBase + addr, len: 0 };
  const bad = p.mem.firstFault(addr, len, access);
  if (bad === addr) return null;
  return { host: p.hostBase + addr, len: bad === -1 ? len : bad - addr };
}

function afterWrite(p: GuestProcess, r: number): number {
  if (r === -E.EPIPE) queueKernelSignal(p, 'SIGPIPE');
  return r;
}

function readInto(p: GuestProcess, addr: number, len: number, op: (host: number, n: number) => number): number {
  const s = span(p, addr, len, 'write');
  if (!s) return -E.EFAULT;
  const r = sys(op(s.host, s.len));
  if (r > 0) p.mem.noteWrite(addr, r);
  return r;
}

function writeFrom(p: GuestProcess, addr: number, len: number, op: (host: number, n: number) => number): number {
  const s = span(p, addr, len, 'read');
  if (!s) return -E.EFAULT;
  return afterWrite(p, sys(op(s.host, s.len)));
}

interface Iovec { base: number; len: number }

function readIovecs(p: GuestProcess, addr: number, count: number): Iovec[] | number {
  if (count < 0 || count > 1024) return -E.EINVAL;
  const w = p.wordBits / 8;
  const out: Iovec[] = [];
  for (let i = 0; i < count; i++) out.push({ base: p.readWord(addr + i * 2 * w), len: p.readWord(addr + i * 2 * w + w) });
  return out;
}

/** readv/writev as a loop of read/write, stopping at the first short transfer like the kernel. */
function vectored(p: GuestProcess, addr: number, count: number, one: (v: Iovec, done: number) => number): number {
  const iov = readIovecs(p, addr, count);
  if (typeof iov === 'number') return iov;
  let done = 0;
  for (const v of iov) {
    if (v.len === 0) continue;
    const r = one(v, done);
    if (r < 0) return done > 0 ? done : r;
    done += r;
    if (r < v.len) break;
  }
  return done;
}

/** A dup's result: the new descriptor reads and writes as the old one (fd-kinds.ts). */
export function duplicated(from: number, r: number): number {
  if (r >= 0) {
    copyFdKind(from, r);
    // dup2/dup3 onto a number taken for the runtime's: it is the guest's now (closed by its
    // close(), and by an in-process execve when close-on-exec).
    claimFd(r);
  }
  return r;
}

export const fsIoSyscalls: HandlerTable = {
  // posix_fadvise returns the error number itself.
  fadvise64: (_p, a) => -libc.posixFadvise(a.int(0), a.off(1), a.off(2), a.int(3)),
  read: (p, a) => {
    const k = fdKindFor(p, a.int(0), a.ptr(2));
    if (k) return readTranslated(p, a.int(0), k, a.ptr(1), a.ptr(2));
    return readInto(p, a.ptr(1), a.ptr(2), (h, n) => libc.read(a.int(0), h, n));
  },
  write: (p, a) => {
    const k = fdKindFor(p, a.int(0), a.ptr(2));
    if (k) return writeTranslated(p, a.int(0), k, a.ptr(1), a.ptr(2));
    return writeFrom(p, a.ptr(1), a.ptr(2), (h, n) => libc.write(a.int(0), h, n));
  },
  pread64: (p, a) => readInto(p, a.ptr(1), a.ptr(2), (h, n) => libc.pread(a.int(0), h, n, a.off(3))),
  pwrite64: (p, a) => writeFrom(p, a.ptr(1), a.ptr(2), (h, n) => libc.pwrite(a.int(0), h, n, a.off(3))),
  readv: (p, a) => vectored(p, a.ptr(1), a.int(2), (v) => readInto(p, v.base, v.len, (h, n) => libc.read(a.int(0), h, n))),
  writev: (p, a) => vectored(p, a.ptr(1), a.int(2), (v) => writeFrom(p, v.base, v.len, (h, n) => libc.write(a.int(0), h, n))),
  preadv: (p, a) => vectored(p, a.ptr(1), a.int(2), (v, done) => readInto(p, v.base, v.len, (h, n) => libc.pread(a.int(0), h, n, a.off(3) + done))),
  pwritev: (p, a) => vectored(p, a.ptr(1), a.int(2), (v, done) => writeFrom(p, v.base, v.len, (h, n) => libc.pwrite(a.int(0), h, n, a.off(3) + done))),
  lseek: (_p, a) => sys(libc.lseek(a.int(0), a.long(1), a.int(2))),
  // 32-bit ABIs: _llseek(fd, offset_high, offset_low, loff_t *result, whence).
  _llseek: (p, a) => {
    const r = sys(libc.lseek(a.int(0), Number(BigInt.asIntN(64, (a.raw[1] << 32n) | a.raw[2])), a.int(4)));
    if (r < 0) return r;
    p.mem.write64(a.ptr(3), BigInt(r));
    return 0;
  },
  // The runtime's own descriptors (Node's event loop) look closed to the guest but stay open.
  close: (_p, a) => {
    if (isRuntimeFd(a.int(0))) return 0;
    forgetFd(a.int(0));
    return sys(libc.close(a.int(0)));
  },
  dup: (_p, a) => duplicated(a.int(0), sys(libc.dup(a.int(0)))),
  dup3: (p, a) => {
    if (a.int(0) === a.int(1)) return -E.EINVAL;
    return duplicated(a.int(0), sys(libc.dup3(a.int(0), a.int(1), p.arch.openFlags.toHost(a.int(2)))));
  },
  dup2: (_p, a) => (a.int(0) === a.int(1) ? sys(libc.fcntlInt(a.int(0), F_GETFD)) < 0 ? -E.EBADF : a.int(0) : duplicated(a.int(0), sys(libc.dup3(a.int(0), a.int(1), 0)))),
  // The old pipe(): MIPS returns both descriptors in registers, other ABIs store them like pipe2.
  pipe: (p, a) => {
    const second = p.arch.syscall.ret2;
    if (!second) return fsIoSyscalls.pipe2(p, a);
    const r = sys(libc.pipe2(scratch.addr, 0));
    if (r < 0) return r;
    p.thread.set(second, p.wordBits === 64 ? BigInt(scratch.dv.getInt32(4, true)) : scratch.dv.getInt32(4, true));
    return scratch.dv.getInt32(0, true);
  },
  pipe2: (p, a) => {
    p.mem.check(a.ptr(0), 8, 'write');
    const r = sys(libc.pipe2(scratch.addr, p.arch.openFlags.toHost(a.int(1))));
    if (r < 0) return r;
    p.mem.write32(a.ptr(0), scratch.dv.getInt32(0, true));
    p.mem.write32(a.ptr(0) + 4, scratch.dv.getInt32(4, true));
    return 0;
  },
  fsync: (_p, a) => sys(libc.fsync(a.int(0))),
  fdatasync: (_p, a) => sys(libc.fdatasync(a.int(0))),
  ftruncate: (_p, a) => sys(libc.ftruncate(a.int(0), a.off(1))),
  fallocate: (_p, a) => sys(libc.fallocate(a.int(0), a.int(1), a.off(2), a.off(3))),
  flock: (_p, a) => sys(libc.flock(a.int(0), a.int(1))),
  sync: () => (libc.sync(), 0),
  syncfs: (_p, a) => sys(libc.syncfs(a.int(0))),
};
