// The guest address-space plan. Every guest mapping stays below 2^31 so JS-side offsets into
// guest memory remain int32 (engine-physics.md: larger offsets are 2-4x slower).
import { PAGE_SIZE } from '../../core/api.js';

export const GUEST_LIMIT = 0x80000000;
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
