// Differential test of the ARM (armhf) frontend, interpreter and JIT, against Debian's qemu-arm
// (-cpu cortex-a15): a bounded number of random instruction sequences per class, in A32 and in
// T32, with a fresh seed (test/diff/suite.ts); the long runs are `npm run difftest -- --target arm`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assemble } from '../../scripts/lib/difftest/arm/assemble.js';
import { armDiffTarget } from '../../scripts/lib/difftest/arm/index.js';
import { RegFile, SCRATCH_SIZE } from '../../scripts/lib/difftest/arm/machine.js';
import { buildHarness, Emulators } from '../../scripts/lib/difftest/emulators.js';
import { TIER_NAMES } from '../../scripts/lib/difftest/tiers.js';
import { diffTestTarget } from './suite.js';

// The harness really loads, runs and reports: a known case in each instruction set gives the
// expected registers, flags, FPSCR, D register, memory and trap under qemu-arm and both tiers.
test('arm harness: known A32 and T32 cases give the expected state everywhere', async () => {
  const lines = ['adds r0, r1, r2', 'str r0, [sp, #-4]', 'vmov d3, r0, r1', 'movw r3, #0x9f', 'movt r3, #0x0fc0', 'vmsr fpscr, r3', 'udf #0', 'mov r12, #7'];
  const cases = (['a32', 't32'] as const).map((isa) => {
    const regs = new RegFile(isa);
    regs.setR(1, 0x7fffffff);
    regs.setR(2, 1);
    regs.setR(13, 0x20000000 + 512);
    return { state: regs.bytes, scratch: new Uint8Array(SCRATCH_SIZE), code: assemble(isa, lines) };
  });
  const out = await new Emulators(armDiffTarget, buildHarness(armDiffTarget)).run([{ cls: armDiffTarget.classes[0]!, cases }], TIER_NAMES);
  for (const [who, results] of [['qemu-arm', out.ref[0]!], ...TIER_NAMES.map((n) => [n, out.tiers.get(n)!.results[0]!] as const)] as const) {
    results.forEach((r, k) => {
      const where = `${who} ${k === 0 ? 'A32' : 'T32'}`;
      assert.equal(r.regs.get('r0'), '80000000', where);
      assert.equal(r.regs.get('apsr'), '90000000', `${where}: N and V`);
      assert.equal(r.regs.get('d3'), '7fffffff80000000', where);
      assert.equal(r.regs.get('fpscr'), '07c00000', where);
      assert.equal(r.regs.get('fpscr.flags'), '0800009f', where);
      assert.equal(r.regs.get('r12'), '00000007', where);
      assert.equal(Buffer.from(r.scratch.subarray(508, 512)).toString('hex'), '00000080', where);
      assert.deepEqual(r.traps, [{ signo: 4, index: k === 0 ? 6 : 11 }], where);
    });
  }
});

// Ten classes (int, ldst, excl, vfp, neon in each instruction set), each case under both tiers;
// 200 each keep the suite near a CPU-minute (docs/difftest.md, Runs).
const COUNT = 200;

diffTestTarget(armDiffTarget, () => COUNT);
