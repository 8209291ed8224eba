// Checks that a libnative.so image belongs to a target and to this qemu-ts: ELF header, the
// qemu-ts note, one exported stub per IDL function, and each stub's descriptor naming it.
// The runtime calls verifyLibnative to refuse a mismatched library with a one-line error.
import { EF_MIPS_PIC, EM_MIPS, ET_DYN, SHN_UNDEF, STB_GLOBAL, STT_FUNC, STV_DEFAULT } from '../elf/constants.js';
import { ElfFormatError, parseElf, type ElfFile } from '../elf/reader.js';
import { elfTargetProblems } from '../elf/target-match.js';
import type { Target } from '../targets.js';
import { loadFunctionTable, type FunctionTable } from './functions.js';
import { decodeLibraryNote, LayoutError, type LibraryNote } from './layouts.js';
import { LIBNATIVE_ABI_VERSION, NOTE_NAME, NOTE_TYPE_LIBNATIVE, stubEncoding } from './stub-abi.js';
import { readStubAt, type StubInfo } from './stub-reader.js';

export interface LibnativeInspection {
  problems: string[];
  note: LibraryNote | null;
  /** Stubs that passed every check, by function id (link-time addresses). */
  stubs: Map<number, StubInfo>;
}

export class LibnativeMismatchError extends Error {}

const hexBytes = (b: Uint8Array): string => Buffer.from(b).toString('hex');

function checkNote(elf: ElfFile, target: Target, table: FunctionTable, problems: string[]): LibraryNote | null {
  const raw = elf.notes().find((n) => n.name === NOTE_NAME && n.type === NOTE_TYPE_LIBNATIVE);
  if (!raw) {
    problems.push('no qemu-ts note: not a libnative library');
    return null;
  }
  const note = decodeLibraryNote(raw.desc, elf.header.endian === 'le');
  if (note.abiVersion !== LIBNATIVE_ABI_VERSION) problems.push(`stub ABI version ${note.abiVersion}, this qemu-ts speaks ${LIBNATIVE_ABI_VERSION}`);
  if (note.target !== target.name) problems.push(`built for target ${note.target}, not ${target.name}`);
  if (note.functionCount !== table.functions.length) problems.push(`has ${note.functionCount} functions, functions.idl lists ${table.functions.length}`);
  if (hexBytes(note.digest) !== hexBytes(table.digest)) problems.push(`interface digest ${hexBytes(note.digest)} differs from functions.idl's ${hexBytes(table.digest)}`);
  return note;
}

function checkStubs(elf: ElfFile, target: Target, table: FunctionTable, problems: string[]): Map<number, StubInfo> {
  const stubs = new Map<number, StubInfo>();
  const exported = elf.dynamicSymbols().filter((s) => s.shndx !== SHN_UNDEF && s.type === STT_FUNC);
  for (const s of exported) {
    if (!table.byName(s.name)) problems.push(`exports ${s.name}, which functions.idl does not list`);
  }
  for (const fn of table.functions) {
    const sym = exported.find((s) => s.name === fn.name);
    if (!sym) {
      problems.push(`${fn.name} is not an exported function in .dynsym`);
      continue;
    }
    if (sym.bind !== STB_GLOBAL || sym.visibility !== STV_DEFAULT) problems.push(`${fn.name} is not a global default-visibility symbol`);
    try {
      const stub = readStubAt(target, (a, n) => elf.readVirtual(a, n), sym.value);
      const d = stub?.descriptor;
      if (!stub || !d) problems.push(`${fn.name} does not start with the marker ${stubEncoding(target.name).markerText}`);
      else if (d.abiVersion !== LIBNATIVE_ABI_VERSION) problems.push(`${fn.name}'s descriptor has ABI version ${d.abiVersion}`);
      else if (d.id !== fn.id || d.name !== fn.name) problems.push(`${fn.name}'s descriptor names ${d.name} (id ${d.id}), expected id ${fn.id}`);
      else if (d.signature !== fn.signature) problems.push(`${fn.name}'s descriptor signature differs from functions.idl`);
      else stubs.set(fn.id, stub);
    } catch (e) {
      if (!(e instanceof LayoutError)) throw e;
      problems.push(`${fn.name}: ${e.message}`);
    }
  }
  return stubs;
}

/** Every problem found (empty when the library fits), plus what could be read. */
export function inspectLibnative(image: Uint8Array, target: Target, table: FunctionTable = loadFunctionTable()): LibnativeInspection {
  let elf: ElfFile;
  try {
    elf = parseElf(image);
  } catch (e) {
    if (e instanceof ElfFormatError) return { problems: [e.message], note: null, stubs: new Map() };
    throw e;
  }
  const problems = elfTargetProblems(elf.header, target);
  if (problems.length > 0) return { problems, note: null, stubs: new Map() };
  if (elf.header.type !== ET_DYN) problems.push('not a shared object (e_type is not ET_DYN)');
  if (elf.header.machine === EM_MIPS && !(elf.header.flags & EF_MIPS_PIC)) problems.push('MIPS library is not PIC (EF_MIPS_PIC missing)');
  try {
    const note = checkNote(elf, target, table, problems);
    return { problems, note, stubs: checkStubs(elf, target, table, problems) };
  } catch (e) {
    if (e instanceof ElfFormatError || e instanceof LayoutError) return { problems: [...problems, e.message], note: null, stubs: new Map() };
    throw e;
  }
}

/** Throws LibnativeMismatchError with a one-line message unless the library fits the target. */
export function verifyLibnative(image: Uint8Array, target: Target, table?: FunctionTable, label = 'libnative.so'): LibnativeInspection {
  const result = inspectLibnative(image, target, table);
  if (result.problems.length > 0) {
    throw new LibnativeMismatchError(`${label} does not fit ${target.name}: ${result.problems.join('; ')}`);
  }
  return result;
}
