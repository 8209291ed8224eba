// Host implementations of the bypassed functions as wasm over the guest memory. Compiled
// guest code calls them directly (a wasm-to-wasm call of a few ns), where a call into JS costs
// ~100 ns: most mem/str calls in real programs touch a handful of bytes, so the call is the cost
// (measured in docs/PERFORMANCE.md). Bulk work uses memory.copy/memory.fill (a plain memmove).
//
// Faults are exact: scans check each page's flags as they enter it, ranges are checked page by
// page before they are touched, and the first inaccessible byte is reported through the thread's
// control page (CTL_HELPER_FAULT + CTL_FAULT_ADDR), the way HelperDef.wasm describes. The order of
// checks follows host-functions.ts, whose JS versions are the reference these are tested against
// and serve -d native and strstr's long needles.
import { FuncEmitter, type Label } from '../core/jit/func-emitter.js';
import { MEMORY_COPY, MEMORY_FILL, Op, SimdOp } from '../core/jit/opcodes.js';
import { WasmModule } from '../core/jit/wasm-module.js';
import {
  CTL_FAULT_ADDR, CTL_HELPER_FAULT, CTL_SCRATCH, FLAGS_BASE, HELPER_FAULT_READ, HELPER_FAULT_WRITE, PF_CODE, PF_READ, PF_WRITE,
} from '../core/layout.js';
import { PAGE_SHIFT, PAGE_SIZE, RESERVED_BASE } from '../core/api.js';
import type { Ty } from '../ir/types.js';

const PAGE_MASK = PAGE_SIZE - 1;
const CHUNK = 16;

/** Module-internal functions every body may call. */
interface Lib { fail: number; bad: number; hasCode: number; noteWrite: number; longStrstr: number; strlen: number; strnlen: number }

type BodyFn = (f: Body, lib: Lib) => void;

/** One function being emitted: parameter 0 is the thread's state address, then the C arguments. */
class Body {
  readonly e: FuncEmitter;
  constructor(nparams: number) { this.e = new FuncEmitter(nparams + 1); }
  readonly st = 0;
  arg(i: number): number { return i + 1; }
  local(ty: Ty = 'i32'): number { return this.e.local(ty); }

  /** Report a fault at the address in local `addr` and return 0. */
  failAt(addr: number, access: number, lib: Lib): void {
    this.e.get(this.st).get(addr).i32(access).call(lib.fail);
    this.e.i32(0).op(Op.return);
  }

  /** Fault unless the page holding local p is readable. */
  needReadable(p: number, lib: Lib): void {
    const e = this.e;
    e.get(p).i32(PAGE_SHIFT).op(Op.i32_shr_u).mem(Op.i32_load8_u, FLAGS_BASE).i32(PF_READ).op(Op.i32_and).op(Op.i32_eqz).if();
    this.failAt(p, HELPER_FAULT_READ, lib);
    e.end();
  }

  /** When local p is the first byte of a page (a forward scan just entered it), fault unless it is readable. */
  enteringPage(p: number, lib: Lib): void {
    const e = this.e;
    e.get(p).i32(PAGE_MASK).op(Op.i32_and).op(Op.i32_eqz).if();
    this.needReadable(p, lib);
    e.end();
  }

  /** p += step, checking the page it enters; the step must land on, not past, the next page start. */
  advance(p: number, lib: Lib, step = 1): void {
    this.e.get(p).i32(step).op(Op.i32_add).set(p);
    this.enteringPage(p, lib);
  }

  /** Pushes the flag byte of the page holding local p, or holding p + n - 1 with local n. */
  pageFlags(p: number, n?: number): void {
    const e = this.e.get(p);
    if (n !== undefined) e.get(n).op(Op.i32_add).i32(1).op(Op.i32_sub);
    e.i32(PAGE_SHIFT).op(Op.i32_shr_u).mem(Op.i32_load8_u, FLAGS_BASE);
  }

  /**
   * Pushes nonzero when [p, p+n) is at most a page long, so it lies on the pages of its first and
   * last byte, and `combine` (and/or) of those pages' flags has `bit`.
   */
  shortRangeHas(p: number, n: number, bit: number, combine: Op.i32_and | Op.i32_or): void {
    const e = this.e;
    e.get(n).i32(PAGE_MASK + 1).op(Op.i32_le_u);
    this.pageFlags(p); this.pageFlags(p, n); e.op(combine).i32(bit).op(Op.i32_and).i32(0).op(Op.i32_ne).op(Op.i32_and);
  }

  /** Fault at the first byte of [p, p+n) whose page lacks `bit` (locals p, n, n > 0). */
  needRange(p: number, n: number, bit: number, access: number, lib: Lib): void {
    const e = this.e;
    const bad = this.local();
    this.shortRangeHas(p, n, bit, Op.i32_and);
    e.op(Op.i32_eqz).if();
    e.get(p).get(n).i32(bit).call(lib.bad).tee(bad).i32(-1).op(Op.i32_ne);
    e.if();
    this.failAt(bad, access, lib);
    e.end();
    e.end();
  }

