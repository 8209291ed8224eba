// A small synchronous ELF reader for both classes and both byte orders: file header, program
// headers, section headers, symbol tables and notes, plus virtual-address-to-file mapping.
// Addresses are JS numbers (qemu-ts guests live below 2^53); larger values are refused.
import {
  DT_NEEDED,
  DT_NULL,
  ELFCLASS32,
  ELFCLASS64,
  ELFDATA2LSB,
  ELFDATA2MSB,
  ELF_MAGIC,
  PT_LOAD,
  PT_NOTE,
  SHT_DYNAMIC,
  SHT_DYNSYM,
  SHT_NOTE,
} from './constants.js';

export class ElfFormatError extends Error {}

export interface ElfHeader {
  class: 32 | 64;
  endian: 'le' | 'be';
  osabi: number;
  type: number;
  machine: number;
  version: number;
  entry: number;
  phoff: number;
  shoff: number;
  flags: number;
  ehsize: number;
  phentsize: number;
  phnum: number;
  shentsize: number;
  shnum: number;
  shstrndx: number;
}

export interface ProgramHeader {
  type: number;
  flags: number;
  offset: number;
  vaddr: number;
  paddr: number;
  filesz: number;
  memsz: number;
  align: number;
}

export interface SectionHeader {
  index: number;
  name: string;
  type: number;
  flags: number;
  addr: number;
  offset: number;
  size: number;
  link: number;
  info: number;
  addralign: number;
  entsize: number;
}

export interface ElfSymbol {
  name: string;
  value: number;
  size: number;
  bind: number;
  type: number;
  visibility: number;
  shndx: number;
}

export interface ElfNote {
  name: string;
  type: number;
  desc: Uint8Array;
}

/** A cursor over the image in the file's byte order, reading class-sized words. */
class Fields {
  private readonly view: DataView;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly little: boolean,
    private readonly is64: boolean,
    public pos = 0,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  private need(n: number): void {
    if (this.pos + n > this.bytes.length) throw new ElfFormatError(`truncated ELF file (needs byte ${this.pos + n})`);
  }
  u8(): number {
    this.need(1);
    return this.view.getUint8(this.pos++);
  }
  u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.pos, this.little);
    this.pos += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, this.little);
    this.pos += 4;
    return v;
  }
  u64(): number {
    this.need(8);
    const v = this.view.getBigUint64(this.pos, this.little);
    this.pos += 8;
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new ElfFormatError(`value 0x${v.toString(16)} too large`);
    return Number(v);
  }
  /** Elf32_Addr/Off/Word-sized in ELF32, 64-bit in ELF64 (addresses, offsets, sizes). */
  word(): number {
    return this.is64 ? this.u64() : this.u32();
  }
  /**
   * A word of the file header or a program header: a value past 2^53 is kept, rounded, instead
   * of refusing the file, as the kernel runs a file whose unused fields (e_shoff, p_paddr, or
   * any field of a segment type it ignores) hold such values; the program loader refuses a
   * PT_LOAD segment it cannot place (runtime/linux/loader/check-elf.ts).
   */
  looseWord(): number {
    if (!this.is64) return this.u32();
    this.need(8);
    const v = this.view.getBigUint64(this.pos, this.little);
    this.pos += 8;
    return Number(v);
  }
}

/** The bytes start with the ELF magic. */
export function hasElfMagic(bytes: Uint8Array): boolean {
  return bytes.length >= ELF_MAGIC.length && ELF_MAGIC.every((b, i) => bytes[i] === b);
}

export class ElfFile {
  readonly header: ElfHeader;
  readonly programHeaders: readonly ProgramHeader[];
  private sectionTable: readonly SectionHeader[] | null = null;
  private readonly little: boolean;
  private readonly is64: boolean;

