// The dispatch cache: a direct-mapped table in guest memory from guest pc to a compiled region
// entry (function-table index, block index), so compiled code can continue at an indirect-branch
// or out-of-region target with a tail call instead of returning to the JS dispatcher. Returns,
// PLT jumps and calls between regions then stay inside wasm.
//
// Entry i lives at area + i*8: [pc: u32][tableIndex << ENTRY_BITS | blockIndex: u32]. pc 0 marks
// an empty entry (page 0 is never guest code). The JS side writes entries; compiled code only reads
// them, with the same hash (emitLookup mirrors hashPc).
import {
  DISPATCH_AREA_BYTES, DISPATCH_AREAS, DISPATCH_BASE, DISPATCH_CLAIMS, DISPATCH_ENTRIES,
} from '../layout.js';
import type { GuestMemory } from '../memory.js';
import type { FuncEmitter } from './func-emitter.js';
import { Op } from './opcodes.js';
import { MAX_REGION_BLOCKS } from './region.js';

const ENTRY_BITS = 6;
if (1 << ENTRY_BITS < MAX_REGION_BLOCKS) throw new Error('dispatch cache: block index field too narrow');
const MASK = DISPATCH_ENTRIES - 1;
/** Mixes the low pc bits (always 0 for 4-byte ISAs) into the high end of the index. */
const LOW_SHIFT = 13;

export function hashPc(pc: number): number {
  return ((pc >>> 2) ^ (pc << LOW_SHIFT)) & MASK;
}

export class DispatchCache {
  /** Address of this engine's area, or -1 when every area is taken (compiled code then never chains). */
  readonly base: number;
  private readonly words: Int32Array;

  /** Claims an area for good: engines live as long as their process (or parked worker). */
  constructor(mem: GuestMemory) {
    const area = claimArea(new Int32Array(mem.memory.buffer, DISPATCH_CLAIMS, 1));
    this.base = area < 0 ? -1 : DISPATCH_BASE + area * DISPATCH_AREA_BYTES;
    this.words = area < 0 ? new Int32Array(0) : new Int32Array(mem.memory.buffer, this.base, DISPATCH_ENTRIES * 2);
    this.words.fill(0);
  }

  get enabled(): boolean { return this.base >= 0; }

  set(pc: number, tableIndex: number, blockIndex: number): void {
    if (!this.enabled) return;
    const i = hashPc(pc) << 1;
    this.words[i] = pc | 0;
    this.words[i + 1] = (tableIndex << ENTRY_BITS) | blockIndex;
  }

  /** Forget pc if its entry points into the given function-table slot. */
  remove(pc: number, tableIndex: number): void {
    if (!this.enabled) return;
    const i = hashPc(pc) << 1;
    if (this.words[i] === (pc | 0) && this.words[i + 1]! >>> ENTRY_BITS === tableIndex) this.words[i] = 0;
  }

  /**
   * Emits the lookup of the i32 pc in local `pc`: on a hit, sets locals `blockOut`/`tableOut` and
   * falls through; on a miss branches to `miss`. `addr` is a scratch i32 local.
   */
  emitLookup(e: FuncEmitter, pc: number, addr: number, blockOut: number, tableOut: number, miss: number): void {
    e.get(pc).i32(2).op(Op.i32_shr_u).get(pc).i32(LOW_SHIFT).op(Op.i32_shl).op(Op.i32_xor).i32(MASK).op(Op.i32_and)
      .i32(3).op(Op.i32_shl).tee(addr);
    e.mem(Op.i32_load, this.base).get(pc).op(Op.i32_ne).brIf(miss);
    e.get(addr).mem(Op.i32_load, this.base + 4).tee(tableOut).i32((1 << ENTRY_BITS) - 1).op(Op.i32_and).set(blockOut);
    e.get(tableOut).i32(ENTRY_BITS).op(Op.i32_shr_u).set(tableOut);
  }
}

function claimArea(claims: Int32Array): number {
  for (;;) {
    const old = Atomics.load(claims, 0);
    let k = 0;
    while (k < DISPATCH_AREAS && (old & (1 << k)) !== 0) k++;
    if (k === DISPATCH_AREAS) return -1;
    if (Atomics.compareExchange(claims, 0, old, old | (1 << k)) === old) return k;
  }
}
