// The guest address space: one 4 GiB WebAssembly.Memory (guest address = byte offset), with
// protection kept as one flag byte per page inside the same memory so compiled code checks an
// access with a single load. The OS commits pages lazily, so the reservation costs nothing.
import { bulkMemory, type BulkMemory } from './bulk-memory.js';
import { PAGE_SHIFT, PAGE_SIZE, RESERVED_BASE, type GuestMemoryApi } from './api.js';
import { GuestFault, type FaultAccess } from './fault.js';
import {
  FLAGS_BASE, FLAGS_BYTES, PF_CODE, PF_EXEC, PF_PROT_MASK, PF_READ, PF_USED, PF_WRITE,
} from './layout.js';

const ADDR_LIMIT = 2 ** 32;
const ACCESS_BIT: Record<FaultAccess, number> = { read: PF_READ, write: PF_WRITE, exec: PF_EXEC };

function createMemory(): { memory: WebAssembly.Memory; shared: boolean } {
  try {
    return { memory: new WebAssembly.Memory({ initial: 65536, maximum: 65536, shared: true }), shared: true };
  } catch {
    // Without threads support a plain memory still works for single-threaded guests.
    return { memory: new WebAssembly.Memory({ initial: 65536, maximum: 65536 }), shared: false };
  }
}

export class GuestMemory implements GuestMemoryApi {
  readonly memory: WebAssembly.Memory;
  readonly shared: boolean;
  readonly u8: Uint8Array;
  readonly dv: DataView;
  /** Node Buffer over the whole memory, for memchr-speed scans. */
  readonly buf: Buffer;
  /** The page-flag table (index = page number), a view into the reserved area. */
  readonly flags: Uint8Array;
  onCodeWrite: ((addr: number, len: number) => void) | null = null;
  private readonly le: boolean;
  private readonly bulk: BulkMemory;

  /** `existing`: the memory of the same process in another agent (a guest thread's worker). */
  constructor(readonly bigEndian: boolean, existing?: WebAssembly.Memory) {
    const { memory, shared } = existing ? { memory: existing, shared: true } : createMemory();
    this.memory = memory;
    this.shared = shared;
    const buffer = memory.buffer as ArrayBuffer;
    this.u8 = new Uint8Array(buffer);
    this.dv = new DataView(buffer);
    this.buf = Buffer.from(buffer);
    this.flags = new Uint8Array(buffer, FLAGS_BASE, FLAGS_BYTES);
    this.le = !bigEndian;
    this.bulk = bulkMemory(memory, shared);
  }

  setProt(addr: number, len: number, prot: number): void {
    if (len <= 0 || addr >= RESERVED_BASE) return;
    const first = Math.floor(addr / PAGE_SIZE);
    const last = Math.floor((Math.min(addr + len, RESERVED_BASE) - 1) / PAGE_SIZE);
    const bits = prot & PF_PROT_MASK;
    let codeChanged = false;
    for (let p = first; p <= last; p++) {
      const f = this.flags[p]!;
      if ((f & PF_CODE) !== 0 && (f & PF_PROT_MASK) !== bits) codeChanged = true;
    }
    // Translations of a page that loses EXEC (or gets remapped) must not survive it.
    if (codeChanged) this.onCodeWrite?.(first * PAGE_SIZE, (last - first + 1) * PAGE_SIZE);
    // Atomically: another agent may be setting PF_CODE on these pages at the same time.
    const fl = this.flags;
    const used = bits === 0 ? 0 : PF_USED;
    for (let p = first; p <= last; p++) {
      for (let f = Atomics.load(fl, p); ;) {
        const seen = Atomics.compareExchange(fl, p, f, bits | used | (f & (PF_CODE | PF_USED)));
        if (seen === f) break;
        f = seen;
      }
    }
  }

  /**
   * Forgets everything about the pages of [addr, addr+len), which must be unmapped and whose
   * host pages the caller has given back (they read as zero again): their flags, PF_USED and
   * PF_CODE included, go back to those of a fresh memory. For execve's teardown.
   */
  forgetPages(addr: number, len: number): void {
    if (len <= 0 || addr >= RESERVED_BASE) return;
    const first = Math.floor(addr / PAGE_SIZE);
    const last = Math.floor((Math.min(addr + len, RESERVED_BASE) - 1) / PAGE_SIZE);
    this.flags.fill(0, first, last + 1);
  }

  getProt(addr: number): number {
    if (!(addr >= 0 && addr < ADDR_LIMIT)) return 0;
    return this.flags[addr >>> PAGE_SHIFT]! & PF_PROT_MASK;
  }

  firstFault(addr: number, len: number, access: FaultAccess): number {
    if (len <= 0) return -1;
    if (!(addr >= 0)) return addr;
    const bit = ACCESS_BIT[access];
    const end = addr + len;
    for (let a = addr; a < end; a = (Math.floor(a / PAGE_SIZE) + 1) * PAGE_SIZE) {
      if (a >= ADDR_LIMIT || (this.flags[a >>> PAGE_SHIFT]! & bit) === 0) return a;
    }
    return -1;
  }

