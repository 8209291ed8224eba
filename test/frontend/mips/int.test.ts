// Integer ALU, shifts, HI/LO, bit-field and trap semantics on all four variants.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TRAP_DIVZERO, TRAP_OVERFLOW } from '../../../runtime/frontend/mips/index.js';
import { prepare, run, runOk, VARIANTS, w32 } from './harness.js';

const BRK = 'break\n';

test('32-bit arithmetic and logical ops (sign-extended on MIPS64)', () => {
  const cases: [string, number, number, number][] = [
    // insn computing $2 from $4, $5; a; b; expected 32-bit result
    ['addu $2, $4, $5', 0x7fffffff, 1, 0x80000000],
    ['subu $2, $4, $5', 0, 1, 0xffffffff],
    ['addiu $2, $4, -2', 1, 0, 0xffffffff],
    ['and $2, $4, $5', 0xf0f0f0f0, 0xff00ff00, 0xf000f000],
    ['or $2, $4, $5', 0xf0f0f0f0, 0x0f, 0xf0f0f0ff],
    ['xor $2, $4, $5', 0xffffffff, 0x0f0f0f0f, 0xf0f0f0f0],
    ['nor $2, $4, $5', 0xf0000000, 0x0000000f, 0x0ffffff0],
    ['andi $2, $4, 0x8001', 0xffffffff, 0, 0x8001],
    ['ori $2, $4, 0x8000', 0x80000000, 0, 0x80008000],
    ['xori $2, $4, 0xffff', 0x1234, 0, 0xedcb],
    ['lui $2, 0x8765', 0, 0, 0x87650000],
    ['slt $2, $4, $5', 0xffffffff, 1, 1],
    ['sltu $2, $4, $5', 0xffffffff, 1, 0],
    ['slti $2, $4, -1', 0xfffffffe, 0, 1],
    ['sltiu $2, $4, -1', 5, 0, 1],
    ['sll $2, $4, 31', 3, 0, 0x80000000],
    ['srl $2, $4, 4', 0x80000000, 0, 0x08000000],
    ['sra $2, $4, 4', 0x80000000, 0, 0xf8000000],
    ['rotr $2, $4, 8', 0x12345678, 0, 0x78123456],
    ['sllv $2, $4, $5', 1, 33, 2],
    ['srlv $2, $4, $5', 0x80000000, 31, 1],
    ['srav $2, $4, $5', 0x80000000, 36, 0xf8000000],
    ['rotrv $2, $4, $5', 0x12345678, 4, 0x81234567],
    ['clz $2, $4', 0x00010000, 0, 15],
    ['clz $2, $4', 0, 0, 32],
    ['clo $2, $4', 0xfff00000, 0, 12],
    ['seb $2, $4', 0x180, 0, 0xffffff80],
    ['seh $2, $4', 0x18000, 0, 0xffff8000],
    ['wsbh $2, $4', 0x11223344, 0, 0x22114433],
    ['ext $2, $4, 4, 8', 0x12345678, 0, 0x67],
    ['ext $2, $4, 0, 32', 0x87654321, 0, 0x87654321],
    ['ins $2, $4, 8, 8', 0xab, 0, 0x1122ab44],
    ['mul $2, $4, $5', 0x10000, 0x10001, 0x00010000],
    ['movz $2, $4, $0', 7, 0, 7],
    ['movn $2, $4, $5', 7, 0, 0x1122_3344],
  ];
  prepare(VARIANTS, cases.map(([insn]) => `${insn}\n${BRK}`));
  for (const v of VARIANTS) {
    for (const [insn, a, b, want] of cases) {
      const r = runOk(v, `${insn}\n${BRK}`, { r: { 2: 0x11223344, 4: w32(a), 5: w32(b) } });
      assert.equal(r.r(2), w32(want), `${v.name}: ${insn} (${a}, ${b})`);
    }
  }
});

test('$0 reads as zero and ignores writes', () => {
  for (const v of VARIANTS) {
    const r = runOk(v, `addiu $0, $0, 5\naddu $2, $0, $0\n${BRK}`, { r: { 2: 9 } });
    assert.equal(r.r(2), 0n);
    assert.equal(r.r(0), 0n);
  }
});

test('ADD/ADDI/SUB trap on signed overflow before writing the destination', () => {
  for (const v of VARIANTS) {
    for (const insn of ['add $2, $4, $5', 'addi $2, $4, 1', 'sub $2, $6, $5']) {
      const r = run(v, `${insn}\n${BRK}`, { r: { 2: 99, 4: 0x7fffffff, 5: 1, 6: w32(0x80000000) } });
      assert.equal(r.event.kind, 'trap', `${v.name} ${insn}`);
      assert.equal((r.event as { info: number }).info, TRAP_OVERFLOW);
      assert.equal(r.r(2), 99n, `${v.name} ${insn}: destination untouched`);
    }
    const ok = runOk(v, `add $2, $4, $5\naddi $3, $4, -1\nsub $7, $4, $5\n${BRK}`, { r: { 4: 5, 5: 3 } });
    assert.deepEqual([ok.r(2), ok.r(3), ok.r(7)], [8n, 4n, 2n]);
  }
});

