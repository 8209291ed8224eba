// What the Linux layer needs to know about one guest ISA. Everything else in runtime/linux is
// shared by all guests; a new target plugs in by adding one LinuxArch in runtime/linux/arch/.
import type { Frontend, StateLayout } from '../../arch/types.js';
import type { CpuThreadApi, GuestMemoryApi } from '../../core/api.js';
import type { Target } from '../../targets.js';
import type { SignalName } from '../signals/numbers.js';
import type { FlagTranslator } from './open-flags.js';
import type { FcntlCommand } from './fcntl-generic.js';
import type { IoctlSpec } from './ioctl-generic.js';
import type { SocketAbi } from './socket-abi.js';

export interface Hwcaps {
  hwcap: bigint;
  hwcap2: bigint;
}

/** Where a syscall's number, arguments and result live (state slot names). */
export interface SyscallAbi {
  nr: string;
  args: readonly string[];
  ret: string;
  /** MIPS reports failure in a separate flag register (a3) with a positive errno. */
  errorFlag?: string;
  /** A second result register (MIPS pipe() returns the write end in v1). */
  ret2?: string;
  /** Arguments beyond the registers are words on the user stack (o32: sp+16, sp+20, ...). */
  stackArgs?: { sp: string; offset: number; count: number };
  /** Slots every kernel entry resets (the MIPS LL/SC link). */
  clear?: readonly string[];
}

/**
 * Where one argument of the generic handler comes from: a raw argument position, a 64-bit value
 * split over an aligned register pair in memory word order (32-bit ABIs), an explicit low/high
 * pair, or a constant (legacy calls expressed through their *at successors).
 */
export type ArgSource = number | { pair: number } | { lohi: readonly [number, number] } | { value: number };

/** A guest syscall served by a generic handler with its arguments rearranged. */
export interface SyscallShape {
  handler: string;
  args: readonly ArgSource[];
  /** The call's struct timespec has 64-bit fields (the *_time64 calls of 32-bit ABIs). */
  time64?: boolean;
}

/** [offset, size in bytes] of a field inside a guest struct. */
export type Field = readonly [offset: number, size: 1 | 2 | 4 | 8];

export type StatField =
  | 'dev' | 'ino' | 'mode' | 'nlink' | 'uid' | 'gid' | 'rdev' | 'size' | 'blksize' | 'blocks'
  | 'atime' | 'atime_nsec' | 'mtime' | 'mtime_nsec' | 'ctime' | 'ctime_nsec';

export interface StructLayout<F extends string> {
  size: number;
  fields: Readonly<Record<F, Field>>;
}

export type StatfsField =
  | 'type' | 'bsize' | 'blocks' | 'bfree' | 'bavail' | 'files' | 'ffree' | 'fsid0' | 'fsid1'
  | 'namelen' | 'frsize' | 'flags';

/** MIPS has no sa_restorer: its layout leaves that field out. */
export type SigactionField = 'handler' | 'flags' | 'mask';

export type StackField = 'sp' | 'flags' | 'size';

export type FlockField = 'type' | 'whence' | 'start' | 'len' | 'pid';

export interface GuestStructs {
  /** ino32: the low half of st_ino again (ARM's stat64 __st_ino, kept from the 32-bit struct). */
  stat: StructLayout<StatField> & { ino32?: Field };
  statfs: StructLayout<StatfsField>;
  sigaction: { size: number; fields: Readonly<Record<SigactionField, Field>> & { restorer?: Field } };
  flock: StructLayout<FlockField>;
  /** struct flock64 of 32-bit ABIs (F_GETLK64 and friends); 64-bit ABIs have only flock. */
  flock64?: StructLayout<FlockField>;
  /** stack_t (sigaltstack): MIPS puts ss_size before ss_flags. */
  stack: StructLayout<StackField>;
  /** struct epoll_event: packed (12 bytes) on x86-64 only; elsewhere the u64 data is 8-aligned. */
  epollEvent: StructLayout<'events' | 'data'>;
}

/** Everything the signal delivery code hands to the per-arch frame builder. */
export interface SignalFrameRequest {
  thread: CpuThreadApi;
  mem: GuestMemoryApi;
  /** Guest signal number. */
  sig: number;
  /** Already laid out guest siginfo (128 bytes, guest byte order). */
  siginfo: Uint8Array;
  handler: number;
  /** SA_SIGINFO and friends, guest numbering. */
  flags: number;
  restorer: number;
  /** Mask to restore at sigreturn (the mask before delivery). */
  savedMask: bigint;
  /** Stack pointer to build the frame below (alternate stack top or the current sp). */
  sp: number;
  /** sigaltstack state recorded in uc_stack. */
  altstack: { sp: number; flags: number; size: number };
  /** Address of the per-arch sigreturn trampoline page (used when there is no SA_RESTORER). */
  trampoline: number;
  /** For SIGSEGV/SIGBUS: the faulting address (recorded in the arch's fault-address field). */
  faultAddress?: number;
}

