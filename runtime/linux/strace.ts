// -strace output in qemu's style: "pid name(args) = result". Argument formats per syscall name:
// d = int, u = unsigned, l = long, L = loff_t, x = pointer/hex, o = octal, s = C string.
import { errnoName } from './errno.js';
import type { GuestProcess } from './guest-process.js';
import type { SyscallArgs } from './syscalls/types.js';

const FORMATS: Readonly<Record<string, string>> = {
  read: 'dxu', write: 'dxu', readv: 'dxd', writev: 'dxd', pread64: 'dxuL', pwrite64: 'dxuL',
  openat: 'dsxo', close: 'd', lseek: 'dld', fstat: 'dx', newfstatat: 'dsxx', statx: 'dsxux',
  getdents64: 'dxu', readlinkat: 'dsxu', faccessat: 'dsoo', faccessat2: 'dsox', mkdirat: 'dso',
  unlinkat: 'dsx', renameat: 'dsds', renameat2: 'dsdsx', symlinkat: 'sds', linkat: 'dsdsx',
  fchmodat: 'dso', fchownat: 'dsddx', utimensat: 'dsxx', chdir: 's', fchdir: 'd', getcwd: 'xu',
  statfs: 'sx', fstatfs: 'dx', truncate: 'sL', ftruncate: 'dL', pipe2: 'xx', dup: 'd', dup3: 'ddx',
  fcntl: 'ddx', ioctl: 'dxx', ppoll: 'xuxxu', pselect6: 'dxxxxx', exit: 'd', exit_group: 'd',
  brk: 'x', mmap: 'xuxxdl', munmap: 'xu', mprotect: 'xux', mremap: 'xuuxx', madvise: 'xud',
  kill: 'dd', tgkill: 'ddd', tkill: 'dd', rt_sigaction: 'dxxu', rt_sigprocmask: 'dxxu',
  execve: 'sxx', wait4: 'dxxx', clone: 'xxxxx', set_tid_address: 'x', futex: 'xdux',
  clock_gettime: 'dx', nanosleep: 'xx', clock_nanosleep: 'ddxx', getrandom: 'xux',
  prlimit64: 'ddxx', uname: 'x', sched_getaffinity: 'dux', sigaltstack: 'xx', umask: 'o',
};

export class Strace {
  constructor(private readonly proc: GuestProcess, private readonly emit: (line: string) => void) {}

  /** The call line, formatted before the syscall runs (string arguments may be overwritten by it). */
  describe(name: string, a: SyscallArgs): string {
    const fmt = FORMATS[name] ?? 'xxx';
    // A shaped call (open -> openat) may have fewer arguments than its handler's format lists.
    const parts = [...fmt].slice(0, a.raw.length).map((f, i) => this.arg(f, a, i));
    return `${this.proc.pid} ${name}(${parts.join(',')})`;
  }

  result(call: string, ret: number | bigint): void {
    const n = typeof ret === 'bigint' ? Number(BigInt.asIntN(64, ret)) : ret;
    const text = n < 0 && n > -4096 ? `-1 errno=${-n} (${errnoName(-n)})` : n > 0xffff ? `0x${n.toString(16)}` : String(n);
    this.emit(`${call} = ${text}`);
  }

  unknown(nr: number): void {
    this.emit(`${this.proc.pid} Unknown syscall ${nr}`);
  }

  line(text: string): void {
    this.emit(`${this.proc.pid} ${text}`);
  }

  private arg(f: string, a: SyscallArgs, i: number): string {
    switch (f) {
      case 'd': return String(a.int(i));
      case 'u': return String(a.uint(i));
      case 'l': return String(a.long(i));
      case 'L': return String(a.off(i));
      case 'o': return `0${a.uint(i).toString(8)}`;
      case 's': {
        const p = a.ptr(i);
        if (p === 0) return 'NULL';
        try {
          return JSON.stringify(this.proc.readString(p, 256));
        } catch {
          return `0x${p.toString(16)}`;
        }
      }
      default: return `0x${a.ptr(i).toString(16)}`;
    }
  }
}
