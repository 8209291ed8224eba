// The targets the differential tester knows.
import { aarch64DiffTarget } from './aarch64/index.js';
import { armDiffTarget } from './arm/index.js';
import { mipsDiffTargets } from './mips/index.js';
import type { DiffTarget } from './types.js';

export const DIFF_TARGETS: readonly DiffTarget[] = [aarch64DiffTarget, armDiffTarget, ...mipsDiffTargets];

export function findDiffTarget(name: string): DiffTarget | undefined {
  return DIFF_TARGETS.find((t) => t.target.name === name);
}
