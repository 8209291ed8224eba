// The view of guest memory the host implementations of bypassed functions work on.
import type { FaultAccess } from '../core/fault.js';

export interface NativeMemory {
  /** The whole guest address space as bytes (guest address = index), no copying. */
  readonly buf: Buffer;
  /** First address in [addr, addr+len) not accessible for `access`, or -1. */
  firstFault(addr: number, len: number, access: FaultAccess): number;
  /** Throws GuestFault unless [addr, addr+len) is accessible for `access`. */
  check(addr: number, len: number, access: FaultAccess): void;
  /** memmove/memset inside guest memory, unchecked (the callers check first). */
  copy(dst: number, src: number, n: number): void;
  fill(dst: number, byte: number, n: number): void;
  /** Tell the translator that [addr, addr+len) was written by the host (code pages get invalidated). */
  wrote(addr: number, len: number): void;
}