  /** Emits `body` as a write of [p, p+n) (n > 0): checked writable before, reported to the translator after. */
  writing(p: number, n: number, lib: Lib, body: () => void): void {
    this.needRange(p, n, PF_WRITE, HELPER_FAULT_WRITE, lib);
    body();
    this.noteWrite(p, n, lib);
  }

  /** Tell the translator about a write to [p, p+n) (n > 0) when it hits translated code. */
  noteWrite(p: number, n: number, lib: Lib): void {
    const e = this.e;
    e.get(n).i32(PAGE_MASK + 1).op(Op.i32_gt_u).if('i32');
    e.get(p).get(n).call(lib.hasCode);
    e.else();
    this.shortRangeHas(p, n, PF_CODE, Op.i32_or);
    e.end();
    e.if();
    e.get(p).get(n).call(lib.noteWrite);
    e.end();
  }

  /** Return 0 if the callee just reported a fault. */
  returnOnFault(): void {
    this.e.get(this.st).mem(Op.i32_load, CTL_HELPER_FAULT).if();
    this.e.i32(0).op(Op.return).end();
  }

  load8(p: number): void { this.e.get(p).mem(Op.i32_load8_u, 0); }
}

/** Emits `loop { body }` inside `block $done`; body branches to done or continues with br(loop). */
function scanLoop(f: Body, body: (done: Label, again: Label) => void): void {
  const done = f.e.block();
  const again = f.e.loop();
  body(done, again);
  f.e.end().end();
}

/** Up to this many bytes, copies and fills are inline loads and stores instead of a call into the engine. */
const SMALL = 16;

/**
 * Emits a copy or fill of 1..SMALL bytes: the widest access that fits, at the start and at the end
 * (overlapping in the middle). Both values are loaded before either store, so overlapping copies
 * act as memmove. `value(width, at)` pushes the value of that width for offset `at` (local or null for 0).
 */
function smallMove(f: Body, d: number, n: number, value: (load: number, at: number | null) => void): void {
  const e = f.e;
  const widths: [min: number, load: number, store: number, ty: Ty][] = [
    [8, Op.i64_load, Op.i64_store, 'i64'], [4, Op.i32_load, Op.i32_store, 'i32'], [2, Op.i32_load16_u, Op.i32_store16, 'i32'],
  ];
  for (const [min, load, store, ty] of widths) {
    e.get(n).i32(min).op(Op.i32_ge_u).if();
    const head = f.local(ty), tail = f.local(ty), at = f.local();
    e.get(n).i32(min).op(Op.i32_sub).set(at);
    value(load, null); e.set(head);
    value(load, at); e.set(tail);
    e.get(d).get(head).mem(store, 0);
    e.get(d).get(at).op(Op.i32_add).get(tail).mem(store, 0);
    e.else();
  }
  e.get(d); value(Op.i32_load8_u, null); e.mem(Op.i32_store8, 0);
  for (let i = 0; i < widths.length; i++) e.end();
}

/** Copies local n (>= 1) bytes from local s to local d, as memmove. */
function copyBytes(f: Body, d: number, s: number, n: number): void {
  const e = f.e;
  e.get(n).i32(SMALL).op(Op.i32_le_u).if();
  smallMove(f, d, n, (load, at) => { e.get(s); if (at !== null) e.get(at).op(Op.i32_add); e.mem(load, 0); });
  e.else();
  e.get(d).get(s).get(n).prefixed(MEMORY_COPY).op(0, 0);
  e.end();
}

/** Sets local n (>= 1) bytes at local d to the low byte of local c. */
function fillBytes(f: Body, d: number, c: number, n: number): void {
  const e = f.e;
  e.get(n).i32(SMALL).op(Op.i32_le_u).if();
  const byte = f.local(), word = f.local('i64');
  e.get(c).i32(0xff).op(Op.i32_and).tee(byte).op(Op.i64_extend_i32_u).i64(0x0101010101010101n).op(Op.i64_mul).set(word);
  smallMove(f, d, n, (load) => {
    if (load === Op.i64_load) e.get(word);
    else if (load === Op.i32_load8_u) e.get(byte);
    else e.get(word).op(Op.i32_wrap_i64);
  });
  e.else();
  e.get(d).get(c).get(n).prefixed(MEMORY_FILL).op(0);
  e.end();
}

/** memcpy-like: check src readable, dst writable, copy, note; result as given. */
function copyBody(result: 'dst' | 'end'): BodyFn {
  return (f, lib) => {
    const e = f.e;
    const [d, s, n] = [f.arg(0), f.arg(1), f.arg(2)];
    e.get(n).if();
    f.needRange(s, n, PF_READ, HELPER_FAULT_READ, lib);
    f.writing(d, n, lib, () => copyBytes(f, d, s, n));
    e.end();
    e.get(d);
    if (result === 'end') e.get(n).op(Op.i32_add);
  };
}

