// The translation cache: pc -> translated block, plus a page index so writes to code pages and
// protection changes can find and drop every block decoded from the affected bytes.
import type { IRBlock } from '../ir/types.js';
import { PAGE_SHIFT, PAGE_SIZE } from './api.js';
import type { InterpBlock } from './interp.js';
import type { JitEntry } from './jit/region.js';
import { PF_CODE } from './layout.js';
import type { GuestMemory } from './memory.js';

export interface CachedBlock {
  readonly ir: IRBlock;
  /** The interpreter's form of the block (its closures are dropped while the block is compiled). */
  readonly interp: InterpBlock;
  /** Executions in the interpreter (drives promotion to the JIT). */
  count: number;
  /** Compiled entry, or null while the block is interpreted. */
  jit: JitEntry | null;
  /** Waiting in the JIT's batch. */
  queued: boolean;
  /** False once invalidated (queued references may outlive the cache entry). */
  live: boolean;
  /** The block ends in an indirect jump (goto_dyn). */
  readonly dyn: boolean;
  /** Targets its indirect jump took while interpreted (a few): region formation follows them. */
  readonly dynTargets: number[];
  readonly firstPage: number;
  readonly lastPage: number;
}

export class BlockCache {
  private readonly byPc = new Map<number, CachedBlock>();
  private readonly byPage = new Map<number, Set<CachedBlock>>();

  constructor(private readonly mem: GuestMemory) {}

  get size(): number { return this.byPc.size; }

  get(pc: number): CachedBlock | undefined { return this.byPc.get(pc); }

  add(ir: IRBlock, interp: InterpBlock): CachedBlock {
    const firstPage = ir.pc >>> PAGE_SHIFT;
    const lastPage = (Math.max(ir.end, ir.pc + 1) - 1) >>> PAGE_SHIFT;
    const dyn = ir.ops.some((op) => op.op === 'goto_dyn');
    const b: CachedBlock = { ir, interp, count: 0, jit: null, queued: false, live: true, dyn, dynTargets: [], firstPage, lastPage };
    this.byPc.set(ir.pc, b);
    for (let p = firstPage; p <= lastPage; p++) {
      let set = this.byPage.get(p);
      if (!set) { set = new Set(); this.byPage.set(p, set); }
      set.add(b);
      Atomics.or(this.mem.flags, p, PF_CODE);
    }
    return b;
  }

  /**
   * Drop every block with bytes in the pages covering [addr, addr+len); returns them. `clearCode`
   * also clears the pages' PF_CODE bits: right for the engine that saw the write (every other
   * engine drops its blocks there when it replays the code log), wrong for a replaying engine
   * (another engine may have translated the page again since).
   */
  invalidate(addr: number, len: number, clearCode: boolean): CachedBlock[] {
    const dropped: CachedBlock[] = [];
    if (len <= 0) return dropped;
    const first = Math.floor(addr / PAGE_SIZE);
    const last = Math.floor((addr + len - 1) / PAGE_SIZE);
    if (last - first > this.byPage.size) {
      for (const p of [...this.byPage.keys()]) if (p >= first && p <= last) this.dropPage(p, dropped, clearCode);
    } else {
      for (let p = first; p <= last; p++) this.dropPage(p, dropped, clearCode);
    }
    return dropped;
  }

  private dropPage(p: number, dropped: CachedBlock[], clearCode: boolean): void {
    const set = this.byPage.get(p);
    if (clearCode) Atomics.and(this.mem.flags, p, ~PF_CODE);
    if (!set) return;
    for (const b of set) {
      b.live = false;
      dropped.push(b);
      if (this.byPc.get(b.ir.pc) === b) this.byPc.delete(b.ir.pc);
      // Other pages of the block keep PF_CODE: other engines may have code there. A later write
      // there costs one needless invalidation, which then clears the bit.
      for (let q = b.firstPage; q <= b.lastPage; q++) {
        if (q === p) continue;
        const other = this.byPage.get(q);
        other?.delete(b);
        if (other && other.size === 0) this.byPage.delete(q);
      }
    }
    this.byPage.delete(p);
  }
}
