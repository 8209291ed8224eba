// Field extraction for the MIPS32/MIPS64 encodings (all instructions are one 32-bit word).

export interface MipsInsn {
  word: number;
  pc: number;
  op: number;     // 31:26
  rs: number;     // 25:21 (also fmt, base, fr)
  rt: number;     // 20:16 (also ft, index, REGIMM selector)
  rd: number;     // 15:11 (also fs)
  sa: number;     // 10:6  (also fd)
  funct: number;  // 5:0
  /** Sign-extended 16-bit immediate. */
  imm: number;
  /** Zero-extended 16-bit immediate. */
  uimm: number;
}

export function fields(word: number, pc: number): MipsInsn {
  return {
    word,
    pc,
    op: word >>> 26,
    rs: (word >>> 21) & 31,
    rt: (word >>> 16) & 31,
    rd: (word >>> 11) & 31,
    sa: (word >>> 6) & 31,
    funct: word & 63,
    imm: (word << 16) >> 16,
    uimm: word & 0xffff,
  };
}

/** The 20-bit code field of SYSCALL and BREAK (bits 25:6). */
export const code20 = (word: number): number => (word >>> 6) & 0xfffff;
/** The 10-bit code field of the register trap instructions (bits 15:6). */
export const code10 = (word: number): number => (word >>> 6) & 0x3ff;
/** FP condition code number of C.cond.fmt (bits 10:8). */
export const ccCompare = (word: number): number => (word >>> 8) & 7;
/** FP condition code number of BC1x, MOVF/MOVT (bits 20:18). */
export const ccTest = (word: number): number => (word >>> 18) & 7;
/** The true/false bit of BC1x and MOVF/MOVT (bit 16). */
export const tfBit = (word: number): number => (word >>> 16) & 1;