const memset: BodyFn = (f, lib) => {
  const e = f.e;
  const [d, c, n] = [f.arg(0), f.arg(1), f.arg(2)];
  e.get(n).if();
  f.writing(d, n, lib, () => fillBytes(f, d, c, n));
  e.end();
  e.get(d);
};

/** Pushes the i8x16 comparison of the aligned chunk at local p (+ offset) with the byte in local c (or NUL). */
function chunkEq(f: Body, p: number, c: number | 'nul', offset = 0): void {
  const e = f.e;
  e.get(p).simdMem(SimdOp.v128_load, offset);
  if (c === 'nul') e.i32(0); else e.get(c);
  e.simd(SimdOp.i8x16_splat).simd(SimdOp.i8x16_eq);
}

/** Bytes per step of a scan's fast loop: aligned, so a step never crosses a page either. */
const BLOCK = 4 * CHUNK;

/**
 * Scans 16-byte aligned chunks from local p (whose page is already checked) for the first byte
 * that `hits(offset)` marks in the chunk at p + offset (a v128 of 0x00/0xff lanes), checking each
 * page as the scan enters it, so a fault is reported at the first byte a byte-wise scan would
 * have read. Aligned chunks never cross a page, and the bytes before p in the first chunk are
 * shifted out of the mask. Leaves the match address in p. With `end` (a local), stops at it and
 * runs `notFound` instead. From each 64-byte boundary on, whole 64-byte blocks without a hit are
 * skipped with one test.
 */
function chunkScan(f: Body, lib: Lib, p: number, hits: (offset: number) => void, end: number | null, notFound: () => void): void {
  const e = f.e;
  const start = f.local(), m = f.local();
  const mask = (): void => { hits(0); e.simd(SimdOp.i8x16_bitmask); };
  const foundAt = (base: number): void => { e.get(base).get(m).op(Op.i32_ctz).op(Op.i32_add).set(p); };
  const pastEnd = (): void => {
    if (end === null) return;
    e.get(p).get(end).op(Op.i32_ge_u).if(); notFound(); e.end();
  };
  /** Pushes nonzero when the block at p may be skipped whole: it lies before `end`. */
  const blockFits = (): void => {
    if (end === null) e.i32(1);
    else e.get(end).get(p).op(Op.i32_sub).i32(BLOCK).op(Op.i32_ge_u);
  };
  const found = e.block();
  e.get(p).tee(start).i32(-CHUNK).op(Op.i32_and).set(p);
  mask(); e.get(start).i32(CHUNK - 1).op(Op.i32_and).op(Op.i32_shr_u).tee(m).if();
  foundAt(start); e.br(found);
  e.end();
  const again = e.loop();
  e.get(p).i32(CHUNK).op(Op.i32_add).set(p);
  pastEnd();
  f.enteringPage(p, lib);
  e.get(p).i32(BLOCK - 1).op(Op.i32_and).op(Op.i32_eqz).if();
  {
    const stop = e.block();
    const skip = e.loop();
    blockFits(); e.op(Op.i32_eqz).brIf(stop);
    for (let off = 0; off < BLOCK; off += CHUNK) { hits(off); if (off > 0) e.simd(SimdOp.v128_or); }
    e.simd(SimdOp.v128_any_true).brIf(stop);
    e.get(p).i32(BLOCK).op(Op.i32_add).set(p);
    pastEnd();
    f.enteringPage(p, lib);
    e.br(skip);
    e.end().end();
  }
  e.end();
  mask(); e.tee(m).if();
  foundAt(p); e.br(found);
  e.end();
  e.br(again);
  e.end().end();
  pastEnd();
}

const strlen: BodyFn = (f, lib) => {
  const e = f.e;
  const s = f.arg(0);
  const p = f.local();
  e.get(s).set(p);
  f.needReadable(p, lib);
  chunkScan(f, lib, p, (off) => chunkEq(f, p, 'nul', off), null, () => {});
  e.get(p).get(s).op(Op.i32_sub);
};

