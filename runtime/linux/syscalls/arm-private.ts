// The ARM private calls (__ARM_NR_BASE + n, arch/arm/kernel/traps.c arm_syscall): breakpoint,
// cacheflush, usr26/usr32 and get_tls. set_tls is set_thread_area (arch/arm-syscalls.ts).
import { E } from '../errno.js';
import type { GuestProcess } from '../guest-process.js';
import { queueFaultSignal } from '../signals/raise.js';
import { NO_RESULT, type HandlerTable } from './types.js';

const TRAP_BRKPT = 1;
const ILL_ILLTRP = 4;
const PAGE = 4096;

/** Address of the SVC that made the call: pc is the next instruction's (| 1 in Thumb, whose SVC is 16-bit). */
function svcAddress(p: GuestProcess): number {
  const pc = p.thread.pc;
  return ((pc & ~1) - (pc & 1 ? 2 : 4)) >>> 0;
}

/**
 * cacheflush(start, end, flags): translated code already follows guest stores, so only the
 * kernel's checks remain: EINVAL for end < start or any flag, EFAULT for an unmapped page in
 * the range (the kernel's cache maintenance faults there).
 */
function cacheflush(p: GuestProcess, start: number, end: number, flags: number): number {
  if (end < start || flags !== 0) return -E.EINVAL;
  for (let page = start - (start % PAGE); page < end; page += PAGE) p.mem.check(Math.max(page, start), 1, 'read');
  return 0;
}

export const armPrivateSyscalls: HandlerTable = {
  arm_cacheflush: (p, a) => cacheflush(p, a.ptr(0), a.ptr(1), a.uint(2)),
  // The kernel backs the pc up to the SVC and raises SIGTRAP there (ptrace_break); r0 is kept.
  breakpoint: (p) => {
    const at = svcAddress(p);
    p.thread.pc = at | (p.thread.pc & 1);
    queueFaultSignal(p, 'SIGTRAP', TRAP_BRKPT, at);
    return NO_RESULT;
  },
  // Switching to 26-bit mode needs HWCAP_26BIT, which no v7 CPU has: the kernel's "bad
  // syscall(2)", SIGILL ILL_ILLTRP at the SVC (the pc stays past it), and the call returns 0.
  usr26: (p) => (queueFaultSignal(p, 'SIGILL', ILL_ILLTRP, svcAddress(p)), 0),
  usr32: (p) => (queueFaultSignal(p, 'SIGILL', ILL_ILLTRP, svcAddress(p)), 0),
  get_tls: (p) => p.thread.getNum('tpidruro'),
};
