// The wasm implementations of bypassed functions against the JS host implementations (which
// host-functions.test.ts checks against the host's glibc), on a real guest memory with unmapped
// pages: same results, same bytes written, and a fault at the same address for the same access.
import test from 'node:test';
import assert from 'node:assert/strict';
import { PROT_READ, PROT_WRITE } from '../../runtime/core/api.js';
import { GuestFault } from '../../runtime/core/fault.js';
import { pendingHelperFault } from '../../runtime/core/helper-fault.js';
import { PF_CODE, THREAD_SLOTS_BASE } from '../../runtime/core/layout.js';
import { GuestMemory } from '../../runtime/core/memory.js';
import { guestWasmFunctions, nativeMemory } from '../../runtime/native/bypass.js';
import { HOST_FUNCTIONS } from '../../runtime/native/host-functions.js';

const PAGE = 4096;
const BASE = 0x100000;
// Pages 0-1: source strings; page 2 inaccessible but full of string bytes (a scan that reads it
// without checking finds them); page 3: destinations; page 4 unmapped.
const SRC_END = BASE + 2 * PAGE;
const DST = BASE + 3 * PAGE;
const DST_END = DST + PAGE;
const STATE = THREAD_SLOTS_BASE;

const mem = new GuestMemory(false);
mem.setProt(BASE, 2 * PAGE, PROT_READ | PROT_WRITE);
mem.setProt(DST, PAGE, PROT_READ | PROT_WRITE);
mem.u8.fill(0x62, SRC_END, SRC_END + PAGE);
const wasm = guestWasmFunctions(mem);
const host = nativeMemory(mem);

let seed = 4242;
function rnd(n: number): number { seed = (seed * 1103515245 + 12345) >>> 0; return (seed >>> 8) % n; }

/** Short strings over few letters, then a stretch without NULs (long needles and long matches). */
function fillSource(): void {
  for (let a = BASE; a < SRC_END; a++) mem.u8[a] = rnd(9) === 0 ? 0 : 0x61 + rnd(4);
  for (let a = BASE + 5000; a < BASE + 5600; a++) mem.u8[a] = 0x61 + rnd(2);
  mem.u8[BASE + 200] = 0xe9; // bytes >= 0x80 compare as unsigned chars
  mem.u8.fill(0x62, SRC_END - 40, SRC_END); // a string running into the unmapped page
}

// The destination page holds translated code: every write to it must be reported to the translator.
mem.flags[DST >>> 12] |= PF_CODE;
let codeWrites: string[] = [];
mem.onCodeWrite = (addr, len) => { codeWrites.push(`${addr.toString(16)}+${len}`); };

type Outcome = ({ result: number } | { fault: number; access: string }) & { codeWrites: string[] };

function runWasm(name: string, args: number[]): Outcome {
  codeWrites = [];
  const r = wasm.get(name)!(STATE, ...args);
  const fault = pendingHelperFault(mem, STATE);
  return fault === null ? { result: r, codeWrites } : { fault: fault.addr, access: fault.access, codeWrites };
}

function runHost(name: string, args: number[]): Outcome {
  codeWrites = [];
  try {
    return { result: HOST_FUNCTIONS[name]!(host, args[0]! >>> 0, args[1]! >>> 0, args[2]! >>> 0) | 0, codeWrites };
  } catch (e) {
    if (e instanceof GuestFault) return { fault: e.addr, access: e.access, codeWrites };
    throw e;
  }
}

/** A source pointer: anywhere, in the NUL-free stretch, or just before the unmapped page. */
function src(): number {
  switch (rnd(4)) {
    case 0: return BASE + 5000 + rnd(600);
    case 1: return SRC_END - 1 - rnd(48);
    default: return BASE + rnd(2 * PAGE);
  }
}

/** A needle: often copied out of the haystack (so it matches), sometimes longer than 64 bytes. */
function needle(h: number): number {
  const n = DST + 2048 + rnd(1024);
  const from = rnd(2) === 0 ? h + rnd(80) : src();
  const len = rnd(3) === 0 ? 60 + rnd(20) : rnd(12);
  for (let i = 0; i < len; i++) mem.u8[n + i] = mem.u8[from + i] || 0x61;
  mem.u8[n + len] = 0;
  return n;
}

