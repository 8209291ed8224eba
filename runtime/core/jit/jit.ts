// The compiled tiers: batches blocks the interpreter ran often enough, forms regions around them,
// compiles each batch into one wasm module, and runs compiled regions on behalf of the dispatcher.
// Regions are first compiled by V8's baseline compiler (Liftoff), which is cheap enough for code
// that runs only a few dozen times, as most of a program's start-up does. A baseline region that
// keeps running uses up its budget (entries plus back-edges) and is compiled again, alone, by the
// optimising compiler (TurboFan), whose code is 2-3x faster but costs 10-30x more to compile.
import { writeFileSync } from 'node:fs';
import type { StateLayout } from '../../arch/types.js';
import { allHelpers, getHelper, type HelperContext, type HelperDef } from '../../ir/helpers.js';
import type { AccessSize } from '../../ir/types.js';
import type { ExitEvent } from '../api.js';
import { ATOMIC_KINDS, atomicOp } from '../atomics.js';
import type { BlockCache, CachedBlock } from '../block-cache.js';
import { GuestFault } from '../fault.js';
import { takeHelperFault } from '../helper-fault.js';
import { CTL_FAULT_ADDR, CTL_HELPER_FAULT, HELPER_FAULT_ALIGN, HELPER_FAULT_READ, HELPER_FAULT_WRITE } from '../layout.js';
import type { GuestMemory } from '../memory.js';
import type { EngineStats } from '../stats.js';
import type { CpuThread } from '../thread.js';
import { compileRegion, FUEL, type HotCounter, type ModuleLinks } from './compile-region.js';
import { DispatchCache } from './dispatch-cache.js';
import { HostTable } from './host-table.js';
import { ImportHub, type HostImport } from './import-hub.js';
import { Op } from './opcodes.js';
import { REGION_PARAMS, RegionTable } from './region-table.js';
import { mulhS64Body, mulhU64Body } from './mulh.js';
import { formRegion, MAX_REGION_BLOCKS, MAX_REGION_OPS, type JitEntry, type Region, type RegionFn, type Site } from './region.js';
import { CODE_V8, deserializeCode, serializeCode } from './compiled-code.js';
import type { SavedModule, SavedSite } from './saved-module.js';
import { WasmModule } from './wasm-module.js';
import { compileAfterFork, compiledCodeUsable, compileWasm, type WasmTier } from './wasm-tier.js';

const DUMP_DIR = process.env.QEMU_TS_DUMP_WASM;

/**
 * Compile at most this many baseline regions per module... Liftoff's cost per module is small but
 * fixed, its cost per function linear: big batches are cheaper (docs/PERFORMANCE.md, "Cold code").
 */
const BATCH_REGIONS = 64;
/** ...and wait at most this many dispatcher iterations for more blocks to batch... */
const BATCH_WINDOW = 256;
/** ...or until a block waiting in the batch has run this many more times (a hot loop is waiting). */
const BATCH_PATIENCE = 32;
/**
 * Regions per module the cache warmer makes: a later process loads (and checks the guest bytes
 * of) a whole module when it first reaches one of its blocks, so modules are kept to a few
 * thousand blocks of one mapping.
 */
const WARM_MODULE_REGIONS = 256;

/** The count of a block a forked child will not compile (see Jit.afterFork): it never reaches the threshold. */
const NEVER_COMPILED = -Infinity;

function partition<T>(xs: readonly T[], test: (x: T) => boolean): [T[], T[]] {
  const yes: T[] = [];
  const no: T[] = [];
  for (const x of xs) (test(x) ? yes : no).push(x);
  return [yes, no];
}

/** What a given-back site id holds until it is used again (never reached: see forgetDeadModules). */
const FREED_SITE: Site = { kind: 'badpc' };

