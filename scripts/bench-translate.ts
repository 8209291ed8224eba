// `node out/scripts/bench-translate.js --target <t> [--lib <path>] [--reps N]`: the frontend's
// cost alone, in-process, on real code: decoding every word of a library's .text (ns a word) and
// translating it block after block from its start to its end (us a block), CPU time averaged over
// N repetitions after a warm-up. The library defaults to the Debian cross libc. To compare two
// builds, run this alternately in each (A B A B ...) and compare medians.
import { readFileSync } from 'node:fs';
import type { CodeFetcher, Frontend } from '../runtime/arch/types.js';
import { parseElf } from '../runtime/elf/reader.js';
import type { TargetName } from '../runtime/targets.js';
import { runMain, UsageError, parseTargetArgs } from './lib/cli.js';

interface Isa { frontend: Frontend; decodes(word: number): boolean }

async function isaOf(name: TargetName): Promise<Isa> {
  if (name === 'aarch64') {
    const a64 = await import('../runtime/frontend/aarch64/index.js');
    return { frontend: a64.aarch64Frontend, decodes: (w) => a64.aarch64Decoder.decode(w) !== undefined };
  }
  const mips = await import('../runtime/frontend/mips/index.js');
  const { decode } = await import('../runtime/frontend/mips/decode.js');
  const frontend = { mips: mips.mipsFrontend, mipsel: mips.mipselFrontend, mips64: mips.mips64Frontend, mips64el: mips.mips64elFrontend }[name as string];
  if (!frontend) throw new UsageError(`no frontend benchmark for target '${name}'`);
  const is64 = frontend.wordBits === 64;
  return { frontend, decodes: (w) => decode(w, is64) !== null };
}

const cpuMs = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

runMain(async () => {
  const { targets, options } = parseTargetArgs(process.argv.slice(2), ['lib', 'reps']);
  if (targets.length !== 1) throw new UsageError('give one --target');
  const target = targets[0]!;
  const reps = Number(options.reps ?? 5);
  const lib = options.lib ?? `/usr/${target.triple}/lib/libc.so.6`;
  const isa = await isaOf(target.name);
  const elf = parseElf(readFileSync(lib));
  const text = elf.sections.find((s) => s.name === '.text');
  if (!text) throw new Error(`${lib} has no .text`);
  const view = new DataView(elf.bytes.buffer, elf.bytes.byteOffset + text.offset, text.size);
  const little = target.elf.endian === 'le';
  const words = Array.from({ length: text.size >>> 2 }, (_, k) => view.getUint32(4 * k, little));
  const code: CodeFetcher = {
    u16: (a) => view.getUint16(a - text.addr, little),
    u32: (a) => view.getUint32(a - text.addr, little), // a RangeError past the end: the block stops there
  };
  const decodeAll = (): void => { for (const w of words) isa.decodes(w); };
  const translateAll = (): number => {
    let blocks = 0;
    for (let pc = text.addr; pc < text.addr + text.size; blocks++) {
      try {
        pc = Math.max(isa.frontend.translate(code, pc, { maxInsns: 512 }).end, pc + 4);
      } catch {
        pc += 4;
      }
    }
    return blocks;
  };
  decodeAll();
  const blocks = translateAll();
  let t = cpuMs();
  for (let r = 0; r < reps; r++) decodeAll();
  const decodeNs = ((cpuMs() - t) * 1e6) / reps / words.length;
  t = cpuMs();
  for (let r = 0; r < reps; r++) translateAll();
  const translateUs = ((cpuMs() - t) * 1e3) / reps / blocks;
  console.log(`${target.name} ${lib}: ${words.length} words, ${blocks} blocks; decode ${decodeNs.toFixed(1)} ns a word, translate ${translateUs.toFixed(2)} us a block`);
});
