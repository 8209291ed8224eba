// Assembles a case's instructions (unified syntax) with the cross assembler into code words:
// the generators write assembly text, so the assembler picks the encodings (T32 16- or 32-bit,
// IT blocks, modified immediates) and rejects operand combinations it knows to be UNPREDICTABLE.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Isa } from './machine.js';

let workDir: string | undefined;
function dir(): string {
  if (workDir === undefined) {
    const d = mkdtempSync(join(tmpdir(), 'difftest-arm-'));
    process.on('exit', () => rmSync(d, { recursive: true, force: true }));
    workDir = d;
  }
  return workDir;
}

/** The bytes of section `name` of an ELF32 little-endian object; undefined when absent. */
function section(obj: Buffer, name: string): Buffer | undefined {
  const shoff = obj.readUInt32LE(0x20), shentsize = obj.readUInt16LE(0x2e), shnum = obj.readUInt16LE(0x30), shstrndx = obj.readUInt16LE(0x32);
  const sh = (i: number, field: number): number => obj.readUInt32LE(shoff + i * shentsize + field);
  const strtab = sh(shstrndx, 16);
  for (let i = 0; i < shnum; i++) {
    const at = strtab + sh(i, 0);
    if (obj.toString('latin1', at, obj.indexOf(0, at)) === name) return obj.subarray(sh(i, 16), sh(i, 16) + sh(i, 20));
  }
  return undefined;
}

/** Code words of `lines` in `isa`; T32 code is padded with a NOP to a whole word. */
export function assemble(isa: Isa, lines: readonly string[]): number[] {
  const src = join(dir(), 'case.s'), obj = join(dir(), 'case.o');
  writeFileSync(src, `.syntax unified\n.${isa === 't32' ? 'thumb' : 'arm'}\n.fpu neon-vfpv4\n${lines.join('\n')}\n`);
  const r = spawnSync('arm-linux-gnueabihf-as', ['-march=armv7ve', '-mfpu=neon-vfpv4', '-mimplicit-it=arm', '--fatal-warnings', '-o', obj, src], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`arm-linux-gnueabihf-as (${isa}): ${r.error?.message ?? r.stderr.trim()}\n${lines.join('\n')}`);
  const o = readFileSync(obj);
  if (section(o, '.rel.text') !== undefined) throw new Error(`arm case needs relocations:\n${lines.join('\n')}`);
  let text = Buffer.from(section(o, '.text') ?? Buffer.alloc(0));
  if (text.length % 4 === 2) text = Buffer.concat([text, Buffer.from([0x00, 0xbf])]);
  const words: number[] = [];
  for (let i = 0; i < text.length; i += 4) words.push(text.readUInt32LE(i));
  return words;
}
