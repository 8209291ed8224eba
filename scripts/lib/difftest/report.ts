// Text of the differential tester's reports: a mismatch with its disassembly, differences and
// the command that reproduces it, and one summary line per class.
import type { ClassReport, Mismatch } from './runner.js';
import { TIER_NAMES, TIERS } from './tiers.js';
import type { DiffTarget } from './types.js';

/** Runs the cases of the mismatch's class up to and including it again, under its tier. */
export function reproduceCommand(m: Mismatch): string {
  return `npm run difftest -- --target ${m.target} --class ${m.cls} --seed ${m.seed} --count ${m.index + 1} --tier ${m.tier}`;
}

export function formatMismatch(t: DiffTarget, m: Mismatch): string {
  const where = m.firstBad === undefined ? 'not minimized' : `first differing prefix ends at instruction ${m.firstBad - 1} (>>)`;
  const lines = [`MISMATCH ${m.target} ${TIERS[m.tier].label} class=${m.cls} seed=${m.seed} case=${m.index}: ${where}`];
  t.disassemble(m.code, m.cls).forEach((text, i) => lines.push(`  ${i === (m.firstBad ?? 0) - 1 ? '>>' : '  '} ${i.toString().padStart(2)}: ${text}`));
  for (const d of m.diffs.slice(0, 24)) lines.push(`     ${d.what}: qemu-user ${d.reference}  qemu-ts ${d.qemuTs}`);
  if (m.diffs.length > 24) lines.push(`     ... ${m.diffs.length - 24} more`);
  lines.push(`  reproduce: ${reproduceCommand(m)}`);
  return lines.join('\n');
}

/** Seed, sequences, instructions, trapped and each tier's mismatches of a class. */
export function formatSummary(r: ClassReport): string {
  const tiers = TIER_NAMES.map((n) => `${TIERS[n].label} ${r.mismatches[n] === undefined ? 'not run' : `${r.mismatches[n].length} mismatches`}`);
  return `${r.target} ${r.cls}: seed ${r.seed}, ${r.cases} sequences, ${r.insns} instructions, ${r.trapped} trapped (qemu-user); ${tiers.join(', ')}`;
}
