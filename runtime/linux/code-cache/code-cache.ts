// The persistent code cache (docs/code-cache.md): compiled region modules saved at exit and
// offered to later processes that run the same code at the same address, so they skip
// interpreting, translating and generating code for what was hot before.
//
// An entry holds the modules of one executable file mapping. Its key is the hash of the build,
// the code generation options, the mapping's address, length and file offset, and the mapping's
// bytes as first seen: the content, not the file's name or time, selects the entry. Before a
// module is used its blocks' pages are marked as code (so any write from then on drops it, as it
// drops fresh translations) and the guest bytes of its blocks are hashed and compared with those
// it was compiled from, and must be executable: a module never runs code other than its own.
//
// The same entries take what an in-process execve keeps of the old image ("parked"): the
// translations and the live compiled modules of each executable file mapping, with a copy of its
// bytes at the time of the execve. When the new image first runs code in a mapping at the same
// address with the same length, offset and bytes (the same ld.so and libc), its translations are
// cached again and its modules join the entry's, checked like those read from the store and
// instantiated without compiling. Without a store (--no-cache) only this part works.
import { createHash } from 'node:crypto';
import { PAGE_SHIFT, PROT_EXEC, type ParkedBlock, type SavedCodeSource } from '../../core/api.js';
import type { SavedModule } from '../../core/jit/saved-module.js';
import type { WasmTier } from '../../core/jit/wasm-tier.js';
import { PF_CODE } from '../../core/layout.js';
import type { GuestMemory } from '../../core/memory.js';
import { libc } from '../host/libc.js';
import type { Vma } from '../mm/address-space.js';
import { decodeEntry, encodeEntry, FORMAT_VERSION, sha256, type EntryModule } from './entry-format.js';
import type { CacheStore } from './store.js';
import type { WarmJob } from './warm-job.js';

/** The modules of one mapping: read from its entry, and where each block is. */
interface MappingEntry {
  readonly key: string;
  readonly modules: EntryModule[];
  /** Indices into modules by member pc, optimised modules first. */
  readonly byPc: Map<number, number[]>;
  /** Offered already (whether it checked out or not). */
  readonly taken: Set<number>;
  /** Translations parked by an in-process execve under this key, until offered. */
  parked: readonly ParkedBlock[] | null;
}

/** What an in-process execve keeps of one mapping, and the mapping's bytes then. */
interface ParkedMapping {
  readonly bytes: Buffer;
  readonly blocks: ParkedBlock[];
  readonly modules: EntryModule[];
}

/** An entry holds at most this share of the cache's bound. */
const ENTRY_SHARE = 4;

export class CodeCache implements SavedCodeSource {
  readonly stats = { entriesRead: 0, entriesRejected: 0, modulesRejected: 0, entriesWritten: 0, parkedMappings: 0, parkedReused: 0 };
  private readonly mappings = new Map<string, MappingEntry>();
  /** Decoded modules, to tell them from those compiled by this process. */
  private readonly fromDisk = new Set<SavedModule>();
  private last: { vma: Vma; entry: MappingEntry } | null = null;
  /** By address, length and offset: what the last in-process execve kept and the new image has not mapped again yet. */
  private parked = new Map<string, ParkedMapping>();
  /**
   * A forked child leaves saving to its parent (which may save the same entries), until it
   * execs another program in-process (park), which is a process of its own. libc's getpid:
   * Node's process.pid is read once at start-up and is the parent's in a fork.
   */
  private pid = libc.getpid();

  /**
   * `build`: the qemu-ts build's id; `config`: everything else the code depends on (target,
   * translation and tier options).
   */
  /** `store`: null without a persistent cache (only parked code is offered then). */
  constructor(
    readonly store: CacheStore | null, private readonly build: string, private readonly config: string,
    private readonly mem: GuestMemory,
    /** The process's mappings (its AddressSpace's, which is made after the engine that uses this cache). */
    private readonly mappingsNow: () => readonly Vma[],
  ) {}

