// Maps an ELF image's PT_LOAD segments into the guest address space, the way the kernel's
// binfmt_elf does: whole pages from the file (so the headers at the start of the first page
// are visible), bss zeroed, each segment with its own protection.
import fs from 'node:fs';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../../core/api.js';
import { PF_R, PF_W, PF_X, PT_LOAD, PT_PHDR } from '../../elf/constants.js';
import type { ElfFile } from '../../elf/reader.js';
import { ANON, type AddressSpace } from '../mm/address-space.js';
import { pageDown, pageUp } from '../mm/layout.js';

export interface MappedElf {
  /** Load bias: runtime address = vaddr + bias. */
  bias: number;
  entry: number;
  /** Runtime address of the program headers (AT_PHDR). */
  phdr: number;
  phnum: number;
  phent: number;
  /** Page-aligned end of the highest segment (where brk starts). */
  end: number;
}

export function segmentProt(flags: number): number {
  return (flags & PF_R ? PROT_READ : 0) | (flags & PF_W ? PROT_WRITE : 0) | (flags & PF_X ? PROT_EXEC : 0);
}

/** Lowest and highest (page-rounded) vaddr of the PT_LOAD segments. */
export function loadSpan(elf: ElfFile): { low: number; high: number } {
  const loads = elf.programHeaders.filter((p) => p.type === PT_LOAD);
  if (loads.length === 0) throw new Error('no loadable segments');
  return { low: pageDown(Math.min(...loads.map((p) => p.vaddr))), high: pageUp(Math.max(...loads.map((p) => p.vaddr + p.memsz))) };
}

/** Map the image with the given bias. */
export function mapElf(as: AddressSpace, elf: ElfFile, hostPath: string, bias: number): MappedElf {
  const loads = elf.programHeaders.filter((p) => p.type === PT_LOAD);
  let stat: fs.Stats | null = null;
  try {
    stat = fs.statSync(hostPath);
  } catch {
    // not fatal: only /proc/self/maps shows the device and inode
  }
  const file = { ...ANON, name: fs.realpathSync.native(hostPath), anon: false, inode: stat?.ino ?? 0, dev: 0 };
  for (const p of loads) {
    const start = pageDown(p.vaddr + bias);
    const end = pageUp(p.vaddr + p.memsz + bias);
    as.map(start, end - start, { ...file, prot: segmentProt(p.flags), offset: pageDown(p.offset) });
  }
  // Contents after all mappings, so a page shared by two segments keeps both parts.
  for (const p of loads) {
    const fileStart = pageDown(p.offset);
    const dest = pageDown(p.vaddr + bias);
    const bytes = elf.bytes.subarray(fileStart, p.offset + p.filesz);
    as.mem.u8.set(bytes, dest);
    as.mem.noteWrite(dest, bytes.length);
    // The rest of the last file page belongs to bss: zero it like the kernel's padzero.
    const bssStart = p.vaddr + bias + p.filesz;
    if (p.memsz > p.filesz) as.mem.zero(bssStart, Math.min(pageUp(bssStart), p.vaddr + bias + p.memsz) - bssStart);
  }
  const h = elf.header;
  const phdrSeg = elf.programHeaders.find((p) => p.type === PT_PHDR);
  const containing = loads.find((p) => p.offset <= h.phoff && h.phoff < p.offset + p.filesz);
  const phdr = phdrSeg ? phdrSeg.vaddr + bias : containing ? containing.vaddr + (h.phoff - containing.offset) + bias : 0;
  return {
    bias, entry: h.entry + bias, phdr, phnum: h.phnum, phent: h.phentsize,
    end: Math.max(...loads.map((p) => pageUp(p.vaddr + p.memsz + bias))),
  };
}
