import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeDescriptor, decodeLibraryNote, LayoutError } from '../../runtime/libnative/layouts.js';
import { codeBytes, descriptorAddress, stubEncoding } from '../../runtime/libnative/stub-abi.js';
import { readStubAt } from '../../runtime/libnative/stub-reader.js';
import { TARGETS } from '../../runtime/targets.js';
import { target } from './support.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

test('marker and return bytes per target, in target byte order', () => {
  const expected: Record<string, [string, string]> = {
    aarch64: ['e0ff5fd4', 'c0035fd6'],
    arm: ['7fff0fe1', '1eff2fe1'],
    mips: ['03ffffcc', '03e0000800000000'],
    mipsel: ['ccffff03', '0800e00300000000'],
    mips64: ['03ffffcc', '03e0000800000000'],
    mips64el: ['ccffff03', '0800e00300000000'],
    i386: ['0fff05', 'c3'],
    x86_64: ['0fff05', 'c3'],
  };
  for (const t of TARGETS) {
    const enc = stubEncoding(t.name);
    assert.deepEqual([hex(codeBytes(enc.marker, t.elf.endian)), hex(codeBytes(enc.ret, t.elf.endian))], expected[t.name], t.name);
  }
});

test('the offset counts from the word on RISC targets, from the end of ud0 on x86', () => {
  assert.equal(descriptorAddress(stubEncoding('aarch64'), 0x1000, 0x20), 0x1024);
  assert.equal(descriptorAddress(stubEncoding('mips'), 0x1000, -0x10), 0x1000 + 4 - 0x10);
  assert.equal(descriptorAddress(stubEncoding('x86_64'), 0x1000, 0x20), 0x1000 + 3 + 4 + 0x20);
});

/** A little guest memory image holding one stub at 0x100 and a descriptor at 0x180. */
function image(name: string, offsetOverride?: number): { mem: Uint8Array; read: (a: number, n: number) => Uint8Array | null } {
  const t = target(name);
  const enc = stubEncoding(t.name);
  const little = t.elf.endian === 'le';
  const mem = new Uint8Array(0x400);
  const marker = codeBytes(enc.marker, t.elf.endian);
  mem.set(marker, 0x100);
  const wordAt = 0x100 + marker.length;
  const base = enc.offsetBase === 'word' ? wordAt : wordAt + 4;
  const descAt = 0x100 + 0xb8; // offset 0xb4 from a RISC word: congruent to 0x34 mod 64, as mips requires
  new DataView(mem.buffer).setInt32(wordAt, offsetOverride ?? descAt - base, little);
  mem.set(codeBytes(enc.ret, t.elf.endian), wordAt + 4);
  const desc = new DataView(mem.buffer, descAt);
  mem.set(Buffer.from('QTND'), descAt);
  desc.setUint32(4, 1, little);
  desc.setUint32(8, 7, little);
  mem.set(Buffer.from('rawmemchr\0sig text\0'), descAt + 12);
  return { mem, read: (a, n) => (a >= 0 && a < mem.length ? mem.subarray(a, Math.min(mem.length, a + n)) : null) };
}

test('readStubAt follows the offset word to the descriptor on every target', () => {
  for (const t of TARGETS) {
    const { read } = image(t.name);
    const stub = readStubAt(t, read, 0x100);
    assert.ok(stub, t.name);
    assert.equal(stub.descriptorAddress, 0x1b8, t.name);
    assert.deepEqual({ ...stub.descriptor }, { abiVersion: 1, id: 7, name: 'rawmemchr', signature: 'sig text', size: 31 }, t.name);
    assert.equal(stub.resumeAddress, 0x100 + codeBytes(stubEncoding(t.name).marker, 'le').length + 4);
    assert.equal(readStubAt(t, read, 0x104), null, `${t.name}: no marker there`);
  }
});

test('on mips an offset word that would not trap as teq is refused', () => {
  const { read } = image('mipsel', 0x1000);
  assert.throws(() => readStubAt(target('mipsel'), read, 0x100), /does not decode as teq \$zero, \$zero/);
});

test('descriptor and note decoding reject bad magic and missing terminators', () => {
  assert.throws(() => decodeDescriptor(Buffer.from('QTNX\0\0\0\x01\0\0\0\x01a\0b\0'), false), LayoutError);
  assert.throws(() => decodeDescriptor(Buffer.from('QTND\0\0\0\x01\0\0\0\x01abc'), false), /not NUL-terminated/);
  const note = Buffer.concat([Buffer.from('QTNL'), Buffer.from([0, 0, 0, 1, 0, 0, 0, 25]), Buffer.alloc(8, 0xab), Buffer.from('mips\0')]);
  assert.deepEqual({ ...decodeLibraryNote(note, false), digest: hex(decodeLibraryNote(note, false).digest) }, {
    abiVersion: 1,
    functionCount: 25,
    digest: 'abababababababab',
    target: 'mips',
  });
  assert.equal(decodeLibraryNote(note, true).functionCount, 25 << 24);
});