  /** The counters -d stats prints: without a store, only those of parked code. */
  report(): Record<string, number> {
    const { parkedMappings, parkedReused, ...store } = this.stats;
    return this.store === null ? { parkedMappings, parkedReused } : { ...store, parkedMappings, parkedReused };
  }

  takeParked(pc: number): readonly ParkedBlock[] | undefined {
    const entry = this.entryAt(pc);
    const parked = entry?.parked ?? null;
    if (entry === undefined || parked === null) return undefined;
    entry.parked = null;
    this.stats.parkedReused++;
    return parked;
  }

  /**
   * Before an in-process execve tears the image down: keeps its translations and compiled modules
   * per executable file mapping, with a copy of the mapping's bytes, which the new image's mapping
   * at the same place must equal (compared, not hashed: cheaper than two SHA-256 of libc's text).
   * Blocks reaching past their mapping are not kept; a module with blocks in other mappings keeps
   * the hash of its blocks' bytes, checked before use. Replaces whatever the last execve kept.
   */
  park(blocks: readonly ParkedBlock[], modules: readonly SavedModule[]): void {
    const parked = new Map<string, ParkedMapping>();
    const slot = (pc: number, end: number): { vma: Vma; m: ParkedMapping } | undefined => {
      const vma = this.vmaAt(pc);
      if (vma === undefined || vma.anon || (vma.prot & PROT_EXEC) === 0 || end > vma.end) return undefined;
      const id = parkedId(vma);
      let m = parked.get(id);
      if (m === undefined) {
        m = { bytes: Buffer.from(this.mem.u8.subarray(vma.start, vma.end)), blocks: [], modules: [] };
        parked.set(id, m);
      }
      return { vma, m };
    };
    for (const b of blocks) slot(b.pc, b.end)?.m.blocks.push(b);
    for (const module of modules) {
      const first = module.regions[0]?.[0];
      const at = first === undefined || module.compiled === undefined ? undefined : slot(first[0], first[1]);
      if (at === undefined) continue;
      const inside = module.regions.every((r) => r.every(([pc, end]) => pc >= at.vma.start && end <= at.vma.end));
      at.m.modules.push({ module, guestHash: inside ? null : this.guestHash(module) });
    }
    this.parked = parked;
    this.stats.parkedMappings += parked.size;
    this.pid = libc.getpid();
    // The new image's mappings are other objects, maybe with other bytes at the same place.
    this.mappings.clear();
    this.last = null;
    this.fromDisk.clear();
  }

  take(pc: number, tier?: WasmTier): SavedModule | undefined {
    const entry = this.entryAt(pc);
    // Blocks of a module outside the mapping of its first block are not found through this entry.
    const candidates = entry?.byPc.get(pc);
    if (entry === undefined || candidates === undefined) return undefined;
    for (const i of candidates) {
      if (entry.taken.has(i) || (tier !== undefined && entry.modules[i]!.module.tier !== tier)) continue;
      entry.taken.add(i);
      const m = entry.modules[i]!;
      if (this.checkGuestBytes(m)) return m.module;
      this.stats.modulesRejected++;
    }
    return undefined;
  }

