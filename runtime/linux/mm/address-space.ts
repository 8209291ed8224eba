// The guest's VMA list: which ranges are mapped, with what protection and backing. It keeps
// GuestMemory's page flags in step and tells the engine when translated code may be stale.
// Only the identity window has page flags and backing; VMAs beyond it (64-bit guests' far
// mappings, mm/layout.ts) are bookkeeping only: reservations (PROT_NONE), which every access
// faults. Making far pages accessible is ENOMEM, a failure programs handle, until they get
// backing (docs/address-space.md).
import { PROT_EXEC, PROT_READ, PROT_WRITE, type GuestMemoryApi } from '../../core/api.js';
import { E, SyscallError } from '../errno.js';
import { ADDRESS_LIMIT_64, FAR_MMAP_MIN, FAR_MMAP_TOP, GUEST_LIMIT, MMAP_MIN, MMAP_TOP, PAGE_SIZE, pageUp, windowLen } from './layout.js';

export interface Vma {
  start: number;
  end: number;
  prot: number;
  shared: boolean;
  /** Shown in /proc/self/maps: a path, '[heap]', '[stack]', or '' for anonymous memory. */
  name: string;
  /** File offset of `start` for file-backed mappings. */
  offset: number;
  inode: number;
  dev: number;
  anon: boolean;
}

export type VmaInit = Omit<Vma, 'start' | 'end'>;

export const ANON: VmaInit = { prot: 0, shared: false, name: '', offset: 0, inode: 0, dev: 0, anon: true };

export class AddressSpace {
  /** Sorted, non-overlapping. */
  readonly vmas: Vma[] = [];
  brkStart = 0;
  brkEnd = 0;
  /** End of the guest's address space (its TASK_SIZE): mappings, hints and MAP_FIXED stay below. */
  readonly limit: number;

  constructor(
    readonly mem: GuestMemoryApi,
    /** Called for ranges whose translated code may no longer be valid. */
    private readonly invalidate: (addr: number, len: number) => void,
    readonly wordBits: 32 | 64 = 64,
  ) {
    this.limit = wordBits === 64 ? ADDRESS_LIMIT_64 : GUEST_LIMIT;
  }

  /** Map [addr, addr+len) (page aligned), replacing whatever was there; anonymous memory is zeroed. */
  map(addr: number, len: number, init: VmaInit): void {
    this.mustBeBackable(addr, len, init.prot);
    this.unmap(addr, len);
    const vma: Vma = { ...init, start: addr, end: addr + len };
    const i = this.vmas.findIndex((v) => v.start > addr);
    this.vmas.splice(i < 0 ? this.vmas.length : i, 0, vma);
    this.mem.zero(addr, windowLen(addr, len));
    this.mem.setProt(addr, windowLen(addr, len), withImpliedRead(init.prot));
    this.mergeAll();
  }

  unmap(addr: number, len: number): void {
    const end = addr + len;
    let hadExec = false;
    this.splitAt(addr);
    this.splitAt(end);
    for (let i = this.vmas.length - 1; i >= 0; i--) {
      const v = this.vmas[i];
      if (v.start >= addr && v.end <= end) {
        hadExec ||= (v.prot & PROT_EXEC) !== 0;
        this.vmas.splice(i, 1);
      }
    }
    const inWindow = windowLen(addr, len);
    this.mem.setProt(addr, inWindow, 0);
    if (hadExec && inWindow > 0) this.invalidate(addr, inWindow);
  }

  /** mprotect: the whole range must be mapped (else ENOMEM). */
  protect(addr: number, len: number, prot: number): void {
    const end = addr + len;
    if (!this.isMapped(addr, len)) throw new SyscallError(E.ENOMEM);
    this.mustBeBackable(addr, len, prot);
    this.splitAt(addr);
    this.splitAt(end);
    let lostExec = false;
    for (const v of this.vmas) {
      if (v.start >= addr && v.end <= end) {
        lostExec ||= (v.prot & PROT_EXEC) !== 0 && (prot & PROT_EXEC) === 0;
        v.prot = prot;
      }
    }
    const inWindow = windowLen(addr, len);
    this.mem.setProt(addr, inWindow, withImpliedRead(prot));
    if (lostExec && inWindow > 0) this.invalidate(addr, inWindow);
    this.mergeAll();
  }

  isMapped(addr: number, len: number): boolean {
    let at = addr;
    for (const v of this.vmas) {
      if (v.end <= at) continue;
      if (v.start > at) return false;
      at = v.end;
      if (at >= addr + len) return true;
    }
    return at >= addr + len;
  }

  isFree(addr: number, len: number): boolean {
    if (addr < MMAP_MIN || addr + len > this.limit) return false;
    return !this.vmas.some((v) => v.start < addr + len && v.end > addr);
  }

