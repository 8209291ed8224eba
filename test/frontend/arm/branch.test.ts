// Branches, interworking, conditional execution (A32 cond, Thumb IT blocks and their resumption
// from the itstate slot), SVC/BKPT/undefined encodings, CBZ, TBB/TBH, the kuser helpers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { armFrontend } from '../../../runtime/frontend/arm/index.js';
import { validateBlock } from '../../../runtime/ir/validate.js';
import { ISAS, run, runOk } from './harness.js';

const N = 8, Z = 4, C = 2;

test('B/BL and conditional branches', () => {
  for (const isa of ISAS) {
    const r = runOk(`mov r0, #0
bl 1f
add r0, r0, #100
b 2f
1: add r0, r0, #1
cmp r0, #1
beq 3f
add r0, r0, #10
3: bx lr
2: bkpt`, isa);
    assert.equal(r.r(0), 101, isa);
    assert.equal(r.r(14), (r.at + (isa === 'arm' ? 8 : 9)) >>> 0, isa); // the return address, | 1 from Thumb
  }
});

test('A32 conditional execution uses the cond field', () => {
  const r = runOk('cmp r0, #1\nmoveq r1, #1\nmovne r2, #1\naddgt r3, r3, #1\naddlt r4, r4, #1\nbkpt', 'arm', { r: { 0: 1 } });
  assert.deepEqual([r.r(1), r.r(2), r.r(3), r.r(4)], [1, 0, 0, 0]);
  const s = runOk('cmp r0, #1\nmoveq r1, #1\nmovne r2, #1\naddgt r3, r3, #1\naddlt r4, r4, #1\nbkpt', 'arm', { r: { 0: 0 } });
  assert.deepEqual([s.r(1), s.r(2), s.r(3), s.r(4)], [0, 1, 0, 1]);
});

test('Thumb IT blocks: then/else, condition codes, itstate after the block', () => {
  const src = 'cmp r0, #5\nitete gt\nmovgt r1, #1\nmovle r1, #2\naddgt r2, r2, #3\naddle r2, r2, #4\nmov r3, #7\nbkpt';
  const hi = runOk(src, 'thumb', { r: { 0: 6 } });
  assert.deepEqual([hi.r(1), hi.r(2), hi.r(3), hi.itstate()], [1, 3, 7, 0]);
  const lo = runOk(src, 'thumb', { r: { 0: 5 } });
  assert.deepEqual([lo.r(1), lo.r(2), lo.r(3)], [2, 4, 7]);
});

test('an SVC inside an IT block leaves the itstate of the next instruction', () => {
  const r = run('cmp r0, r0\nitt eq\nsvceq #0\naddeq r1, r1, #1\nbkpt', 'thumb');
  assert.equal(r.event.kind, 'syscall');
  assert.equal(r.itstate() >> 4, 0); // EQ
  assert.notEqual(r.itstate() & 0xf, 0);
});

test('a Thumb block that starts inside an IT block takes its condition from itstate', () => {
  // ITSTATE for "the last instruction of an IT block, condition NE" is 0x18.
  const taken = runOk('add r1, r1, #1\nadd r2, r2, #1\nbkpt', 'thumb', { itstate: 0x18 });
  assert.deepEqual([taken.r(1), taken.r(2), taken.itstate()], [1, 1, 0]);
  const skipped = runOk('add r1, r1, #1\nadd r2, r2, #1\nbkpt', 'thumb', { itstate: 0x18, nzcv: Z });
  assert.deepEqual([skipped.r(1), skipped.r(2), skipped.itstate()], [0, 1, 0]);
  // Two instructions left (EQ then NE: 0x04 | 0x00 ... ITSTATE 0x0c = EQ, one more after).
  const two = runOk('mov r1, #1\nmov r2, #2\nmov r3, #3\nbkpt', 'thumb', { itstate: 0x0c, nzcv: Z });
  assert.deepEqual([two.r(1), two.r(2), two.r(3)], [1, 0, 3]);
  // Inside an IT block a 16-bit ADDS does not set flags.
  const noflags = runOk('adds r1, r1, #0\nbkpt', 'thumb', { itstate: 0x08 | 0xe0 });
  assert.equal(noflags.nzcv(), 0);
});

