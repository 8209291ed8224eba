// The contract between the translator core (runtime/core), the frontends (runtime/frontend/*)
// and the Linux layer (runtime/linux). Implementations: core/memory.ts (GuestMemory),
// core/engine.ts (Engine). Change only together with every user.
import type { Frontend, TranslateOptions } from '../arch/types.js';
import type { FaultAccess, FaultKind, GuestFault } from './fault.js';
import type { SavedModule } from './jit/saved-module.js';
import type { WasmTier } from './jit/wasm-tier.js';
import type { ParkedBlock } from './block-cache.js';

export const PAGE_SIZE = 4096;
export const PAGE_SHIFT = 12;
export const PROT_READ = 1;
export const PROT_WRITE = 2;
export const PROT_EXEC = 4;

/**
 * [RESERVED_BASE, 2^32) of the single 4 GiB wasm memory belongs to the runtime (page-flag table,
 * per-thread CPU state structs, scratch). Guests never get mappings there; any guest access faults.
 */
export const RESERVED_BASE = 0xff000000;

/** The whole guest address space: one WebAssembly.Memory; guest address = byte offset. */
export interface GuestMemoryApi {
  readonly memory: WebAssembly.Memory;
  /** Views over the whole memory (rebuilt internally if the buffer is ever replaced). */
  readonly u8: Uint8Array;
  readonly dv: DataView;
  readonly bigEndian: boolean;

  /** Set protection of whole pages covering [addr, addr+len); prot 0 unmaps (contents are kept unless zeroed). */
  setProt(addr: number, len: number, prot: number): void;
  getProt(addr: number): number;
  /** First address in [addr, addr+len) not accessible for `access`, or -1 when all of it is. addr may be >= 2^32 (then it faults). */
  firstFault(addr: number, len: number, access: FaultAccess): number;
  /** Throws GuestFault unless [addr, addr+len) is accessible for `access`. */
  check(addr: number, len: number, access: FaultAccess): void;
  /** The GuestFault for an access that failed at `addr`. */
  faultAt(addr: number, access: FaultAccess): GuestFault;
  /** Resets the flags of unmapped pages whose host pages were given back (see GuestMemory). */
  forgetPages(addr: number, len: number): void;
  /** Zero-fill (used for fresh anonymous mappings; no protection check). */
  zero(addr: number, len: number): void;
  /**
   * Unchecked memmove/memset inside guest memory at memcpy speed (typed-array copies of a shared
   * memory are ~50x slower). Callers check protections and call noteWrite themselves.
   */
  copyRaw(dst: number, src: number, n: number): void;
  fillRaw(dst: number, byte: number, n: number): void;

  // Checked accessors in guest byte order; they throw GuestFault. 64-bit values as bigint.
  read8(addr: number): number;
  read16(addr: number): number;
  read32(addr: number): number;            // unsigned
  read64(addr: number): bigint;            // unsigned
  write8(addr: number, v: number): void;
  write16(addr: number, v: number): void;
  write32(addr: number, v: number): void;
  write64(addr: number, v: bigint): void;
  readBytes(addr: number, len: number): Uint8Array;           // a copy
  writeBytes(addr: number, data: Uint8Array): void;
  /** Bytes up to (not including) the NUL, scanning only readable memory; throws GuestFault past the mapping. */
  readCString(addr: number, max?: number): Uint8Array;

  /**
   * Host code that writes guest memory without the checked accessors (u8/dv, memory.copy) calls
   * this so translations decoded from the written bytes are dropped (no-op for non-code pages).
   */
  noteWrite(addr: number, len: number): void;

  /** Called by the core when a page gains translated code / by writes that hit such a page. */
  onCodeWrite: ((addr: number, len: number) => void) | null;
}

/** Why Engine.run returned to its caller. */
export type ExitEvent =
  | { kind: 'syscall'; pc: number; info: number }                        // pc: resume address (already stored in state)
  | { kind: 'fault'; pc: number; addr: number; access: FaultAccess; fault: FaultKind } // guest SIGSEGV, or SIGBUS for 'alignment' (pc = faulting insn)
  | { kind: 'undef'; pc: number; insn: number }                          // guest SIGILL
  | { kind: 'trap'; pc: number; info: number }                           // guest SIGTRAP
  | { kind: 'halt'; pc: number }
  /** EngineApi.interrupt was called for the thread; pc = where it resumes (state is precise). */
  | { kind: 'interrupt'; pc: number };

