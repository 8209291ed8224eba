// The ELF reader against binutils' readelf on Debian's cross libcs: both classes, both orders.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { STT_FUNC } from '../../runtime/elf/constants.js';
import { ElfFormatError, parseElf } from '../../runtime/elf/reader.js';
import { elfTargetProblems } from '../../runtime/elf/target-match.js';
import { target } from './support.js';

const CASES = ['mips', 'mips64', 'arm', 'aarch64'] as const;

for (const name of CASES) {
  const t = target(name);
  const libc = `/usr/${t.triple}/lib/libc.so.6`;
  test(`reads ${name}'s libc like readelf does`, () => {
    const elf = parseElf(readFileSync(libc));
    const header = execFileSync('readelf', ['-hW', libc], { encoding: 'utf8' });
    assert.equal(elf.header.class, t.elf.class);
    assert.equal(elf.header.endian, t.elf.endian);
    assert.equal(elf.header.machine, t.elf.machine);
    assert.match(header, new RegExp(`Flags:\\s+0x${elf.header.flags.toString(16)}\\b`));
    assert.match(header, new RegExp(`Number of section headers:\\s+${elf.sections.length}\\b`));
    assert.deepEqual(elfTargetProblems(elf.header, t), []);

    const dynsyms = execFileSync('readelf', ['--dyn-syms', '-W', libc], { encoding: 'utf8' });
    const putsLine = dynsyms.split('\n').find((l) => / FUNC .* puts@@/.test(l));
    assert.ok(putsLine, 'readelf lists puts');
    const puts = elf.dynamicSymbols().find((s) => s.name === 'puts' && s.type === STT_FUNC);
    assert.ok(puts);
    assert.equal(puts.value, parseInt(putsLine.trim().split(/\s+/)[1]!, 16));
    const count = Number(/contains (\d+) entr/.exec(dynsyms)![1]);
    assert.equal(elf.dynamicSymbols().length, count);

    const abiTag = elf.notes().find((n) => n.name === 'GNU' && n.type === 1);
    assert.ok(abiTag, 'NT_GNU_ABI_TAG note');
    assert.equal(new DataView(abiTag.desc.buffer, abiTag.desc.byteOffset).getUint32(0, t.elf.endian === 'le'), 0, 'ELF_NOTE_OS_LINUX');
  });
}

test('a library of another target is told apart by class, order or ABI', () => {
  const mips = target('mips');
  const libc64 = `/usr/${target('mips64').triple}/lib/libc.so.6`;
  const problems = elfTargetProblems(parseElf(readFileSync(libc64)).header, mips);
  assert.deepEqual(problems, ['ELF class is 64-bit, mips needs 32-bit']);
});

test('garbage is not ELF', () => {
  assert.throws(() => parseElf(Buffer.from('#!/bin/sh\necho hi\n')), ElfFormatError);
  const truncated = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0]);
  assert.throws(() => parseElf(truncated), /truncated/);
});
