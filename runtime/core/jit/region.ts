// Regions: groups of hot blocks compiled into one wasm function, and their formation.
import type { ExitEvent } from '../api.js';
import type { BlockCache, CachedBlock } from '../block-cache.js';
import type { WasmTier } from './wasm-tier.js';

/** Where compiled code left a region; the function returns the site's index (engine-wide ids). */
export type Site =
  | { kind: 'dyn' }                                 // indirect jump: pc already stored by the code
  | { kind: 'goto'; pc: number }                    // continue at pc (outside the region, or after a code write)
  | { kind: 'interrupt'; pc: number }               // interrupt word seen at a back-edge; resume at pc
  | { kind: 'exit'; pc: number; event: ExitEvent }  // syscall/undef/trap/native/halt
  | { kind: 'fault'; pc: number; access: 'read' | 'write'; size: number } // address in the control page
  | { kind: 'helperFault'; pc: number }            // a 'fault' helper failed; details in the control page
  | { kind: 'badpc' }                               // indirect jump to a 64-bit address >= 2^32
  | { kind: 'hot'; pc: number; region: Region };    // a baseline region used up its budget: optimise it, resume at pc

/** Compiled region: (state address, entry block index, fuel) -> site id. */
export type RegionFn = (stateAddr: number, index: number, fuel: number) => number;

export interface Region {
  readonly members: CachedBlock[];
  readonly tier: WasmTier;
  /** Optimised again (a baseline region whose budget ran out), or queued for it. */
  promoted: boolean;
  fn: RegionFn | null;
  /** Slot in the engine's function table (what the dispatch cache and tail calls refer to). */
  tableIndex: number;
  dead: boolean;
}

export interface JitEntry {
  readonly region: Region;
  readonly index: number;
  readonly fn: RegionFn;
}

/**
 * Region size limits. V8's optimising compiler takes time superlinear in a function's size: a
 * region of 64 blocks (about 26 KB of wasm) took 80-130 ms to compile, one of about 6 KB 2-6 ms,
 * and qsort-strings spent 0.7 of its 2.4 CPU-s compiling. Smaller regions cost a chained jump
 * where a larger one would have branched inside, which measured as noise; see docs/PERFORMANCE.md
 * ("Region size"). The op budget keeps a few very long blocks from making a large function alone.
 */
export const MAX_REGION_BLOCKS = 20;
export const MAX_REGION_OPS = 1000;

/** Successors of a block: goto targets, indirect-jump targets seen, and `end` when the ops can fall off the end. */
export function successors(b: CachedBlock): number[] {
  return [...b.staticSuccessors, ...b.dynTargets];
}

/**
 * The hot block plus the warm, already translated blocks reachable from it by direct jumps,
 * depth-first so a block's first successor tends to be laid out right after it (and a loop's
 * body is taken before the colder blocks the budget would otherwise spend itself on). A baseline
 * region leaves out blocks compiled already (it chains to them): its blocks run a few times each,
 * and compiling them twice would cost more than the jumps between regions.
 */
export function formRegion(head: CachedBlock, cache: Pick<BlockCache, 'get'>, warm: number, tier: WasmTier = 'optimized'): CachedBlock[] {
  const members: CachedBlock[] = [];
  const seen = new Set<CachedBlock>();
  let ops = 0;
  const visit = (b: CachedBlock): void => {
    if (seen.has(b) || members.length >= MAX_REGION_BLOCKS) return;
    if (members.length > 0 && ops + b.opCount > MAX_REGION_OPS) return;
    seen.add(b);
    members.push(b);
    ops += b.opCount;
    for (const pc of successors(b)) {
      const s = cache.get(pc);
      if (s !== undefined && s.live && (s.jit === null ? s.count >= warm : tier === 'optimized')) visit(s);
    }
  };
  visit(head);
  return members;
}
