// Process life cycle: exit, clone (fork-style here, threads in threads/), execve (in-process,
// exec-in-process.ts, or re-entering qemu-ts), wait4, and the thread-library hooks (futex, set_tid_address...).
import { isHostElfFile } from '../../elf/host-elf.js';
import { E } from '../errno.js';
import { GuestExit } from '../exit.js';
import type { GuestProcess } from '../guest-process.js';
import { hostFork, forkSupported } from '../host/fork.js';
import { libc, sys } from '../host/libc.js';
import { scratch } from '../host/scratch.js';
import { hostSyscallNumber } from '../host/syscall-numbers.js';
import { AT_FDCWD } from './at-constants.js';
import { execPathAt } from './exec-at.js';
import { hostPath } from './fs-path.js';
import { forgetMemoryLocks } from './memory-locks.js';
import { guestWaitStatus } from '../signals/wait-status.js';
import { inheritableFds } from '../host/runtime-fds.js';
import { guestSignalOf, prepareExec, syncHostMask } from '../signals/host-signals.js';
import { makeSiginfo } from '../signals/raise.js';
import { futex } from '../threads/futex.js';
import { exitThread } from '../threads/thread-exit.js';
import { forgetThreads, threadGroup } from '../threads/thread-group.js';
import { writeRusage } from './rusage.js';
import type { HandlerTable, SyscallResult } from './types.js';
import { execInProcess, inProcessExecRefusal } from './exec-in-process.js';

const CLONE_VM = 0x100;
const CLONE_VFORK = 0x4000;
const CLONE_THREAD = 0x10000;
const CLONE_SETTLS = 0x80000;
const CLONE_PARENT_SETTID = 0x100000;
const CLONE_CHILD_CLEARTID = 0x200000;
const CLONE_CHILD_SETTID = 0x1000000;


/** Environment variables that would change how the host's node runs; passed to the guest via -E. */
const HOST_SENSITIVE_ENV = /^(LD_[A-Z_]*|NODE_OPTIONS|NODE_PATH)=/;

function clone(p: GuestProcess, a: { flags: number; stack: number; ptid: number; tls: bigint; ctid: number }): number {
  if (a.flags & CLONE_VM && !(a.flags & CLONE_VFORK)) return -E.EAGAIN;
  if (!forkSupported()) {
    p.opts.log('qemu-ts: fork needs node --single-threaded (use the qemu-ts-* launcher)');
    return -E.ENOSYS;
  }
  // vfork is run as a fork: the child gets a copy, which vfork+exec users cannot tell apart.
  const pid = hostFork();
  if (pid !== 0) {
    if (pid > 0 && a.flags & CLONE_PARENT_SETTID) p.mem.write32(a.ptid, pid);
    return pid;
  }
  forgetThreads(p); // only the forking thread exists in the child
  forgetMemoryLocks();
  p.engine.compileAfterFork();
  const t = p.thread;
  if (a.stack !== 0) p.frameOps.setStackPointer(t, a.stack);
  if (a.flags & CLONE_SETTLS) p.arch.setTls(t, a.tls);
  if (a.flags & CLONE_CHILD_SETTID) p.mem.write32(a.ctid, p.pid);
  if (a.flags & CLONE_CHILD_CLEARTID) p.clearChildTid = a.ctid;
  return 0;
}

function execve(p: GuestProcess, path: string, argv: string[], envp: string[]): SyscallResult {
  const host = hostPath(p, AT_FDCWD, path);
  const r = sys(libc.faccessat(-100, Buffer.from(host + '\0', 'latin1'), 1, 0));
  if (r < 0) return r;
  // A host program runs natively, as binfmt_misc would have it on a real system (e.g. /bin/sh
  // for system() when the sysroot has no guest shell).
  if (isHostElfFile(Buffer.from(host, 'latin1'))) {
    prepareExec(p);
    const native = sys(libc.execve(latin1C(host), [...argv.map(latin1C), null], [...envp.map(latin1C), null]));
    syncHostMask(p);
    return native;
  }
  if (inProcessExecRefusal(p) === null) return execInProcess(p, path, argv, envp);
  return relaunch(p, path, argv, envp);
}

/** execve as a host execve of the runtime (a new Node process), where in-process is not possible. */
function relaunch(p: GuestProcess, path: string, argv: string[], envp: string[]): number {
  const moved = envp.filter((e) => HOST_SENSITIVE_ENV.test(e));
  const hostEnv = envp.filter((e) => !HOST_SENSITIVE_ENV.test(e));
  p.saveCode();
  prepareExec(p);
  // The next runtime cannot tell the descriptors we pass on from Node's own (host/runtime-fds.ts).
  const inherited = ['--inherited-fds', inheritableFds().join(',')];
  const guestArgs = [...inherited, ...moved.flatMap((e) => ['-E', e]), '-0', argv[0] ?? path, path, ...argv.slice(1)];
  // The runtime's own arguments are host (UTF-8) strings; guest strings are byte strings.
  const cArgs = [...p.opts.reexec.map((s) => Buffer.from(s + '\0', 'utf8')), ...guestArgs.map(latin1C), null];
  const r2 = sys(libc.execve(cArgs[0], cArgs, [...hostEnv.map(latin1C), null]));
  syncHostMask(p);
  return r2;
}

function latin1C(s: string): Buffer {
  return Buffer.from(s + '\0', 'latin1');
}

