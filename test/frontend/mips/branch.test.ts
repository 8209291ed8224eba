// Branches, jumps and delay slots: conditions fixed before the slot runs, likely branches
// annulling their slot, links, and the block-level IR shape of conditional branches.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { codeBytes, nextCodeAddress, prepare, run, runOk, VARIANTS } from './harness.js';

const BRK = 'break\n';

/** Snippet: $2 = 1 if the branch is taken, 2 if not; $3 records whether the delay slot ran. */
const takenOrNot = (branch: string): string => `
  ${branch} 1f
  addiu $3, $3, 1
  li $2, 2
  break
1:li $2, 1
  break
`;

test('conditional branches (and their likely forms) taken and not taken', () => {
  const cases: [string, number, number, boolean][] = [
    // branch with operands $4, $5; $4; $5; taken?
    ['beq $4, $5,', 3, 3, true], ['beq $4, $5,', 3, 4, false],
    ['bne $4, $5,', 3, 4, true], ['bne $4, $5,', 3, 3, false],
    ['blez $4,', 0, 0, true], ['blez $4,', 1, 0, false], ['blez $4,', -1, 0, true],
    ['bgtz $4,', 1, 0, true], ['bgtz $4,', 0, 0, false],
    ['bltz $4,', -1, 0, true], ['bltz $4,', 0, 0, false],
    ['bgez $4,', 0, 0, true], ['bgez $4,', -5, 0, false],
    ['b', 0, 0, true],
  ];
  const likely = (br: string): string => br.replace(/^\w+/, (m) => `${m}l`);
  prepare(VARIANTS, cases.flatMap(([br]) => (br === 'b' ? [takenOrNot(br)] : [takenOrNot(br), takenOrNot(likely(br))])));
  for (const v of VARIANTS) {
    for (const [br, a, b, taken] of cases) {
      const plain = runOk(v, takenOrNot(br), { r: { 4: a, 5: b } });
      assert.equal(plain.r(2), taken ? 1n : 2n, `${v.name}: ${br} ${a} ${b}`);
      assert.equal(plain.r(3), 1n, `${v.name}: ${br} delay slot always runs`);
      if (br === 'b') continue;
      const l = runOk(v, takenOrNot(likely(br)), { r: { 4: a, 5: b } });
      assert.equal(l.r(2), taken ? 1n : 2n, `${v.name}: ${likely(br)}`);
      assert.equal(l.r(3), taken ? 1n : 0n, `${v.name}: ${likely(br)} slot runs only when taken`);
    }
  }
});

test('the branch condition is read before the delay slot overwrites its source', () => {
  for (const v of VARIANTS) {
    const r = runOk(v, takenOrNot('beq $4, $0,').replace('addiu $3, $3, 1', 'li $4, 1'), { r: { 4: 0 } });
    assert.equal(r.r(2), 1n, v.name);
    const jr = runOk(v, `
      bal 0f
      nop
    0:addiu $4, $31, 1f - 0b
      jr $4
      li $4, 0
      li $2, 2
      break
    1:li $2, 1
      break`, {});
    assert.equal(jr.r(2), 1n, `${v.name} jr target read before the slot`);
  }
});

test('JAL/JALR/BAL/BGEZAL link to pc + 8 and the slot sees the link', () => {
  for (const v of VARIANTS) {
    const at = nextCodeAddress(v);
    const r = runOk(v, `
      bal 1f
      move $5, $31
      break
    1:addiu $4, $31, 2f - 1b + 4
      jalr $6, $4
      nop
      break
    2:bltzal $0, 3f
      nop
      break
    3:break`, {});
    assert.equal(r.r(5), BigInt(at) + 8n, `${v.name} bal link visible in slot`);
    assert.equal(r.r(6), BigInt(at) + 24n, `${v.name} jalr links rd`);
    assert.equal(r.r(31), BigInt(at) + 36n, `${v.name} bltzal links even when not taken`);
  }
});

test('J targets the 256 MiB region of the delay slot', () => {
  for (const v of VARIANTS) {
    // j (at + 16): lands on the `li $2, 7`; the slot's `li $3, 1` runs first.
    const at = nextCodeAddress(v);
    const j = 0x08000000 | (((at + 16) & 0x0fffffff) >>> 2);
    const words = [j, 0x24030001, 0x24020001, 0x0000000d, 0x24020007, 0x0000000d];
    const r = runOk(v, codeBytes(words, v.le), {});
    assert.deepEqual([r.r(2), r.r(3)], [7n, 1n], v.name);
    assert.deepEqual(r.event, { kind: 'trap', pc: at + 20, info: 0 });
  }
});

test('a branch in a delay slot is a reserved instruction', () => {
  for (const v of VARIANTS) {
    const r = run(v, `b 1f\nb 1f\nnop\n1:${BRK}`, {});
    assert.equal(r.event.kind, 'undef', v.name);
  }
});

test('translated IR: conditional branch exits with two direct gotos, JR with goto_dyn', async () => {
  const { mipsFrontend } = await import('../../../runtime/frontend/mips/index.js');
  const words = [0x10850003, 0x00000000]; // beq $4, $5, +3 ; nop
  const fetch = { u32: (a: number) => words[(a - 0x1000) / 4]!, u16: () => 0 };
  const blk = mipsFrontend.translate(fetch, 0x1000, { maxInsns: 64 });
  const gotos = blk.ops.filter((o) => o.op === 'goto').map((o) => (o as { pc: number }).pc);
  assert.deepEqual(gotos.sort(), [0x1008, 0x1010]);
  assert.equal(blk.ninsns, 2);
  assert.equal(blk.end, 0x1008);
  const jr = [0x03e00008, 0x00000000]; // jr $ra ; nop
  const b2 = mipsFrontend.translate({ u32: (a) => jr[(a - 0x1000) / 4]!, u16: () => 0 }, 0x1000, { maxInsns: 64 });
  assert.ok(b2.ops.some((o) => o.op === 'goto_dyn'));
});

test('an exit inside a delay slot (syscall, taken trap) ends the block there', () => {
  for (const v of VARIANTS) {
    const r = run(v, `beq $4, $0, 1f\nsyscall\nbreak\n1:${BRK}`, { r: { 4: 0 } });
    assert.equal(r.event.kind, 'syscall', v.name);
    const q = run(v, `beql $4, $0, 1f\nteq $0, $0, 9\nbreak\n1:${BRK}`, { r: { 4: 0 } });
    assert.deepEqual([q.event.kind, (q.event as { info: number }).info], ['trap', 9], v.name);
  }
});
