// The guest's VMA list: which ranges are mapped, with what protection and backing. It keeps
// GuestMemory's page flags in step and tells the engine when translated code may be stale.
import { PROT_EXEC, PROT_READ, PROT_WRITE, type GuestMemoryApi } from '../../core/api.js';
import { E, SyscallError } from '../errno.js';
import { GUEST_LIMIT, MMAP_MIN, MMAP_TOP, PAGE_SIZE, pageUp } from './layout.js';

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

  constructor(
    readonly mem: GuestMemoryApi,
    /** Called for ranges whose translated code may no longer be valid. */
    private readonly invalidate: (addr: number, len: number) => void,
    readonly wordBits: 32 | 64 = 64,
  ) {}

  /** Map [addr, addr+len) (page aligned), replacing whatever was there; anonymous memory is zeroed. */
  map(addr: number, len: number, init: VmaInit): void {
    this.unmap(addr, len);
    const vma: Vma = { ...init, start: addr, end: addr + len };
    const i = this.vmas.findIndex((v) => v.start > addr);
    this.vmas.splice(i < 0 ? this.vmas.length : i, 0, vma);
    this.mem.zero(addr, len);
    this.mem.setProt(addr, len, withImpliedRead(init.prot));
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
    this.mem.setProt(addr, len, 0);
    if (hadExec) this.invalidate(addr, len);
  }

  /** mprotect: the whole range must be mapped (else ENOMEM). */
  protect(addr: number, len: number, prot: number): void {
    const end = addr + len;
    if (!this.isMapped(addr, len)) throw new SyscallError(E.ENOMEM);
    this.splitAt(addr);
    this.splitAt(end);
    let lostExec = false;
    for (const v of this.vmas) {
      if (v.start >= addr && v.end <= end) {
        lostExec ||= (v.prot & PROT_EXEC) !== 0 && (prot & PROT_EXEC) === 0;
        v.prot = prot;
      }
    }
    this.mem.setProt(addr, len, withImpliedRead(prot));
    if (lostExec) this.invalidate(addr, len);
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
    if (addr < MMAP_MIN || addr + len > GUEST_LIMIT) return false;
    return !this.vmas.some((v) => v.start < addr + len && v.end > addr);
  }

  find(addr: number): Vma | undefined {
    return this.vmas.find((v) => v.start <= addr && addr < v.end);
  }

  /** A free, page-aligned range of len bytes: at hint when free, else the highest gap below MMAP_TOP. */
  findFree(len: number, hint = 0): number {
    if (hint && hint % PAGE_SIZE === 0 && this.isFree(hint, len)) return hint;
    let top = MMAP_TOP;
    for (let i = this.vmas.length - 1; i >= 0; i--) {
      const v = this.vmas[i];
      if (v.start >= top) continue;
      if (v.end <= top - len) {
        const gapStart = Math.max(v.end, MMAP_MIN);
        if (top - len >= gapStart) return top - len;
      }
      top = Math.min(top, v.start);
    }
    if (top - len >= MMAP_MIN) return top - len;
    throw new SyscallError(E.ENOMEM);
  }

  /** brk(2) semantics: returns the new break, or the old one when the request cannot be met. */
  brk(want: number): number {
    if (want < this.brkStart) return this.brkEnd;
    const oldTop = pageUp(this.brkEnd);
    const newTop = pageUp(want);
    if (newTop > oldTop) {
      if (!this.isFree(oldTop, newTop - oldTop)) return this.brkEnd;
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
