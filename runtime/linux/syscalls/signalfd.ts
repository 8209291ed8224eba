// signalfd, emulated: the guest's pending signals live in the runtime (signals/state.ts), not on
// the host (a signal the guest sends itself never reaches the host kernel), so a host signalfd
// would not see them. The descriptor is a host eventfd that holds 1 while a signal of its mask
// is pending, which makes poll and epoll report it readable; read() takes the pending signals
// and writes them as the guest's struct signalfd_siginfo.
import { E } from '../errno.js';
import type { GuestProcess } from '../guest-process.js';
import { libc, sys } from '../host/libc.js';
import { scratch } from '../host/scratch.js';
import { collectHostSignals, waitForHostSignal } from '../signals/host-signals.js';
import { SignalState, type PendingSignal } from '../signals/state.js';
import { fdKind, setFdKind, signalfds, type FdKind } from './fd-kinds.js';
import { readSigset } from './signals.js';

type Signalfd = Extract<FdKind, { kind: 'signalfd' }>;

const SIGNALFD_SIGINFO_SIZE = 128;
const HOST_O_NONBLOCK = 0x800;
const F_GETFL = 3;

/** Offsets in struct signalfd_siginfo (uapi linux/signalfd.h): one layout on every ABI. */
const SSI = { signo: 0, errno: 4, code: 8, pid: 12, uid: 16, status: 40, int: 44, ptr: 48, addr: 72 };

const matches = (k: Signalfd, s: PendingSignal) => (k.mask & SignalState.bit(s.sig)) !== 0n;

/** Make every signalfd's readiness match the pending signals (after collecting the host's). */
export function syncSignalfds(p: GuestProcess): void {
  const all = signalfds();
  if (all.length === 0) return;
  collectHostSignals(p);
  const done = new Set<Signalfd>();
  for (const [fd, k] of all) {
    if (done.has(k)) continue;
    done.add(k);
    const want = p.signals.pending.some((s) => matches(k, s));
    if (want === k.ready) continue;
    scratch.dv.setBigUint64(0, 1n, true);
    // Only this module writes the counter, so a read while it holds 1 never blocks.
    const r = want ? libc.write(fd, scratch.addr, 8) : libc.read(fd, scratch.addr, 8);
    if (r === 8) k.ready = want;
  }
}

function unblockable(p: GuestProcess): bigint {
  let m = 0n;
  for (const [n, name] of Object.entries(p.arch.signals)) if (name === 'SIGKILL' || name === 'SIGSTOP') m |= SignalState.bit(Number(n));
  return m;
}

/** signalfd4(fd, mask, sizemask, flags): a new descriptor (fd -1) or a new mask for one. */
export function signalfd4(p: GuestProcess, fd: number, maskAddr: number, sizemask: number, flags: number): number {
  if (sizemask !== p.arch.sigsetBytes) return -E.EINVAL;
  p.mem.check(maskAddr, sizemask, 'read');
  const mask = readSigset(p, maskAddr) & ~unblockable(p);
  const O = p.arch.openFlags;
  if (flags & ~(O.guest('O_NONBLOCK') | O.guest('O_CLOEXEC'))) return -E.EINVAL;
  if (fd !== -1) {
    const k = fdKind(fd);
    if (k?.kind !== 'signalfd') return sys(libc.fcntlInt(fd, F_GETFL)) < 0 ? -E.EBADF : -E.EINVAL;
    k.mask = mask;
    syncSignalfds(p);
    return fd;
  }
  const r = sys(libc.eventfd(0, O.toHost(flags)));
  if (r < 0) return r;
  setFdKind(r, { kind: 'signalfd', mask, ready: false });
  syncSignalfds(p);
  return r;
}

/** The guest siginfo of a pending signal as struct signalfd_siginfo, in guest byte order. */
function writeSignalfdSiginfo(p: GuestProcess, addr: number, s: PendingSignal): void {
  const le = !p.mem.bigEndian;
  const info = new DataView(s.info.buffer, s.info.byteOffset, s.info.byteLength);
  const out = new DataView(new ArrayBuffer(SIGNALFD_SIGINFO_SIZE));
  const codeAt = p.arch.siginfoCodeOffset;
  const union = p.wordBits === 64 ? 16 : 12;
  out.setUint32(SSI.signo, s.sig, le);
  out.setInt32(SSI.errno, info.getInt32(codeAt === 4 ? 8 : 4, le), le);
  out.setInt32(SSI.code, info.getInt32(codeAt, le), le);
  if (s.synchronous) {
    out.setBigUint64(SSI.addr, BigInt(s.faultAddress ?? 0), le);
  } else {
    out.setUint32(SSI.pid, info.getUint32(union, le), le);
    out.setUint32(SSI.uid, info.getUint32(union + 4, le), le);
    const value = info.getInt32(union + 8, le);
    if (p.arch.signals[s.sig] === 'SIGCHLD') out.setInt32(SSI.status, value, le);
    else {
      out.setInt32(SSI.int, value, le);
      out.setBigUint64(SSI.ptr, p.wordBits === 64 ? info.getBigUint64(union + 8, le) : BigInt(info.getUint32(union + 8, le)), le);
    }
  }
  p.mem.writeBytes(addr, new Uint8Array(out.buffer));
}

/** read() on a signalfd: as many pending signals of its mask as fit, waiting for one unless O_NONBLOCK. */
export function readSignalfd(p: GuestProcess, fd: number, k: Signalfd, addr: number, len: number): number {
  if (len < SIGNALFD_SIGINFO_SIZE) return -E.EINVAL;
  p.mem.check(addr, SIGNALFD_SIGINFO_SIZE, 'write');
  const st = p.signals;
  for (;;) {
    collectHostSignals(p);
    let n = 0;
    while ((n + 1) * SIGNALFD_SIGINFO_SIZE <= len) {
      const i = st.pending.findIndex((s) => matches(k, s));
      if (i < 0) break;
      const [s] = st.pending.splice(i, 1);
      writeSignalfdSiginfo(p, addr + n * SIGNALFD_SIGINFO_SIZE, s);
      n++;
    }
    if (n > 0) {
      syncSignalfds(p);
      return n * SIGNALFD_SIGINFO_SIZE;
    }
    const fl = sys(libc.fcntlInt(fd, F_GETFL));
    if (fl < 0) return fl;
    if (fl & HOST_O_NONBLOCK) return -E.EAGAIN;
    // Wake for a signal of the mask, or for one the guest would take: then EINTR (the read
    // runs under interruptibly, whose handler records such a signal and interrupts the wait).
    if (!waitForHostSignal(p, st.blocked & ~k.mask, null)) return -E.EINTR;
    if (st.pending.some((s) => !st.isBlocked(s.sig) && !matches(k, s))) return -E.EINTR;
  }
}
