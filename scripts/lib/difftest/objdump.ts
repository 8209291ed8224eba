// Disassembly of a case's code words for mismatch reports, with a cross objdump.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ObjdumpSpec {
  /** The objdump command, e.g. aarch64-linux-gnu-objdump. */
  command: string;
  /** Options naming the machine (and byte order), e.g. ['-m', 'aarch64']. */
  machine: readonly string[];
  littleEndian: boolean;
  /** Address the first word is shown at. */
  vma: number;
}

/** One line per word: its hex, then objdump's text; plain hex when objdump is missing. */
export function disassembleWords(spec: ObjdumpSpec, code: readonly number[]): string[] {
  const hex = code.map((w) => w.toString(16).padStart(8, '0'));
  const dir = mkdtempSync(join(tmpdir(), 'difftest-dis-'));
  try {
    const bin = join(dir, 'code.bin');
    const buf = Buffer.alloc(code.length * 4);
    code.forEach((w, i) => (spec.littleEndian ? buf.writeUInt32LE(w, i * 4) : buf.writeUInt32BE(w, i * 4)));
    writeFileSync(bin, buf);
    const r = spawnSync(spec.command, ['-D', '-b', 'binary', ...spec.machine, `--adjust-vma=0x${spec.vma.toString(16)}`, bin], { encoding: 'utf8' });
    if (r.status !== 0) return hex;
    // Per word, the instructions starting in it (T32 has 16-bit ones, shown as 'xxxx' or 'xxxx xxxx').
    const text = hex.map((): string[] => []);
    for (const line of r.stdout.split('\n')) {
      const m = /^\s*([0-9a-f]+):\s+([0-9a-f]{8}|[0-9a-f]{4} [0-9a-f]{4}|[0-9a-f]{4})\s+(.*)$/.exec(line);
      if (m) text[Math.floor((parseInt(m[1]!, 16) - spec.vma) / 4)]?.push(m[3]!.replace(/\s+/g, ' '));
    }
    return hex.map((h, i) => `${h}  ${text[i]!.join('; ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
