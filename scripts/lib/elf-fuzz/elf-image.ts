// A mutable copy of a valid ELF file for the fuzzer: where each header, program-header and
// dynamic-entry field lives (both classes, both byte orders), and writing a field. The structure
// (program headers, dynamic entries) is the original's, parsed once with the runtime's reader,
// so the mutators can aim at a field even after an earlier mutation made the file unreadable.
import { ElfFile, type ProgramHeader } from '../../../runtime/elf/reader.js';

export interface Field {
  name: string;
  offset: number;
  /** Bytes: 1, 2, 4 or 8. */
  size: number;
}

type Layout = Record<string, [offset: number, size: number]>;

const HEADER32: Layout = {
  e_type: [16, 2], e_machine: [18, 2], e_version: [20, 4], e_entry: [24, 4], e_phoff: [28, 4], e_shoff: [32, 4], e_flags: [36, 4],
  e_ehsize: [40, 2], e_phentsize: [42, 2], e_phnum: [44, 2], e_shentsize: [46, 2], e_shnum: [48, 2], e_shstrndx: [50, 2],
};
const HEADER64: Layout = {
  e_type: [16, 2], e_machine: [18, 2], e_version: [20, 4], e_entry: [24, 8], e_phoff: [32, 8], e_shoff: [40, 8], e_flags: [48, 4],
  e_ehsize: [52, 2], e_phentsize: [54, 2], e_phnum: [56, 2], e_shentsize: [58, 2], e_shnum: [60, 2], e_shstrndx: [62, 2],
};
const IDENT: Layout = { EI_MAG0: [0, 1], EI_MAG3: [3, 1], EI_CLASS: [4, 1], EI_DATA: [5, 1], EI_VERSION: [6, 1], EI_OSABI: [7, 1], EI_ABIVERSION: [8, 1] };
const PHDR32: Layout = { p_type: [0, 4], p_offset: [4, 4], p_vaddr: [8, 4], p_paddr: [12, 4], p_filesz: [16, 4], p_memsz: [20, 4], p_flags: [24, 4], p_align: [28, 4] };
const PHDR64: Layout = { p_type: [0, 4], p_flags: [4, 4], p_offset: [8, 8], p_vaddr: [16, 8], p_paddr: [24, 8], p_filesz: [32, 8], p_memsz: [40, 8], p_align: [48, 8] };

export class ElfImage {
  readonly bytes: Uint8Array;
  readonly is64: boolean;
  readonly little: boolean;
  /** The original's program headers and where each starts in the file. */
  readonly phdrs: readonly (ProgramHeader & { at: number })[];
  /** The file's length after truncation (the bytes past it are not written out). */
  length: number;
  private readonly view: DataView;

  constructor(original: Uint8Array) {
    const elf = new ElfFile(original);
    this.bytes = Uint8Array.from(original);
    this.length = original.length;
    this.view = new DataView(this.bytes.buffer);
    this.is64 = elf.header.class === 64;
    this.little = elf.header.endian === 'le';
    this.phdrs = elf.programHeaders.map((p, i) => ({ ...p, at: elf.header.phoff + i * elf.header.phentsize }));
  }

  /** The mutated file's contents. */
  contents(): Uint8Array { return this.bytes.subarray(0, this.length); }

  get wordSize(): number { return this.is64 ? 8 : 4; }

  headerFields(): Field[] {
    const layout = { ...IDENT, ...(this.is64 ? HEADER64 : HEADER32) };
    return Object.entries(layout).map(([name, [offset, size]]) => ({ name, offset, size }));
  }

  phdrFields(index: number): Field[] {
    const at = this.phdrs[index]!.at;
    return Object.entries(this.is64 ? PHDR64 : PHDR32).map(([name, [offset, size]]) => ({ name: `phdr[${index}].${name}`, offset: at + offset, size }));
  }

  /** The d_tag and d_un fields of every entry of the PT_DYNAMIC segment, up to its DT_NULL. */
  dynamicEntries(): { tag: Field; value: Field; tagValue: bigint }[] {
    const dyn = this.phdrs.find((p) => p.type === 2);
    if (!dyn) return [];
    const w = this.wordSize;
    const out: { tag: Field; value: Field; tagValue: bigint }[] = [];
    for (let at = dyn.offset, i = 0; at + 2 * w <= Math.min(dyn.offset + dyn.filesz, this.bytes.length); at += 2 * w, i++) {
      const tag: Field = { name: `dyn[${i}].d_tag`, offset: at, size: w };
      const tagValue = this.read(tag);
      out.push({ tag, value: { name: `dyn[${i}].d_val`, offset: at + w, size: w }, tagValue });
      if (tagValue === 0n) break;
    }
    return out;
  }

  read(f: Field): bigint {
    switch (f.size) {
      case 1: return BigInt(this.view.getUint8(f.offset));
      case 2: return BigInt(this.view.getUint16(f.offset, this.little));
      case 4: return BigInt(this.view.getUint32(f.offset, this.little));
      default: return this.view.getBigUint64(f.offset, this.little);
    }
  }

  /** Writes the value (truncated to the field's width); returns a description of the change. */
  write(f: Field, value: bigint): string {
    const old = this.read(f);
    const v = BigInt.asUintN(f.size * 8, value);
    switch (f.size) {
      case 1: this.view.setUint8(f.offset, Number(v)); break;
      case 2: this.view.setUint16(f.offset, Number(v), this.little); break;
      case 4: this.view.setUint32(f.offset, Number(v), this.little); break;
      default: this.view.setBigUint64(f.offset, v, this.little);
    }
    return `${f.name} 0x${old.toString(16)} -> 0x${v.toString(16)}`;
  }
}
