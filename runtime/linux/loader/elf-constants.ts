// ELF constants the program loader needs (runtime/elf keeps only what the libnative tools use).
export const ET_EXEC = 2;
export const ET_DYN = 3;
export const PT_LOAD = 1;
export const PT_INTERP = 3;
export const PT_PHDR = 6;
export const PT_GNU_STACK = 0x6474e551;
export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;
