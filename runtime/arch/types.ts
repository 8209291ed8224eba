// What every guest ISA frontend provides to the translator core. The core knows nothing else
// about an ISA; the Linux layer uses the per-arch module in runtime/linux/arch/.
import type { IRBuilder } from '../ir/builder.js';
import type { Endian, IRBlock, Ty } from '../ir/types.js';

/** One field of the guest CPU state struct (little-endian in guest memory's reserved area). */
export interface StateSlot {
  name: string;
  offset: number;
  ty: Ty;
  /**
   * Kept in a wasm local while inside a compiled region (spilled at exits and 'state' helpers).
   * Only whole, naturally sized i32/i64 fields accessed with get/set of their full size may be cached.
   */
  cached: boolean;
}

export interface StateLayout {
  /** Total size in bytes (<= 4096). */
  size: number;
  slots: StateSlot[];
  /**
   * Offset of the guest program counter field: an i32 holding the translation key, pc | ISA mode
   * (runtime/frontend/shared/translator-loop.ts); the pc alone for ISAs with one mode. Guest pcs are < 2^32.
   */
  pcOffset: number;
}

/** Reads instruction bytes from guest memory; throws GuestFault on an unmapped/non-executable page. */
export interface CodeFetcher {
  u16(addr: number): number;   // in guest byte order
  u32(addr: number): number;   // in guest byte order, as an unsigned number
}

export interface TranslateOptions {
  /** Max guest instructions per block. */
  maxInsns: number;
  /**
   * End the block (with a goto) before the instruction at this address (a block key: pc plus ISA
   * mode), as at a page boundary.
   * A block of a saved module is translated again to end where it ended when it was compiled,
   * whatever ended it then (the instruction budget, a page boundary, a fetch fault).
   */
  stopAt?: number;
  /**
   * Present with --native-bypass. Called for each libnative marker the loop meets: emits the IR
   * of the call of the stub at markerPc and returns the guest address where translation goes on
   * (the stub's normal return sequence), or returns null, emitting nothing, when no valid stub of
   * the loaded libnative starts there (the marker is then an illegal instruction: guest SIGILL).
   */
  lowerNative?: (b: IRBuilder, markerPc: number) => number | null;
}

/** Where integer arguments and the integer result of a C call live in the guest state. */
export interface NativeCallConv {
  /** State offsets of the integer argument registers, in order. */
  args: readonly number[];
  /** State offset of the integer return register. */
  ret: number;
}

export interface Frontend {
  /** Target name, as in runtime/targets.ts ('aarch64', 'mips', ...). */
  readonly name: string;
  readonly wordBits: 32 | 64;
  readonly endian: Endian;
  readonly state: StateLayout;
  /** The C calling convention for integer/pointer arguments (used to lower libnative calls). */
  readonly callConv?: NativeCallConv;
  /**
   * Translate the block starting at the translation key `key` (pc | ISA mode). A fetch fault on
   * the first instruction propagates as GuestFault; a fault on a later instruction ends the block
   * before it. Blocks must not cross a 4 KiB page boundary except for the last instruction's
   * bytes (and a delay slot's). Frontends implement it with the shared translator loop.
   */
  translate(fetch: CodeFetcher, key: number, opts: TranslateOptions): IRBlock;
}
