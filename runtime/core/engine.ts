// The dispatcher: finds (or translates) the block at the thread's pc, runs it in the right tier
// and loops until something needs the caller (syscall, fault, signal-like exits).
import type { CodeFetcher, Frontend, StateSlot, TranslateOptions } from '../arch/types.js';
import type { HelperContext } from '../ir/helpers.js';
import { IR_VALIDATE_ENV, validateBlock } from '../ir/validate.js';
import { PAGE_SIZE, type CpuThreadApi, type EngineApi, type EngineOptions, type ExitEvent, type SavedModule } from './api.js';
import { BlockCache, type CachedBlock, type ParkedBlock } from './block-cache.js';
import { CodeLog } from './code-log.js';
import { GuestFault } from './fault.js';
import { InterpContext } from './interp.js';
import type { IRBlock } from '../ir/types.js';
import { Jit } from './jit/jit.js';
import type { WasmTier } from './jit/wasm-tier.js';
import { MAX_THREADS, PF_CODE, RESERVED_BASE_PAGE, THREAD_SLOT_BYTES, THREAD_SLOTS_BASE } from './layout.js';
import type { GuestMemory } from './memory.js';
import { EngineStats } from './stats.js';
import { CpuThread } from './thread.js';

const MAX_BLOCK_INSNS = 64;
/** Indirect-jump targets remembered per block (returns to several call sites, PLT slots). */
const MAX_DYN_TARGETS = 4;

function noteDynTarget(b: CachedBlock, pc: number): void {
  const seen = b.dynTargets;
  if (seen.length < MAX_DYN_TARGETS && !seen.includes(pc)) seen.push(pc);
}
/** Interpreted runs before a block is compiled by the baseline compiler (docs/PERFORMANCE.md, "Cold code"). */
const DEFAULT_JIT_THRESHOLD = 10;
/** Entries plus loop iterations of a baseline region before it is optimised (docs/PERFORMANCE.md, "Cold code"). */
const DEFAULT_OPT_THRESHOLD = 20000;

export class Engine implements EngineApi {
  private readonly cache: BlockCache;
  private readonly counters = new EngineStats();
  private readonly ictx: InterpContext;
  private readonly jit: Jit;
  private readonly threshold: number;
  private readonly slots: ReadonlyMap<string, StateSlot>;
  private readonly threads = new Map<number, CpuThread>();
  private readonly helperCtxs = new Map<number, HelperContext>();
  private readonly freeSlots: number[] = [];
  private nextSlot = 0;
  private readonly fetcher: CodeFetcher;
  private readonly translateOpts: TranslateOptions;
  private readonly codeLog: CodeLog;
  /** Validate every translated block (runtime/ir/validate.ts): -d ir-validate, or $QEMU_TS_IR_VALIDATE=1 as npm test sets. */
  private readonly validateIR: boolean;

  constructor(readonly frontend: Frontend, readonly mem: GuestMemory, private readonly opts: EngineOptions) {
    if (frontend.state.size > 4096) throw new Error('state struct larger than 4 KiB');
    this.cache = new BlockCache(mem, (pc, end) => this.retranslate(pc, end));
    this.ictx = new InterpContext(mem, frontend.state);
    this.threshold = opts.jitThreshold ?? DEFAULT_JIT_THRESHOLD;
    this.slots = new Map(frontend.state.slots.map((s) => [s.name, s]));
    this.jit = new Jit(mem, frontend.state, this.counters, (addr) => this.helperContext(addr), this.threshold, opts.optThreshold ?? DEFAULT_OPT_THRESHOLD, opts.log, opts.savedCode !== undefined);
    this.fetcher = this.makeFetcher();
    this.translateOpts = { maxInsns: MAX_BLOCK_INSNS };
    if (opts.lowerNative) this.translateOpts.lowerNative = opts.lowerNative;
    mem.onCodeWrite = (addr, len) => this.invalidate(addr, len);
    this.codeLog = new CodeLog(mem.memory);
    this.validateIR = opts.validateIR === true || process.env[IR_VALIDATE_ENV] === '1';
  }

  newThread(): CpuThread {
    const slot = this.freeSlots.pop() ?? this.nextSlot++;
    if (slot >= MAX_THREADS) throw new Error('out of thread slots');
    const addr = THREAD_SLOTS_BASE + slot * THREAD_SLOT_BYTES;
    this.mem.u8.fill(0, addr, addr + THREAD_SLOT_BYTES);
    return this.attachThread(addr);
  }

