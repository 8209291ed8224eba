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
  /** Offset of the guest program counter field (i32 holding the pc; guest pcs are < 2^32). */
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
  /** Treat libnative markers as native calls (exit 'native') instead of trapping. */
  nativeBypass: boolean;
  /**
   * With nativeBypass: emits the IR of the libnative call whose marker is at markerPc and returns
   * the guest address where translation continues (the stub's normal return sequence). Absent:
   * the frontend ends the block with exit('native').
   */
  lowerNative?: (b: IRBuilder, markerPc: number) => number;
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
   * Translate the block starting at pc. A fetch fault on the first instruction propagates as
   * GuestFault; a fault on a later instruction ends the block before it.
   * Blocks must not cross a 4 KiB page boundary except for the last instruction's bytes.
   */
  translate(fetch: CodeFetcher, pc: number, opts: TranslateOptions): IRBlock;
}
