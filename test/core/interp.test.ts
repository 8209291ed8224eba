// The interpreter's two ways of running a block: its first run decodes each op as it reaches it,
// later runs use closures kept for the block, and a compiled block drops them. All must agree,
// down to the pc a fault reports after a branch that skipped an instruction.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CODE_BASE, DATA_BASE, FakeFrontend, off, setup } from './fake-frontend.js';

const INTERPRETER = { threshold: 1e9 };

/**
 * insn +0: r0 = r0 + r1; if r2 != 0 skip insn +4; insn +4: r0 = r0 * 3; insn +8: a load from
 * [r3] into r4.
 */
function frontend(): FakeFrontend {
  return new FakeFrontend().at(CODE_BASE, (b) => {
    b.set(off('r0'), b.bin('add', b.get('i64', off('r0')), b.get('i64', off('r1'))));
    const skip = b.newLabel();
    b.brif(b.cmp('ne', b.get('i64', off('r2')), b.i64(0n)), skip);
    b.insn(CODE_BASE + 4);
    b.set(off('r0'), b.bin('mul', b.get('i64', off('r0')), b.i64(3n)));
    b.label(skip);
    b.insn(CODE_BASE + 8);
    b.set(off('r4'), b.load('i64', b.get('i64', off('r3')), 8, false, 'le'));
    b.exit('halt', CODE_BASE + 8);
  });
}

const CASES = [
  { skip: 0n, addr: DATA_BASE, want: `halt pc=${(CODE_BASE + 8).toString(16)} r0=21 r4=4660` },
  { skip: 1n, addr: DATA_BASE, want: `halt pc=${(CODE_BASE + 8).toString(16)} r0=7 r4=4660` },
  { skip: 1n, addr: 0x40, want: `fault pc=${(CODE_BASE + 8).toString(16)} addr=40 r0=7 r4=0` },
  { skip: 0n, addr: 0x40, want: `fault pc=${(CODE_BASE + 8).toString(16)} addr=40 r0=21 r4=0` },
];

for (const c of CASES) {
  test(`skip ${c.skip}, load from 0x${c.addr.toString(16)}: first run, kept closures and a run after release agree`, () => {
    const { engine, thread, mem } = setup(frontend(), INTERPRETER);
    mem.dv.setBigUint64(DATA_BASE, 0x1234n, true);
    const runOnce = (): string => {
      thread.set('r0', 5n);
      thread.set('r1', 2n);
      thread.set('r2', c.skip);
      thread.set('r3', BigInt(c.addr));
      thread.set('r4', 0n);
      thread.pc = CODE_BASE;
      const ev = engine.run(thread);
      const where = ev.kind === 'fault' ? ` addr=${ev.addr.toString(16)}` : '';
      return `${ev.kind} pc=${ev.pc.toString(16)}${where} r0=${thread.get('r0')} r4=${thread.get('r4')}`;
    };
    assert.equal(runOnce(), c.want, 'first run (ops decoded one at a time)');
    assert.equal(runOnce(), c.want, 'second run (closures kept)');
    engine['cache'].get(CODE_BASE)!.interp.release();
    assert.equal(runOnce(), c.want, 'after release');
  });
}
