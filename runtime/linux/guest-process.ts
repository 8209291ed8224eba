// One running guest process: its memory, address space, CPU thread, signal state and the
// options it was started with. Syscall handlers receive it.
import type { Frontend } from '../arch/types.js';
import type { CpuThreadApi, EngineApi, GuestMemoryApi } from '../core/api.js';
import type { Hwcaps, LinuxArch, SignalFrameOps } from './arch/types.js';
import type { AddressSpace } from './mm/address-space.js';
import type { CodeCache } from './code-cache/code-cache.js';
import type { GuestOptions } from './options.js';
import type { PathResolver } from './fs/paths.js';
import type { NativeStats } from '../native/native-stats.js';
import { SignalState } from './signals/state.js';
import type { Strace } from './strace.js';
import { bufferAddress, libc } from './host/libc.js';
import type { ThreadContext } from './threads/thread-context.js';
import { saveAndWarm } from './code-cache/warmer.js';

export interface ExecutableInfo {
  /** Guest-visible path of the program (/proc/self/exe, AT_EXECFN). */
  guestPath: string;
  /** Host path the program was read from. */
  hostPath: string;
}

export class GuestProcess {
  readonly signals = new SignalState();
  /** Host address of guest address 0 (for host calls that take pointers). */
  readonly hostBase: number;
  /** Address of the sigreturn trampoline page. */
  trampoline = 0;
  /** The auxv words as laid out on the initial stack, for /proc/self/auxv. */
  auxv: Uint8Array = new Uint8Array(0);
  clearChildTid = 0;
  /** set_robust_list's head and length (get_robust_list answers them; nothing else reads them). */
  robustList = { head: 0, len: 0 };
  /** Set once the process has more than one thread (threads/thread-group.ts, threads/worker.ts). */
  threads: ThreadContext | null = null;
  /** -strace logger, or null. */
  strace: Strace | null = null;
  /** -d native counters, printed at exit. */
  nativeStats: NativeStats | null = null;
  /** The code cache (without a store under --no-cache: then it only keeps code across an in-process execve). */
  codeCache: CodeCache | null = null;

  constructor(
    /** Replaced, with the program, argv and environment of the new image, by an in-process execve. */
    public opts: GuestOptions,
    readonly arch: LinuxArch,
    readonly frontend: Frontend,
    readonly hwcaps: Hwcaps,
    readonly mem: GuestMemoryApi,
    readonly engine: EngineApi,
    readonly thread: CpuThreadApi,
    readonly as: AddressSpace,
    readonly paths: PathResolver,
    /** Replaced by an in-process execve. */
    public exe: ExecutableInfo,
  ) {
    this.hostBase = bufferAddress(mem.memory.buffer);
  }

  /** Saves the code compiled so far in the persistent code cache (before an execve). */
  saveCode(): void {
    this.codeCache?.save(this.engine.savedModules());
  }

  /** At exit: saves the code and starts the cache warmer for the rest (code-cache/warmer.ts). */
  saveCodeAtExit(): void {
    saveAndWarm(this);
  }

  private frame: SignalFrameOps | null = null;

  /** The arch's signal frame builder for this frontend's state layout. */
  get frameOps(): SignalFrameOps {
    return (this.frame ??= this.arch.signalFrame(this.frontend.state));
  }

  /** Changes in a forked child, so asked each time. */
  get pid(): number {
    return libc.getpid();
  }

  /** This thread's id (the pid for the main thread). */
  get tid(): number {
    return this.threads?.tid ?? this.pid;
  }

  get wordBits(): 32 | 64 {
    return this.frontend.wordBits;
  }

  /** Host address of a guest range after checking access; throws GuestFault (-> EFAULT). */
  host(addr: number, len: number, access: 'read' | 'write'): number {
    if (len > 0) this.mem.check(addr, len, access);
    return this.hostBase + addr;
  }

  /** Guest C string as a byte string (latin1). */
  readString(addr: number, max = 4096): string {
    return Buffer.from(this.mem.readCString(addr, max)).toString('latin1');
  }

  /** Guest-pointer-sized read (unsigned). */
  readWord(addr: number): number {
    return this.wordBits === 64 ? Number(this.mem.read64(addr)) : this.mem.read32(addr);
  }

  writeWord(addr: number, v: number | bigint): void {
    if (this.wordBits === 64) this.mem.write64(addr, BigInt.asUintN(64, BigInt(v)));
    else this.mem.write32(addr, Number(BigInt.asUintN(32, BigInt(v))));
  }

  /** NULL-terminated array of guest pointers to strings (argv/envp). */
  readStringArray(addr: number): string[] {
    const out: string[] = [];
    if (addr === 0) return out;
    const w = this.wordBits / 8;
    for (let at = addr; ; at += w) {
      const p = this.readWord(at);
      if (p === 0) return out;
      out.push(this.readString(p, 128 * 1024));
    }
  }
}
