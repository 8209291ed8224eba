// Loads and stores in A32 and Thumb: addressing modes and write-back, sizes and sign extension,
// literal loads, LDRD/STRD, LDM/STM in all modes, PUSH/POP, exclusives; a faulting access
// leaves the registers as they were.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DATA, ISAS, run, runOk } from './harness.js';

const bytes = (...v: number[]): Uint8Array => Uint8Array.from(v);

test('LDR/STR sizes, sign extension, offset/pre/post-index', () => {
  const data = bytes(0x81, 0x82, 0x83, 0x84, 0xf5, 0xff, 0x7f, 0x00);
  for (const isa of ISAS) {
    const r = runOk(`ldr r1, [r0]
ldrb r2, [r0, #1]
ldrsb r3, [r0, #2]
ldrh r4, [r0, #4]
ldrsh r5, [r0, #4]
ldr r6, [r0, #4]!
ldr r7, [r0], #-4
mov r8, #3
ldrb r9, [r0, r8]
ldr r10, [r0, r8, lsl #1]
str r1, [r0, #16]
strh r1, [r0, #20]
strb r1, [r0, #24]
bkpt`, isa, { r: { 0: DATA }, data });
    assert.equal(r.r(1), 0x84838281, isa);
    assert.equal(r.r(2), 0x82, isa);
    assert.equal(r.r(3), 0xffffff83, isa);
    assert.equal(r.r(4), 0xfff5, isa);
    assert.equal(r.r(5), 0xfffffff5, isa);
    assert.equal(r.r(6), 0x007ffff5, isa);
    assert.equal(r.r(7), 0x007ffff5, isa);
    assert.equal(r.r(0), DATA, isa);
    assert.equal(r.r(9), 0x84, isa);
    assert.equal(r.r(10), 0x7f, isa);
    assert.equal(r.mem.read32(DATA + 16), 0x84838281, isa);
    assert.equal(r.mem.read32(DATA + 20), 0x8281, isa);
    assert.equal(r.mem.read32(DATA + 24), 0x81, isa);
  }
});

test('literal loads are relative to Align(PC, 4)', () => {
  for (const isa of ISAS) {
    const r = runOk('ldr r0, 1f\nnop\nldr r1, 1f\nbkpt\n.align 2\n1: .word 0x12345678', isa);
    assert.equal(r.r(0), 0x12345678, isa);
    assert.equal(r.r(1), 0x12345678, isa);
  }
});

test('T32 literal loads with a negative offset of 64 or more (hw2<11> = 0), signed and unsigned', () => {
  const r = runOk(`b 1f
.align 2
2: .word 0x8483f281
.space 200
1: ldrsb.w r1, [pc, #-208]
ldrsh.w r2, [pc, #-212]
ldrb.w r3, [pc, #-216]
ldrh.w r0, [pc, #-220]
bkpt`, 'thumb');
  assert.deepEqual([r.r(1), r.r(2), r.r(3), r.r(0)], [-127 >>> 0, -3455 >>> 0, 0x81, 0xf281]); // qemu-arm: -127 -3455 129 62081
});

test('LDRD/STRD, LDM/STM modes, PUSH/POP', () => {
  const data = new Uint8Array(64);
  for (let k = 0; k < 64; k++) data[k] = k;
  for (const isa of ISAS) {
    const r = runOk(`ldrd r2, r3, [r0, #8]
strd r2, r3, [r0, #32]!
ldmia r1!, {r4, r5}
ldmdb r1, {r6, r7}
push {r2, r3, lr}
pop {r8, r9, r10}
bkpt`, isa, { r: { 0: DATA, 1: DATA, 13: DATA + 0x800, 14: 0x77 }, data });
    assert.deepEqual([r.r(2), r.r(3)], [0x0b0a0908, 0x0f0e0d0c], isa);
    assert.equal(r.r(0), DATA + 32, isa);
    assert.equal(r.mem.read32(DATA + 36), 0x0f0e0d0c, isa);
    assert.deepEqual([r.r(4), r.r(5), r.r(1)], [0x03020100, 0x07060504, DATA + 8], isa);
    assert.deepEqual([r.r(6), r.r(7)], [0x03020100, 0x07060504], isa);
    assert.deepEqual([r.r(8), r.r(9), r.r(10), r.r(13)], [r.r(2), r.r(3), 0x77, DATA + 0x800], isa);
  }
  const a = runOk('ldmib r0, {r1, r2}\nldmda r0, {r3, r4}\nstmib r0!, {r1, r2}\nbkpt', 'arm', { r: { 0: DATA + 8 }, data });
  assert.deepEqual([a.r(1), a.r(2), a.r(3), a.r(4), a.r(0)], [0x0f0e0d0c, 0x13121110, 0x07060504, 0x0b0a0908, DATA + 16]);
});

