// Guest syscall number -> the generic handler that answers it, through the arch's shapes.
import type { SyscallShape } from '../arch/types.js';
import type { GuestProcess } from '../guest-process.js';

export interface ResolvedSyscall {
  /** The guest's name for the call (undefined: a number the arch does not have). */
  guestName: string | undefined;
  /** The handler's name. */
  name: string | undefined;
  shape: SyscallShape | undefined;
  /** Width of its struct timespec fields. */
  timeBits: 32 | 64;
}

export function resolveSyscall(p: GuestProcess, nr: number): ResolvedSyscall {
  const guestName = p.arch.syscallNames.get(nr);
  const shape = guestName === undefined ? undefined : p.arch.syscallShapes?.[guestName];
  return { guestName, name: shape?.handler ?? guestName, shape, timeBits: shape?.time64 ? 64 : p.wordBits };
}