export class Jit {
  private pending: CachedBlock[] = [];
  /** Baseline regions whose budget ran out, to be optimised at the next tick. */
  private hot: Region[] = [];
  private sinceFirst = 0;
  /** Regions each block was compiled into (a block may appear in several). */
  private readonly regionsOf = new Map<CachedBlock, Region[]>();
  private readonly warm: number;
  /** Exit sites of every region compiled so far; id 0 is the shared indirect-jump site. */
  private readonly sites: Site[] = [{ kind: 'dyn' }];
  /** Set by afterFork. */
  private forked = false;
  /** Ranges [first, end) of site ids given back (forgetDeadModules). */
  private readonly freeSites: [number, number][] = [];
  /** Region functions by table index; the dispatch cache and tail calls refer to these. */
  private readonly table = new RegionTable();
  private readonly hub = new ImportHub();
  /** What region modules call outside themselves, through call_indirect. */
  private readonly host = new HostTable(['rt.chain', 'rt.storeSlow', 'rt.atomicSlow', ...allHelpers().map((h) => h.name).sort()]);
  /**
   * Every module compiled or loaded, with its regions and site ids, for the persistent code cache
   * and an in-process execve (null: not kept); `compiled`: an optimised module this process
   * compiled, whose code is not serialised yet.
   */
  private kept: { module: SavedModule; regions: Region[]; compiled: WebAssembly.Module | null; sites: [first: number, end: number] }[] | null;
  private readonly helperImports = new Map<HelperDef, HostImport>();
  private readonly dispatch: DispatchCache;

  constructor(
    private readonly mem: GuestMemory,
    private readonly layout: StateLayout,
    private readonly stats: EngineStats,
    private readonly helperCtx: (stateAddr: number) => HelperContext,
    private readonly threshold: number,
    /** Entries plus back-edges of a baseline region before it is optimised; 0 = compile optimised at once. */
    private readonly optBudget: number,
    private readonly log?: (category: string, line: string) => void,
    /** Keep each module's bytes and sites for savedModules(). */
    keepModules = false,
  ) {
    this.warm = Math.max(0, threshold >> 2);
    this.dispatch = new DispatchCache(mem);
    this.kept = keepModules ? [] : null;
  }

  /** The interpreter ran b, which has reached the threshold, again. */
  want(b: CachedBlock): void {
    if (b.queued) {
      if (b.count >= this.threshold + BATCH_PATIENCE) this.sinceFirst = BATCH_WINDOW;
      return;
    }
    b.queued = true;
    this.pending.push(b);
  }

  /** Called once per dispatcher iteration: compiles the batch when it is full or old enough. */
  tick(cache: BlockCache): void {
    if (this.hot.length !== 0) this.optimize();
    if (this.pending.length === 0) return;
    if (this.threshold === 0 || this.pending.length >= BATCH_REGIONS || ++this.sinceFirst >= BATCH_WINDOW) this.flush(cache);
  }

  private flush(cache: BlockCache): void {
    const heads = this.pending.filter((b) => b.live && b.jit === null);
    for (const b of this.pending) b.queued = false;
    this.pending = [];
    this.sinceFirst = 0;
    if (heads.length === 0) return;
    const tier: WasmTier = this.optBudget === 0 ? 'optimized' : 'baseline';
    // A head that another region of this batch already holds is entered there (at its index).
    const covered = new Set<CachedBlock>();
    const regions: Region[] = [];
    for (const h of heads) {
      if (covered.has(h)) continue;
      const members = formRegion(h, cache, this.warm, tier);
      for (const m of members) covered.add(m);
      regions.push({ members, tier, promoted: false, fn: null, tableIndex: -1, dead: false });
    }
    this.install(regions, tier);
  }

  /** Compiles the regions whose budget ran out again, optimised, with the same blocks. */
  private optimize(): void {
    const regions: Region[] = [];
    for (const r of this.hot) {
      if (r.dead) continue;
      regions.push({ members: r.members, tier: 'optimized', promoted: false, fn: null, tableIndex: -1, dead: false });
    }
    this.hot = [];
    if (regions.length !== 0) this.install(regions, 'optimized');
  }