/** strcmp / strncmp / memcmp: bytes compared as unsigned chars, difference of the first mismatch. */
function compareBody(bounded: boolean, stopAtNul: boolean): BodyFn {
  return (f, lib) => {
    const e = f.e;
    const [a, b] = [f.arg(0), f.arg(1)];
    const n = bounded ? f.arg(2) : -1;
    const x = f.local(), y = f.local();
    const ifReturnZero = (): void => { e.if(); e.i32(0).op(Op.return).end(); };
    if (bounded) { e.get(n).op(Op.i32_eqz); ifReturnZero(); }
    f.needReadable(a, lib);
    f.needReadable(b, lib);
    // Most calls in real programs end at the first byte: decide those before any vector work.
    f.load8(a); e.tee(x); f.load8(b); e.tee(y).op(Op.i32_ne);
    if (stopAtNul) e.get(x).op(Op.i32_eqz).op(Op.i32_or);
    e.if(); e.get(x).get(y).op(Op.i32_sub).op(Op.return); e.end();
    const m = f.local();
    scanLoop(f, (done, again) => {
      // 16 bytes at a time while both chunks stay inside their (checked) pages and the bound allows.
      e.get(a).i32(PAGE_MASK).op(Op.i32_and).i32(PAGE_MASK + 1 - CHUNK).op(Op.i32_le_u);
      e.get(b).i32(PAGE_MASK).op(Op.i32_and).i32(PAGE_MASK + 1 - CHUNK).op(Op.i32_le_u).op(Op.i32_and);
      if (bounded) e.get(n).i32(CHUNK).op(Op.i32_gt_u).op(Op.i32_and);
      e.if();
      {
        e.get(a).simdMem(SimdOp.v128_load, 0).get(b).simdMem(SimdOp.v128_load, 0).simd(SimdOp.i8x16_ne);
        if (stopAtNul) { e.get(a).simdMem(SimdOp.v128_load, 0).i32(0).simd(SimdOp.i8x16_splat).simd(SimdOp.i8x16_eq).simd(SimdOp.v128_or); }
        e.simd(SimdOp.i8x16_bitmask).tee(m).if();
        e.get(a).get(m).op(Op.i32_ctz).op(Op.i32_add).set(a);
        e.get(b).get(m).op(Op.i32_ctz).op(Op.i32_add).set(b);
        f.load8(a); e.set(x); f.load8(b); e.set(y);
        e.br(done);
        e.end();
        if (bounded) e.get(n).i32(CHUNK).op(Op.i32_sub).set(n);
        f.advance(a, lib, CHUNK);
        f.advance(b, lib, CHUNK);
        e.br(again);
      }
      e.end();
      f.load8(a); e.tee(x); f.load8(b); e.tee(y).op(Op.i32_ne);
      if (stopAtNul) e.get(x).op(Op.i32_eqz).op(Op.i32_or);
      e.brIf(done);
      if (bounded) { e.get(n).i32(1).op(Op.i32_sub).tee(n).op(Op.i32_eqz); ifReturnZero(); }
      f.advance(a, lib);
      f.advance(b, lib);
      e.br(again);
    });
    e.get(x).get(y).op(Op.i32_sub);
  };
}

/** Scan from s for byte c (or NUL when `nul`), at most n bytes when bounded; leaves the stop in local p. */
function findByte(f: Body, lib: Lib, s: number, c: number, nul: boolean, n: number | null, notFound: () => void): number {
  const e = f.e;
  const p = f.local();
  let end: number | null = null;
  e.get(c).i32(0xff).op(Op.i32_and).set(c);
  if (n !== null) {
    // end = s + n, but never past the reserved area: a scan that long faults before it anyway.
    end = f.local();
    e.get(n).op(Op.i32_eqz).if(); notFound(); e.end();
    e.get(s).get(n).op(Op.i32_add).i32(RESERVED_BASE | 0).i32(RESERVED_BASE | 0).get(s).op(Op.i32_sub).get(n).op(Op.i32_ge_u).op(Op.select).set(end);
  }
  e.get(s).set(p);
  f.needReadable(p, lib);
  chunkScan(f, lib, p, (off) => {
    chunkEq(f, p, c, off);
    if (nul) { chunkEq(f, p, 'nul', off); e.simd(SimdOp.v128_or); }
  }, end, notFound);
  return p;
}

const returnZero = (f: Body) => (): void => { f.e.i32(0).op(Op.return); };

const memchr: BodyFn = (f, lib) => {
  const p = findByte(f, lib, f.arg(0), f.arg(1), false, f.arg(2), returnZero(f));
  f.e.get(p);
};

/** Pushes strchr(s, c) (or strchrnul with `orNul`) for locals s and c. */
function findChar(f: Body, lib: Lib, s: number, c: number, orNul: boolean): void {
  const e = f.e;
  const p = findByte(f, lib, s, c, true, null, returnZero(f));
  if (orNul) { e.get(p); return; }
  e.get(p).i32(0).get(p).mem(Op.i32_load8_u, 0).get(c).op(Op.i32_eq).op(Op.select);
}

function strchrBody(orNul: boolean): BodyFn {
  return (f, lib) => findChar(f, lib, f.arg(0), f.arg(1), orNul);
}