  constructor(readonly bytes: Uint8Array) {
    if (bytes.length < 16 || !hasElfMagic(bytes)) {
      throw new ElfFormatError('not an ELF file');
    }
    const cls = bytes[4];
    const data = bytes[5];
    if (cls !== ELFCLASS32 && cls !== ELFCLASS64) throw new ElfFormatError(`bad ELF class ${cls}`);
    if (data !== ELFDATA2LSB && data !== ELFDATA2MSB) throw new ElfFormatError(`bad ELF data encoding ${data}`);
    this.little = data === ELFDATA2LSB;
    this.is64 = cls === ELFCLASS64;
    this.header = this.readHeader();
    this.programHeaders = this.readProgramHeaders();
  }

  /**
   * Read on first use: loading a program needs only the file and program headers (the kernel
   * and qemu-user never look at sections), so a damaged section table must not stop it.
   */
  get sections(): readonly SectionHeader[] {
    this.sectionTable ??= this.readSections();
    return this.sectionTable;
  }

  private fields(pos: number): Fields {
    return new Fields(this.bytes, this.little, this.is64, pos);
  }

  private readHeader(): ElfHeader {
    const f = this.fields(16);
    const type = f.u16();
    const machine = f.u16();
    const version = f.u32();
    const entry = f.looseWord();
    const phoff = f.looseWord();
    const shoff = f.looseWord();
    return {
      class: this.is64 ? 64 : 32,
      endian: this.little ? 'le' : 'be',
      osabi: this.bytes[7]!,
      type,
      machine,
      version,
      entry,
      phoff,
      shoff,
      flags: f.u32(),
      ehsize: f.u16(),
      phentsize: f.u16(),
      phnum: f.u16(),
      shentsize: f.u16(),
      shnum: f.u16(),
      shstrndx: f.u16(),
    };
  }

  private readProgramHeaders(): ProgramHeader[] {
    const { phoff, phnum, phentsize } = this.header;
    const out: ProgramHeader[] = [];
    for (let i = 0; i < phnum; i++) {
      const f = this.fields(phoff + i * phentsize);
      if (this.is64) {
        const type = f.u32();
        const flags = f.u32();
        out.push({ type, flags, offset: f.looseWord(), vaddr: f.looseWord(), paddr: f.looseWord(), filesz: f.looseWord(), memsz: f.looseWord(), align: f.looseWord() });
      } else {
        const type = f.u32();
        const offset = f.word();
        const vaddr = f.word();
        const paddr = f.looseWord();
        const filesz = f.word();
        const memsz = f.word();
        out.push({ type, offset, vaddr, paddr, filesz, memsz, flags: f.u32(), align: f.word() });
      }
    }
    return out;
  }

  private readSections(): SectionHeader[] {
    const { shoff, shnum, shentsize, shstrndx } = this.header;
    const raw: Omit<SectionHeader, 'name'>[] = [];
    const nameOffsets: number[] = [];
    for (let index = 0; index < shnum; index++) {
      const f = this.fields(shoff + index * shentsize);
      nameOffsets.push(f.u32());
      const type = f.u32();
      const flags = f.word();
      raw.push({ index, type, flags, addr: f.word(), offset: f.word(), size: f.word(), link: f.u32(), info: f.u32(), addralign: f.word(), entsize: f.word() });
    }
    const strtab = raw[shstrndx];
    return raw.map((s, i) => ({ ...s, name: strtab ? this.string(strtab.offset, strtab.size, nameOffsets[i]!) : '' }));
  }

  private string(tableOffset: number, tableSize: number, index: number): string {
    if (index >= tableSize) throw new ElfFormatError(`string index ${index} outside its table`);
    const start = tableOffset + index;
    const end = this.bytes.indexOf(0, start);
    if (end < 0 || end >= tableOffset + tableSize) throw new ElfFormatError('unterminated string in string table');
    return new TextDecoder().decode(this.bytes.subarray(start, end));
  }

