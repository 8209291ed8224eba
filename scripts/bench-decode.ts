// The decode figures of docs/PERFORMANCE.md: decodes every word of an aarch64 ELF's .text with
// the shared decoder (repeated to about 4M lookups) and translates the blocks that cover it, in
// this process, 5 rounds; prints the medians of CPU time per word and per block. Compare two
// builds by running each one's copy of this script alternately (A B A B ...).
// Usage: node out/scripts/bench-decode.js [elf] (default: the arm64 sysroot's libc.so.6)
import { readFileSync } from 'node:fs';
import type { CodeFetcher } from '../runtime/arch/types.js';
import { GuestFault } from '../runtime/core/fault.js';
import { parseElf } from '../runtime/elf/reader.js';
import { aarch64Decoder, aarch64Frontend } from '../runtime/frontend/aarch64/index.js';
import { packagePath } from '../runtime/package-root.js';
import { runMain } from './lib/cli.js';
import { median } from './lib/guest-run.js';

const ROUNDS = 5;
const LOOKUPS = 4e6;

const cpuMicros = (): number => { const u = process.cpuUsage(); return u.user + u.system; };

runMain(async () => {
  const path = process.argv[2] ?? packagePath('build', 'sysroot', 'arm64', 'lib', 'aarch64-linux-gnu', 'libc.so.6');
  const bytes = readFileSync(path);
  const text = parseElf(bytes).sections.find((s) => s.name === '.text');
  if (!text) throw new Error(`${path}: no .text section`);
  const view = new DataView(bytes.buffer, bytes.byteOffset + text.offset, text.size);
  const words = Array.from({ length: text.size >>> 2 }, (_, k) => view.getUint32(k * 4, true));
  const code: CodeFetcher = {
    u16: (a) => view.getUint16(a - text.addr, true),
    u32: (a) => {
      if (a < text.addr || a + 4 > text.addr + text.size) throw new GuestFault(a, 'exec', 'unmapped');
      return view.getUint32(a - text.addr, true);
    },
  };
  const reps = Math.ceil(LOOKUPS / words.length);
  let matched = 0;
  const decodeNs = (): number => {
    const t0 = cpuMicros();
    for (let r = 0; r < reps; r++) for (const w of words) if (aarch64Decoder.decode(w) !== undefined) matched++;
    return ((cpuMicros() - t0) * 1000) / (reps * words.length);
  };
  let blocks = 0;
  const translateUs = (): number => {
    const t0 = cpuMicros();
    blocks = 0;
    for (let pc = text.addr; pc + 4 <= text.addr + text.size; blocks++) {
      pc = Math.max(aarch64Frontend.translate(code, pc, { maxInsns: 256 }).end, pc + 4);
    }
    return (cpuMicros() - t0) / blocks;
  };
  decodeNs(); translateUs(); // warm-up
  const d: number[] = [], t: number[] = [];
  for (let r = 0; r < ROUNDS; r++) { d.push(decodeNs()); t.push(translateUs()); }
  if (matched === 0) throw new Error('no word decoded');
  console.log(`${path}: ${words.length} words, decode ${median(d).toFixed(1)} ns/word; ${blocks} blocks, translate ${median(t).toFixed(2)} us/block (CPU time, medians of ${ROUNDS})`);
});