test('MULT/MULTU/DIV/DIVU/MADD/MSUB and HI/LO moves', () => {
  prepare(VARIANTS, [
    `mult $4, $5\nmfhi $2\nmflo $3\n${BRK}`,
    `multu $4, $5\nmfhi $2\nmflo $3\n${BRK}`,
    `div $0, $4, $5\nmfhi $2\nmflo $3\n${BRK}`,
    `divu $0, $4, $5\nmfhi $2\nmflo $3\n${BRK}`,
    `div $0, $4, $0\nmfhi $2\nmflo $3\n${BRK}`,
    `madd $4, $5\nmfhi $2\nmflo $3\n${BRK}`,
    `msubu $4, $5\nmfhi $2\nmflo $3\n${BRK}`,
    `mthi $4\nmtlo $5\n${BRK}`,
  ]);
  for (const v of VARIANTS) {
    let r = runOk(v, `mult $4, $5\nmfhi $2\nmflo $3\n${BRK}`, { r: { 4: -3, 5: 0x40000000 } });
    assert.deepEqual([r.r(2), r.r(3)], [w32(0xffffffff), w32(0x40000000)], `${v.name} mult`);
    r = runOk(v, `multu $4, $5\nmfhi $2\nmflo $3\n${BRK}`, { r: { 4: -1, 5: -1 } });
    assert.deepEqual([r.r(2), r.r(3)], [w32(0xfffffffe), 1n], `${v.name} multu`);
    r = runOk(v, `div $0, $4, $5\nmfhi $2\nmflo $3\n${BRK}`, { r: { 4: -7, 5: 2 } });
    assert.deepEqual([r.r(2), r.r(3)], [-1n, -3n], `${v.name} div`);
    r = runOk(v, `divu $0, $4, $5\nmfhi $2\nmflo $3\n${BRK}`, { r: { 4: -7, 5: 2 } });
    assert.deepEqual([r.r(2), r.r(3)], [1n, w32(0x7ffffffc)], `${v.name} divu`);
    // Division by zero: quotient 0, remainder = dividend (documented choice), no host trap.
    r = runOk(v, `div $0, $4, $0\nmfhi $2\nmflo $3\n${BRK}`, { r: { 4: 42 } });
    assert.deepEqual([r.r(2), r.r(3)], [42n, 0n], `${v.name} div by zero`);
    r = runOk(v, `div $0, $4, $5\nmfhi $2\nmflo $3\n${BRK}`, { r: { 4: w32(0x80000000), 5: -1 } });
    assert.deepEqual([r.r(2), r.r(3)], [0n, w32(0x80000000)], `${v.name} MIN / -1`);
    r = runOk(v, `madd $4, $5\nmfhi $2\nmflo $3\n${BRK}`, { r: { 4: 0x10000, 5: 0x10000 }, hi: 1, lo: 0xffffffff });
    assert.deepEqual([r.r(2), r.r(3)], [2n, w32(0xffffffff)], `${v.name} madd`);
    r = runOk(v, `msubu $4, $5\nmfhi $2\nmflo $3\n${BRK}`, { r: { 4: 2, 5: 3 }, hi: 0, lo: 5 });
    assert.deepEqual([r.r(2), r.r(3)], [w32(0xffffffff), w32(0xffffffff)], `${v.name} msubu`);
    r = runOk(v, `mthi $4\nmtlo $5\n${BRK}`, { r: { 4: 11, 5: 12 } });
    assert.deepEqual([r.hi(), r.lo()], [11n, 12n]);
  }
});

test('conditional traps and BREAK codes', () => {
  for (const v of VARIANTS) {
    let r = run(v, `teq $4, $0, 7\n${BRK}`, { r: { 4: 0 } });
    assert.deepEqual(r.event, { kind: 'trap', pc: (r.event as { pc: number }).pc, info: TRAP_DIVZERO });
    r = run(v, `teq $4, $0, 7\nbreak 3\n`, { r: { 4: 1 } });
    assert.equal(r.event.kind, 'trap');
    assert.equal((r.event as { info: number }).info, 3, `${v.name} break 3 (gas puts the code in bits 25:16)`);
    r = run(v, `tlti $4, 5\n${BRK}`, { r: { 4: -1 } });
    assert.equal((r.event as { info: number }).info, 0);
    r = runOk(v, `tltiu $4, 5\ntne $4, $4\ntge $0, $4\n${BRK}`, { r: { 4: -1 } });
  }
});