  check(addr: number, len: number, access: FaultAccess): void {
    if (len <= PAGE_SIZE && len > 0 && this.ok(addr, len, ACCESS_BIT[access])) return;
    const bad = this.firstFault(addr, len, access);
    if (bad !== -1) throw this.faultAt(bad, access);
  }

  /** The GuestFault for an access that failed at `addr` (unmapped when the page has no access at all). */
  faultAt(addr: number, access: FaultAccess): GuestFault {
    const mapped = addr >= 0 && addr < ADDR_LIMIT && (this.flags[addr >>> PAGE_SHIFT]! & PF_PROT_MASK) !== 0;
    return new GuestFault(addr, access, mapped ? 'protection' : 'unmapped');
  }

  /**
   * Tell the core that host code wrote [addr, addr+len) without the checked accessors, so
   * translations decoded from those bytes are dropped.
   */
  noteWrite(addr: number, len: number): void {
    if (len <= 0 || !this.onCodeWrite || !(addr >= 0 && addr < ADDR_LIMIT)) return;
    const last = Math.min(addr + len, ADDR_LIMIT) - 1;
    for (let p = addr >>> PAGE_SHIFT; p <= last >>> PAGE_SHIFT; p++) {
      if ((this.flags[p]! & PF_CODE) !== 0) { this.onCodeWrite(addr, len); return; }
    }
  }

  /**
   * Pages that never had any access still hold the zeros the memory was made with: writing
   * zeros there (a fresh 8 MiB stack, a library's reservation) would only commit host memory.
   */
  zero(addr: number, len: number): void {
    if (len <= 0) return;
    const end = addr + len;
    const f = this.flags;
    // The reserved area has no page flags: always written.
    const used = (a: number): boolean => a >= RESERVED_BASE || (f[a >>> PAGE_SHIFT]! & PF_USED) !== 0;
    for (let a = addr; a < end;) {
      const next = Math.min(end, (Math.floor(a / PAGE_SIZE) + 1) * PAGE_SIZE);
      if (used(a)) {
        let b = next; // extend over the following used pages: one fill per run
        while (b < end && used(b)) b = Math.min(end, b + PAGE_SIZE);
        this.bulk.fill(a, 0, b - a);
        a = b;
      } else {
        a = next;
      }
    }
    this.noteWrite(addr, len);
  }

  copyRaw(dst: number, src: number, n: number): void { this.bulk.copy(dst, src, n); }
  fillRaw(dst: number, byte: number, n: number): void { this.bulk.fill(dst, byte, n); }

  /** Fast check of an access of n <= 4096 bytes; the fault path is firstFault. */
  private ok(addr: number, n: number, bit: number): boolean {
    if (!(addr >= 0 && addr <= ADDR_LIMIT - n)) return false;
    const f = this.flags;
    return (f[addr >>> PAGE_SHIFT]! & f[(addr + n - 1) >>> PAGE_SHIFT]! & bit) !== 0;
  }

  private need(addr: number, n: number, access: FaultAccess): void {
    if (!this.ok(addr, n, ACCESS_BIT[access])) throw this.faultAt(this.firstFault(addr, n, access), access);
  }

  read8(addr: number): number { this.need(addr, 1, 'read'); return this.u8[addr]!; }
  read16(addr: number): number { this.need(addr, 2, 'read'); return this.dv.getUint16(addr, this.le); }
  read32(addr: number): number { this.need(addr, 4, 'read'); return this.dv.getUint32(addr, this.le); }
  read64(addr: number): bigint { this.need(addr, 8, 'read'); return this.dv.getBigUint64(addr, this.le); }

  write8(addr: number, v: number): void {
    this.need(addr, 1, 'write'); this.u8[addr] = v; this.noteWrite(addr, 1);
  }
  write16(addr: number, v: number): void {
    this.need(addr, 2, 'write'); this.dv.setUint16(addr, v, this.le); this.noteWrite(addr, 2);
  }
  write32(addr: number, v: number): void {
    this.need(addr, 4, 'write'); this.dv.setUint32(addr, v >>> 0, this.le); this.noteWrite(addr, 4);
  }
  write64(addr: number, v: bigint): void {
    this.need(addr, 8, 'write'); this.dv.setBigUint64(addr, BigInt.asUintN(64, v), this.le); this.noteWrite(addr, 8);
  }

  readBytes(addr: number, len: number): Uint8Array {
    this.check(addr, len, 'read');
    return this.u8.slice(addr, addr + len);
  }

  writeBytes(addr: number, data: Uint8Array): void {
    this.check(addr, data.length, 'write');
    this.u8.set(data, addr);
    this.noteWrite(addr, data.length);
  }

  readCString(addr: number, max = Infinity): Uint8Array {
    // memchr over raw memory first, then verify that every page up to the NUL (or max) is readable.
    const nul = addr >= 0 && addr < ADDR_LIMIT ? this.buf.indexOf(0, addr) : -1;
    const stop = Math.min(nul < 0 ? ADDR_LIMIT : nul + 1, addr + max);
    this.check(addr, stop - addr, 'read');
    const end = nul >= 0 && nul < addr + max ? nul : addr + max;
    return this.u8.slice(addr, end);
  }
}
