// One guest syscall: decode number and arguments from the registers, run the handler (by generic
// name), translate errno for the guest, store the result, and log it under -strace.
import { GuestFault } from '../../core/fault.js';
import { E, SyscallError } from '../errno.js';
import { interruptibly } from '../signals/host-signals.js';
import type { GuestProcess } from '../guest-process.js';
import { fsControlSyscalls } from './fs-control.js';
import { fsIoSyscalls } from './fs-io.js';
import { fsPathSyscalls } from './fs-path.js';
import { fsStatSyscalls } from './fs-stat.js';
import { fsXattrSyscalls } from './fs-xattr.js';
import { infoSyscalls } from './info.js';
import { memorySyscalls } from './memory.js';
import { pollSyscalls } from './poll.js';
import { processSyscalls } from './process.js';
import { signalSyscalls } from './signals.js';
import { socketSyscalls } from './sockets.js';
import { timeSyscalls } from './time.js';
import { timerSyscalls } from './timers.js';
import { NO_RESULT, SyscallArgs, type HandlerTable, type SyscallResult } from './types.js';

const HANDLERS: HandlerTable = {
  ...fsIoSyscalls, ...fsPathSyscalls, ...fsStatSyscalls, ...fsControlSyscalls, ...fsXattrSyscalls, ...memorySyscalls,
  ...timeSyscalls, ...timerSyscalls, ...infoSyscalls, ...pollSyscalls, ...signalSyscalls, ...processSyscalls, ...socketSyscalls,
};

/** Syscalls that do not return on success: their strace line is printed before they run. */
const NO_RETURN = new Set(['exit', 'exit_group', 'execve']);

export function knownSyscall(name: string): boolean {
  return name in HANDLERS;
}

/**
 * Calls that may block on the host; held signals interrupt them (host-signals.ts; ppoll and
 * pselect6 see to it themselves). true: the
 * kernel restarts the call after an SA_RESTART handler; false: always EINTR.
 */
const BLOCKING: Readonly<Record<string, boolean>> = {
  read: true, readv: true, write: true, writev: true, pread64: true, pwrite64: true, openat: true,
  wait4: true, waitid: true, fcntl: true, flock: true, ioctl: true, accept: true, accept4: true,
  connect: true, sendto: true, recvfrom: true, sendmsg: true, recvmsg: true,
  nanosleep: false, clock_nanosleep: false,
};

function run(p: GuestProcess, name: string, args: SyscallArgs): SyscallResult {
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

export function handleSyscall(p: GuestProcess): void {
  const abi = p.arch.syscall;
  const t = p.thread;
  const bits = p.wordBits;
  const reg = (slot: string) => BigInt.asUintN(bits, BigInt(t.get(slot)));
  const store = (v: bigint) => t.set(abi.ret, bits === 64 ? BigInt.asUintN(64, v) : Number(BigInt.asIntN(32, v)));
  const nr = Number(reg(abi.nr));
  const args = new SyscallArgs(abi.args.map(reg), bits);
  const name = p.arch.syscallNames.get(nr);
  const strace = p.strace;
  if (name === undefined || !(name in HANDLERS)) {
    if (strace) name === undefined ? strace.unknown(nr) : strace.result(strace.describe(name, args), -E.ENOSYS);
    store(BigInt(-p.arch.guestErrno(E.ENOSYS)));
    return;
  }
  const call = strace ? strace.describe(name, args) : '';
  if (strace && NO_RETURN.has(name)) strace.line(call.slice(call.indexOf(' ') + 1));
  const r = run(p, name, args);
  if (r === NO_RESULT) return;
  const n = typeof r === 'bigint' ? r : BigInt(r);
  const guest = n < 0n && n > -4096n ? BigInt(-p.arch.guestErrno(Number(-n))) : n;
  store(guest);
  if (strace && !NO_RETURN.has(name)) strace.result(call, r);
  else if (strace && name === 'execve') strace.result(call, r);
}
