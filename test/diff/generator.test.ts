// Unit tests of the differential tester's own pieces: template encoding, the seeded generator's
// reproducibility, the bitmask-immediate validity rule and the result comparison.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aarch64DiffTarget } from '../../scripts/lib/difftest/aarch64/index.js';
import { armDiffTarget } from '../../scripts/lib/difftest/arm/index.js';
import { validBitmask } from '../../scripts/lib/difftest/aarch64/integer.js';
import { decodeResult, FPSR_COMPARED, OFF, RESULT_SIZE, SCRATCH_SIZE, STATE_SIZE } from '../../scripts/lib/difftest/aarch64/machine.js';
import { compareResults } from '../../scripts/lib/difftest/compare.js';
import { Rng } from '../../scripts/lib/difftest/rng.js';
import { encode, fieldValues } from '../../scripts/lib/difftest/template.js';
import type { CaseResult } from '../../scripts/lib/difftest/types.js';

test('templates encode known A64 words', () => {
  // ADD X0, X1, X2 (shifted register, LSL #0) and LDR Q28, [X14, #160]
  assert.equal(encode('fAS01011tt0mmmmmiiiiiinnnnnddddd', { f: 1, A: 0, S: 0, t: 0, m: 2, i: 0, n: 1, d: 0 }), 0x8b020020);
  assert.equal(encode('ss111V01ooiiiiiiiiiiiinnnnnttttt', { s: 0, V: 1, o: 3, i: 10, n: 14, t: 28 }), 0x3dc029dc);
  // Negative immediates are masked to their field: B.cond back by one instruction.
  assert.equal(encode('01010100iiiiiiiiiiiiiiiiiii0cccc', { i: -1, c: 0 }), 0x54ffffe0);
  assert.throws(() => encode('0101', {}), /bits/);
  const v = fieldValues(new Rng(1), 'fAS100010hiiiiiiiiiiiinnnnnddddd', { d: 5 });
  assert.equal(v['d'], 5);
  assert.ok(v['i']! >= 0 && v['i']! < 4096);
});

test('generation is reproducible from the seed', () => {
  for (const cls of aarch64DiffTarget.classes) {
    const a = cls.generate(new Rng(7)), b = cls.generate(new Rng(7)), c = cls.generate(new Rng(8));
    assert.deepEqual(a, b, cls.name);
    assert.notDeepEqual(a.code, c.code, cls.name);
  }
});

test('bitmask immediates: element size from N:NOT(imms), all-ones runs rejected', () => {
  assert.ok(validBitmask(1, 1, 0)); // 64-bit element, one bit
  assert.ok(!validBitmask(1, 1, 63)); // 64 ones: reserved
  assert.ok(!validBitmask(0, 1, 0)); // N=1 needs sf=1
  assert.ok(validBitmask(0, 0, 0b111100)); // 2-bit elements, one bit set
  assert.ok(!validBitmask(0, 0, 0b111101)); // 2-bit elements, all set
  assert.ok(!validBitmask(0, 0, 0b111111)); // no element size
});

test('comparison reports registers, memory and traps that differ, and of FPSR only FPSR_COMPARED', () => {
  const result = (fpsr: bigint): CaseResult => {
    const bytes = new Uint8Array(RESULT_SIZE);
    new DataView(bytes.buffer).setBigUint64(RESULT_SIZE - SCRATCH_SIZE - STATE_SIZE + OFF.fpsr, fpsr, true);
    return decodeResult(bytes);
  };
  const ref = result(0n);
  assert.deepEqual(compareResults(aarch64DiffTarget, ref, result(0n)), []);
  assert.deepEqual(compareResults(aarch64DiffTarget, ref, result(~FPSR_COMPARED & 0xffffffffn)), []);
  const got = result(FPSR_COMPARED);
  got.regs.set('x0', '2');
  got.scratch[9] = 1;
  got.traps.push({ signo: 4, index: 3 });
  assert.deepEqual(compareResults(aarch64DiffTarget, ref, got).map((d) => d.what), ['traps', 'x0', 'fpsr', 'mem[8..15]']);
});

test('arm cases are reproducible from the seed; T32 cases enter Thumb and count 16-bit instructions', () => {
  for (const cls of armDiffTarget.classes) {
    const a = cls.generate(new Rng(7)), b = cls.generate(new Rng(7)), c = cls.generate(new Rng(8));
    assert.deepEqual(a, b, cls.name);
    assert.notDeepEqual(a.code, c.code, cls.name);
    assert.equal(a.state[72], cls.name.startsWith('t32') ? 1 : 0, `${cls.name}: thumb flag`);
    if (cls.name.startsWith('a32')) assert.ok(a.insns! >= a.code.length, `${cls.name}: one instruction per word (and labels are not instructions)`);
  }
});
