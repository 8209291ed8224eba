// ELF constants used by qemu-ts (values from the System V gABI and the psABI supplements): the
// one definition the reader, the program loader, the libnative tools and the target table use.

/** e_ident[0..3]. */
export const ELF_MAGIC: readonly number[] = [0x7f, 0x45, 0x4c, 0x46]; // \x7f 'E' 'L' 'F'

export const ELFCLASS32 = 1;
export const ELFCLASS64 = 2;
export const ELFDATA2LSB = 1;
export const ELFDATA2MSB = 2;

export const ET_EXEC = 2;
export const ET_DYN = 3;

export const EM_386 = 3;
export const EM_MIPS = 8;
export const EM_ARM = 40;
export const EM_X86_64 = 62;
export const EM_AARCH64 = 183;

export const PT_LOAD = 1;
export const PT_INTERP = 3;
export const PT_NOTE = 4;
export const PT_PHDR = 6;
export const PT_GNU_STACK = 0x6474e551;

/** p_flags */
export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;

export const SHT_DYNAMIC = 6;
export const SHT_NOTE = 7;
export const SHT_DYNSYM = 11;

export const SHN_UNDEF = 0;

export const DT_NULL = 0;
export const DT_NEEDED = 1;

export const STB_GLOBAL = 1;
export const STT_FUNC = 2;
export const STV_DEFAULT = 0;

export const EF_ARM_EABIMASK = 0xff000000;
export const EF_ARM_EABI_VER5 = 0x05000000;
export const EF_ARM_ABI_FLOAT_SOFT = 0x200;

export const EF_MIPS_PIC = 0x2;
export const EF_MIPS_ABI2 = 0x20;
export const EF_MIPS_ABI = 0x0000f000;
export const EF_MIPS_ABI_O32 = 0x00001000;
