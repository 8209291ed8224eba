// Differential test of the AArch64 frontend, interpreter and JIT, against Debian's qemu-aarch64:
// a bounded number of random instruction sequences per class with a fresh seed (test/diff/suite.ts);
// the long runs are `npm run difftest`.
import { aarch64DiffTarget } from '../../scripts/lib/difftest/aarch64/index.js';
import { diffTestTarget } from './suite.js';

// Every sequence runs under both tiers, and the JIT tier compiles each one anew (docs/difftest.md,
// Cost): about 25 times the CPU per sequence of the former interpreter-only suite, so these
// counts are a tenth of its (1000-1500 per class); each run draws new sequences.
const COUNT: Record<string, number> = { integer: 100, ldst: 100, fp: 100, simd: 150, crypto: 50, atomics: 80 };

diffTestTarget(aarch64DiffTarget, (cls) => COUNT[cls] ?? 1000);