  /** Saves, per mapping, the modules this process compiled with those of its entry not used or still valid. */
  save(modules: readonly SavedModule[]): void {
    if (!this.savesHere || this.store === null) return;
    const groups = new Map<MappingEntry, SavedModule[]>();
    for (const m of modules) {
      const entry = this.entryOfModule(m);
      if (entry === undefined) continue;
      let g = groups.get(entry);
      if (!g) { g = []; groups.set(entry, g); }
      g.push(m);
    }
    for (const [entry, live] of groups) {
      if (live.every((m) => this.fromDisk.has(m))) continue;
      const fresh = live.filter((m) => !this.fromDisk.has(m)).map((module) => ({ module, guestHash: this.guestHash(module) }));
      // A parked module without a hash is written only while valid (its bytes are those now).
      const kept = entry.modules
        .filter((m, i) => (!entry.taken.has(i) && m.guestHash !== null) || live.includes(m.module))
        .map((m) => ({ module: m.module, guestHash: m.guestHash ?? this.guestHash(m.module) }));
      const all = withoutSuperseded([...kept, ...fresh]);
      // Over its share of the bound, an entry keeps its newest modules.
      let bytes = all.reduce((n, m) => n + sizeOf(m.module), 0);
      while (all.length > 1 && bytes > this.store.maxBytes / ENTRY_SHARE) bytes -= sizeOf(all.shift()!.module);
      if (this.store.write(entry.key, encodeEntry(this.build, entry.key, all))) this.stats.entriesWritten++;
    }
  }

  /** The key of the entry pc's code is saved in; undefined when pc is not in an executable file mapping. */
  entryKeyAt(pc: number): string | undefined {
    return this.entryAt(pc)?.key;
  }

  /** False in a forked child: it leaves saving (and warming) to its parent. */
  get savesHere(): boolean {
    return libc.getpid() === this.pid;
  }

  /** The cache warmer's job for blocks [pc, end): those in executable file mappings, by mapping. */
  warmJob(blocks: readonly [number, number][]): WarmJob {
    const byVma = new Map<Vma, [number, number][]>();
    for (const b of blocks) {
      const vma = this.vmaAt(b[0]);
      if (vma === undefined || vma.anon || (vma.prot & PROT_EXEC) === 0 || b[1] > vma.end) continue;
      let list = byVma.get(vma);
      if (!list) { list = []; byVma.set(vma, list); }
      list.push(b);
    }
    return {
      mappings: [...byVma].map(([vma, list]) => ({ start: vma.start, end: vma.end, offset: vma.offset, blocks: list, bytes: this.mem.u8.slice(vma.start, vma.end) })),
    };
  }

  /** The entry of the executable file mapping holding pc, read on first use. */
  private entryAt(pc: number): MappingEntry | undefined {
    const last = this.last;
    if (last !== null && pc >= last.vma.start && pc < last.vma.end && this.mappingsNow().includes(last.vma)) return last.entry;
    const vma = this.vmaAt(pc);
    if (vma === undefined || vma.anon || (vma.prot & PROT_EXEC) === 0) return undefined;
    const id = `${vma.start}:${vma.end}:${vma.offset}:${vma.dev}:${vma.inode}`;
    let entry = this.mappings.get(id);
    if (entry === undefined) {
      // Without a store an entry can only hold parked code: none, no need to hash the mapping.
      if (this.store === null && this.parked.size === 0) return undefined;
      entry = this.readEntry(vma);
      this.mappings.set(id, entry);
    }
    this.last = { vma, entry };
    return entry;
  }

  /** The entry key of a mapping as its bytes are now. */
  private keyOf(vma: Vma): string {
    const content = sha256(this.mem.u8.subarray(vma.start, vma.end));
    return sha256(`${FORMAT_VERSION}|${this.build}|${this.config}|${vma.start}|${vma.end}|${vma.offset}|${content}`);
  }