  /** Compiles the regions into one module and makes them the compiled code of their blocks. */
  private install(regions: Region[], tier: WasmTier): void {
    if (this.forked) {
      // See afterFork: regions that would need a new JS forwarder stay interpreted.
      const [ok, not] = partition(regions, (r) => this.forwarded(this.helperNames([r])));
      for (const r of not) for (const m of r.members) m.count = NEVER_COMPILED;
      if (ok.length === 0) return;
      regions = ok;
    }
    const t0 = performance.now();
    const sites: Site[] = [];
    const names = this.helperNames(regions);
    const bytes = this.buildModule(regions, names, sites);
    // Developer aid: QEMU_TS_DUMP_WASM=dir keeps every module (read with wabt's wasm2wat --enable-all).
    if (DUMP_DIR) writeFileSync(`${DUMP_DIR}/m${this.stats.modules}.wasm`, bytes);
    const compiled = compileWasm(bytes, tier);
    const siteIds = this.wire(regions, tier, compiled, sites);
    if (this.kept !== null) {
      const module: SavedModule = {
        tier, bytes, compiled,
        regions: regions.map((r) => r.members.map((m): [number, number] => [m.pc, m.end])),
        sites: sites.map((s) => saveSite(s, regions)),
        host: ['rt.chain', 'rt.storeSlow', 'rt.atomicSlow', ...names].map((n): [string, number] => [n, this.host.get(n)!.slot]),
        hostTableMin: this.host.length, dispatchBase: this.dispatch.base, optBudget: this.optBudget,
      };
      // Compiled while another thread may have switched Liftoff on, or lazily: not known to be TurboFan's.
      this.kept.push({ module, regions, compiled: tier === 'optimized' && compiledCodeUsable() ? compiled : null, sites: siteIds });
    }
    const ms = performance.now() - t0;
    this.stats.compileMs += ms;
    this.stats.wasmBytes += bytes.length;
    if (tier === 'optimized') {
      this.stats.optimizedRegions += regions.length;
      this.stats.optimizeMs += ms;
    }
    this.log?.('jit', `${tier} module: ${regions.length} regions, ${regions.reduce((n, r) => n + r.members.length, 0)} blocks, ${bytes.length} bytes, ${ms.toFixed(2)} ms; heads ${regions.map((r) => `0x${r.members[0]!.pc.toString(16)}`).join(' ')}`);
  }

  /**
   * The cache warmer's work (docs/code-cache.md, "Warming"): compiles, optimised, the blocks of
   * each group (one mapping's blocks, in address order) that have no optimised code yet, as
   * regions of neighbouring blocks, so a later run finds them compiled.
   */
  compileForCache(groups: readonly (readonly CachedBlock[])[]): void {
    for (const group of groups) {
      let regions: Region[] = [];
      let members: CachedBlock[] = [];
      let ops = 0;
      const endRegion = (): void => {
        if (members.length !== 0) regions.push({ members, tier: 'optimized', promoted: false, fn: null, tableIndex: -1, dead: false });
        members = [];
        ops = 0;
      };
      const endModule = (): void => {
        endRegion();
        if (regions.length !== 0) this.install(regions, 'optimized');
        regions = [];
      };
      for (const b of group) {
        if (!b.live || b.jit?.region.tier === 'optimized') continue;
        const n = b.opCount;
        if (members.length >= MAX_REGION_BLOCKS || (members.length !== 0 && ops + n > MAX_REGION_OPS)) endRegion();
        if (regions.length >= WARM_MODULE_REGIONS) endModule();
        members.push(b);
        ops += n;
      }
      endModule();
    }
  }

  /**
   * The modules whose regions are all still valid, as the persistent code cache saves them, with
   * the compiled code of the optimised ones this process compiled.
   */
  savedModules(): SavedModule[] {
    const live = (this.kept ?? []).filter((k) => k.regions.every((r) => !r.dead));
    const unserialised = live.filter((k) => k.compiled !== null);
    const code = serializeCode(unserialised.map((k) => k.compiled!));
    if (code.length === unserialised.length) {
      unserialised.forEach((k, i) => { k.module = { ...k.module, code: { v8: CODE_V8!, bytes: code[i]! } }; k.compiled = null; });
    }
    return live.map((k) => k.module);
  }