/** strspn/strcspn (and strpbrk): the set is a 256-bit map in the thread's scratch (two vector stores clear it). */
function spanBody(kind: 'spn' | 'cspn' | 'pbrk'): BodyFn {
  return (f, lib) => {
    const e = f.e;
    const [s, set] = [f.arg(0), f.arg(1)];
    const map = f.local(), p = f.local(), x = f.local(), at = f.local();
    /** Leaves the map byte's address for byte x in `at` and pushes x's bit within it. */
    const bitOf = (): void => {
      e.get(map).get(x).i32(3).op(Op.i32_shr_u).op(Op.i32_add).set(at);
      e.i32(1).get(x).i32(7).op(Op.i32_and).op(Op.i32_shl);
    };
    e.get(f.st).i32(CTL_SCRATCH).op(Op.i32_add).set(map);
    for (let off = 0; off < 32; off += CHUNK) e.get(map).i32(0).simd(SimdOp.i8x16_splat).simdMem(SimdOp.v128_store, off);
    e.get(set).set(p);
    f.needReadable(p, lib);
    scanLoop(f, (done, again) => {
      f.load8(p); e.tee(x).op(Op.i32_eqz).brIf(done);
      bitOf(); e.get(at).mem(Op.i32_load8_u, 0).op(Op.i32_or).set(x);
      e.get(at).get(x).mem(Op.i32_store8, 0);
      f.advance(p, lib);
      e.br(again);
    });
    e.get(s).set(p);
    f.needReadable(p, lib);
    scanLoop(f, (done, again) => {
      f.load8(p); e.tee(x).op(Op.i32_eqz).brIf(done);
      bitOf(); e.get(at).mem(Op.i32_load8_u, 0).op(Op.i32_and);
      if (kind === 'spn') e.op(Op.i32_eqz);
      e.brIf(done);
      f.advance(p, lib);
      e.br(again);
    });
    if (kind === 'pbrk') e.get(p).i32(0).get(x).op(Op.select);
    else e.get(p).get(s).op(Op.i32_sub);
  };
}

/**
 * strcpy/stpcpy/strcat: strlen (checked), then a checked copy of the string and its NUL; strcat
 * first finds the end of the destination string (checked too) and copies there.
 */
function strcpyBody(result: 'dst' | 'end' | 'cat'): BodyFn {
  return (f, lib) => {
    const e = f.e;
    const [d0, s] = [f.arg(0), f.arg(1)];
    const len = f.local(), n = f.local();
    let d = d0;
    if (result === 'cat') {
      d = f.local();
      e.get(f.st).get(d0).call(lib.strlen).get(d0).op(Op.i32_add).set(d);
      f.returnOnFault();
    }
    e.get(f.st).get(s).call(lib.strlen).set(len);
    f.returnOnFault();
    e.get(len).i32(1).op(Op.i32_add).set(n);
    f.writing(d, n, lib, () => copyBytes(f, d, s, n));
    e.get(d0);
    if (result === 'end') e.get(len).op(Op.i32_add);
  };
}

/**
 * strncpy/stpncpy: strnlen of the source (checked), then the whole n-byte destination is checked,
 * receives the string and is padded with NULs.
 */
function strncpyBody(result: 'dst' | 'end'): BodyFn {
  return (f, lib) => {
    const e = f.e;
    const [d, s, n] = [f.arg(0), f.arg(1), f.arg(2)];
    const len = f.local(), pad = f.local(), at = f.local(), zero = f.local();
    e.get(f.st).get(s).get(n).call(lib.strnlen).set(len);
    f.returnOnFault();
    e.get(n).if();
    f.writing(d, n, lib, () => {
      e.get(len).if(); copyBytes(f, d, s, len); e.end();
      e.get(n).get(len).op(Op.i32_sub).tee(pad).if();
      e.get(d).get(len).op(Op.i32_add).set(at);
      fillBytes(f, at, zero, pad);
      e.end();
    });
    e.end();
    e.get(d);
    if (result === 'end') e.get(len).op(Op.i32_add);
  };
}

/** strncat: the end of the destination string (checked), strnlen of the source, then a checked copy and a NUL. */
const strncat: BodyFn = (f, lib) => {
  const e = f.e;
  const [d, s, n] = [f.arg(0), f.arg(1), f.arg(2)];
  const at = f.local(), len = f.local(), w = f.local();
  e.get(f.st).get(d).call(lib.strlen).get(d).op(Op.i32_add).set(at);
  f.returnOnFault();
  e.get(f.st).get(s).get(n).call(lib.strnlen).set(len);
  f.returnOnFault();
  e.get(len).i32(1).op(Op.i32_add).set(w);
  f.writing(at, w, lib, () => {
    e.get(len).if(); copyBytes(f, at, s, len); e.end();
    e.get(at).get(len).op(Op.i32_add).i32(0).mem(Op.i32_store8, 0);
  });
  e.get(d);
};

/** Pushes the bitmask of the bytes equal to local c in the aligned chunk at local p. */
function chunkMask(f: Body, p: number, c: number): void {
  chunkEq(f, p, c);
  f.e.simd(SimdOp.i8x16_bitmask);
}