  /** Symbols of a SHT_SYMTAB or SHT_DYNSYM section (index 0, the null symbol, included). */
  symbols(s: SectionHeader): ElfSymbol[] {
    const strtab = this.sections[s.link];
    if (!strtab) throw new ElfFormatError(`symbol table ${s.name} has no string table`);
    const entsize = s.entsize || (this.is64 ? 24 : 16);
    const out: ElfSymbol[] = [];
    for (let pos = s.offset; pos + entsize <= s.offset + s.size; pos += entsize) {
      const f = this.fields(pos);
      const nameIndex = f.u32();
      let value: number, size: number, info: number, other: number, shndx: number;
      if (this.is64) {
        info = f.u8();
        other = f.u8();
        shndx = f.u16();
        value = f.word();
        size = f.word();
      } else {
        value = f.word();
        size = f.word();
        info = f.u8();
        other = f.u8();
        shndx = f.u16();
      }
      const name = this.string(strtab.offset, strtab.size, nameIndex);
      out.push({ name, value, size, bind: info >> 4, type: info & 0xf, visibility: other & 3, shndx });
    }
    return out;
  }

  dynamicSymbols(): ElfSymbol[] {
    const s = this.sections.find((x) => x.type === SHT_DYNSYM);
    return s ? this.symbols(s) : [];
  }

  /** DT_NEEDED entries of the SHT_DYNAMIC section (the shared libraries the dynamic linker loads). */
  neededLibraries(): string[] {
    const s = this.sections.find((x) => x.type === SHT_DYNAMIC);
    const strtab = s && this.sections[s.link];
    if (!s || !strtab) return [];
    const entsize = s.entsize || (this.is64 ? 16 : 8);
    const out: string[] = [];
    for (let pos = s.offset; pos + entsize <= s.offset + s.size; pos += entsize) {
      const f = this.fields(pos);
      const tag = f.word();
      if (tag === DT_NULL) break;
      const value = f.word();
      if (tag === DT_NEEDED) out.push(this.string(strtab.offset, strtab.size, value));
    }
    return out;
  }

  /** Notes from PT_NOTE segments, or from SHT_NOTE sections when there are no segments. */
  notes(): ElfNote[] {
    const notes = this.programHeaders.filter((p) => p.type === PT_NOTE).map((p) => ({ offset: p.offset, size: p.filesz }));
    const areas = notes.length > 0 || this.programHeaders.length > 0 ? notes : this.sections.filter((s) => s.type === SHT_NOTE);
    return areas.flatMap((a) => this.parseNotes(a.offset, a.size));
  }

  private parseNotes(offset: number, size: number): ElfNote[] {
    const out: ElfNote[] = [];
    const align4 = (n: number): number => (n + 3) & ~3;
    let pos = offset;
    while (pos + 12 <= offset + size) {
      const f = this.fields(pos);
      const namesz = f.u32();
      const descsz = f.u32();
      const type = f.u32();
      const nameStart = pos + 12;
      const descStart = nameStart + align4(namesz);
      if (descStart + descsz > offset + size) throw new ElfFormatError('note extends past its segment');
      const nameBytes = this.bytes.subarray(nameStart, nameStart + namesz);
      const nul = nameBytes.indexOf(0);
      out.push({ name: new TextDecoder().decode(nul < 0 ? nameBytes : nameBytes.subarray(0, nul)), type, desc: this.bytes.subarray(descStart, descStart + descsz) });
      pos = descStart + align4(descsz);
    }
    return out;
  }

  /** Up to `length` file-backed bytes at `vaddr`, stopping at the end of the segment. */
  readVirtual(vaddr: number, length: number): Uint8Array | null {
    const p = this.programHeaders.find((x) => x.type === PT_LOAD && vaddr >= x.vaddr && vaddr < x.vaddr + x.filesz);
    if (!p) return null;
    const start = p.offset + (vaddr - p.vaddr);
    const end = Math.min(p.offset + p.filesz, start + length, this.bytes.length);
    return this.bytes.subarray(start, end);
  }
}

export function parseElf(bytes: Uint8Array): ElfFile {
  return new ElfFile(bytes);
}
