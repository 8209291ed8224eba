// exit('trap', pc, info) codes. info is the Linux break/trap code of the instruction, so the
// Linux layer can map it as Linux's do_bp/do_tr do: BRK_OVERFLOW and BRK_DIVZERO raise SIGFPE
// (FPE_INTOVF / FPE_INTDIV), every other code raises SIGTRAP.

/** Linux BRK_OVERFLOW; also used for the integer overflow exception of ADD/ADDI/SUB/DADD/DADDI/DSUB,
 * which Linux reports identically (SIGFPE, FPE_INTOVF). */
export const TRAP_OVERFLOW = 6;
/** Linux BRK_DIVZERO (gcc emits `teq $divisor, $zero, 7` after every division). */
export const TRAP_DIVZERO = 7;

/**
 * An FPU operation raised an exception enabled in FCSR (the Cause field says which). Outside the
 * 20-bit break code range; Linux (as qemu-user) reports SIGFPE with the si_code of the cause.
 */
export const TRAP_FPE = 1 << 20;

/**
 * BREAK's 20-bit code as Linux reads it: gas puts `break n` in bits 25:16, so a code with any of
 * the upper ten bits set is taken to be in that position (the kernel's own heuristic).
 */
export function breakCode(code20: number): number {
  return code20 >= 1 << 10 ? ((code20 & 0x3ff) << 10) | (code20 >>> 10) : code20;
}
