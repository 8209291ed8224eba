// Dispatcher behaviour in every tier configuration: loops across blocks, exits, faults.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CpuThreadApi } from '../../runtime/core/api.js';
import type { Engine } from '../../runtime/core/engine.js';
import { registerHelper } from '../../runtime/ir/helpers.js';
import { CODE_BASE, DATA_BASE, FakeFrontend, off, setup } from './fake-frontend.js';
import { TIERS } from './tiers.js';

for (const tier of TIERS) {
  test(`${tier.name}: counted loop over three blocks`, () => {
    const fe = new FakeFrontend();
    const A = CODE_BASE, B = CODE_BASE + 4, C = CODE_BASE + 8, D = CODE_BASE + 12;
    fe.at(A, (b) => { b.set(off('r0'), b.i64(0)); b.set(off('r1'), b.i64(0)); b.goto(B); });
    fe.at(B, (b) => {
      const r0 = b.get('i64', off('r0'));
      b.set(off('r1'), b.bin('add', b.get('i64', off('r1')), r0));
      b.goto(C);
    });
    fe.at(C, (b) => {
      const r0 = b.bin('add', b.get('i64', off('r0')), b.i64(1));
      b.set(off('r0'), r0);
      const l = b.newLabel();
      b.brif(b.cmp('ge_u', r0, b.i64(1000)), l);
      b.goto(B);
      b.label(l);
      b.goto(D);
    });
    fe.at(D, (b) => b.exit('halt', D));
    const { engine, thread } = setup(fe, tier);
    assert.deepEqual(engine.run(thread), { kind: 'halt', pc: D });
    assert.equal(thread.get('r1'), 499500n);
    assert.equal(thread.pc, D);
    tier.checkLoopStats?.(engine.stats());
  });

  test(`${tier.name}: syscall exit stores the resume pc and returns`, () => {
    const fe = new FakeFrontend();
    fe.at(CODE_BASE, (b) => { b.set(off('w0'), b.i32(7)); b.exit('syscall', CODE_BASE + 4, 0x80); });
    fe.at(CODE_BASE + 4, (b) => { b.exit('trap', CODE_BASE + 4, 3); });
    const { engine, thread } = setup(fe, tier);
    assert.deepEqual(engine.run(thread), { kind: 'syscall', pc: CODE_BASE + 4, info: 0x80 });
    assert.equal(thread.pc, CODE_BASE + 4);
    assert.equal(thread.get('w0'), 7);
    assert.deepEqual(engine.run(thread), { kind: 'trap', pc: CODE_BASE + 4, info: 3 });
  });

  test(`${tier.name}: load fault reports insn pc and address, earlier insns complete`, () => {
    const fe = new FakeFrontend();
    const P = CODE_BASE + 0x40;
    fe.at(P, (b) => {
      b.set(off('r2'), b.i64(5));
      b.insn(P + 4);
      const v = b.load('i64', b.i64(DATA_BASE + 0x10000 - 4), 8, false, 'le');
      b.set(off('r3'), v);
      b.goto(P + 8);
    });
    const { engine, thread } = setup(fe, tier);
    thread.pc = P;
    thread.set('r3', 99n);
    assert.deepEqual(engine.run(thread),
      { kind: 'fault', pc: P + 4, addr: DATA_BASE + 0x10000, access: 'read', fault: 'unmapped' });
    assert.equal(thread.get('r2'), 5n);
    assert.equal(thread.get('r3'), 99n);
    assert.equal(thread.pc, P + 4);
  });

  test(`${tier.name}: executing a non-executable page faults with access exec`, () => {
    const fe = new FakeFrontend();
    fe.at(CODE_BASE, (b) => { b.gotoDyn(b.i64(DATA_BASE)); });
    const { engine, thread } = setup(fe, tier);
    assert.deepEqual(engine.run(thread),
      { kind: 'fault', pc: DATA_BASE, addr: DATA_BASE, access: 'exec', fault: 'protection' });
  });
}

for (const tier of TIERS) {
  test(`${tier.name}: 64-bit addresses at or above 2^32 fault with the full address`, () => {
    const fe = new FakeFrontend();
    const high = 2 ** 32 + DATA_BASE;
    fe.at(CODE_BASE, (b) => { b.load('i64', b.i64(high), 4, false, 'le'); b.goto(CODE_BASE + 4); });
    fe.at(CODE_BASE + 4, (b) => { b.store(b.i64(-8n), b.i32(1), 4, 'le'); b.goto(CODE_BASE + 8); });
    const { engine, thread } = setup(fe, tier);
    assert.deepEqual(engine.run(thread), { kind: 'fault', pc: CODE_BASE, addr: high, access: 'read', fault: 'unmapped' });
    thread.pc = CODE_BASE + 4;
    assert.deepEqual(engine.run(thread), { kind: 'fault', pc: CODE_BASE + 4, addr: 2 ** 64 - 8, access: 'write', fault: 'unmapped' });
  });

  test(`${tier.name}: page-crossing store into an unmapped page faults without writing`, () => {
    const fe = new FakeFrontend();
    const edge = DATA_BASE + 0x10000 - 4;
    fe.at(CODE_BASE, (b) => { b.store(b.i64(edge), b.i64(-1n), 8, 'be'); b.goto(CODE_BASE + 4); });
    fe.at(CODE_BASE + 4, (b) => { b.store(b.i64(CODE_BASE), b.i32(0), 4, 'le'); b.goto(CODE_BASE + 8); });
    const { engine, thread, mem } = setup(fe, tier);
    assert.deepEqual(engine.run(thread), { kind: 'fault', pc: CODE_BASE, addr: edge + 4, access: 'write', fault: 'unmapped' });
    assert.equal(mem.dv.getUint32(edge), 0);
    thread.pc = CODE_BASE + 4; // code pages are read-only here
    assert.deepEqual(engine.run(thread), { kind: 'fault', pc: CODE_BASE + 4, addr: CODE_BASE, access: 'write', fault: 'protection' });
  });

  test(`${tier.name}: interrupt stops a hot loop at a block boundary with precise state`, () => {
    const fe = new FakeFrontend();
    let calls = 0;
    const ctx: { engine?: Engine; thread?: CpuThreadApi } = {};
    registerHelper({
      name: `test_tick_${tier.name}`, params: [], result: 'i32', effects: 'pure',
      fn: () => { if (++calls % 1000 === 0) ctx.engine!.interrupt(ctx.thread!); return 0; },
    });
    fe.at(CODE_BASE, (b) => {
      b.call(`test_tick_${tier.name}`, [], 'i32');
      b.set(off('r0'), b.bin('add', b.get('i64', off('r0')), b.i64(1)));
      b.goto(CODE_BASE);
    });
    const { engine, thread } = setup(fe, tier);
    Object.assign(ctx, { engine, thread });
    assert.deepEqual(engine.run(thread), { kind: 'interrupt', pc: CODE_BASE });
    assert.equal(thread.get('r0'), 1000n);
    assert.deepEqual(engine.run(thread), { kind: 'interrupt', pc: CODE_BASE });
    assert.equal(thread.get('r0'), 2000n);
  });
}
