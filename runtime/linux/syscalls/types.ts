// The shape of a syscall handler. Handlers use generic syscall names and generic errno values
// (negative = error); the dispatcher maps numbers and errno values per arch.
import type { GuestProcess } from '../guest-process.js';

export class SyscallArgs {
  constructor(
    /** Raw argument registers, unsigned, guest word width. */
    readonly raw: readonly bigint[],
    private readonly wordBits: 32 | 64,
    /** Width of the fields of struct timespec arguments (64 for the *_time64 calls of 32-bit ABIs). */
    readonly timeBits: 32 | 64 = wordBits,
  ) {}

  /** C int / pid_t / fd. */
  int(i: number): number {
    return Number(BigInt.asIntN(32, this.raw[i]));
  }

  /** C unsigned int / flags / mode. */
  uint(i: number): number {
    return Number(BigInt.asUintN(32, this.raw[i]));
  }

  /** Guest pointer or size_t / unsigned long (exact below 2^53). */
  ptr(i: number): number {
    return Number(this.raw[i]);
  }

  /** C long / ssize_t / off_t on this ABI. */
  long(i: number): number {
    return Number(BigInt.asIntN(this.wordBits, this.raw[i]));
  }

  /** loff_t: 64 bits on every ABI (32-bit ABIs pass it as a register pair, joined by the dispatcher). */
  off(i: number): number {
    return Number(BigInt.asIntN(64, this.raw[i]));
  }
}

/** Marker result: the handler already set every register (rt_sigreturn, execve failure paths). */
export const NO_RESULT = Symbol('no result');

export type SyscallResult = number | bigint | typeof NO_RESULT;

export type Handler = (proc: GuestProcess, a: SyscallArgs) => SyscallResult;

export type HandlerTable = Readonly<Record<string, Handler>>;
