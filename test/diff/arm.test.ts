// Differential test of the ARM (armhf) frontend, interpreter and JIT, against Debian's qemu-arm
// (-cpu cortex-a15): a bounded number of random instruction sequences per class, in A32 and in
// T32, with a fresh seed (test/diff/suite.ts); the long runs are `npm run difftest -- --target arm`.
import { armDiffTarget } from '../../scripts/lib/difftest/arm/index.js';
import { diffTestTarget } from './suite.js';

// Ten classes (int, ldst, excl, vfp, neon in each instruction set), each case under both tiers;
// the counts keep the suite near a CPU-minute (docs/difftest.md, Runs).
const COUNT = 120;

diffTestTarget(armDiffTarget, () => COUNT);