/** Pushes p + (index of the highest set bit of m), or 0 when m is 0. */
function lastBitAddress(f: Body, p: number, m: number): void {
  f.e.get(p).i32(31).op(Op.i32_add).get(m).op(Op.i32_clz).op(Op.i32_sub).i32(0).get(m).op(Op.select);
}

/**
 * Searches [s, top] (locals, top >= s) backwards for the byte in local c, by aligned chunks from
 * the one holding top down; bits of bytes past top or before s are dropped. With `checkPages`,
 * each page below top's (already checked) one is checked as the scan enters it from the top.
 * Returns the address found, or 0, from the function.
 */
function backwardScan(f: Body, lib: Lib, s: number, top: number, c: number, checkPages: boolean): void {
  const e = f.e;
  const p = f.local(), m = f.local();
  e.get(top).i32(-CHUNK).op(Op.i32_and).set(p);
  chunkMask(f, p, c);
  e.i32(2).get(top).i32(CHUNK - 1).op(Op.i32_and).op(Op.i32_shl).i32(1).op(Op.i32_sub).op(Op.i32_and).set(m);
  scanLoop(f, (_done, again) => {
    e.get(p).get(s).op(Op.i32_le_u).if();
    e.get(m).i32(-1).get(s).get(p).op(Op.i32_sub).op(Op.i32_shl).op(Op.i32_and).set(m);
    lastBitAddress(f, p, m); e.op(Op.return);
    e.end();
    e.get(m).if(); lastBitAddress(f, p, m); e.op(Op.return); e.end();
    if (checkPages) {
      const below = f.local();
      e.get(p).i32(PAGE_MASK).op(Op.i32_and).op(Op.i32_eqz).if();
      e.get(p).i32(1).op(Op.i32_sub).set(below);
      f.needReadable(below, lib);
      e.end();
    }
    e.get(p).i32(CHUNK).op(Op.i32_sub).set(p);
    chunkMask(f, p, c); e.set(m);
    e.br(again);
  });
  e.i32(0);
}

/**
 * strrchr: the whole string is read (checked by strlen), then its aligned chunks are searched from
 * the last one down; bits of bytes past the end or before the start are dropped.
 */
const strrchr: BodyFn = (f, lib) => {
  const e = f.e;
  const [s, c] = [f.arg(0), f.arg(1)];
  const end = f.local(), top = f.local();
  e.get(f.st).get(s).call(lib.strlen).get(s).op(Op.i32_add).set(end);
  f.returnOnFault();
  e.get(c).i32(0xff).op(Op.i32_and).tee(c).op(Op.i32_eqz).if();
  e.get(end).op(Op.return);
  e.end();
  e.get(end).get(s).op(Op.i32_eq).if(); e.i32(0).op(Op.return); e.end();
  e.get(end).i32(1).op(Op.i32_sub).set(top);
  backwardScan(f, lib, s, top, c, false);
};

/**
 * memrchr: aligned chunks from the one holding the last byte down, checking each page as the
 * backwards scan enters it from the top, so a fault is at the first inaccessible byte it meets.
 */
const memrchr: BodyFn = (f, lib) => {
  const e = f.e;
  const [s, c, n] = [f.arg(0), f.arg(1), f.arg(2)];
  const top = f.local();
  e.get(n).op(Op.i32_eqz).if(); e.i32(0).op(Op.return); e.end();
  e.get(c).i32(0xff).op(Op.i32_and).set(c);
  // The last byte, but never past the end of the 4 GiB space.
  e.get(s).get(n).op(Op.i32_add).i32(1).op(Op.i32_sub).i32(-1).get(s).get(n).op(Op.i32_add).i32(1).op(Op.i32_sub).get(s).op(Op.i32_ge_u).op(Op.select).set(top);
  f.needReadable(top, lib);
  backwardScan(f, lib, s, top, c, true);
};

/** Longer needles go to the host's search: comparing byte by byte after each first-byte hit is O(n*m). */
const SHORT_NEEDLE = 64;

/**
 * strstr: candidates, where the needle's first two bytes match (or the haystack's NUL), are found
 * by chunkScan, then the rest is compared byte by byte, checking each haystack page as the
 * comparison enters it. Bytes read are those of a byte-wise search: up to the end of the match,
 * or through the NUL. The second-byte test reads one byte past the aligned chunk, possibly from
 * an unchecked page: it only filters candidates, and a candidate it drops wrongly there would have
 * faulted at that page's first byte, where the scan then faults.
 */