  /** A thread whose slot was allocated (and filled) by another engine on the same memory. */
  attachThread(stateAddr: number): CpuThread {
    const t = new CpuThread(this.mem, stateAddr, this.frontend.state, this.slots);
    this.threads.set(stateAddr, t);
    return t;
  }

  /** Give a finished thread's slot back. */
  releaseThread(thread: CpuThreadApi): void {
    if (!this.threads.delete(thread.stateAddr)) return;
    this.helperCtxs.delete(thread.stateAddr);
    this.freeSlots.push((thread.stateAddr - THREAD_SLOTS_BASE) / THREAD_SLOT_BYTES);
  }

  interrupt(thread: CpuThreadApi): void { this.own(thread).interrupt(); }

  run(thread: CpuThreadApi): ExitEvent {
    const t = this.own(thread);
    const x = this.ictx;
    const stats = this.counters;
    x.state = t.state;
    x.helperCtx = this.helperContext(t.stateAddr);
    let poll = this.opts.pollDispatches ?? Infinity;
    for (;;) {
      if (this.codeLog.changed) this.replayCodeLog();
      if (t.takeInterrupt() || --poll <= 0) return { kind: 'interrupt', pc: t.pc };
      const pc = t.pc;
      let b = this.cache.get(pc);
      if (b === undefined && this.opts.savedCode !== undefined) b = this.loadSaved(pc);
      if (b === undefined) {
        const r = this.translate(pc);
        if (!('ir' in r)) return r;
        b = r;
      }
      stats.dispatches++;
      if (b.jit === null && b.count >= this.threshold) this.jit.want(b);
      this.jit.tick(this.cache);
      if (b.jit !== null) {
        stats.jitEntries++;
        const ev = this.jit.run(b.jit, t);
        if (ev !== null) return ev;
        continue;
      }
      stats.interpreted++;
      b.count++;
      b.interp.run(x);
      if (x.event !== null) return x.event;
      if (b.dyn) noteDynTarget(b, t.pc);
    }
  }

  invalidate(addr: number, len: number): void {
    this.codeLog.append(addr, len);
    this.dropTranslations(addr, len, true);
  }

  /** Drop what other engines on this memory invalidated since the last dispatch. */
  private replayCodeLog(): void {
    const r = this.codeLog.take();
    if (r === 'all') this.dropTranslations(0, RESERVED_BASE_PAGE * PAGE_SIZE, false);
    else for (const [first, last] of r) this.dropTranslations(first * PAGE_SIZE, (last - first + 1) * PAGE_SIZE, false);
  }

  private dropTranslations(addr: number, len: number, clearCode: boolean): void {
    const dropped = this.cache.invalidate(addr, len, clearCode);
    if (dropped.length === 0) return;
    this.counters.invalidatedBlocks += dropped.length;
    this.jit.dropRegionsOf(dropped);
  }

  stats(): Record<string, number> { return this.counters.snapshot(this.cache.size); }

  /** The compiled modules still valid, for the persistent code cache to save (see Jit.savedModules). */
  savedModules(): SavedModule[] { return this.jit.savedModules(); }

  parkTranslations(): ParkedBlock[] {
    this.jit.forgetDeadModules();
    const out: ParkedBlock[] = [];
    for (const b of this.cache.blocks()) {
      const pb = b.parked();
      if (pb !== null) out.push(pb);
    }
    return out;
  }

  /**
   * The block at pc from code an in-process execve kept (the whole mapping's blocks, then their
   * modules), else from a module saved by an earlier process, if one has it: the blocks of a saved
   * module are translated only if something needs their IR (interpreting one, compiling it again).
   */
  private loadSaved(pc: number): CachedBlock | undefined {
    const parked = this.opts.savedCode!.takeParked(pc);
    if (parked !== undefined) {
      for (const pb of parked) if (this.cache.get(pb.pc) === undefined) this.cache.revive(pb);
      this.counters.revivedBlocks += parked.length;
      // Their compiled code comes back with them (a module is offered at any of its blocks).
      for (const pb of parked) this.loadModules(pb.pc);
      const b = this.cache.get(pc);
      if (b !== undefined) return b;
    }
    return this.loadModules(pc);
  }

  private loadModules(pc: number, tier?: WasmTier): CachedBlock | undefined {
    const source = this.opts.savedCode!;
    for (let m = source.take(pc, tier); m !== undefined; m = source.take(pc, tier)) {
      // A block translated here already must have the bounds the module was compiled with.
      const fits = m.regions.every((r) => r.every(([p, end]) => { const b = this.cache.get(p); return b === undefined || b.end === end; }));
      if (!fits) continue;
      const members = m.regions.map((r) => r.map(([p, end]) => this.cache.get(p) ?? this.cache.addLazy(p, end)));
      if (!this.jit.loadSaved(m, members)) continue;
      // A baseline region whose blocks the earlier process optimised would use up its budget and
      // be optimised again (a block already compiled is not looked for in the cache): load the
      // optimised code with it.
      if (m.tier === 'baseline') for (const r of m.regions) this.loadModules(r[0]![0], 'optimized');
      return this.cache.get(pc);
    }
    return undefined;
  }

