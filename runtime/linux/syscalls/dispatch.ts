// One guest syscall: decode number and arguments from the registers, run the handler (by generic
// name), translate errno for the guest, store the result, and log it under -strace.
import { GuestFault } from '../../core/fault.js';
import { E, SyscallError } from '../errno.js';
import { interruptibly } from '../signals/host-signals.js';
import type { GuestProcess } from '../guest-process.js';
import { armPrivateSyscalls } from './arm-private.js';
import { credentialSyscalls } from './credentials.js';
import { credential16Syscalls } from './credentials16.js';
import { epollSyscalls } from './epoll.js';
import { eventFdSyscalls } from './event-fds.js';
import { fsControlSyscalls } from './fs-control.js';
import { fsIoSyscalls } from './fs-io.js';
import { fsPathSyscalls } from './fs-path.js';
import { fsStatSyscalls } from './fs-stat.js';
import { fsTimeSyscalls } from './fs-times.js';
import { fsHandleSyscalls } from './fs-handles.js';
import { fsXattrSyscalls } from './fs-xattr.js';
import { infoSyscalls } from './info.js';
import { memorySyscalls } from './memory.js';
import { memoryLockSyscalls } from './memory-locks.js';
import { pollSyscalls } from './poll.js';
import { processSyscalls } from './process.js';
import { rlimitSyscalls } from './rlimits.js';
import { schedulingSyscalls } from './scheduling.js';
import { signalSyscalls } from './signals.js';
import { socketSyscalls } from './sockets.js';
import { timeSyscalls } from './time.js';
import { timerSyscalls } from './timers.js';
import { callOnMain } from '../threads/mailbox.js';
import { NO_RESULT, SyscallArgs, type HandlerTable, type SyscallResult } from './types.js';
import type { ArgSource } from '../arch/types.js';
import { resolveSyscall } from './resolve.js';
import { noteHandlerReached } from './coverage.js';

const HANDLERS: HandlerTable = {
  ...fsIoSyscalls, ...fsPathSyscalls, ...fsTimeSyscalls, ...fsHandleSyscalls, ...fsStatSyscalls, ...fsControlSyscalls, ...fsXattrSyscalls, ...memorySyscalls,
  ...timeSyscalls, ...timerSyscalls, ...infoSyscalls, ...pollSyscalls, ...signalSyscalls, ...processSyscalls, ...socketSyscalls,
  ...credentialSyscalls, ...credential16Syscalls, ...schedulingSyscalls, ...rlimitSyscalls, ...memoryLockSyscalls, ...epollSyscalls, ...eventFdSyscalls,
  ...armPrivateSyscalls,
};

/** Syscalls that do not return on success: their strace line is printed before they run. */
const NO_RETURN = new Set(['exit', 'exit_group', 'execve', 'execveat']);

/** Every handler's name (the syscall coverage report is over these). */
export function handlerNames(): string[] {
  return Object.keys(HANDLERS);
}

/**
 * Calls that may block on the host; held signals interrupt them (host-signals.ts; ppoll,
 * pselect6 and the sleeps see to it themselves). true: the kernel restarts the call after an
 * SA_RESTART handler; false: always EINTR.
 */
const BLOCKING: Readonly<Record<string, boolean>> = {
  read: true, readv: true, write: true, writev: true, pread64: true, pwrite64: true, openat: true, openat2: true,
  wait4: true, waitid: true, fcntl: true, flock: true, ioctl: true, accept: true, accept4: true,
  connect: true, sendto: true, recvfrom: true, sendmsg: true, recvmsg: true, sendmmsg: true, recvmmsg: true,
};

/** Run the handler for `name` in this agent (errors as negative generic errno). */
export function runSyscallHandler(p: GuestProcess, name: string, args: SyscallArgs): SyscallResult {
  try {
    const restartable = BLOCKING[name];
    if (restartable !== undefined) return interruptibly(p, restartable, () => HANDLERS[name](p, args));
    return HANDLERS[name](p, args);
  } catch (e) {
    if (e instanceof GuestFault) return -E.EFAULT;
    if (e instanceof SyscallError) return -e.errno;
    throw e;
  }
}

