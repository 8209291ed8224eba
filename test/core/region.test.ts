// Region formation: which warm blocks join a hot block, and the size limits that keep V8's
// compile time down.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CachedBlock } from '../../runtime/core/block-cache.js';
import { formRegion, MAX_REGION_BLOCKS, MAX_REGION_OPS } from '../../runtime/core/jit/region.js';
import type { Op } from '../../runtime/ir/types.js';

const WARM = 10;

/** A block at pc of `size` ops (insn markers) that jumps to each of `next` in turn. */
function block(pc: number, size: number, next: number[], count = WARM): CachedBlock {
  const ops: Op[] = Array.from({ length: Math.max(0, size - next.length) }, () => ({ op: 'insn', pc }));
  for (const t of next) ops.push({ op: 'goto', pc: t });
  const b = new CachedBlock(pc, pc + 4, { pc, end: pc + 4, ninsns: 1, temps: [], ops }, null);
  b.count = count;
  return b;
}

function cacheOf(blocks: CachedBlock[]): { get(pc: number): CachedBlock | undefined } {
  const byPc = new Map(blocks.map((b) => [b.ir.pc, b]));
  return { get: (pc) => byPc.get(pc) };
}

const pcs = (bs: CachedBlock[]): number[] => bs.map((b) => b.ir.pc);

test('a loop and its warm exit path form one region, depth first; cold and dead blocks stay out', () => {
  const bs = [
    block(0x100, 4, [0x200]),
    block(0x200, 4, [0x300, 0x500]),
    block(0x300, 4, [0x100, 0x400]),
    block(0x400, 4, [], WARM - 1), // cold: not yet warm
    block(0x500, 4, [0x600]),
    block(0x600, 4, []),
  ];
  bs[5]!.live = false;
  assert.deepEqual(pcs(formRegion(bs[0]!, cacheOf(bs), WARM)), [0x100, 0x200, 0x300, 0x500]);
});

test('a chain longer than the block limit is cut after MAX_REGION_BLOCKS blocks', () => {
  const bs = Array.from({ length: MAX_REGION_BLOCKS + 5 }, (_, i) => block(0x1000 + 16 * i, 2, [0x1000 + 16 * (i + 1)]));
  const r = formRegion(bs[0]!, cacheOf(bs), WARM);
  assert.equal(r.length, MAX_REGION_BLOCKS);
  assert.deepEqual(pcs(r), pcs(bs.slice(0, MAX_REGION_BLOCKS)));
});

test('the op budget stops the region before a block that would exceed it, but later smaller ones still fit', () => {
  const third = Math.floor(MAX_REGION_OPS / 3);
  const bs = [
    block(0x100, third, [0x200, 0x300]),
    block(0x200, MAX_REGION_OPS - third + 1, []), // one op over the budget: left out
    block(0x300, third, []),
  ];
  const r = formRegion(bs[0]!, cacheOf(bs), WARM);
  assert.deepEqual(pcs(r), [0x100, 0x300]);
  assert.ok(r.reduce((n, b) => n + b.ir.ops.length, 0) <= MAX_REGION_OPS);
});

test('a hot block larger than the whole op budget is still compiled, alone', () => {
  const bs = [block(0x100, MAX_REGION_OPS + 50, [0x200]), block(0x200, 3, [])];
  assert.deepEqual(pcs(formRegion(bs[0]!, cacheOf(bs), WARM)), [0x100]);
});
