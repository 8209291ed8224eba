// The guest address-space plan. Mappings below GUEST_LIMIT (the identity window) are guest
// memory at the same offset of the wasm memory; the window stays below 2^31 so JS-side offsets
// into guest memory remain int32 (engine-physics.md: larger offsets are 2-4x slower). 64-bit
// guests also get "far" mappings in [GUEST_LIMIT, ADDRESS_LIMIT_64): bookkeeping in the VMA list
// only (no page flags, no backing), so any access to them faults (docs/architecture.md).
import { PAGE_SIZE } from '../../core/api.js';

/** End of the identity window: guest memory below it is wasm memory at the same offset. */
export const GUEST_LIMIT = 0x80000000;
/**
 * End of a 64-bit guest's address space (TASK_SIZE) for hints and MAP_FIXED: 2^47, what aarch64
 * (48-bit VA without the 52-bit opt-in) hands out and what qemu-user allows every 64-bit guest.
 */
export const ADDRESS_LIMIT_64 = 2 ** 47;
/**
 * Where a 64-bit guest's mmap searches top-down once the window has no room: below 2^39, so
 * every 64-bit target (MIPS n64 user space ends at 2^40) can hold what it gets.
 */
export const FAR_MMAP_TOP = 2 ** 39;
/** Far allocations without a hint stay above 4 GiB: [GUEST_LIMIT, 2^32) is for hints and MAP_FIXED. */
export const FAR_MMAP_MIN = 2 ** 32;
export const STACK_TOP = 0x7fff0000;
export const STACK_SIZE = 8 * 1024 * 1024;
/** mmap allocations go top-down from here, leaving a 16 MiB gap below the stack. */
export const MMAP_TOP = STACK_TOP - STACK_SIZE - 16 * 1024 * 1024;
/** Like vm.mmap_min_addr: the first 64 KiB are never mapped, so NULL-ish pointers fault. */
export const MMAP_MIN = 0x10000;
/** Where an ET_DYN main program goes (also ld.so run as the program, which then maps its target). */
export const ET_DYN_BASE = 0x40000000;

export { PAGE_SIZE };
export const pageDown = (a: number): number => a - (a % PAGE_SIZE);
export const pageUp = (a: number): number => Math.ceil(a / PAGE_SIZE) * PAGE_SIZE;

/** Bytes of [addr, addr+len) inside the identity window (a prefix of the range; 0 when it starts beyond). */
export const windowLen = (addr: number, len: number): number => Math.max(0, Math.min(addr + len, GUEST_LIMIT) - addr);
