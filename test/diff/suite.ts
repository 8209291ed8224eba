// The differential test suite of one target: each class's random sequences run under qemu-user
// and under both qemu-ts tiers (interpreter, and JIT compiling every block at once). The seed is
// fresh on every run unless $QEMU_TS_DIFFTEST_SEED gives one (`npm test -- --seed N` sets it);
// every test name and failure message carries it.
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { buildHarness } from '../../scripts/lib/difftest/emulators.js';
import { formatMismatch } from '../../scripts/lib/difftest/report.js';
import { runTarget, type TargetReport } from '../../scripts/lib/difftest/runner.js';
import { suiteSeed } from '../../scripts/lib/difftest/seed.js';
import { TIER_NAMES, TIERS } from '../../scripts/lib/difftest/tiers.js';
import { IR_VALIDATE_ENV } from '../../runtime/ir/validate.js';
import type { DiffTarget } from '../../scripts/lib/difftest/types.js';

// Every block the qemu-ts runs translate goes through the IR validator (as under npm test).
process.env[IR_VALIDATE_ENV] ??= '1';

/**
 * Runs `count(class)` sequences of every class of `t` in two batches at once (one qemu-ts
 * process per tier and batch serves all classes), then checks each class in its own test.
 */
export function diffTestTarget(t: DiffTarget, count: (cls: string) => number): void {
  const seed = suiteSeed();
  const counts = t.classes.map((c) => count(c.name));
  describe(`${t.target.name}: interpreter and JIT match qemu-user on random sequences (seed ${seed})`, () => {
    let report: TargetReport;
    before(async () => {
      // Two batches of up to half the largest class's count run at once: one per core.
      report = await runTarget(t, buildHarness(t), t.classes, { seed, count, batch: Math.ceil(Math.max(...counts) / 2), parallel: 2, maxMismatches: 5, minimize: 5 });
    });
    test('each run used its tier', () => {
      const cases = report.classes.reduce((n, c) => n + c.cases, 0);
      for (const tier of TIER_NAMES) assert.equal(TIERS[tier].verify(report.stats[tier]!, cases), undefined, `${tier}: ${JSON.stringify(report.stats[tier])}`);
    });
    test('the IR validator checked every translated block', (c) => {
      for (const tier of TIER_NAMES) {
        const s = report.stats[tier]!;
        assert.ok((s['translated'] ?? 0) > 0 && s['irValidated'] === s['translated'], `${tier}: ${s['irValidated']} of ${s['translated']} blocks validated`);
        c.diagnostic(`${tier}: ${s['irValidated']} of ${s['translated']} translated blocks validated`);
      }
    });
    t.classes.forEach((cls, k) => test(cls.name, () => {
      const r = report.classes[k]!;
      assert.equal(r.cases, counts[k]);
      assert.ok(r.insns > r.cases * 4, 'sequences were generated');
      // Random opcode fields make many SIMD words unallocated; the rest must still be the bulk of a case.
      assert.ok(r.insns - r.trapped > r.cases * 3, `instructions executed (${r.trapped} of ${r.insns} trapped)`);
      for (const tier of TIER_NAMES) {
        const list = r.mismatches[tier]!;
        const reports = list.map((m) => formatMismatch(t, m)).join('\n');
        assert.equal(list.length, 0, `${TIERS[tier].label} mismatches (the whole suite again: npm test -- --seed ${seed}):\n${reports}`);
      }
    }));
  });
}
