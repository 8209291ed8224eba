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
    if (p.filesz < 2 || p.filesz > PATH_MAX) return { errno: ENOEXEC, why: `PT_INTERP p_filesz is ${p.filesz}` };
    if (p.offset + p.filesz > elf.bytes.length) return { errno: ENOEXEC, why: `PT_INTERP at file offset ${hex(p.offset)} is past the end of the file` };
    if (elf.bytes[p.offset + p.filesz - 1] !== 0) return { errno: ENOEXEC, why: 'PT_INTERP string does not end with a NUL' };
  }
  return null;
}