const strstr: BodyFn = (f, lib) => {
  const e = f.e;
  const [h, nd] = [f.arg(0), f.arg(1)];
  const nlen = f.local(), first = f.local(), second = f.local(), p = f.local(), q = f.local(), i = f.local(), x = f.local();
  e.get(f.st).get(nd).call(lib.strlen).set(nlen);
  f.returnOnFault();
  e.get(nlen).op(Op.i32_eqz).if();
  f.needReadable(h, lib);
  e.get(h).op(Op.return);
  e.end();
  e.get(nlen).i32(SHORT_NEEDLE).op(Op.i32_gt_u).if();
  e.get(f.st).get(h).get(nd).call(lib.longStrstr).op(Op.return);
  e.end();
  f.load8(nd); e.set(first);
  e.get(nlen).i32(1).op(Op.i32_eq).if();
  findChar(f, lib, h, first, false); e.op(Op.return);
  e.end();
  e.get(nd).mem(Op.i32_load8_u, 1).set(second);
  e.get(h).set(p);
  f.needReadable(p, lib);
  scanLoop(f, (_done, again) => {
    chunkScan(f, lib, p, (off) => {
      chunkEq(f, p, first, off);
      e.get(p).simdMem(SimdOp.v128_load, off + 1).get(second).simd(SimdOp.i8x16_splat).simd(SimdOp.i8x16_eq).simd(SimdOp.v128_and);
      chunkEq(f, p, 'nul', off); e.simd(SimdOp.v128_or);
    }, null, () => {});
    f.load8(p); e.op(Op.i32_eqz).if(); e.i32(0).op(Op.return); e.end();
    e.get(p).set(q);
    e.get(nd).set(i);
    const mismatch = e.block();
    const next = e.loop();
    e.get(i).i32(1).op(Op.i32_add).tee(i).mem(Op.i32_load8_u, 0).tee(x).op(Op.i32_eqz).if();
    e.get(p).op(Op.return);
    e.end();
    f.advance(q, lib);
    f.load8(q); e.get(x).op(Op.i32_ne).brIf(mismatch);
    e.br(next);
    e.end().end();
    f.advance(p, lib);
    e.br(again);
  });
  e.i32(0);
};

const strnlen: BodyFn = (f, lib) => {
  const [s, n] = [f.arg(0), f.arg(1)];
  const zero = f.local();
  const p = findByte(f, lib, s, zero, false, n, () => { f.e.get(n).op(Op.return); });
  f.e.get(p).get(s).op(Op.i32_sub);
};

const rawmemchr: BodyFn = (f, lib) => {
  f.e.get(findByte(f, lib, f.arg(0), f.arg(1), false, null, () => {}));
};

/** Wasm bodies by function name, with their C argument counts. */
const BODIES: Readonly<Record<string, [nargs: number, body: BodyFn]>> = {
  memcpy: [3, copyBody('dst')], memmove: [3, copyBody('dst')], mempcpy: [3, copyBody('end')],
  memset: [3, memset],
  memcmp: [3, compareBody(true, false)], strcmp: [2, compareBody(false, true)], strncmp: [3, compareBody(true, true)],
  memchr: [3, memchr], strchr: [2, strchrBody(false)], strchrnul: [2, strchrBody(true)],
  strlen: [1, strlen],
  strspn: [2, spanBody('spn')], strcspn: [2, spanBody('cspn')], strpbrk: [2, spanBody('pbrk')],
  strcpy: [2, strcpyBody('dst')], stpcpy: [2, strcpyBody('end')], strcat: [2, strcpyBody('cat')],
  strrchr: [2, strrchr], strstr: [2, strstr], strnlen: [2, strnlen], rawmemchr: [2, rawmemchr], memrchr: [3, memrchr],
  strncpy: [3, strncpyBody('dst')], stpncpy: [3, strncpyBody('end')], strncat: [3, strncat],
};

/** fail(state, addr, access): record the fault in the control page. */
function failFn(): FuncEmitter {
  const e = new FuncEmitter(3);
  e.get(0).get(1).op(Op.i64_extend_i32_u).mem(Op.i64_store, CTL_FAULT_ADDR);
  e.get(0).get(2).mem(Op.i32_store, CTL_HELPER_FAULT);
  return e;
}

/** A flag byte repeated for the eight pages one i64 load of the flag table covers. */
const EVERY_PAGE = 0x0101010101010101n;

/**
 * Walks the flag bytes of pages [p, last] (locals, last below 2^20), eight pages per load while
 * eight remain, and branches to `found` with the first page `byteHit` marks in p; falls through
 * when there is none. `wordHit` tests eight pages' bytes (an i64) at once, `byteHit` one (an i32).
 */
function walkPages(e: FuncEmitter, p: number, last: number, wordHit: () => void, byteHit: () => void, found: Label): void {
  const done = e.block();
  const again = e.loop();
  e.get(p).get(last).op(Op.i32_gt_u).brIf(done);
  e.get(last).get(p).op(Op.i32_sub).i32(7).op(Op.i32_ge_u).if();
  e.get(p).mem(Op.i64_load, FLAGS_BASE); wordHit(); e.op(Op.i32_eqz).if();
  e.get(p).i32(8).op(Op.i32_add).set(p).br(again);
  e.end();
  e.end();
  e.get(p).mem(Op.i32_load8_u, FLAGS_BASE); byteHit(); e.brIf(found);
  e.get(p).i32(1).op(Op.i32_add).set(p).br(again);
  e.end().end();
}

