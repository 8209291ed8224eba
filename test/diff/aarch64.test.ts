// Differential test of the AArch64 frontend against Debian's qemu-aarch64: a bounded number of
// random instruction sequences per class (the long runs are `npm run difftest`). The seed is
// fixed so a failure reproduces with `npm run difftest -- --class <c> --seed 20261121`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { aarch64DiffTarget } from '../../scripts/lib/difftest/aarch64/index.js';
import { buildHarness, formatMismatch, runClass } from '../../scripts/lib/difftest/runner.js';

const SEED = 20261121;
const COUNT: Record<string, number> = { integer: 1000, ldst: 1000, fp: 1000, simd: 1500, crypto: 500, atomics: 800 };

const harness = buildHarness(aarch64DiffTarget);

for (const cls of aarch64DiffTarget.classes) {
  test(`aarch64 ${cls.name}: qemu-ts matches qemu-user on random sequences`, async () => {
    const r = await runClass(aarch64DiffTarget, harness, cls, { seed: SEED, count: COUNT[cls.name] ?? 1000, maxMismatches: 5, minimize: 5 });
    assert.ok(r.insns > r.cases * 4, 'sequences were generated');
    // Random opcode fields make many SIMD words unallocated; the rest must still be the bulk of a case.
    assert.ok(r.insns - r.trapped > r.cases * 3, `instructions executed (${r.trapped} of ${r.insns} trapped)`);
    assert.equal(r.mismatches.length, 0, r.mismatches.map((m) => formatMismatch(aarch64DiffTarget, m)).join('\n'));
  });
}
