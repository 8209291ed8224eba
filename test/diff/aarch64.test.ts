// Differential test of the AArch64 frontend, interpreter and JIT, against Debian's qemu-aarch64:
// a bounded number of random instruction sequences per class with a fresh seed (test/diff/suite.ts);
// the long runs are `npm run difftest`.
import { aarch64DiffTarget } from '../../scripts/lib/difftest/aarch64/index.js';
import { diffTestTarget } from './suite.js';

// Every sequence runs under both tiers, and the JIT tier compiles each one anew with the baseline
// compiler (docs/difftest.md, Cost): these are half the former interpreter-only counts
// (1000-1500 per class), and each run draws new sequences.
const COUNT: Record<string, number> = { integer: 500, ldst: 500, fp: 500, simd: 750, crypto: 250, atomics: 400 };

diffTestTarget(aarch64DiffTarget, (cls) => COUNT[cls] ?? 1000);