/** bad(addr, len, bit) -> first address of [addr, addr+len) on a page without `bit`, or -1. */
function badFn(): FuncEmitter {
  const e = new FuncEmitter(3);
  const p = e.local('i32'), last = e.local('i32'), m = e.local('i64');
  e.get(1).op(Op.i32_eqz).if(); e.i32(-1).op(Op.return); e.end();
  e.get(0).i32(PAGE_SHIFT).op(Op.i32_shr_u).set(p);
  // A range running past 4 GiB ends, in the table, at the top page (reserved: no bits).
  e.get(0).get(1).op(Op.i32_add).i32(1).op(Op.i32_sub).tee(last).i32(PAGE_SHIFT).op(Op.i32_shr_u).i32(0xfffff).get(last).get(0).op(Op.i32_ge_u).op(Op.select).set(last);
  e.get(2).op(Op.i64_extend_i32_u).i64(EVERY_PAGE).op(Op.i64_mul).set(m);
  const found = e.block();
  walkPages(e, p, last,
    () => { e.get(m).op(Op.i64_and).get(m).op(Op.i64_ne); },
    () => { e.get(2).op(Op.i32_and).op(Op.i32_eqz); }, found);
  e.i32(-1).op(Op.return);
  e.end();
  e.get(0).get(p).i32(PAGE_SHIFT).op(Op.i32_shl).get(p).get(0).i32(PAGE_SHIFT).op(Op.i32_shr_u).op(Op.i32_eq).op(Op.select);
  return e;
}

/** hasCode(addr, len) -> nonzero when a page of [addr, addr+len) (len > 0, mapped) holds translated code. */
function hasCodeFn(): FuncEmitter {
  const e = new FuncEmitter(2);
  const p = e.local('i32'), last = e.local('i32');
  e.get(0).get(1).op(Op.i32_add).i32(1).op(Op.i32_sub).i32(PAGE_SHIFT).op(Op.i32_shr_u).set(last);
  e.get(0).i32(PAGE_SHIFT).op(Op.i32_shr_u).set(p);
  const found = e.block();
  walkPages(e, p, last,
    () => { e.i64(BigInt(PF_CODE) * EVERY_PAGE).op(Op.i64_and).i64(0n).op(Op.i64_ne); },
    () => { e.i32(PF_CODE).op(Op.i32_and); }, found);
  e.i32(0).op(Op.return);
  e.end();
  e.i32(1);
  return e;
}

export type WasmFunction = (...args: number[]) => number;

/** What the wasm implementations call back into: the translator's code-write hook, the host's strstr. */
export interface WasmFunctionHooks {
  noteWrite(addr: number, len: number): void;
  /** strstr(state, haystack, needle) for long needles; reports a fault like a wasm function. */
  longStrstr(state: number, haystack: number, needle: number): number;
}

/** Instantiates the wasm implementations over `memory`. Returns them by function name. */
export function wasmFunctions(memory: WebAssembly.Memory, shared: boolean, hooks: WasmFunctionHooks): ReadonlyMap<string, WasmFunction> {
  const mod = new WasmModule();
  mod.importMemory('rt', 'mem', shared);
  const noteIdx = mod.importFunc('rt', 'noteWrite', ['i32', 'i32'], []);
  const longStrstrIdx = mod.importFunc('rt', 'longStrstr', ['i32', 'i32', 'i32'], ['i32']);
  const body = (e: FuncEmitter): { locals: Ty[]; code: FuncEmitter['code'] } => ({ locals: e.locals, code: e.code });
  const fail = mod.func(['i32', 'i32', 'i32'], [], body(failFn()));
  const bad = mod.func(['i32', 'i32', 'i32'], ['i32'], body(badFn()));
  const hasCode = mod.func(['i32', 'i32'], ['i32'], body(hasCodeFn()));
  // strlen and strnlen are called by other bodies: their indices are fixed before those are emitted.
  const names = ['strlen', 'strnlen', ...Object.keys(BODIES).filter((n) => n !== 'strlen' && n !== 'strnlen')];
  const lib: Lib = { fail, bad, hasCode, noteWrite: noteIdx, longStrstr: longStrstrIdx, strlen: hasCode + 1, strnlen: hasCode + 2 };
  for (const name of names) {
    const [nargs, emit] = BODIES[name]!;
    const f = new Body(nargs);
    emit(f, lib);
    const params: Ty[] = Array.from({ length: nargs + 1 }, () => 'i32');
    mod.export(name, mod.func(params, ['i32'], body(f.e)));
  }
  const rt = { mem: memory, noteWrite: hooks.noteWrite, longStrstr: hooks.longStrstr };
  const inst = new WebAssembly.Instance(new WebAssembly.Module(mod.encode()), { rt });
  return new Map(names.map((n) => [n, inst.exports[n] as WasmFunction]));
}