  /**
   * Runs a module saved by another process (see SavedModule) for `members` (per region, the blocks
   * at its recorded addresses): false, with nothing changed, when this engine cannot.
   */
  loadSaved(m: SavedModule, members: CachedBlock[][]): boolean {
    if (m.dispatchBase !== this.dispatch.base || m.optBudget !== this.optBudget) return false;
    const t0 = performance.now();
    const helpers = m.host.map(([n]) => n).filter((n) => !n.startsWith('rt.'));
    if (this.forked && !this.forwarded(helpers)) return false;
    this.addHostFunctions(helpers);
    if (!m.host.every(([n, slot]) => this.host.get(n)?.slot === slot)) return false;
    this.host.reserve(m.hostTableMin);
    const regions: Region[] = members.map((ms) => ({ members: ms, tier: m.tier, promoted: false, fn: null, tableIndex: -1, dead: false }));
    const sites = m.sites.map((s): Site => (s.kind === 'hot' ? { ...s, region: regions[s.region]! } : s));
    // A module an in-process execve kept is instantiated again as it is; one from disk is
    // deserialised where its code is usable, else compiled from its bytes.
    const code = m.compiled ?? (m.code && deserializeCode(m.code.bytes, m.bytes, m.code.v8));
    if (code && !m.compiled) this.stats.savedCodeModules++;
    const siteIds = this.wire(regions, m.tier, code ?? compileWasm(m.bytes, m.tier), sites);
    this.kept?.push({ module: m, regions, compiled: null, sites: siteIds });
    this.stats.savedModules++;
    this.stats.savedRegions += regions.length;
    this.stats.savedLoadMs += performance.now() - t0;
    this.log?.('jit', `saved ${m.tier} module${code ? ' (compiled code)' : ''}: ${regions.length} regions, ${m.bytes.length} bytes; heads ${regions.map((r) => `0x${r.members[0]!.pc.toString(16)}`).join(' ')}`);
    return true;
  }

  /**
   * In a forked child: V8's eager compilation hangs there (it hands work to helper threads a fork
   * does not copy), so region modules are compiled lazily (wasm-tier.ts). Building a forwarder
   * module for a JS helper (ImportHub) hung or crashed the child even so (`-d native`, whose
   * bypassed functions are JS), so from then on code that needs a JS helper the parent had not
   * forwarded is not compiled.
   */
  afterFork(): void {
    this.forked = true;
    compileAfterFork();
  }

  /** Every helper is in the host table already or is a wasm function (no forwarder to build). */
  private forwarded(helpers: readonly string[]): boolean {
    return this.host.get('rt.chain') !== undefined && helpers.every((n) => this.host.get(n) !== undefined || getHelper(n).wasm !== undefined);
  }

  /**
   * Forgets the modules all of whose regions died, and gives their site ids back: an image an
   * in-process execve replaced must not stay in memory, nor its ids add up as the next image
   * instantiates the same modules again. Only while no region runs (a dead region that is still
   * running may return one of its ids): the execve calls it.
   */
  forgetDeadModules(): void {
    this.kept = this.kept?.filter((k) => {
      if (k.regions.some((r) => !r.dead)) return true;
      this.sites.fill(FREED_SITE, k.sites[0], k.sites[1]);
      this.freeSites.push(k.sites);
      return false;
    }) ?? null;
  }

  /** The first id of n consecutive free site ids. */
  private allocSites(n: number): number {
    const i = this.freeSites.findIndex(([first, end]) => end - first >= n);
    if (i < 0) return this.sites.length;
    const [first, end] = this.freeSites[i]!;
    if (end - first === n) this.freeSites.splice(i, 1);
    else this.freeSites[i] = [first + n, end];
    return first;
  }