  /** Checks a block's IR when validation is on (-d ir-validate). */
  private validate(ir: IRBlock): void {
    if (!this.validateIR) return;
    validateBlock(ir, this.frontend);
    this.counters.irValidated++;
  }

  /**
   * The IR of a block that has none: loaded from a saved module, or compiled and its IR released.
   * Its bytes were checked when it was translated or loaded, and any write since has dropped it.
   */
  private retranslate(pc: number, end: number): IRBlock {
    const ir = this.frontend.translate(this.fetcher, pc, { ...this.translateOpts, stopAt: end });
    if (ir.end !== end) throw new Error(`block 0x${pc.toString(16)} translates to a different end`);
    this.counters.translated++;
    this.counters.retranslated++;
    this.validate(ir);
    return ir;
  }

  compileAfterFork(): void { this.jit.afterFork(); }

  coldBlocks(): [number, number][] {
    const out: [number, number][] = [];
    for (const b of this.cache.blocks()) if (b.jit?.region.tier !== 'optimized') out.push([b.pc, b.end]);
    return out;
  }

  translateForCache(pc: number, end: number): boolean {
    if (this.cache.get(pc) !== undefined) return true;
    const ir = this.frontend.translate(this.fetcher, pc, { ...this.translateOpts, stopAt: end });
    if (ir.end !== end) return false;
    this.counters.translated++;
    this.cache.add(ir);
    return true;
  }

  compileForCache(groupOf: (pc: number) => string | undefined): void {
    const groups = new Map<string, CachedBlock[]>();
    for (const b of this.cache.blocks()) {
      if (b.jit?.region.tier === 'optimized') continue;
      const key = groupOf(b.pc);
      if (key === undefined) continue;
      let g = groups.get(key);
      if (!g) { g = []; groups.set(key, g); }
      g.push(b);
    }
    for (const g of groups.values()) g.sort((a, b) => a.pc - b.pc);
    this.jit.compileForCache([...groups.values()]);
  }

  private own(thread: CpuThreadApi): CpuThread {
    const t = this.threads.get(thread.stateAddr);
    if (t === undefined) throw new Error('thread does not belong to this engine');
    return t;
  }

  private helperContext(stateAddr: number): HelperContext {
    let c = this.helperCtxs.get(stateAddr);
    if (c === undefined) {
      const t = this.threads.get(stateAddr);
      if (t === undefined) throw new Error(`no thread at state 0x${stateAddr.toString(16)}`);
      c = { state: t.state, mem: this.mem.u8, invalidateCode: (addr, len) => this.invalidate(addr, len) };
      this.helperCtxs.set(stateAddr, c);
    }
    return c;
  }

  private makeFetcher(): CodeFetcher {
    const mem = this.mem;
    const le = this.frontend.endian === 'le';
    // A page is marked CODE before its bytes are read (not only when the block is cached): a
    // store by a thread running in parallel then either comes before the read (and is seen) or
    // sees the mark and invalidates, through the code log, what is being translated.
    const read = (addr: number, n: number): void => {
      mem.check(addr, n, 'exec');
      if ((mem.flags[addr >>> 12]! & PF_CODE) === 0) Atomics.or(mem.flags, addr >>> 12, PF_CODE);
    };
    return {
      u16: (addr) => { read(addr, 2); return mem.dv.getUint16(addr, le); },
      u32: (addr) => { read(addr, 4); return mem.dv.getUint32(addr, le); },
    };
  }

  private translate(pc: number): CachedBlock | ExitEvent {
    let ir;
    try {
      ir = this.frontend.translate(this.fetcher, pc, this.translateOpts);
    } catch (e) {
      if (!(e instanceof GuestFault)) throw e;
      return { kind: 'fault', pc, addr: e.addr, access: 'exec', fault: e.kind };
    }
    this.counters.translated++;
    this.validate(ir);
    const b = this.cache.add(ir);
    this.opts.log?.('in_asm', `block 0x${pc.toString(16)}..0x${ir.end.toString(16)} (${ir.ninsns} insns, ${ir.ops.length} ops)`);
    return b;
  }
}