  find(addr: number): Vma | undefined {
    return this.vmas.find((v) => v.start <= addr && addr < v.end);
  }

  /** Far pages cannot be backed (yet): only reservations (PROT_NONE) may lie beyond the window. */
  private mustBeBackable(addr: number, len: number, prot: number): void {
    if (prot !== 0 && windowLen(addr, len) < len) throw new SyscallError(E.ENOMEM);
  }

  /**
   * A free, page-aligned range of len bytes: at hint when free and in the window, else the
   * highest gap below MMAP_TOP in the window (the fast path), else, for a reservation (`prot`
   * PROT_NONE) of a 64-bit guest, the highest far gap below FAR_MMAP_TOP. Far hints are not
   * taken: what a program reserves at a hint it means to use (Go's arenas, the JVM's heap), and
   * far pages cannot be made accessible yet, while a window address lets it go on.
   */
  findFree(len: number, hint = 0, prot = PROT_READ | PROT_WRITE): number {
    if (hint && hint % PAGE_SIZE === 0 && this.isFree(hint, len) && windowLen(hint, len) === len) return hint;
    const near = this.highestGap(len, MMAP_MIN, MMAP_TOP);
    if (near >= 0) return near;
    const far = this.wordBits === 64 && prot === 0 ? this.highestGap(len, FAR_MMAP_MIN, FAR_MMAP_TOP) : -1;
    if (far >= 0) return far;
    throw new SyscallError(E.ENOMEM);
  }

  /** The start of the highest free len bytes in [bottom, top), or -1. */
  private highestGap(len: number, bottom: number, top: number): number {
    for (let i = this.vmas.length - 1; i >= 0; i--) {
      const v = this.vmas[i];
      if (v.start >= top) continue;
      if (v.end <= top - len && top - len >= Math.max(v.end, bottom)) return top - len;
      top = Math.min(top, v.start);
    }
    return top - len >= bottom ? top - len : -1;
  }

  /** brk(2) semantics: returns the new break, or the old one when the request cannot be met. */
  brk(want: number): number {
    if (want < this.brkStart) return this.brkEnd;
    const oldTop = pageUp(this.brkEnd);
    const newTop = pageUp(want);
    if (newTop > oldTop) {
      if (!this.isFree(oldTop, newTop - oldTop) || windowLen(oldTop, newTop - oldTop) < newTop - oldTop) return this.brkEnd;
      this.map(oldTop, newTop - oldTop, { ...ANON, prot: PROT_READ | PROT_WRITE, name: '[heap]' });
    } else if (newTop < oldTop) {
      this.unmap(newTop, oldTop - newTop);
    }
    this.brkEnd = want;
    return want;
  }

  /** /proc/self/maps text. */
  procMaps(): string {
    const width = this.wordBits === 64 ? 72 : 48;
    const hex = (n: number, w: number) => n.toString(16).padStart(w, '0');
    return this.vmas.map((v) => {
      const perms = (v.prot & PROT_READ ? 'r' : '-') + (v.prot & PROT_WRITE ? 'w' : '-') +
        (v.prot & PROT_EXEC ? 'x' : '-') + (v.shared ? 's' : 'p');
      const dev = `${hex((v.dev >>> 8) & 0xfff, 2)}:${hex(v.dev & 0xff, 2)}`;
      const head = `${hex(v.start, 8)}-${hex(v.end, 8)} ${perms} ${hex(v.offset, 8)} ${dev} ${v.inode}`;
      return v.name ? `${head.padEnd(width)} ${v.name}\n` : `${head}\n`;
    }).join('');
  }

  private splitAt(addr: number): void {
    const i = this.vmas.findIndex((v) => v.start < addr && addr < v.end);
    if (i < 0) return;
    const v = this.vmas[i];
    const tail: Vma = { ...v, start: addr, offset: v.anon ? 0 : v.offset + (addr - v.start) };
    v.end = addr;
    this.vmas.splice(i + 1, 0, tail);
  }

  private mergeAll(): void {
    for (let i = this.vmas.length - 2; i >= 0; i--) {
      const a = this.vmas[i];
      const b = this.vmas[i + 1];
      if (a.end === b.start && a.prot === b.prot && a.shared === b.shared && a.name === b.name &&
          a.anon === b.anon && a.inode === b.inode && (a.anon || a.offset + (a.end - a.start) === b.offset)) {
        a.end = b.end;
        this.vmas.splice(i + 1, 1);
      }
    }
  }
}

/** Hardware without execute-only or write-only pages: any access right implies read. */
function withImpliedRead(prot: number): number {
  return prot & (PROT_WRITE | PROT_EXEC) ? prot | PROT_READ : prot;
}