  /** Instantiates a compiled module and makes its regions the compiled code of their blocks; the ids of its sites. */
  private wire(regions: Region[], tier: WasmTier, module: WebAssembly.Module, sites: Site[]): [number, number] {
    // An immutable i32 global import takes a plain number.
    const siteBase = this.allocSites(sites.length);
    sites.forEach((s, k) => { this.sites[siteBase + k] = s; });
    const instance = new WebAssembly.Instance(module, { rt: { mem: this.mem.memory, fns: this.host.table, siteBase } });
    regions.forEach((r, k) => {
      const fn = instance.exports[`r${k}`] as RegionFn;
      r.fn = fn;
      r.tableIndex = this.table.add(fn);
      r.members.forEach((m, index) => {
        // A saved baseline module loaded after an optimised one with the same blocks does not undo it.
        if (!(tier === 'baseline' && m.jit?.region.tier === 'optimized')) {
          m.jit = { region: r, index, fn };
          m.compiled();
          this.dispatch.set(m.pc, r.tableIndex, index);
        }
        let list = this.regionsOf.get(m);
        if (!list) { list = []; this.regionsOf.set(m, list); }
        list.push(r);
      });
      this.stats.compiledBlocks += r.members.length;
    });
    this.stats.regions += regions.length;
    this.stats.modules++;
    return [siteBase, siteBase + sites.length];
  }

  private helperNames(regions: Region[]): string[] {
    const names = new Set<string>();
    for (const r of regions) for (const m of r.members) for (const op of m.ir.ops) if (op.op === 'call') names.add(op.helper);
    return [...names];
  }

  private buildModule(regions: Region[], helpers: string[], sites: Site[]): Uint8Array {
    this.addHostFunctions(helpers);
    const mod = new WasmModule();
    mod.importMemory('rt', 'mem', this.mem.shared);
    mod.importTable('rt', 'fns', this.host.length);
    const siteBase = mod.importGlobalI32('rt', 'siteBase');
    let mulhU64 = -1;
    let mulhS64 = -1;
    const links: ModuleLinks = {
      callHost: (e, name, tail = false) => {
        const f = this.host.get(name)!;
        e.i32(f.slot).op(tail ? Op.return_call_indirect : Op.call_indirect).code.u32(mod.type([...f.params], [...f.results])).u32(0);
      },
      site: (s) => sites.push(s) - 1,
      siteBase,
      dispatch: this.dispatch,
      mulhU64: () => (mulhU64 >= 0 ? mulhU64 : (mulhU64 = mod.func(['i64', 'i64'], ['i64'], mulhU64Body()))),
      mulhS64: () => (mulhS64 >= 0 ? mulhS64 : (mulhS64 = mod.func(['i64', 'i64'], ['i64'], mulhS64Body(links.mulhU64())))),
    };
    regions.forEach((r, k) => {
      const hot: HotCounter | null = r.tier === 'baseline' ? { global: mod.globalI32(this.optBudget), entrySites: entrySites(r, sites) } : null;
      mod.export(`r${k}`, mod.func([...REGION_PARAMS], ['i32'], compileRegion(r, this.layout, links, hot)));
    });
    return mod.encode();
  }

  /** Puts the runtime's functions and the named helpers into the host table, JS ones behind wasm forwarders. */
  private addHostFunctions(helpers: string[]): void {
    const js: [string, HostImport][] = [];
    if (this.host.get('rt.chain') === undefined) {
      this.host.add('rt.chain', this.table.chain, [...REGION_PARAMS, 'i32'], ['i32']);
      js.push(['rt.storeSlow', this.storeSlowImport], ['rt.atomicSlow', this.atomicSlowImport]);
    }
    for (const name of helpers) {
      if (this.host.get(name) !== undefined) continue;
      const def = getHelper(name);
      const im = this.helperImport(def);
      if (def.wasm) this.host.add(name, def.wasm, im.params, im.results);
      else js.push([name, im]);
    }
    if (js.length === 0) return;
    const forwarders = this.hub.forward(js.map(([, im]) => im));
    js.forEach(([name, im], k) => this.host.add(name, forwarders[k]!, im.params, im.results));
  }