function argsFor(name: string): number[] {
  const dst = (): number => (rnd(4) === 0 ? DST_END - rnd(64) : DST + rnd(2048));
  const byte = (): number => 0x61 + rnd(5) + (rnd(8) === 0 ? 0x100 : 0); // high bits must be ignored
  const n = (): number => (rnd(10) === 0 ? 0 : rnd(6) === 0 ? rnd(9000) : rnd(120));
  switch (name) {
    case 'memcpy': case 'memmove': case 'mempcpy': return [rnd(3) === 0 ? src() : dst(), src(), n()];
    case 'memset': return [dst(), byte(), n()];
    case 'memcmp': case 'strncmp': return [src(), src(), n()];
    case 'memchr': case 'memrchr': return [src(), byte(), n()];
    case 'strnlen': return [src(), n()];
    case 'strlen': return [src()];
    case 'strchr': case 'strchrnul': case 'strrchr': return [src(), rnd(10) === 0 ? 0 : byte()];
    case 'rawmemchr': return [src(), 0x61 + rnd(4)];
    case 'strcpy': case 'stpcpy': case 'strcat': return [dst(), src()];
    case 'strncpy': case 'stpncpy': case 'strncat': return [dst(), src(), n()];
    case 'strstr': { const h = src(); return [h, needle(h)]; }
    default: return [src(), src()]; // strcmp, strspn, strcspn, strpbrk
  }
}

const SIGNED_RESULT = new Set(['memcmp', 'strcmp', 'strncmp']);

test('every wasm implementation agrees with the host implementation, faults included', () => {
  fillSource();
  const names = [...wasm.keys()];
  assert.deepEqual(names.filter((n) => !(n in HOST_FUNCTIONS)), []);
  assert.deepEqual(Object.keys(HOST_FUNCTIONS).filter((n) => !wasm.has(n)), [], 'every function has a wasm implementation');
  let faults = 0, writesSeen = 0;
  for (const name of names) {
    for (let k = 0; k < 400; k++) {
      const args = argsFor(name);
      const before = Buffer.from(mem.u8.subarray(BASE, DST_END));
      const w = runWasm(name, args);
      const wBytes = Buffer.from(mem.u8.subarray(BASE, DST_END));
      mem.u8.set(before, BASE);
      const h = runHost(name, args);
      const hBytes = Buffer.from(mem.u8.subarray(BASE, DST_END));
      const what = `${name}(${args.map((a) => `0x${(a >>> 0).toString(16)}`).join(', ')})`;
      if ('result' in w && 'result' in h && SIGNED_RESULT.has(name)) assert.equal(Math.sign(w.result), Math.sign(h.result), what);
      else assert.deepEqual(w, h, what);
      if (name.includes('cpy') || name.includes('cat') || name.startsWith('memset')) writesSeen += w.codeWrites.length;
      assert.ok(wBytes.equals(hBytes), `${what}: bytes written`);
      if ('fault' in w) faults++;
      if (name === 'memmove' || name === 'memcpy') fillSource(); // copies may have overwritten the sources
    }
  }
  assert.ok(faults > 50, `bad pointers were exercised (${faults} faults)`);
  assert.ok(writesSeen > 500, `writes into the code page were reported (${writesSeen})`);
});

test('strrchr and strstr at every alignment of a string ending at a page end', () => {
  for (let len = 0; len < 40; len++) {
    const s = SRC_END - 1 - len;
    mem.u8.fill(0x61, s, s + len);
    for (let i = s; i < s + len; i += 7) mem.u8[i] = 0x78;
    mem.u8[SRC_END - 1] = 0;
    for (const c of [0x78, 0x61, 0x7a, 0]) assert.deepEqual(runWasm('strrchr', [s, c]), runHost('strrchr', [s, c]), `strrchr len ${len} c ${c}`);
    const n = DST + 100;
    mem.u8.set([0x61, 0x78, 0x61, 0], n);
    assert.deepEqual(runWasm('strstr', [s, n]), runHost('strstr', [s, n]), `strstr len ${len}`);
  }
  fillSource();
});