test('interworking: BX, BLX, LDR pc, POP pc, A32 MOV pc', () => {
  // A32 -> Thumb -> A32 by BX/BLX, the return address of BLX (register) from Thumb has bit 0 set.
  const r = runOk(`adr r0, 1f + 1
bx r0
.thumb
1: movs r1, #1
adr r2, 2f
blx r2
.align 2
.arm
2: mov r3, #3
bkpt`, 'arm');
  assert.equal(r.r(1), 1);
  assert.equal(r.r(3), 3);
  assert.equal(r.r(14) & 1, 1);
  // LDR pc / POP {pc} with bit 0 set go to Thumb; A32 MOV pc, rX interworks (ARMv7).
  for (const how of ['ldr pc, [sp], #4', 'pop {pc}', 'mov pc, r0']) {
    const s = runOk(`adr r0, 1f + 1
push {r0}
${how}
.thumb
1: movs r1, #5
bkpt
`, 'arm', { r: { 13: 0x200100 } });
    assert.equal(s.r(1), 5, how);
    assert.equal(s.event.pc & 1, 1, how);
  }
  // Thumb BLX (immediate) to A32.
  const t = runOk(`blx 1f
bkpt
.arm
.align 2
1: mov r0, #9
bx lr`, 'thumb');
  assert.equal(t.r(0), 9);
});

test('CBZ/CBNZ, TBB/TBH', () => {
  const cb = runOk('cbz r0, 1f\nmovs r1, #1\n1: cbnz r0, 2f\nmovs r2, #2\n2: bkpt', 'thumb', { r: { 0: 0 } });
  assert.deepEqual([cb.r(1), cb.r(2)], [0, 2]);
  const tb = runOk(`tbb [pc, r0]
1: .byte (2f - 1b) / 2, (3f - 1b) / 2
2: movs r1, #1
bkpt
3: movs r1, #2
bkpt`, 'thumb', { r: { 0: 1 } });
  assert.equal(tb.r(1), 2);
  const th = runOk(`tbh [pc, r0, lsl #1]
1: .short (2f - 1b) / 2, (3f - 1b) / 2
2: movs r1, #1
bkpt
3: movs r1, #2
bkpt`, 'thumb', { r: { 0: 0 } });
  assert.equal(th.r(1), 1);
});

test('SVC, BKPT and undefined encodings exit with their kinds', () => {
  for (const isa of ISAS) {
    const s = run('svc #0\nbkpt', isa);
    assert.equal(s.event.kind, 'syscall', isa);
    assert.equal(s.event.pc - s.at, isa === 'arm' ? 4 : 3, isa);
    const u = run('udf #1\nbkpt', isa);
    assert.equal(u.event.kind, 'undef', isa);
    const b = run('bkpt #7', isa);
    assert.equal(b.event.kind, 'trap', isa);
  }
});

test('MRC p15 TPIDRURO/TPIDRURW, MCR TPIDRURW; TPIDRURO is read-only', () => {
  for (const isa of ISAS) {
    const r = runOk('mrc p15, 0, r0, c13, c0, 3\nmcr p15, 0, r1, c13, c0, 2\nmrc p15, 0, r2, c13, c0, 2\nbkpt', isa,
      { tpidruro: 0x1234, r: { 1: 0x5678 } });
    assert.deepEqual([r.r(0), r.r(2)], [0x1234, 0x5678], isa);
    assert.equal(run('mcr p15, 0, r1, c13, c0, 3\nbkpt', isa).event.kind, 'undef', isa);
    // The ARMv6 CP15 barriers are no-ops; other CP15 registers are undefined.
    runOk('mcr p15, 0, r0, c7, c10, 5\nmcr p15, 0, r0, c7, c10, 4\nmcr p15, 0, r0, c7, c5, 4\nbkpt', isa);
    assert.equal(run('mrc p15, 0, r0, c0, c0, 0\nbkpt', isa).event.kind, 'undef', isa);
  }
});

