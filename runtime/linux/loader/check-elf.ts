// The consistency checks execve's ELF loader (the kernel's binfmt_elf) makes before it maps an
// image, for the program and for its interpreter: a file that fails one is refused with the
// errno the kernel gives (ENOEXEC: "Exec format error", EINVAL: "Invalid argument", ENOMEM:
// "Cannot allocate memory"), as one line naming the field, instead of reaching the mapping code
// with values it cannot place.
import { PT_INTERP, PT_LOAD } from '../../elf/constants.js';
import type { ElfFile } from '../../elf/reader.js';
import { PAGE_SIZE } from '../mm/layout.js';

const ENOEXEC = 'Exec format error';
const EINVAL = 'Invalid argument';
const ENOMEM = 'Cannot allocate memory';
/** binfmt_elf refuses a program-header table larger than this (load_elf_phdrs). */
const MAX_PHDR_TABLE = 65536;
/** The kernel's bounds on PT_INTERP's p_filesz: room for a NUL and a name, at most PATH_MAX. */
const PATH_MAX = 4096;

export type LoaderRefusal = { errno: string; why: string };

const hex = (n: number): string => `0x${n.toString(16)}`;

/** The first reason the kernel would refuse to map this image, or null. */
export function elfLoadProblem(elf: ElfFile): LoaderRefusal | null {
  const h = elf.header;
  const entsize = h.class === 64 ? 56 : 32;
  if (h.phentsize !== entsize) return { errno: ENOEXEC, why: `e_phentsize is ${h.phentsize}, ELF${h.class} program headers are ${entsize} bytes` };
  if (h.phnum === 0 || h.phnum * entsize > MAX_PHDR_TABLE) return { errno: ENOEXEC, why: `e_phnum is ${h.phnum}` };
  const loads = elf.programHeaders.filter((p) => p.type === PT_LOAD);
  if (loads.length === 0) return { errno: ENOEXEC, why: 'no PT_LOAD segment' };
  for (const p of loads) {
    const seg = `PT_LOAD at ${hex(p.vaddr)}`;
    if (!Number.isSafeInteger(p.vaddr + p.memsz) || !Number.isSafeInteger(p.offset + p.filesz)) {
      return { errno: ENOMEM, why: `${seg}: p_offset ${hex(p.offset)}, p_filesz ${hex(p.filesz)}, p_memsz ${hex(p.memsz)} reach past the address space` };
    }
    if (p.filesz > p.memsz) return { errno: EINVAL, why: `${seg}: p_filesz ${hex(p.filesz)} is larger than p_memsz ${hex(p.memsz)}` };
    if ((p.vaddr - p.offset) % PAGE_SIZE !== 0) return { errno: EINVAL, why: `${seg}: p_offset ${hex(p.offset)} is not congruent to p_vaddr modulo the page size` };
  }
  // Like the kernel, only the first PT_INTERP counts.
  const p = elf.programHeaders.find((x) => x.type === PT_INTERP);
  if (p) {
    if (p.filesz < 2 || p.filesz > PATH_MAX) return { errno: ENOEXEC, why: `PT_INTERP p_filesz is ${hex(p.filesz)}` };
    if (p.offset + p.filesz > elf.bytes.length) return { errno: ENOEXEC, why: `PT_INTERP at file offset ${hex(p.offset)} is past the end of the file` };
    if (elf.bytes[p.offset + p.filesz - 1] !== 0) return { errno: ENOEXEC, why: 'PT_INTERP string does not end with a NUL' };
  }
  return null;
}

const PT_GNU_PROPERTY = 0x6474e553;
const NT_GNU_PROPERTY_TYPE_0 = 5;
const GNU_PROPERTY_AARCH64_FEATURE_1_AND = 0xc0000000;
/** binfmt_elf reads PT_GNU_PROPERTY into a buffer of this size and refuses a larger one. */
const NOTE_DATA_SZ = 1024;
/** Properties are 8-byte aligned in ELF64 (the only class whose kernels parse them, arm64's). */
const PROPERTY_ALIGN = 8;

/**
 * What arm64's kernel refuses in PT_GNU_PROPERTY (binfmt_elf's parse_elf_properties, which it
 * applies to the interpreter when there is one, else to the program): a note that is not one
 * "GNU" NT_GNU_PROPERTY_TYPE_0 note of at most 1 KiB, a property running past it, properties
 * not sorted by type, or a FEATURE_1_AND property that is not 4 bytes. qemu-user checks the same.
 */
export function gnuPropertyProblem(elf: ElfFile): LoaderRefusal | null {
  const p = elf.programHeaders.find((x) => x.type === PT_GNU_PROPERTY);
  if (!p) return null;
  const bad = (why: string): LoaderRefusal => ({ errno: ENOEXEC, why: `PT_GNU_PROPERTY: ${why}` });
  if (p.filesz > NOTE_DATA_SZ) return bad(`p_filesz ${p.filesz} is over ${NOTE_DATA_SZ}`);
  const data = elf.bytes.subarray(Math.min(p.offset, elf.bytes.length), Math.min(p.offset + p.filesz, elf.bytes.length));
  if (data.length < 16) return bad(`${data.length} bytes, too short for a note`);
  const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const little = elf.header.endian === 'le';
  const u32 = (at: number): number => dv.getUint32(at, little);
  const name = Buffer.from(data.subarray(12, 16)).toString('latin1');
  if (u32(8) !== NT_GNU_PROPERTY_TYPE_0 || u32(0) !== 4 || name !== 'GNU\0') return bad('not a GNU NT_GNU_PROPERTY_TYPE_0 note');
  const start = 16;
  if (u32(4) > data.length - start) return bad(`n_descsz ${hex(u32(4))} runs past the segment`);
  const end = start + u32(4);
  let prev = -1;
  for (let at = start; at !== end;) {
    if (end - at < 8) return bad(`property at ${at} is truncated`);
    const type = u32(at);
    const size = u32(at + 4);
    if (size > end - at - 8) return bad(`property ${hex(type)}: pr_datasz ${hex(size)} runs past the note`);
    if (type <= prev) return bad(`property ${hex(type)} is out of order`);
    if (type === GNU_PROPERTY_AARCH64_FEATURE_1_AND && size !== 4) return bad(`AARCH64_FEATURE_1_AND has pr_datasz ${size}, not 4`);
    prev = type;
    at += 8 + Math.ceil(size / PROPERTY_ALIGN) * PROPERTY_ALIGN;
    if (at > end) return bad(`property ${hex(type)} is not padded within the note`);
  }
  return null;
}
