// A compiled block gives up its IR (and interpreter form) and gets it back by translating again
// only when something needs it; what region formation reads of it stays without translating.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CachedBlock } from '../../runtime/core/block-cache.js';
import type { IRBlock } from '../../runtime/ir/types.js';

function irAt(pc: number): IRBlock {
  return { pc, end: pc + 8, ninsns: 2, temps: [], ops: [{ op: 'insn', pc }, { op: 'goto', pc: 0x900 }, { op: 'insn', pc: pc + 4 }] };
}

test('a compiled block releases its IR; reading it again translates the block once more', () => {
  const calls: [number, number][] = [];
  const b = new CachedBlock(0x400, 0x408, irAt(0x400), (pc, end) => { calls.push([pc, end]); return irAt(pc); });
  const first = b.ir;
  b.compiled();
  assert.equal(b.opCount, 3);
  assert.deepEqual(b.staticSuccessors, [0x900, 0x408]);
  assert.equal(b.dyn, false);
  assert.deepEqual(calls, [], 'region facts come without translating');
  const again = b.ir;
  assert.notEqual(again, first);
  assert.deepEqual(again, first);
  assert.deepEqual(calls, [[0x400, 0x408]]);
  void b.ir;
  assert.equal(calls.length, 1, 'translated once, then kept');
});

test('a block that cannot be translated again keeps its IR when compiled', () => {
  const ir = irAt(0x400);
  const b = new CachedBlock(0x400, 0x408, ir, null);
  b.compiled();
  assert.equal(b.ir, ir);
});
