// Differential test of the MIPS frontends against Debian's qemu-mips, qemu-mipsel, qemu-mips64
// and qemu-mips64el: a bounded number of random instruction sequences per class and target (the
// long runs are `npm run difftest -- --target mipsel`). The seed is fixed so a failure
// reproduces with `npm run difftest -- --target <t> --class <c> --seed 20261122`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mipsDiffTargets } from '../../scripts/lib/difftest/mips/index.js';
import { buildHarness, formatMismatch, runClass } from '../../scripts/lib/difftest/runner.js';

const SEED = 20261122;
const COUNT = 300;

for (const t of mipsDiffTargets) {
  const harness = buildHarness(t);
  for (const cls of t.classes) {
    test(`${t.target.name} ${cls.name}: qemu-ts matches qemu-user on random sequences`, async () => {
      const r = await runClass(t, harness, cls, { seed: SEED, count: COUNT, batch: COUNT, maxMismatches: 5, minimize: 5 });
      assert.ok(r.insns > r.cases * 4, 'sequences were generated');
      assert.ok(r.insns - r.trapped > r.cases * 3, `instructions executed (${r.trapped} of ${r.insns} trapped)`);
      assert.equal(r.mismatches.length, 0, r.mismatches.map((m) => formatMismatch(t, m)).join('\n'));
    });
  }
}
