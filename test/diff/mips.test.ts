// Differential test of the MIPS frontends, interpreter and JIT, against Debian's qemu-mips,
// qemu-mipsel, qemu-mips64 and qemu-mips64el: a bounded number of random instruction sequences
// per class and target with a fresh seed (test/diff/suite.ts); the long runs are
// `npm run difftest -- --target mipsel`.
import { mipsDiffTargets } from '../../scripts/lib/difftest/mips/index.js';
import { diffTestTarget } from './suite.js';

// Every sequence runs under both tiers, and the JIT tier compiles each one anew with the baseline
// compiler (docs/difftest.md, Cost): the former interpreter-only count per class, and each run
// draws new sequences.
const COUNT = 300;

for (const t of mipsDiffTargets) diffTestTarget(t, () => COUNT);