  private helperImport(def: HelperDef): HostImport {
    let im = this.helperImports.get(def);
    if (im === undefined) {
      im = { params: ['i32', ...def.params], results: def.result ? [def.result] : [], fn: this.importedHelper(def) };
      this.helperImports.set(def, im);
    }
    return im;
  }

  /**
   * The JS function compiled code imports for a helper: exact arities (a rest-parameter wrapper
   * allocates per call), and for 'fault' helpers a GuestFault is left in the control page, not thrown.
   */
  private importedHelper(def: HelperDef): (...args: any[]) => unknown {
    const fn = def.fn;
    const ctx = (st: number): HelperContext => this.contextOf(st);
    if (def.effects !== 'fault') {
      switch (def.params.length) {
        case 0: return (st: number) => fn(ctx(st));
        case 1: return (st: number, a: unknown) => fn(ctx(st), a);
        case 2: return (st: number, a: unknown, b: unknown) => fn(ctx(st), a, b);
        case 3: return (st: number, a: unknown, b: unknown, c: unknown) => fn(ctx(st), a, b, c);
        default: return (st: number, ...args: unknown[]) => fn(ctx(st), ...args);
      }
    }
    const report = (st: number, e: unknown): number => { this.leaveFault(st, e); return 0; };
    switch (def.params.length) {
      case 1: return (st: number, a: unknown) => { try { return fn(ctx(st), a); } catch (e) { return report(st, e); } };
      case 2: return (st: number, a: unknown, b: unknown) => { try { return fn(ctx(st), a, b); } catch (e) { return report(st, e); } };
      case 3: return (st: number, a: unknown, b: unknown, c: unknown) => { try { return fn(ctx(st), a, b, c); } catch (e) { return report(st, e); } };
      default: return (st: number, ...args: unknown[]) => { try { return fn(ctx(st), ...args); } catch (e) { return report(st, e); } };
    }
  }

  private leaveFault(st: number, e: unknown): void {
    if (!(e instanceof GuestFault)) throw e;
    const ctl = st >>> 0;
    const dv = this.mem.dv;
    const code = e.kind === 'alignment' ? HELPER_FAULT_ALIGN : e.access === 'write' ? HELPER_FAULT_WRITE : HELPER_FAULT_READ;
    dv.setInt32(ctl + CTL_HELPER_FAULT, code, true);
    dv.setUint32(ctl + CTL_FAULT_ADDR, e.addr >>> 0, true);
    dv.setUint32(ctl + CTL_FAULT_ADDR + 4, Math.floor(e.addr / 2 ** 32), true);
  }

  private lastState = -1;
  private lastContext: HelperContext | null = null;

  /** The helper context of the thread whose state is at st (nearly always the previous one). */
  private contextOf(st: number): HelperContext {
    if (st !== this.lastState || this.lastContext === null) {
      this.lastContext = this.helperCtx(st >>> 0);
      this.lastState = st;
    }
    return this.lastContext;
  }

  /** A store that touches a code page (or faults): performed here so translations get dropped. */
  private readonly storeSlow = (addr: number, lo: number, hi: number, size: number, be: number): number => {
    const mem = this.mem;
    const a = addr >>> 0;
    if (mem.firstFault(a, size, 'write') !== -1) return 1;
    const le = be === 0;
    const dv = mem.dv;
    switch (size) {
      case 1: dv.setUint8(a, lo & 0xff); break;
      case 2: dv.setUint16(a, lo & 0xffff, le); break;
      case 4: dv.setUint32(a, lo >>> 0, le); break;
      default:
        dv.setUint32(a, (le ? lo : hi) >>> 0, le);
        dv.setUint32(a + 4, (le ? hi : lo) >>> 0, le);
    }
    mem.onCodeWrite?.(a, size);
    return 0;
  };

