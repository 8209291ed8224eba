// Compares a qemu-ts result with the reference's: traps, registers (less the ignored ones) and
// the scratch buffer.
import type { CaseResult, DiffTarget } from './types.js';

export interface Difference { what: string; reference: string; qemuTs: string }

export function compareResults(t: DiffTarget, ref: CaseResult, got: CaseResult): Difference[] {
  const diffs: Difference[] = [];
  const traps = (r: CaseResult): string => r.traps.map((x) => `sig${x.signo}@${x.index}`).join(' ') || 'none';
  if (traps(ref) !== traps(got)) diffs.push({ what: 'traps', reference: traps(ref), qemuTs: traps(got) });
  for (const [name, v] of ref.regs) {
    if (t.ignoredRegs(name)) continue;
    const w = got.regs.get(name);
    if (w !== v) diffs.push({ what: name, reference: v, qemuTs: w ?? '?' });
  }
  for (let i = 0; i < ref.scratch.length; i += 8) {
    const a = Buffer.from(ref.scratch.subarray(i, i + 8)).toString('hex');
    const b = Buffer.from(got.scratch.subarray(i, i + 8)).toString('hex');
    if (a !== b) diffs.push({ what: `mem[${i}..${i + 7}]`, reference: a, qemuTs: b });
  }
  return diffs;
}
