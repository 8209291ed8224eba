// Layout of the runtime's reserved area [RESERVED_BASE, 2^32) inside guest memory. Everything
// wasm code must reach in one load lives here: the page-flag table and the per-thread slots.
import { PAGE_SHIFT, RESERVED_BASE } from './api.js';

/** Page-flag bits (one byte per 4 KiB page). READ/WRITE/EXEC equal PROT_READ/WRITE/EXEC. */
export const PF_READ = 1;
export const PF_WRITE = 2;
export const PF_EXEC = 4;
/** The page holds bytes that some live translated block was decoded from. */
export const PF_CODE = 8;
export const PF_PROT_MASK = PF_READ | PF_WRITE | PF_EXEC;
/** Sticky: the page has had some access since the memory was made; a page without it is all zeros. */
export const PF_USED = 16;

/** Flag byte of page p is at FLAGS_BASE + p (2^20 pages cover 4 GiB). */
export const FLAGS_BASE = RESERVED_BASE;
export const FLAGS_BYTES = 1 << (32 - PAGE_SHIFT);
/** Page number of RESERVED_BASE: guest pages are below it. */
export const RESERVED_BASE_PAGE = RESERVED_BASE >>> PAGE_SHIFT;

/**
 * [PROCESS_AREA_BASE, THREAD_SLOTS_BASE): process-wide words shared by every agent (worker thread)
 * running on this memory. The code-invalidation log (code-log.ts) comes first; the rest belongs
 * to the Linux layer (runtime/linux/threads).
 */
export const PROCESS_AREA_BASE = FLAGS_BASE + FLAGS_BYTES;
export const CODE_LOG_BASE = PROCESS_AREA_BASE;
export const CODE_LOG_BYTES = 0x4000;
export const LINUX_AREA_BASE = CODE_LOG_BASE + CODE_LOG_BYTES;
export const LINUX_AREA_BYTES = 0x10000;

/**
 * Dispatch caches (guest pc -> compiled region entry), one per engine: each engine owns its wasm
 * function table, so cached table indices mean nothing to another engine. Engines claim an area
 * through the bitmap word below, shared by every agent (worker) on this memory.
 */
export const DISPATCH_BASE = RESERVED_BASE + 0x800000;
export const DISPATCH_ENTRIES = 1 << 15;
export const DISPATCH_ENTRY_BYTES = 8;
export const DISPATCH_AREA_BYTES = DISPATCH_ENTRIES * DISPATCH_ENTRY_BYTES;
export const DISPATCH_AREAS = 32;
/** i32 bitmap of claimed dispatch areas (bit k = area k), in the process area after the Linux part. */
export const DISPATCH_CLAIMS = LINUX_AREA_BASE + LINUX_AREA_BYTES;

/**
 * Thread slots: [state struct (frontend layout, <= 4 KiB)][control page]. Wasm code gets the slot
 * address as its only pointer and reaches both halves with constant offsets.
 */
export const THREAD_SLOTS_BASE = RESERVED_BASE + 0x200000;
export const THREAD_SLOT_BYTES = 8192;
export const MAX_THREADS = Math.floor((DISPATCH_BASE - THREAD_SLOTS_BASE) / THREAD_SLOT_BYTES);

/** Control page offsets, relative to the slot (= state) address. */
export const CTL_OFFSET = 4096;
/** i32: nonzero asks the thread to stop at the next block boundary or loop back-edge. */
export const CTL_INTERRUPT = CTL_OFFSET + 0;
/** i64: guest address of the last faulting access, written by compiled code. */
export const CTL_FAULT_ADDR = CTL_OFFSET + 8;
/** i32: set by a 'fault' helper that failed: 1 = read, 2 = write, 3 = misaligned atomic (address in CTL_FAULT_ADDR). */
export const CTL_HELPER_FAULT = CTL_OFFSET + 16;
export const HELPER_FAULT_READ = 1;
export const HELPER_FAULT_WRITE = 2;
export const HELPER_FAULT_ALIGN = 3;
/** Control page bytes [CTL_LINUX, CTL_SCRATCH) belong to the Linux layer (per-thread words, see linux/threads). */
export const CTL_LINUX = CTL_OFFSET + 64;
/** 256 bytes of per-thread scratch for wasm helpers (e.g. the byte-set table of strspn). */
export const CTL_SCRATCH = CTL_OFFSET + 2048;