test('a match that would run into the inaccessible page faults instead', () => {
  fillSource();
  const n = DST + 100;
  for (let k = 1; k < 24; k++) {
    mem.u8.fill(0x62, n, n + k + 3);
    mem.u8[n + k + 3] = 0;
    const h = SRC_END - k;
    assert.deepEqual(runHost('strstr', [h, n]), { fault: SRC_END, access: 'read', codeWrites: [] });
    assert.deepEqual(runWasm('strstr', [h, n]), { fault: SRC_END, access: 'read', codeWrites: [] }, `${k} bytes before the page end`);
    // A needle whose second byte differs from the inaccessible page's bytes: no candidate at the page end.
    mem.u8.set([0x62, 0x63, 0], n);
    assert.deepEqual(runWasm('strstr', [h, n]), { fault: SRC_END, access: 'read', codeWrites: [] }, `"bc", ${k} bytes before the page end`);
  }
});

test('overlapping copies and fills of every small size and distance act as memmove and memset', () => {
  const s = BASE + 1000;
  for (const name of ['memmove', 'memcpy', 'mempcpy', 'memset']) {
    for (let n = 1; n <= 40; n++) {
      for (let delta = -18; delta <= 18; delta++) {
        fillSource();
        const args = name === 'memset' ? [s + delta, 0x100 + n, n] : [s + delta, s, n];
        const before = Buffer.from(mem.u8.subarray(BASE, SRC_END));
        const w = runWasm(name, args);
        const wBytes = Buffer.from(mem.u8.subarray(BASE, SRC_END));
        mem.u8.set(before, BASE);
        assert.deepEqual(w, runHost(name, args), `${name} n ${n} delta ${delta}`);
        assert.ok(wBytes.equals(mem.u8.subarray(BASE, SRC_END)), `${name} n ${n} delta ${delta}: bytes`);
      }
    }
  }
});

test('bounded scans that end exactly at an inaccessible page do not touch it', () => {
  fillSource();
  mem.u8.fill(0x61, SRC_END - 400, SRC_END); // no NUL and no 'z' up to the page end
  for (let len = 1; len <= 400; len++) {
    const s = SRC_END - len;
    for (const [name, args] of [['memchr', [s, 0x7a, len]], ['strnlen', [s, len]], ['memchr', [s, 0x61, len]]] as const) {
      assert.deepEqual(runWasm(name, [...args]), runHost(name, [...args]), `${name}(SRC_END - ${len}, ..., ${len})`);
    }
  }
  fillSource();
});

test('ranges of many pages: the first page without access, and code pages, wherever they are', () => {
  const big = 0x200000, pages = 21;
  for (let k = -1; k < pages; k++) {
    mem.setProt(big, pages * PAGE, PROT_READ | PROT_WRITE);
    if (k >= 0) mem.setProt(big + k * PAGE, PAGE, PROT_READ);
    const start = big + 100, n = pages * PAGE - 200;
    const expected = k < 0 ? { result: start } : { fault: k === 0 ? start : big + k * PAGE, access: 'write' };
    assert.deepEqual(runWasm('memset', [start, 0x41, n]), { ...expected, codeWrites: [] }, `read-only page ${k}`);
    assert.deepEqual(runHost('memset', [start, 0x41, n]), { ...expected, codeWrites: [] });
  }
  mem.setProt(big, pages * PAGE, PROT_READ | PROT_WRITE);
  for (let k = 0; k < pages; k++) {
    mem.flags[(big >>> 12) + k] |= PF_CODE;
    assert.deepEqual(runWasm('memset', [big, 0x42, pages * PAGE]).codeWrites, [`${big.toString(16)}+${pages * PAGE}`], `code page ${k}`);
    mem.flags[(big >>> 12) + k] &= ~PF_CODE;
  }
  assert.deepEqual(runWasm('memset', [big, 0x42, pages * PAGE]).codeWrites, []);
  mem.setProt(big, pages * PAGE, 0);
});