test('a faulting access leaves the registers as before the instruction', () => {
  for (const isa of ISAS) {
    const r = run('ldr r1, [r0], #4\nbkpt', isa, { r: { 0: 0x100, 1: 5 } });
    assert.equal(r.event.kind, 'fault', isa);
    assert.deepEqual([r.r(0), r.r(1)], [0x100, 5], isa);
    const m = run('ldmia r0!, {r1, r2}\nbkpt', isa, { r: { 0: DATA + 0x10000 - 4, 1: 5 } });
    assert.equal(m.event.kind, 'fault', isa);
    assert.deepEqual([m.r(0), m.r(1)], [DATA + 0x10000 - 4, 5], isa);
  }
});

test('LDREX/STREX and the byte, halfword and doubleword forms; CLREX', () => {
  for (const isa of ISAS) {
    const r = runOk(`ldrex r1, [r0]
add r1, r1, #1
strex r2, r1, [r0]
strex r3, r1, [r0]
ldrexb r4, [r0]
strexb r5, r4, [r0, #0]
ldrexh r6, [r0]
clrex
strexh r7, r6, [r0]
ldrexd r8, r9, [r0]
strexd r10, r8, r9, [r0]
bkpt`, isa, { r: { 0: DATA }, data: bytes(41, 0, 0, 0, 9, 0, 0, 0) });
    assert.equal(r.mem.read32(DATA), 42, isa);
    assert.deepEqual([r.r(2), r.r(3), r.r(5), r.r(7), r.r(10)], [0, 1, 0, 1, 0], isa);
    assert.deepEqual([r.r(4), r.r(6), r.r(8), r.r(9)], [42, 42, 42, 9], isa);
    // A store to the location between LDREX and STREX makes STREX fail.
    const f = runOk('ldrex r1, [r0]\nstr r4, [r0]\nstrex r2, r1, [r0]\nbkpt', isa, { r: { 0: DATA, 4: 7 } });
    assert.equal(f.r(2), 1, isa);
    assert.equal(f.mem.read32(DATA), 7, isa);
  }
});

test('a misaligned exclusive access is an alignment fault at the instruction, STREX before its monitor check', () => {
  for (const isa of ISAS) {
    const cases: [string, number][] = [
      ['ldrex r1, [r0]', DATA + 2], ['ldrexh r1, [r0]', DATA + 1], ['ldrexd r2, r3, [r0]', DATA + 4],
      // No LDREX before: the monitor does not hold, yet the CPU checks alignment first.
      ['strex r1, r2, [r0]', DATA + 1], ['strexh r1, r2, [r0]', DATA + 3], ['strexd r1, r2, r3, [r0]', DATA + 12],
    ];
    for (const [insn, addr] of cases) {
      const r = run(`mov r5, #1\n${insn}\nbkpt`, isa, { r: { 0: addr, 1: 0x55 } });
      assert.equal(r.event.kind, 'fault', `${isa} ${insn}`);
      if (r.event.kind !== 'fault') continue;
      // The pc of the exclusive, after a 4-byte mov (mov.w in Thumb); Thumb pcs carry bit 0.
      assert.deepEqual([r.event.fault, r.event.addr, r.event.pc - r.at], ['alignment', addr, isa === 'thumb' ? 5 : 4], `${isa} ${insn}`);
      assert.deepEqual([r.r(1), r.r(5)], [0x55, 1], `${isa} ${insn}: state as before it`);
    }
    // Aligned, and byte-sized at any address: no fault.
    runOk('ldrexb r1, [r0]\nstrexb r2, r1, [r0]\nbkpt', isa, { r: { 0: DATA + 3 } });
  }
});

test('SWP/SWPB exchange atomically (A32)', () => {
  const r = runOk('swp r1, r2, [r0]\nswpb r3, r4, [r0]\nbkpt', 'arm', { r: { 0: DATA, 2: 0x11223344, 4: 0x99 }, data: bytes(1, 2, 3, 4) });
  assert.equal(r.r(1), 0x04030201);
  assert.equal(r.r(3), 0x44);
  assert.equal(r.mem.read32(DATA), 0x11223399);
});