/** The raw argument words: registers, then (o32) words from the user stack. */
function rawArgs(p: GuestProcess, reg: (slot: string) => bigint): bigint[] {
  const abi = p.arch.syscall;
  const raw = abi.args.map(reg);
  const st = abi.stackArgs;
  if (st) {
    const sp = Number(reg(st.sp));
    for (let i = 0; i < st.count; i++) {
      try {
        raw.push(BigInt(p.mem.read32(sp + st.offset + 4 * i)));
      } catch (e) {
        // An unreadable stack only matters to calls that use those arguments.
        if (!(e instanceof GuestFault)) throw e;
        raw.push(0n);
      }
    }
  }
  return raw;
}

/** Arguments rearranged for the generic handler a shaped syscall maps to. */
function shapeArgs(p: GuestProcess, raw: readonly bigint[], sources: readonly ArgSource[]): bigint[] {
  const bits = BigInt(p.wordBits);
  const join = (lo: bigint, hi: bigint) => (hi << bits) | lo;
  return sources.map((s) => {
    if (typeof s === 'number') return raw[s] ?? 0n;
    if ('value' in s) return BigInt.asUintN(p.wordBits, BigInt(s.value));
    if ('lohi' in s) return join(raw[s.lohi[0]], raw[s.lohi[1]]);
    // A register pair holds the 64-bit value in memory word order.
    return p.mem.bigEndian ? join(raw[s.pair + 1], raw[s.pair]) : join(raw[s.pair], raw[s.pair + 1]);
  });
}

export function handleSyscall(p: GuestProcess): void {
  const abi = p.arch.syscall;
  const t = p.thread;
  const bits = p.wordBits;
  const reg = (slot: string) => BigInt.asUintN(bits, BigInt(t.get(slot)));
  const toWord = (v: bigint) => (bits === 64 ? BigInt.asUintN(64, v) : Number(BigInt.asIntN(32, v)));
  for (const slot of abi.clear ?? []) t.setNum(slot, 0);
  const nr = Number(reg(abi.nr));
  const { guestName, name, shape, timeBits } = resolveSyscall(p, nr);
  const raw = rawArgs(p, reg);
  const args = new SyscallArgs(shape ? shapeArgs(p, raw, shape.args) : raw, bits, timeBits);
  // Linux returns -errno; MIPS returns errno with the error flag set (and clears it on success).
  const store = (v: bigint) => {
    const failed = v < 0n && v > -4096n;
    if (abi.errorFlag) t.setNum(abi.errorFlag, failed ? 1 : 0);
    t.set(abi.ret, toWord(failed ? BigInt(p.arch.guestErrno(Number(-v))) * (abi.errorFlag ? 1n : -1n) : v));
  };
  const strace = p.strace;
  if (name === undefined || !(name in HANDLERS)) {
    if (strace) guestName === undefined ? strace.unknown(nr) : strace.result(strace.describe(guestName, args), -E.ENOSYS);
    store(BigInt(-E.ENOSYS));
    return;
  }
  const coverage = p.opts.syscallCoverage;
  if (coverage) noteHandlerReached(p, coverage, name);
  const call = strace ? strace.describe(name, args) : '';
  if (strace && NO_RETURN.has(name)) strace.line(call.slice(call.indexOf(' ') + 1));
  const r = p.threads?.forwards(p, name, args) ? callOnMain(p, p.threads, nr, args.raw) : runSyscallHandler(p, name, args);
  if (r === NO_RESULT) return;
  store(typeof r === 'bigint' ? r : BigInt(r));
  if (strace && !NO_RETURN.has(name)) strace.result(call, r);
  else if (strace && (name === 'execve' || name === 'execveat')) strace.result(call, r);
}