/** Scratch offset of the host struct rusage wait4 fills. */
const WAIT_RUSAGE = 16;

function wait4(p: GuestProcess, pid: number, status: number, options: number, rusage: number): number {
  const r = sys(libc.wait4(pid, scratch.addr, options, rusage === 0 ? 0 : scratch.addr + WAIT_RUSAGE));
  if (r <= 0) return r;
  if (status !== 0) p.mem.write32(status, guestWaitStatus(p, scratch.dv.getInt32(0, true)));
  if (rusage !== 0) writeRusage(p, rusage, WAIT_RUSAGE);
  return r;
}

/** get_robust_list(pid, head_ptr, len_ptr): only the caller's own list (pid 0 or its tid) is known. */
function getRobustList(p: GuestProcess, pid: number, headOut: number, lenOut: number): number {
  if (pid !== 0 && pid !== p.tid) return -E.ESRCH;
  p.writeWord(headOut, p.robustList.head);
  p.writeWord(lenOut, p.robustList.len);
  return 0;
}


const CLD_KILLED = 2;
const CLD_DUMPED = 3;
const CLD_STOPPED = 5;
const CLD_CONTINUED = 6;

/** waitid: the host's siginfo (SIGCHLD fields) in the guest's numbering and layout. */
function waitid(p: GuestProcess, idtype: number, id: number, infop: number, options: number, rusage: number): number {
  scratch.u8.fill(0, 0, 128);
  const r = sys(libc.waitid(idtype, id, scratch.addr, options));
  if (r < 0) return r;
  if (rusage !== 0) p.mem.zero(rusage, p.wordBits === 64 ? 144 : 72);
  if (infop === 0) return r;
  const hostSig = scratch.dv.getInt32(0, true);
  const code = scratch.dv.getInt32(8, true);
  const status = scratch.dv.getInt32(24, true);
  const bySignal = code === CLD_KILLED || code === CLD_DUMPED || code === CLD_STOPPED || code === CLD_CONTINUED;
  const info = makeSiginfo(p, hostSig === 0 ? 0 : guestSignalOf(p, hostSig), code, (dv, u, le) => {
    dv.setInt32(u, scratch.dv.getInt32(16, true), le);
    dv.setInt32(u + 4, scratch.dv.getInt32(20, true), le);
    dv.setInt32(u + 8, bySignal ? guestSignalOf(p, status) : status, le);
  });
  p.mem.writeBytes(infop, info);
  return r;
}

export const processSyscalls: HandlerTable = {
  exit: (p, a) => {
    if (p.threads) exitThread(p, a.int(0) & 0xff);
    throw new GuestExit({ kind: 'exit', status: a.int(0) & 0xff });
  },
  exit_group: (_p, a) => {
    throw new GuestExit({ kind: 'exit', status: a.int(0) & 0xff });
  },
  set_tid_address: (p, a) => {
    p.clearChildTid = a.ptr(0);
    return p.tid;
  },
  // MIPS (and m68k) pass the thread pointer itself; x86's struct user_desc form is not handled.
  set_thread_area: (p, a) => (p.arch.setTls(p.thread, a.raw[0]), 0),
  // The list is only remembered: nothing walks it when a thread dies (as in qemu-user, which
  // does not offer these calls at all).
  set_robust_list: (p, a) => {
    if (a.ptr(1) !== (3 * p.wordBits) / 8) return -E.EINVAL;
    p.robustList = { head: a.ptr(0), len: a.ptr(1) };
    return 0;
  },
  get_robust_list: (p, a) => getRobustList(p, a.int(0), a.ptr(1), a.ptr(2)),
  rseq: () => -E.ENOSYS,
  // Guest threads are host threads, so the host's barrier covers them; commands number alike everywhere.
  membarrier: (_p, a) => sys(libc.syscall(hostSyscallNumber('membarrier'), 'int', a.int(0), 'unsigned int', a.uint(1), 'int', a.int(2))),
  futex: (p, a) => futex(p, a.ptr(0), a.int(1), a.uint(2), a.ptr(3), a.ptr(4), a.uint(5), a.timeBits),
  clone: (p, a) => {
    if (a.uint(0) & CLONE_THREAD) {
      const group = threadGroup(p);
      group.ctx.publishMask(p.signals.blocked);
      return group.clone(p.thread.stateAddr, a);
    }
    const c = p.arch.cloneArgs;
    return clone(p, { flags: a.uint(0), stack: a.ptr(c.stack), ptid: a.ptr(c.ptid), tls: a.raw[c.tls], ctid: a.ptr(c.ctid) });
  },
  clone3: () => -E.ENOSYS,
  execve: (p, a) => execve(p, p.readString(a.ptr(0)), p.readStringArray(a.ptr(1)), p.readStringArray(a.ptr(2))),
  execveat: (p, a) => {
    const program = execPathAt(p, a.int(0), p.readString(a.ptr(1)), a.int(4));
    return typeof program === 'number' ? program : execve(p, program, p.readStringArray(a.ptr(2)), p.readStringArray(a.ptr(3)));
  },
  wait4: (p, a) => wait4(p, a.int(0), a.ptr(1), a.int(2), a.ptr(3)),
  waitid: (p, a) => waitid(p, a.int(0), a.int(1), a.ptr(2), a.int(3), a.ptr(4)),
};