/** One guest thread's CPU state struct, living at stateAddr inside the reserved area. */
export interface CpuThreadApi {
  readonly stateAddr: number;
  /** DataView over exactly this thread's state struct (fields little-endian). */
  readonly state: DataView;
  pc: number;
  /** Read/write a state slot by name (see the frontend's StateLayout); i64 slots as bigint. */
  get(slot: string): number | bigint;
  set(slot: string, v: number | bigint): void;
  /** i64 slot as a JS number (exact below 2^53; use for syscall args, pointers, sizes). */
  getNum(slot: string): number;
  setNum(slot: string, v: number): void;
}

export interface EngineOptions {
  /** Executions of a block in the cold tier before it is compiled to wasm (0 = compile at once). */
  jitThreshold?: number;
  /**
   * Entries plus loop iterations of a region compiled by the baseline compiler before it is
   * compiled again by the optimising one (0 = compile optimised at once, no baseline).
   */
  optThreshold?: number;
  /** With --native-bypass, passed to Frontend.translate: lowers libnative stubs inline (see runtime/native/bypass.ts). */
  lowerNative?: TranslateOptions['lowerNative'];
  /**
   * Check every translated block with the IR validator (runtime/ir/validate.ts); a broken block
   * throws IRValidationError naming its pc and op. Also on when $QEMU_TS_IR_VALIDATE is 1.
   */
  validateIR?: boolean;
  /** Log sink for -d categories (e.g. 'in_asm', 'jit', 'exec'); absent = silent. */
  log?: (category: string, line: string) => void;
  /** Compiled code saved by earlier processes (the persistent code cache); absent = none. */
  savedCode?: SavedCodeSource;
  /**
   * Dispatches after which run() returns 'interrupt' even when nothing asked it to: the caller's
   * chance to look for work of its own (the Linux layer takes host signals then) while the guest
   * runs a loop that raises no event. Compiled code comes back to the dispatcher at least every
   * FUEL back-edges. Absent = run() returns only on events.
   */
  pollDispatches?: number;
}

/** Where the engine finds compiled code saved by other processes (runtime/linux/code-cache). */
export interface SavedCodeSource {
  /**
   * A saved module with a block at `pc`, whose guest bytes are present, executable and the ones
   * it was compiled from (their pages already marked as code, so a later write invalidates it);
   * each module is offered once. `tier`: only a module of that tier.
   */
  take(pc: number, tier?: WasmTier): SavedModule | undefined;
  /**
   * The translations an in-process execve kept of the executable mapping holding pc, when the
   * mapping has the bytes it had then at the same address (checked just now, its pages marked as
   * code first); offered once.
   */
  takeParked(pc: number): readonly ParkedBlock[] | undefined;
}

export interface EngineApi {
  readonly frontend: Frontend;
  readonly mem: GuestMemoryApi;
  newThread(): CpuThreadApi;
  /** Stop the thread at its next block boundary or loop back-edge (run returns 'interrupt'). */
  interrupt(thread: CpuThreadApi): void;
  /** Give a finished thread's state slot back. */
  releaseThread(thread: CpuThreadApi): void;
  /** Run the thread's guest code from its pc until something needs the caller. */
  run(thread: CpuThreadApi): ExitEvent;
  /** Discard translations overlapping [addr, addr+len) (mprotect/munmap/cache maintenance/writes). */
  invalidate(addr: number, len: number): void;
  /** Counters for -d stats: blocks per tier, cache hits, compiled regions... */
  stats(): Record<string, number>;
  /**
   * In a forked child: V8's eager wasm compilation hands work to helper threads, which a fork does
   * not copy (compiling there hangs), so modules are compiled lazily from then on (wasm-tier.ts).
   */
  compileAfterFork(): void;
  /** The compiled modules still valid, for the persistent code cache to save (empty without one). */
  savedModules(): SavedModule[];
  /** [pc, end) of each translated block that has no optimised code (what the cache warmer compiles). */
  coldBlocks(): [number, number][];
  /**
   * Translates the block at pc, which must end at `end` (the cache warmer's blocks, recorded by
   * the process that ran them): false when it translates to another end.
   */
  translateForCache(pc: number, end: number): boolean;
  /**
   * Compiles, optimised, every translated block without optimised code, one set of modules per
   * group (`groupOf`: the cache entry a block's code is saved in; undefined: leave it out).
   */
  compileForCache(groupOf: (pc: number) => string | undefined): void;
  /** Every translated block, for an in-process execve to keep (see SavedCodeSource.takeParked). */
  parkTranslations(): ParkedBlock[];
}

export type { Frontend };
export type { SavedModule };
export type { ParkedBlock };
