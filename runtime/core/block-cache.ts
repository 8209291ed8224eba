// The translation cache: pc -> translated block, plus a page index so writes to code pages and
// protection changes can find and drop every block decoded from the affected bytes.
import type { IRBlock } from '../ir/types.js';
import { PAGE_SHIFT, PAGE_SIZE } from './api.js';
import { InterpBlock } from './interp.js';
import type { JitEntry } from './jit/region.js';
import { PF_CODE } from './layout.js';
import type { GuestMemory } from './memory.js';

/**
 * Translates the block [pc, end) again, when something needs the IR of a block that has none:
 * one compiled (its IR was released) or loaded from the persistent code cache (never translated).
 */
export type Retranslate = (pc: number, end: number) => IRBlock;

/**
 * A translated block kept across an in-process execve, to be cached again if the new image maps
 * the same bytes at the same address (runtime/linux/code-cache, "parked" translations).
 */
export interface ParkedBlock {
  readonly pc: number;
  readonly end: number;
  readonly ir: IRBlock;
  readonly interp: InterpBlock | null;
  readonly count: number;
  readonly dynTargets: readonly number[];
}

export class CachedBlock {
  /** Executions in the interpreter (drives promotion to the JIT). */
  count = 0;
  /** Compiled entry, or null while the block is interpreted. */
  jit: JitEntry | null = null;
  /** Waiting in the JIT's batch. */
  queued = false;
  /** False once invalidated (queued references may outlive the cache entry). */
  live = true;
  /** Targets its indirect jump took while interpreted (a few): region formation follows them. */
  readonly dynTargets: number[] = [];
  readonly firstPage: number;
  readonly lastPage: number;
  private irOrNull: IRBlock | null;
  private interpOrNull: InterpBlock | null = null;
  private dynOrNull: boolean | null = null;
  /** What region formation reads of the IR, kept when the IR is released (-1: not known yet). */
  private opCountOrNeg = -1;
  private staticSuccessorsOrNull: readonly number[] | null = null;

  /**
   * A translated block (ir), or one of compiled code loaded from the persistent code cache,
   * which is translated only if it is ever interpreted or compiled again (`retranslate`).
   */
  constructor(readonly pc: number, readonly end: number, ir: IRBlock | null, private readonly retranslate: Retranslate | null) {
    this.irOrNull = ir;
    this.firstPage = pc >>> PAGE_SHIFT;
    this.lastPage = (Math.max(end, pc + 1) - 1) >>> PAGE_SHIFT;
  }

  get ir(): IRBlock { return this.irOrNull ?? (this.irOrNull = this.retranslate!(this.pc, this.end)); }
  /** The interpreter's form of the block. */
  get interp(): InterpBlock { return this.interpOrNull ?? (this.interpOrNull = new InterpBlock(this.ir)); }
  /** The block ends in an indirect jump (goto_dyn). */
  get dyn(): boolean { return this.dynOrNull ?? (this.dynOrNull = this.ir.ops.some((op) => op.op === 'goto_dyn')); }
  /** Number of IR ops (region budgets). */
  get opCount(): number { return this.opCountOrNeg >= 0 ? this.opCountOrNeg : (this.opCountOrNeg = this.ir.ops.length); }

  /** Goto targets, and `end` when the ops can fall off the end (indirect targets are in dynTargets). */
  get staticSuccessors(): readonly number[] {
    if (this.staticSuccessorsOrNull !== null) return this.staticSuccessorsOrNull;
    const out: number[] = [];
    const ops = this.ir.ops;
    for (const op of ops) if (op.op === 'goto') out.push(op.pc);
    const last = ops[ops.length - 1];
    if (!last || (last.op !== 'goto' && last.op !== 'goto_dyn' && last.op !== 'exit')) out.push(this.end);
    return (this.staticSuccessorsOrNull = out);
  }

  /** What an in-process execve keeps of the block: null for a block never translated (loaded from a saved module). */
  parked(): ParkedBlock | null {
    const ir = this.irOrNull;
    return ir === null ? null : { pc: this.pc, end: this.end, ir, interp: this.interpOrNull, count: this.count, dynTargets: [...this.dynTargets] };
  }

  /** A block of an earlier image again (see ParkedBlock). */
  static revived(pb: ParkedBlock, retranslate: Retranslate): CachedBlock {
    const b = new CachedBlock(pb.pc, pb.end, pb.ir, retranslate);
    b.interpOrNull = pb.interp;
    b.count = pb.count;
    b.dynTargets.push(...pb.dynTargets);
    return b;
  }

  /**
   * The block is compiled: the interpreter's closures, if any, go (they are built again should it
   * come back), and so does its IR where it can be translated again (what region formation reads
   * of it is kept): a compiled block rarely needs its IR again (when a hotter region takes it in,
   * or the interpreter after an invalidation of its region), and the IR of every block a program
   * ever compiled was most of the heap (and its garbage collection).
   */
  compiled(): void {
    if (this.retranslate === null) {
      this.interpOrNull?.release();
      return;
    }
    if (this.irOrNull === null) return;
    void this.dyn; void this.opCount; void this.staticSuccessors;
    this.irOrNull = null;
    this.interpOrNull = null; // it holds the IR too
  }
}

export class BlockCache {
  private readonly byPc = new Map<number, CachedBlock>();
  private readonly byPage = new Map<number, Set<CachedBlock>>();

  /** `retranslate`: how a block whose IR was released (or never made) gets it again. */
  constructor(private readonly mem: GuestMemory, private readonly retranslate: Retranslate) {}

  get size(): number { return this.byPc.size; }

  get(pc: number): CachedBlock | undefined { return this.byPc.get(pc); }

  /** Every block in the cache (live ones: invalidation removes a block). */
  blocks(): IterableIterator<CachedBlock> { return this.byPc.values(); }

  add(ir: IRBlock): CachedBlock {
    return this.insert(new CachedBlock(ir.pc, ir.end, ir, this.retranslate));
  }

  /** A parked block cached again (see ParkedBlock). */
  revive(pb: ParkedBlock): CachedBlock {
    return this.insert(CachedBlock.revived(pb, this.retranslate));
  }

  /** A block of [pc, end) loaded as compiled code: translated only when its IR is needed (see CachedBlock). */
  addLazy(pc: number, end: number): CachedBlock {
    return this.insert(new CachedBlock(pc, end, null, this.retranslate));
  }

  private insert(b: CachedBlock): CachedBlock {
    const { firstPage, lastPage } = b;
    this.byPc.set(b.pc, b);
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
      if (this.byPc.get(b.pc) === b) this.byPc.delete(b.pc);
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