export interface SignalFrameOps {
  /** Push the frame and point the thread at the handler. Throws GuestFault if the stack is bad. */
  setup(req: SignalFrameRequest): void;
  /** rt_sigreturn: restore the registers saved by setup; returns the saved signal mask. */
  restore(thread: CpuThreadApi, mem: GuestMemoryApi): bigint;
  /**
   * sigreturn: the same for the frame of a handler without SA_SIGINFO, on ABIs whose kernel
   * builds a different one for those (ARM: no siginfo before the ucontext).
   */
  restoreLegacy?(thread: CpuThreadApi, mem: GuestMemoryApi): bigint;
  /** Current stack pointer of the thread (to pick where the frame goes). */
  stackPointer(thread: CpuThreadApi): number;
  setStackPointer(thread: CpuThreadApi, sp: number): void;
}

export interface LinuxArch {
  readonly target: Target;
  /** Loads the frontend lazily: targets without one fail with a clear message, not at import. */
  loadFrontend(): Promise<{ frontend: Frontend; hwcaps: Hwcaps } | null>;
  /** AT_PLATFORM string (null: the kernel passes none) and uname().machine. */
  readonly platform: string | null;
  readonly unameMachine: string;
  /** Guest syscall number -> generic syscall name (as in runtime/linux/syscalls). */
  readonly syscallNames: ReadonlyMap<number, string>;
  readonly syscall: SyscallAbi;
  /** Guest syscalls (by their name in syscallNames) answered by another handler with rearranged arguments. */
  readonly syscallShapes?: Readonly<Record<string, SyscallShape>>;
  /** Generic (host) errno -> guest errno. */
  guestErrno(generic: number): number;
  /** Guest signal number -> name, and the reverse. */
  readonly signals: Readonly<Record<number, SignalName>>;
  readonly structs: GuestStructs;
  /** sigset_t size the kernel reads and writes (MIPS has 128 signals: 16 bytes). */
  readonly sigsetBytes: 8 | 16;
  /** rt_sigprocmask `how` values (MIPS numbers them from 1). */
  readonly sigprocmaskHow: { SIG_BLOCK: number; SIG_UNBLOCK: number; SIG_SETMASK: number };
  /** Byte offset of si_code in siginfo (MIPS swaps si_code and si_errno). */
  readonly siginfoCodeOffset: 4 | 8;
  /** Generic (host) si_code -> guest si_code, for the codes the arch numbers differently. */
  readonly siCodes?: ReadonlyMap<number, number>;
  /**
   * The signal and si_code for a `trap` exit with its info (break/trap code) in thread `t`
   * (t.pc is the trap's pc), and si_addr when it is not that pc (ARM: without the Thumb bit).
   */
  trapSignal(info: number, t: CpuThreadApi): { name: SignalName; code: number; addr?: number };
  /**
   * si_code and si_addr of the SIGILL for an undefined instruction at pc (a libnative marker
   * that starts no stub included): arm64's do_el0_undef reports ILL_ILLOPC at the pc, MIPS's
   * do_ri a bare force_sig (SI_KERNEL, no address).
   */
  illegalInstruction(pc: number): { code: number; addr: number };
  /**
   * struct rlimit of C longs (getrlimit/setrlimit): the guest's RLIM_INFINITY, and resource
   * numbers guest -> generic by index (numbers past the end pass unchanged).
   */
  readonly rlimit: { infinity: bigint; resources: readonly number[] };
  readonly sockets: SocketAbi;
  readonly openFlags: FlagTranslator;
  readonly fcntl: Readonly<Partial<Record<FcntlCommand, number>>>;
  readonly ioctls: ReadonlyMap<number, IoctlSpec>;
  /** mmap flag bits (MIPS differs); MAP_TYPE masks the shared/private field. */
  readonly mmapFlags: { MAP_SHARED: number; MAP_PRIVATE: number; MAP_TYPE: number; MAP_FIXED: number; MAP_ANONYMOUS: number; MAP_FIXED_NOREPLACE: number; MAP_LOCKED: number };
  /** Bits of sa_flags in this ABI. */
  readonly saFlags: { SA_SIGINFO: number; SA_ONSTACK: number; SA_RESTART: number; SA_NODEFER: number; SA_RESETHAND: number; SA_RESTORER: number };
  /** Register state for the first instruction of a new process (sp/pc/entry conventions). */
  setInitialRegisters(thread: CpuThreadApi, sp: number, entry: number): void;
  signalFrame(layout: StateLayout): SignalFrameOps;
  /** Instruction words (guest byte order applied by the writer) of the sigreturn trampoline. */
  readonly sigreturnCode: readonly number[];
  readonly minSigStackSize: number;
  /** Argument positions of clone(flags, stack, ...): they differ between ABIs. */
  readonly cloneArgs: { stack: number; ptid: number; tls: number; ctid: number };
  /** Set the thread pointer register (CLONE_SETTLS). */
  setTls(thread: CpuThreadApi, tls: number | bigint): void;
  /** Set the syscall return register (the child's 0 after fork). */
  setSyscallResult(thread: CpuThreadApi, v: number): void;
  /** Text for the guest's /proc/cpuinfo. */
  cpuinfo(): string;
}