test('MRC p15 PMUSERENR reads 0 as under qemu-arm (x264 reads it); the cycle counter and PMUSERENR writes are undefined', () => {
  for (const isa of ISAS) {
    assert.equal(runOk('mrc p15, 0, r0, c9, c14, 0\nbkpt', isa, { r: { 0: 0x55 } }).r(0), 0, isa);
    assert.equal(run('mrc p15, 0, r0, c9, c13, 0\nbkpt', isa).event.kind, 'undef', isa);
    assert.equal(run('mcr p15, 0, r0, c9, c14, 0\nbkpt', isa).event.kind, 'undef', isa);
  }
});

test('kuser helpers: get_tls, cmpxchg, cmpxchg64, memory_barrier, translated from the helper image', () => {
  const call = (addr: number): string => `movw r12, #${addr & 0xffff}\nmovt r12, #0xffff\nblx r12\n`;
  for (const isa of ISAS) {
    const tls = runOk(`${call(0xffff0fe0)}bkpt`, isa, { tpidruro: 0xabc });
    assert.equal(tls.r(0), 0xabc, isa);
    const ok = runOk(`${call(0xffff0fc0)}ldr r4, [r2]\nbkpt`, isa, { r: { 0: 0, 1: 42, 2: 0x200000 } });
    assert.equal(ok.r(0), 0, isa);
    assert.equal(ok.r(4), 42, isa);
    assert.equal(ok.nzcv() & C, C, isa);
    const fail = runOk(`${call(0xffff0fc0)}bkpt`, isa, { r: { 0: 1, 1: 42, 2: 0x200000 } });
    assert.notEqual(fail.r(0), 0, isa);
    assert.equal(fail.nzcv() & C, 0, isa);
    const data = new Uint8Array(24);
    new DataView(data.buffer).setBigUint64(8, 0x1111111122222222n, true); // old at +8, new at +16, memory at +0 (0)
    new DataView(data.buffer).setBigUint64(16, 0x3333333344444444n, true);
    const wide = runOk(`${call(0xffff0f60)}ldrd r4, r5, [r2]\nbkpt`, isa, { r: { 0: 0x200008, 1: 0x200010, 2: 0x200000, 13: 0x200800 }, data });
    assert.notEqual(wide.r(0), 0, isa); // memory held 0, not old
    const wide2 = runOk(`${call(0xffff0f60)}ldrd r4, r5, [r2]\nbkpt`, isa, { r: { 0: 0x200008, 1: 0x200010, 2: 0x200008, 13: 0x200800 }, data });
    assert.equal(wide2.r(0), 0, isa);
    assert.deepEqual([wide2.r(4), wide2.r(5)], [0x44444444, 0x33333333], isa);
    const mb = runOk(`${call(0xffff0fa0)}movs r0, #3\nbkpt`, isa);
    assert.equal(mb.r(0), 3, isa);
  }
});

test('the translated blocks pass the IR validator', () => {
  // The harness engines validate every block they translate; a direct call here covers the
  // kuser page's blocks too.
  const fetch = { u16: () => { throw new Error('no memory'); }, u32: () => { throw new Error('no memory'); } };
  for (const at of [0xffff0f60, 0xffff0fa0, 0xffff0fc0, 0xffff0fe0]) {
    validateBlock(armFrontend.translate(fetch, at, { maxInsns: 64 }), armFrontend);
  }
  void N;
});

test('a 32-bit Thumb instruction across a page end ends the block (the next one starts on the new page)', () => {
  const r = runOk('.rept 2047\nnop\n.endr\nmovw r0, #1\nmovs r1, #2\nbkpt', 'thumb');
  assert.deepEqual([r.r(0), r.r(1)], [1, 2]);
});

test('a fault inside an IT block leaves the faulting instruction\'s ITSTATE', () => {
  const r = run('cmp r0, r0\nitt eq\nldreq r0, [r1]\naddeq r2, r2, #1\nbkpt', 'thumb', { r: { 1: 0x100 } });
  assert.equal(r.event.kind, 'fault');
  assert.equal(r.itstate(), 0x04); // EQ with one more instruction (ITT EQ: firstcond 0000, mask 0100)
  const next = runOk('add r2, r2, #1\nbkpt', 'thumb', { itstate: 0x08, nzcv: Z }); // resumed: the last one, EQ holds
  assert.equal(next.r(2), 1);
});
