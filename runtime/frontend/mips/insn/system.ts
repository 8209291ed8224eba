// SYSCALL, BREAK, the conditional traps, RDHWR, and the
// instructions that are no-ops for a single-core user-mode translator (SYNC, PREF, SYNCI, ...).
import type { CmpKind } from '../../../ir/types.js';
import type { Sem } from '../emitter.js';
import { RDHWR_CC_HELPER } from '../helpers.js';
import { breakCode } from '../traps.js';

/**
 * Linux (and qemu-user) ignore SYSCALL's code field: any SYSCALL runs the system call numbered
 * by $v0 and resumes at pc + 4. The code is passed on as the exit info all the same. The
 * libnative marker `syscall 0xfffff` is therefore an ordinary syscall without bypass (with it,
 * the translation loop recognises the marker before decoding).
 */
export const syscall: Sem = (e, f) => {
  e.b.exit('syscall', e.pc + 4, f.code);
  return 'stop';
};

export const breakpoint: Sem = (e, f) => {
  e.b.exit('trap', e.pc, breakCode(f.code));
  return 'stop';
};

/** TEQ/TNE/TGE/TGEU/TLT/TLTU: trap with the 10-bit code when rs <cmp> rt. */
export const trapRegister = (kind: CmpKind): Sem => (e, f) => {
  e.trapIf(e.b.cmp(kind, e.gpr(f.rs), e.gpr(f.rt)), e.pc, f.code);
};

/** TEQI/TNEI/TGEI/TGEIU/TLTI/TLTIU: the immediate is sign-extended; Linux reports code 0. */
export const trapImmediate = (kind: CmpKind): Sem => (e, f) => {
  e.trapIf(e.b.cmp(kind, e.gpr(f.rs), e.word(f.imm)), e.pc, 0);
};

/** SYNCI's cache line step reported by RDHWR $1 (we have no caches; any power of two works). */
const SYNCI_STEP = 32;

/** RDHWR rt, rd: the hardware registers Linux lets user mode read, by rd. */
export const rdhwr: Readonly<Record<'cpuNum' | 'synciStep' | 'cc' | 'ccRes' | 'userLocal', Sem>> = {
  cpuNum: (e, f) => e.setGpr(f.rt, e.word(0)),
  synciStep: (e, f) => e.setGpr(f.rt, e.word(SYNCI_STEP)),
  cc: (e, f) => e.setGpr32(f.rt, e.b.call(RDHWR_CC_HELPER, [], 'i32')),
  ccRes: (e, f) => e.setGpr(f.rt, e.word(1)), // CC counts every cycle
  userLocal: (e, f) => e.setGpr(f.rt, e.b.get(e.W, e.off.ulr)), // the TLS pointer
};

export const nop: Sem = () => {};