  private readEntry(vma: Vma): MappingEntry {
    const id = parkedId(vma);
    const parked = this.parked.get(id);
    this.parked.delete(id);
    // With parked code here, the pages are marked as code before they are compared: a write from
    // then on (by another thread) drops what is cached from them, parked blocks included, which
    // the engine caches in the same call as this look-up (Engine.loadSaved).
    if (parked !== undefined) for (let p = vma.start >>> PAGE_SHIFT; p < vma.end >>> PAGE_SHIFT; p++) Atomics.or(this.mem.flags, p, PF_CODE);
    const kept = parked !== undefined && this.mem.buf.compare(parked.bytes, 0, parked.bytes.length, vma.start, vma.end) === 0 ? parked : undefined;
    // The key only names the entry in the store.
    const key = this.store === null ? '' : this.keyOf(vma);
    const data = this.store?.read(key) ?? null;
    let modules: EntryModule[] = [];
    if (data !== null) {
      const decoded = decodeEntry(data, this.build, key);
      if (decoded === null) {
        this.stats.entriesRejected++;
        this.store!.remove(key);
      } else {
        this.stats.entriesRead++;
        modules = decoded;
      }
    }
    if (kept !== undefined) {
      // First: already compiled. Already in the store too, when there is one (saved before the execve).
      modules = [...kept.modules, ...modules];
    }
    const byPc = new Map<number, number[]>();
    const order = modules.map((_, i) => i).sort((a, b) => tierRank(modules[a]!.module) - tierRank(modules[b]!.module));
    for (const i of order) {
      const m = modules[i]!;
      this.fromDisk.add(m.module);
      for (const r of m.module.regions) for (const [pc] of r) {
        let list = byPc.get(pc);
        if (!list) { list = []; byPc.set(pc, list); }
        if (!list.includes(i)) list.push(i);
      }
    }
    return { key, modules, byPc, taken: new Set(), parked: kept?.blocks ?? null };
  }

  /**
   * The entry of the mapping of a module's first block, if this process read it. Its other blocks
   * may lie in other mappings (a region follows a call through the PLT into a library): the
   * check of the guest bytes before use covers them all.
   */
  private entryOfModule(m: SavedModule): MappingEntry | undefined {
    const first = m.regions[0]?.[0];
    return first === undefined ? undefined : this.entryAt(first[0]);
  }

  private vmaAt(pc: number): Vma | undefined {
    const vmas = this.mappingsNow();
    let lo = 0;
    let hi = vmas.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = vmas[mid]!;
      if (pc < v.start) hi = mid - 1;
      else if (pc >= v.end) lo = mid + 1;
      else return v;
    }
    return undefined;
  }

  /**
   * Marks the module's pages as code, then checks its blocks' bytes are executable and those it
   * was compiled from. In that order: a store racing with the check either comes before the
   * hash (and fails it) or after the mark (and invalidates the module like any translation).
   */
  private checkGuestBytes(m: EntryModule): boolean {
    for (const r of m.module.regions) {
      for (const [pc, end] of r) {
        if (end <= pc || this.mem.firstFault(pc, end - pc, 'exec') !== -1) return false;
        for (let p = pc >>> PAGE_SHIFT; p <= (end - 1) >>> PAGE_SHIFT; p++) Atomics.or(this.mem.flags, p, PF_CODE);
      }
    }
    return m.guestHash === null || this.guestHash(m.module) === m.guestHash;
  }

  /** The SHA-256 of the module's blocks' bytes in member order (hashed in place, not copied). */
  private guestHash(m: SavedModule): string {
    const hash = createHash('sha256');
    for (const r of m.regions) for (const [pc, end] of r) hash.update(this.mem.u8.subarray(pc, end));
    return hash.digest('hex');
  }
}

function sizeOf(m: SavedModule): number { return m.bytes.length + (m.code?.bytes.length ?? 0); }

function tierRank(m: SavedModule): number { return m.tier === 'optimized' ? 0 : 1; }

/**
 * Drops baseline modules all of whose blocks optimised modules of the entry hold too: a later
 * process loads the optimised ones first and would compile the baseline one for nothing.
 */
function withoutSuperseded<M extends EntryModule>(modules: M[]): M[] {
  const optimized = new Set<number>();
  for (const m of modules) if (m.module.tier === 'optimized') for (const r of m.module.regions) for (const [pc] of r) optimized.add(pc);
  return modules.filter((m) => m.module.tier === 'optimized' || !m.module.regions.every((r) => r.every(([pc]) => optimized.has(pc))));
}

/** Where a parked mapping must be found again. */
function parkedId(vma: Vma): string { return `${vma.start}:${vma.end}:${vma.offset}`; }
