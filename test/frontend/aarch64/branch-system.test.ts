// Branches, exceptions and system instructions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DATA, run, runOk, u64 } from './harness.js';

test('B/BL/BR/BLR/RET/CBZ/TBZ/B.cond', () => {
  const r = runOk(`
    mov x0, #0
    bl 1f
    add x0, x0, #1       // runs after ret
    cbz x5, 2f
    mov x0, #100
2:  cbnz x6, 3f
    mov x0, #200
3:  tbz x7, #63, 4f
    tbnz x7, #63, 5f
4:  mov x0, #300
5:  adr x8, 6f
    blr x8
    cmp x0, #12
    b.ne 7f
    add x0, x0, #1000
7:  brk #0
6:  add x0, x0, #10
    ret
1:  mov x9, x30
    add x0, x0, #1
    ret
  `, { x: { 5: 0, 6: 1, 7: 0x8000000000000000n } });
  assert.equal(r.x(0), 1012n);
  assert.equal(r.x(30) - r.x(9), 40n); // BLR's link register points after it
});

test('SVC exits with the resume pc and immediate; BRK and HLT', () => {
  const svc = run('svc #0x42');
  assert.equal(svc.event.kind, 'syscall');
  assert.ok(svc.event.kind === 'syscall' && svc.event.info === 0x42);
  const brk = run('nop\nbrk #0x7');
  assert.ok(brk.event.kind === 'trap' && brk.event.info === 7);
  const hlt = run('hlt #0xffff');
  assert.equal(hlt.event.kind, 'undef');
  const undef = run('mov x0, #1\n.inst 0x00000000');
  assert.equal(undef.event.kind, 'undef');
  assert.equal(undef.x(0), 1n); // instructions before the undefined one ran
  assert.ok(undef.event.kind === 'undef' && undef.event.insn === 0);
});

test('MRS/MSR: NZCV, TPIDR_EL0, FPCR, FPSR, counters, ID registers', () => {
  const r = runOk(`
    mrs x6, cntvct_el0
    mrs x7, cntvct_el0
    cmp x7, x6
    cset x6, hs          // counter values differ between runs: keep only the ordering
    mov x7, #0
    mov x0, #0x60000000
    msr nzcv, x0
    mrs x1, nzcv
    msr tpidr_el0, x2
    mrs x3, tpidr_el0
    mov x4, #0x00c00000
    msr fpcr, x4
    mrs x5, fpcr
    mrs x8, cntfrq_el0
    mrs x9, dczid_el0
    mrs x10, ctr_el0
    mrs x11, midr_el1
    mrs x12, id_aa64isar0_el1
    mrs x13, id_aa64pfr0_el1
    brk #0`, { x: { 2: 0x1234567890n } });
  assert.equal(r.x(1), 0x60000000n);
  assert.equal(r.nzcv(), 6);
  assert.equal(r.x(3), 0x1234567890n);
  assert.equal(r.x(5), 0xc00000n);
  assert.equal(r.x(6), 1n);
  assert.equal(r.x(8), 1_000_000_000n);
  assert.equal(r.x(9), 4n);
  assert.equal(r.x(10) & 0xfn, 4n);
  assert.notEqual(r.x(11), 0n);
  assert.equal((r.x(12) >> 16n) & 0xfn, 1n); // CRC32
  assert.equal((r.x(12) >> 20n) & 0xfn, 2n); // LSE atomics
  assert.equal(r.x(13) & 0xfn, 1n);
});

test('hints, barriers and cache maintenance', () => {
  const data = new Uint8Array(256).fill(0xaa);
  const r = runOk(`
    nop
    yield
    dmb ish
    dsb sy
    isb
    clrex
    dc cvau, x1
    dc civac, x1
    dc zva, x2
    ic ivau, x1
    mov x0, #7
    brk #0`, { x: { 1: DATA, 2: DATA + 64 + 13 }, data });
  assert.equal(r.x(0), 7n);
  const bytes = r.mem.readBytes(DATA, 256);
  assert.ok(bytes.slice(0, 64).every((b) => b === 0xaa));
  assert.ok(bytes.slice(64, 128).every((b) => b === 0));
  assert.ok(bytes.slice(128).every((b) => b === 0xaa));
});

test('ADR/ADRP', () => {
  const r = runOk(`
    adr x0, .
    adrp x1, .
    adr x2, . + 0x100
    brk #0`);
  assert.equal(r.x(2) - r.x(0), 0x108n);
  assert.equal(r.x(1), r.x(0) & u64(~0xfff));
});
