// MIPS64r2 additions on mips64/mips64el: doubleword arithmetic, shifts, multiply/divide,
// bit fields, byte swaps, count-leading; 32-bit ops sign-extend their results; D* ops are
// reserved on the 32-bit variants.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TRAP_OVERFLOW } from '../../../runtime/frontend/mips/index.js';
import { codeBytes, prepare, run, runOk, VARIANTS, VARIANTS64 } from './harness.js';

const BRK = 'break\n';
const s64 = (x: bigint): bigint => BigInt.asIntN(64, x);

test('doubleword ALU, shifts, bit fields and swaps', () => {
  const A = 0x8123456789abcdefn;
  const cases: [string, bigint, bigint, bigint][] = [
    ['daddu $2, $4, $5', 0x7fffffffffffffffn, 1n, 0x8000000000000000n],
    ['daddiu $2, $4, -1', 0n, 0n, -1n],
    ['dsubu $2, $4, $5', 0n, 1n, -1n],
    ['dsll $2, $4, 4', A, 0n, 0x123456789abcdef0n],
    ['dsll32 $2, $4, 4', A, 0n, 0x9abcdef000000000n],
    ['dsrl $2, $4, 4', A, 0n, 0x08123456789abcden],
    ['dsrl32 $2, $4, 0', A, 0n, 0x81234567n],
    ['dsra $2, $4, 4', A, 0n, 0xf8123456789abcden],
    ['dsra32 $2, $4, 4', A, 0n, 0xfffffffff8123456n],
    ['drotr $2, $4, 8', A, 0n, 0xef8123456789abcdn],
    ['drotr32 $2, $4, 0', A, 0n, 0x89abcdef81234567n],
    ['dsllv $2, $4, $5', A, 68n, 0x123456789abcdef0n],
    ['dsrlv $2, $4, $5', A, 60n, 8n],
    ['dsrav $2, $4, $5', A, 60n, -8n],
    ['drotrv $2, $4, $5', A, 4n, 0xf8123456789abcden],
    ['dclz $2, $4', 0x0000800000000000n, 0n, 16n],
    ['dclo $2, $4', 0xfff0000000000000n, 0n, 12n],
    ['dsbh $2, $4', 0x1122334455667788n, 0n, 0x2211443366558877n],
    ['dshd $2, $4', 0x1122334455667788n, 0n, 0x7788556633441122n],
    ['dext $2, $4, 4, 12', A, 0n, 0xcden],
    ['dextm $2, $4, 8, 40', A, 0n, 0x456789abcdn],
    ['dextu $2, $4, 40, 8', A, 0n, 0x45n],
    ['dins $2, $4, 4, 8', 0xabn, 0n, 0x1122334455667ab8n],
    ['dinsm $2, $4, 16, 40', 0xffffffffffn, 0n, 0x11ffffffffff7788n],
    ['dinsu $2, $4, 40, 16', 0xabcdn, 0n, 0x11abcd4455667788n],
    // Word ops sign-extend their 32-bit results.
    ['addu $2, $4, $5', 0x7fffffffn, 1n, -0x80000000n],
    ['sll $2, $4, 0', 0x0000000180000000n, 0n, -0x80000000n],
    ['srl $2, $4, 0', 0x0000000180000000n, 0n, -0x80000000n],
    ['lui $2, 0xffff', 0n, 0n, -0x10000n],
  ];
  prepare(VARIANTS64, cases.map(([insn]) => `${insn}\n${BRK}`));
  for (const v of VARIANTS64) {
    for (const [insn, a, b, want] of cases) {
      const r = runOk(v, `${insn}\n${BRK}`, { r: { 2: 0x1122334455667788n, 4: a, 5: b } });
      assert.equal(r.r(2), s64(want), `${v.name}: ${insn}`);
    }
  }
});

test('DMULT/DMULTU/DDIV/DDIVU and word MULT sign-extension', () => {
  for (const v of VARIANTS64) {
    let r = runOk(v, `dmult $4, $5\n${BRK}`, { r: { 4: -2n, 5: 0x4000000000000000n } });
    assert.deepEqual([r.hi(), r.lo()], [-1n, s64(0x8000000000000000n)]);
    r = runOk(v, `dmultu $4, $5\n${BRK}`, { r: { 4: -1n, 5: -1n } });
    assert.deepEqual([r.hi(), r.lo()], [-2n, 1n]);
    r = runOk(v, `ddiv $0, $4, $5\n${BRK}`, { r: { 4: -7n, 5: 2n } });
    assert.deepEqual([r.hi(), r.lo()], [-1n, -3n]);
    r = runOk(v, `ddivu $0, $4, $5\n${BRK}`, { r: { 4: -1n, 5: 16n } });
    assert.deepEqual([r.hi(), r.lo()], [15n, 0x0fffffffffffffffn]);
    r = runOk(v, `multu $4, $5\n${BRK}`, { r: { 4: 0xffffffffn, 5: 0xffffffffn } });
    assert.deepEqual([r.hi(), r.lo()], [-2n, 1n], 'multu halves are sign-extended');
  }
});

test('DADD/DADDI/DSUB overflow traps', () => {
  for (const v of VARIANTS64) {
    for (const insn of ['dadd $2, $4, $5', 'daddi $2, $4, 1', 'dsub $2, $6, $5']) {
      const r = run(v, `${insn}\n${BRK}`, { r: { 2: 5, 4: 0x7fffffffffffffffn, 5: 1, 6: -0x8000000000000000n } });
      assert.deepEqual([r.event.kind, (r.event as { info: number }).info, r.r(2)], ['trap', TRAP_OVERFLOW, 5n], `${v.name} ${insn}`);
    }
    // 32-bit ADD overflows on the word even when the 64-bit sum would fit.
    const r = run(v, `add $2, $4, $5\n${BRK}`, { r: { 4: 0x7fffffffn, 5: 1 } });
    assert.equal(r.event.kind, 'trap');
  }
});

test('MIPS64-only encodings are reserved on mips/mipsel', () => {
  const daddu = 0x0085102d; // daddu $2, $4, $5
  const ld = 0xdc820000;    // ld $2, 0($4)
  for (const v of VARIANTS.filter((x) => x.bits === 32)) {
    for (const w of [daddu, ld]) {
      const r = run(v, codeBytes([w], v.le), {});
      assert.deepEqual(r.event, { kind: 'undef', pc: (r.event as { pc: number }).pc, insn: w }, v.name);
    }
  }
});
