// Damaged ELF files the fuzzer (scripts/elf-fuzz.ts) found ending in "internal error" or
// refused where the kernel runs them, each rebuilt here from a valid program by the one change
// that matters: refused with one line naming the file and the kernel's errno, or run.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { PT_INTERP, PT_LOAD, PT_NOTE } from '../../runtime/elf/constants.js';
import { ElfImage } from '../../scripts/lib/elf-fuzz/elf-image.js';
import { overlaySysroot } from '../../scripts/lib/elf-fuzz/run-case.js';
import { guestProgram, qemuTs, qemuUser } from './support.js';

const CROSS = '/usr/aarch64-linux-gnu';

function field(img: ElfImage, name: string, phdr?: number) {
  const f = (phdr === undefined ? img.headerFields() : img.phdrFields(phdr)).find((x) => x.name.endsWith(name));
  assert.ok(f, name);
  return f;
}

/** A copy of `program` changed by `change`, in a directory removed after the test. */
function damaged(t: TestContext, program: string, change: (img: ElfImage) => void): { dir: string; file: string } {
  const img = new ElfImage(readFileSync(program));
  change(img);
  const dir = mkdtempSync(join(tmpdir(), 'qemu-ts-malformed-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'prog');
  writeFileSync(file, img.contents(), { mode: 0o755 });
  return { dir, file };
}

function oneLineError(r: { status: number | null; stderr: string }, pattern: RegExp): void {
  const lines = r.stderr.trimEnd().split('\n');
  assert.deepEqual({ status: r.status, lines: lines.length }, { status: 1, lines: 1 }, r.stderr);
  assert.match(lines[0]!, /^qemu-ts-aarch64: /);
  assert.match(lines[0]!, pattern);
}

const indexOf = (img: ElfImage, type: number): number => img.phdrs.findIndex((p) => p.type === type);

test('e_phnum 0 and e_phentsize 0 are Exec format error, as the kernel says', (t) => {
  const noPhdrs = damaged(t, guestProgram('hello'), (img) => img.write(field(img, 'e_phnum'), 0n));
  oneLineError(qemuTs(['-L', CROSS, noPhdrs.file]), /prog: Exec format error \(e_phnum is 0\)$/);
  const noEntsize = damaged(t, guestProgram('hello', { static: true }), (img) => img.write(field(img, 'e_phentsize'), 0n));
  oneLineError(qemuTs(['-L', CROSS, noEntsize.file]), /prog: Exec format error \(e_phentsize is 0, ELF64 program headers are 56 bytes\)$/);
});

test('a program without a PT_LOAD segment is Exec format error', (t) => {
  const { file } = damaged(t, guestProgram('hello', { static: true }), (img) => {
    img.phdrs.forEach((p, i) => { if (p.type === PT_LOAD) img.write(field(img, 'p_type', i), 0n); });
  });
  oneLineError(qemuTs(['-L', CROSS, file]), /Exec format error \(no PT_LOAD segment\)$/);
});

test('a PT_LOAD with p_filesz above p_memsz, or p_offset out of step with p_vaddr, is Invalid argument', (t) => {
  const bigFile = damaged(t, guestProgram('hello', { static: true }), (img) => {
    const i = indexOf(img, PT_LOAD);
    img.write(field(img, 'p_filesz', i), img.read(field(img, 'p_memsz', i)) + 1n);
  });
  oneLineError(qemuTs(['-L', CROSS, bigFile.file]), /Invalid argument \(PT_LOAD at 0x[0-9a-f]+: p_filesz 0x[0-9a-f]+ is larger than p_memsz/);
  const skewed = damaged(t, guestProgram('hello', { static: true }), (img) => {
    const i = indexOf(img, PT_LOAD);
    img.write(field(img, 'p_offset', i), img.read(field(img, 'p_offset', i)) + 8n);
  });
  oneLineError(qemuTs(['-L', CROSS, skewed.file]), /Invalid argument \(PT_LOAD at 0x[0-9a-f]+: p_offset 0x[0-9a-f]+ is not congruent to p_vaddr/);
});

test('a PT_INTERP string without its NUL, or past the end of the file, is Exec format error', (t) => {
  const noNul = damaged(t, guestProgram('hello'), (img) => {
    const p = img.phdrs[indexOf(img, PT_INTERP)]!;
    img.bytes.fill(0x41, p.offset, p.offset + p.filesz);
  });
  oneLineError(qemuTs(['-L', CROSS, noNul.file]), /Exec format error \(PT_INTERP string does not end with a NUL\)$/);
  const pastEnd = damaged(t, guestProgram('hello'), (img) => img.write(field(img, 'p_offset', indexOf(img, PT_INTERP)), BigInt(img.length)));
  oneLineError(qemuTs(['-L', CROSS, pastEnd.file]), /Exec format error \(PT_INTERP at file offset 0x[0-9a-f]+ is past the end of the file\)$/);
});

test('a damaged dynamic linker is refused with its own name; one too large for the address space is Cannot allocate memory', (t) => {
  const hello = guestProgram('hello');
  const interp = '/lib/ld-linux-aarch64.so.1';
  const run = (change: (img: ElfImage) => void) => {
    const { dir } = damaged(t, hello, () => {});
    const img = new ElfImage(readFileSync(join(CROSS, interp)));
    change(img);
    overlaySysroot(CROSS, interp, img.contents(), join(dir, 'root'));
    return qemuTs(['-L', join(dir, 'root'), hello]);
  };
  oneLineError(run((img) => img.write(field(img, 'e_phnum'), 0n)), new RegExp(`^qemu-ts-aarch64: ${interp}: Exec format error \\(e_phnum is 0\\)$`));
  const huge = run((img) => {
    const last = img.phdrs.map((p, i) => ({ p, i })).filter(({ p }) => p.type === PT_LOAD).pop()!;
    img.write(field(img, 'p_memsz', last.i), 0x7fff0000n);
  });
  oneLineError(huge, new RegExp(`^qemu-ts-aarch64: ${interp}: Cannot allocate memory \\(segments at 0x0-0x[0-9a-f]+ do not fit the guest address space\\)$`));
});

test('a damaged section header table or unused program-header fields past 2^53 do not stop a program, as under qemu-user', (t) => {
  const { file } = damaged(t, guestProgram('hello', { static: true }), (img) => {
    img.write(field(img, 'e_shoff'), 0xfffffffffffff000n);
    img.write(field(img, 'e_shnum'), 0xffffn);
    const note = indexOf(img, PT_NOTE);
    img.write(field(img, 'p_paddr', note), 0xada345b499b1c565n);
    img.write(field(img, 'p_align', note), 1n << 63n);
  });
  const ours = qemuTs(['-L', CROSS, file]);
  const ref = qemuUser([file]);
  assert.deepEqual({ status: ours.status, stdout: ours.stdout }, { status: ref.status, stdout: 'Hello, world!\n' }, ours.stderr);
});

test('arm64 refuses a malformed PT_GNU_PROPERTY note as its kernel and qemu-user do, and runs a well-formed one', (t) => {
  /** hello's PT_NOTE turned into a PT_GNU_PROPERTY holding one AARCH64_FEATURE_1_AND property of `size` bytes. */
  const withProperty = (size: number) => damaged(t, guestProgram('hello', { static: true }), (img) => {
    const i = indexOf(img, PT_NOTE);
    const at = img.phdrs[i]!.offset;
    const note = Buffer.alloc(32);
    note.writeUInt32LE(4, 0);
    note.writeUInt32LE(16, 4);
    note.writeUInt32LE(5, 8);                  // NT_GNU_PROPERTY_TYPE_0
    note.write('GNU\0', 12, 'latin1');
    note.writeUInt32LE(0xc0000000, 16);        // GNU_PROPERTY_AARCH64_FEATURE_1_AND
    note.writeUInt32LE(size, 20);
    img.bytes.set(note, at);
    img.write(field(img, 'p_type', i), 0x6474e553n);
    img.write(field(img, 'p_filesz', i), 32n);
  });
  const good = withProperty(4).file;
  assert.deepEqual([qemuTs(['-L', CROSS, good]).stdout, qemuUser([good]).stdout], ['Hello, world!\n', 'Hello, world!\n']);
  const bad = withProperty(8).file;
  oneLineError(qemuTs(['-L', CROSS, bad]), /prog: Exec format error \(PT_GNU_PROPERTY: AARCH64_FEATURE_1_AND has pr_datasz 8, not 4\)$/);
  assert.match(qemuUser([bad]).stderr, /Ill-formed GNU_PROPERTY_AARCH64_FEATURE_1_AND/);
});