  /** Compiled code's atomic operations that wasm cannot do directly (see emitAtomic). */
  private readonly atomicSlow = (st: number, addr: bigint, kind: number, size: number, be: number, a: bigint, b: bigint): bigint => {
    try {
      return atomicOp(this.mem, ATOMIC_KINDS[kind]!, addr, size as AccessSize, be !== 0, a, b).old;
    } catch (e) {
      this.leaveFault(st, e);
      return 0n;
    }
  };

  /** (addr, lo, hi, size, be) -> 1 on a fault. */
  private readonly storeSlowImport: HostImport = { params: ['i32', 'i32', 'i32', 'i32', 'i32'], results: ['i32'], fn: this.storeSlow };
  /** (state, addr, kind index, size, be, a, b) -> old value. */
  private readonly atomicSlowImport: HostImport = { params: ['i32', 'i64', 'i32', 'i32', 'i32', 'i64', 'i64'], results: ['i64'], fn: this.atomicSlow };

  /** Run compiled code from a block; null = continue at the pc in the state. */
  run(entry: JitEntry, t: CpuThread): ExitEvent | null {
    let code: number;
    try {
      code = entry.fn(t.stateAddr, entry.index, FUEL);
    } catch (e) {
      // Only 'state' helpers throw; they ran with registers spilled and pc stored.
      if (!(e instanceof GuestFault)) throw e;
      return { kind: 'fault', pc: t.pc, addr: e.addr, access: e.access, fault: e.kind };
    }
    const site = this.sites[code]!;
    switch (site.kind) {
      case 'dyn': return null;
      case 'goto': case 'interrupt': t.pc = site.pc; return null;
      case 'exit': t.pc = site.pc; return { ...site.event };
      case 'fault': {
        t.pc = site.pc;
        const addr = t.faultAddr();
        const bad = this.mem.firstFault(addr, site.size, site.access);
        const f = this.mem.faultAt(bad === -1 ? addr : bad, site.access);
        return { kind: 'fault', pc: site.pc, addr: f.addr, access: site.access, fault: f.kind };
      }
      case 'helperFault': {
        t.pc = site.pc;
        const f = takeHelperFault(this.mem, t.stateAddr);
        return { kind: 'fault', pc: site.pc, addr: f.addr, access: f.access, fault: f.kind };
      }
      case 'hot':
        t.pc = site.pc;
        if (!site.region.promoted) {
          site.region.promoted = true;
          this.hot.push(site.region);
        }
        return null;
      case 'badpc': {
        const addr = t.faultAddr();
        return { kind: 'fault', pc: addr, addr, access: 'exec', fault: 'unmapped' };
      }
    }
  }

  /** Forget every region that contains one of the (invalidated) blocks. */
  dropRegionsOf(blocks: CachedBlock[]): void {
    for (const b of blocks) {
      const list = this.regionsOf.get(b);
      if (!list) continue;
      for (const r of [...list]) {
        r.dead = true;
        this.stats.invalidatedRegions++;
        for (const m of r.members) {
          const rs = this.regionsOf.get(m)!;
          rs.splice(rs.indexOf(r), 1);
          if (rs.length === 0) this.regionsOf.delete(m);
          this.dispatch.remove(m.pc, r.tableIndex);
          if (m.jit?.region !== r) continue;
          // Fall back to another live region holding the block, else back to the interpreter.
          const other = rs[rs.length - 1];
          m.jit = other ? { region: other, index: other.members.indexOf(m), fn: other.fn! } : null;
          if (other && m.live) this.dispatch.set(m.pc, other.tableIndex, m.jit!.index);
          if (!other) m.count = 0;
        }
        this.table.remove(r.tableIndex);
      }
    }
  }
}

/** One 'hot' site per member, in member order (module-local ids): a baseline region leaves through the one of the block it was entered at. */
function entrySites(r: Region, sites: Site[]): number {
  const first = sites.length;
  for (const m of r.members) sites.push({ kind: 'hot', pc: m.pc, region: r });
  return first;
}

function saveSite(s: Site, regions: Region[]): SavedSite {
  return s.kind === 'hot' ? { kind: 'hot', pc: s.pc, region: regions.indexOf(s.region) } : s;
}
