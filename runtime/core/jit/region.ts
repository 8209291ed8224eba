// Regions: groups of hot blocks compiled into one wasm function, and their formation.
import type { ExitEvent } from '../api.js';
import type { BlockCache, CachedBlock } from '../block-cache.js';

/** Where compiled code left a region; the function returns the site's index (engine-wide ids). */
export type Site =
  | { kind: 'dyn' }                                 // indirect jump: pc already stored by the code
  | { kind: 'goto'; pc: number }                    // continue at pc (outside the region, or after a code write)
  | { kind: 'interrupt'; pc: number }               // interrupt word seen at a back-edge; resume at pc
  | { kind: 'exit'; pc: number; event: ExitEvent }  // syscall/undef/trap/native/halt
  | { kind: 'fault'; pc: number; access: 'read' | 'write'; size: number } // address in the control page
  | { kind: 'helperFault'; pc: number }            // a 'fault' helper failed; details in the control page
  | { kind: 'badpc' };                              // indirect jump to a 64-bit address >= 2^32

/** Compiled region: (state address, entry block index, fuel) -> site id. */
export type RegionFn = (stateAddr: number, index: number, fuel: number) => number;

export interface Region {
  readonly members: CachedBlock[];
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

export const MAX_REGION_BLOCKS = 64;

/** Successors of a block: goto targets, indirect-jump targets seen, and `end` when the ops can fall off the end. */
export function successors(b: CachedBlock): number[] {
  const out: number[] = [];
  const ops = b.ir.ops;
  for (const op of ops) if (op.op === 'goto') out.push(op.pc);
  out.push(...b.dynTargets);
  const last = ops[ops.length - 1];
  if (!last || (last.op !== 'goto' && last.op !== 'goto_dyn' && last.op !== 'exit')) out.push(b.ir.end);
  return out;
}

/**
 * The hot block plus the warm, already translated blocks reachable from it by direct jumps,
 * depth-first so a block's first successor tends to be laid out right after it.
 */
export function formRegion(head: CachedBlock, cache: BlockCache, warm: number): CachedBlock[] {
  const members: CachedBlock[] = [];
  const seen = new Set<CachedBlock>();
  const visit = (b: CachedBlock): void => {
    if (seen.has(b) || members.length >= MAX_REGION_BLOCKS) return;
    seen.add(b);
    members.push(b);
    for (const pc of successors(b)) {
      const s = cache.get(pc);
      if (s !== undefined && s.live && (s.count >= warm || s.jit !== null)) visit(s);
    }
  };
  visit(head);
  return members;
}
