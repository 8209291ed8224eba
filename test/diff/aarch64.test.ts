// Differential test of the AArch64 frontend, interpreter and JIT, against Debian's qemu-aarch64:
// a bounded number of random instruction sequences per class with a fresh seed (test/diff/suite.ts);
// the long runs are `npm run difftest`.
import { aarch64DiffTarget } from '../../scripts/lib/difftest/aarch64/index.js';
import { diffTestTarget } from './suite.js';

const COUNT: Record<string, number> = { integer: 300, ldst: 300, fp: 300, simd: 450, crypto: 150, atomics: 250 };

diffTestTarget(aarch64DiffTarget, (cls) => COUNT[cls] ?? 1000);
