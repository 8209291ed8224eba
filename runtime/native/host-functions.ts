// Host implementations of the bypassed functions, working in place on guest memory.
//
// Each computes its result with fast raw scans of the host view, then checks that every byte a
// byte-wise C implementation would have touched is accessible, so a bad pointer raises the guest
// SIGSEGV at the first inaccessible byte instead of reading host memory past the guest's mapping.
// Raw NUL scans always terminate: the runtime's reserved area at the top of the 4 GiB space ends
// in zero bytes (page flags of unmapped pages). Arguments arrive as unsigned 32-bit numbers
// (pointers are guest addresses, sizes are clamped to 2^32-1 by the caller); comparison results
// are the difference of the first differing bytes as unsigned chars, as glibc's generic C code
// returns (optimised per-arch assembly may return any value of the same sign).
import type { NativeMemory } from './native-memory.js';

export type HostFunction = (m: NativeMemory, a: number, b: number, c: number) => number;

const SPACE_END = 2 ** 32;
/** Below this many bytes a JS loop beats creating a subarray for a bounded search. */
const SHORT_SCAN = 64;

function read(m: NativeMemory, p: number, len: number): void {
  if (len > 0) m.check(p, len, 'read');
}

function write(m: NativeMemory, p: number, len: number): void {
  if (len > 0) m.check(p, len, 'write');
}

/** Index of the first NUL at or after p, without checks. */
function rawStrEnd(buf: Buffer, p: number): number {
  return buf.indexOf(0, p);
}

/** Length of the string at p, with the bytes it reads (including the NUL) checked. */
function strlenChecked(m: NativeMemory, p: number): number {
  const len = rawStrEnd(m.buf, p) - p;
  read(m, p, len + 1);
  return len;
}

/** Length of the string at p but at most n, with the bytes read checked. */
function strnlenChecked(m: NativeMemory, p: number, n: number): number {
  const limit = Math.min(n, SPACE_END - p);
  const found = boundedIndexOf(m.buf, 0, p, limit);
  const len = found < 0 ? limit : found - p;
  read(m, p, found < 0 ? len : len + 1);
  return len;
}

/** Absolute index of byte in [p, p+len), or -1, without checks. */
function boundedIndexOf(buf: Buffer, byte: number, p: number, len: number): number {
  if (len <= SHORT_SCAN) {
    for (let i = p, end = p + len; i < end; i++) if (buf[i] === byte) return i;
    return -1;
  }
  const i = buf.subarray(p, p + len).indexOf(byte);
  return i < 0 ? -1 : p + i;
}

function copy(m: NativeMemory, d: number, s: number, n: number): void {
  if (n === 0) return;
  read(m, s, n);
  write(m, d, n);
  m.copy(d, s, n);
  m.wrote(d, n);
}

function fill(m: NativeMemory, d: number, byte: number, n: number): void {
  if (n === 0) return;
  write(m, d, n);
  m.fill(d, byte, n);
  m.wrote(d, n);
}

/** Compare at most n bytes; stopAtNul makes it string comparison. */
function compare(m: NativeMemory, a: number, b: number, n: number, stopAtNul: boolean): number {
  const buf = m.buf;
  let i = 0;
  for (; i < n; i++) {
    const x = buf[a + i]!, y = buf[b + i]!;
    if (x !== y || (stopAtNul && x === 0)) {
      read(m, a, i + 1);
      read(m, b, i + 1);
      return x - y;
    }
  }
  read(m, a, n);
  read(m, b, n);
  return 0;
}

/**
 * Membership of the bytes of the current strspn-family set: byte b is in the set when
 * setStamp[b] === setGeneration. Bumping the generation empties the set without clearing or
 * allocating, which matters at millions of calls.
 */
const setStamp = new Uint32Array(256);
let setGeneration = 0;

/** Make the NUL-terminated string at p the current byte set. */
function loadByteSet(m: NativeMemory, p: number): void {
  const len = strlenChecked(m, p);
  if (++setGeneration === 2 ** 32) { setStamp.fill(0); setGeneration = 1; }
  const buf = m.buf;
  for (let i = p, end = p + len; i < end; i++) setStamp[buf[i]!] = setGeneration;
}

/** Length of the prefix of s whose bytes are (inSet) or are not (!inSet) in the set at set; NUL always stops. */
function span(m: NativeMemory, s: number, set: number, inSet: boolean): number {
  loadByteSet(m, set);
  const buf = m.buf;
  const gen = setGeneration;
  let i = s;
  for (;;) {
    const ch = buf[i]!;
    if (ch === 0 || (setStamp[ch] === gen) !== inSet) break;
    i++;
  }
  read(m, s, i - s + 1);
  return i - s;
}

function memchr(m: NativeMemory, s: number, c: number, n: number): number {
  const limit = Math.min(n, SPACE_END - s);
  const i = boundedIndexOf(m.buf, c & 0xff, s, limit);
  read(m, s, i < 0 ? limit : i - s + 1);
  return i < 0 ? 0 : i;
}

function memrchr(m: NativeMemory, s: number, c: number, n: number): number {
  const byte = c & 0xff;
  const buf = m.buf;
  const limit = Math.min(n, SPACE_END - s);
  const i = limit <= SHORT_SCAN
    ? lastIndexLoop(buf, byte, s, limit)
    : (() => { const j = buf.subarray(s, s + limit).lastIndexOf(byte); return j < 0 ? -1 : s + j; })();
  // A backwards scan reads from the end: the first inaccessible byte it meets is the highest one.
  const from = i < 0 ? s : i;
  const bad = highestFault(m, from, s + limit - from);
  if (bad >= 0) m.check(bad, 1, 'read');
  return i < 0 ? 0 : i;
}

function lastIndexLoop(buf: Buffer, byte: number, s: number, len: number): number {
  for (let i = s + len - 1; i >= s; i--) if (buf[i] === byte) return i;
  return -1;
}

function highestFault(m: NativeMemory, p: number, len: number): number {
  if (len <= 0 || m.firstFault(p, len, 'read') < 0) return -1;
  for (let i = p + len - 1; i >= p; i = (i & ~0xfff) - 1) {
    if (m.firstFault(i, 1, 'read') >= 0) return i;
  }
  return -1;
}

function rawmemchr(m: NativeMemory, s: number, c: number): number {
  const i = m.buf.indexOf(c & 0xff, s);
  // Not found anywhere: a real rawmemchr runs off the end of the mapping.
  const end = i < 0 ? SPACE_END : i + 1;
  read(m, s, end - s);
  return i;
}

/** Position of the first byte equal to c or NUL, reads checked. */
function strchrnul(m: NativeMemory, s: number, c: number): number {
  const byte = c & 0xff;
  const end = rawStrEnd(m.buf, s);
  const i = byte === 0 ? end : boundedIndexOf(m.buf, byte, s, end - s);
  const stop = i < 0 ? end : i;
  read(m, s, stop - s + 1);
  return stop;
}

function strrchr(m: NativeMemory, s: number, c: number): number {
  const byte = c & 0xff;
  const len = strlenChecked(m, s);
  if (byte === 0) return s + len;
  const j = m.buf.subarray(s, s + len).lastIndexOf(byte);
  return j < 0 ? 0 : s + j;
}

function strstr(m: NativeMemory, h: number, nd: number): number {
  const nlen = strlenChecked(m, nd);
  if (nlen === 0) { read(m, h, 1); return h; }
  const hend = rawStrEnd(m.buf, h);
  const needle = m.buf.subarray(nd, nd + nlen);
  const j = m.buf.subarray(h, hend).indexOf(needle);
  // A byte-wise search reads the haystack up to the end of the match, or through its NUL.
  read(m, h, j < 0 ? hend - h + 1 : j + nlen);
  return j < 0 ? 0 : h + j;
}

function strncpyLike(m: NativeMemory, d: number, s: number, n: number): number {
  const len = strnlenChecked(m, s, n);
  write(m, d, n);
  m.copy(d, s, len);
  m.fill(d + len, 0, n - len);
  if (n > 0) m.wrote(d, n);
  return len;
}

function strcpyLike(m: NativeMemory, d: number, s: number): number {
  const len = strlenChecked(m, s);
  copy(m, d, s, len + 1);
  return len;
}

function strncatInto(m: NativeMemory, d: number, s: number, n: number): void {
  const dlen = strlenChecked(m, d);
  const slen = strnlenChecked(m, s, n);
  write(m, d + dlen, slen + 1);
  m.copy(d + dlen, s, slen);
  m.buf[d + dlen + slen] = 0;
  m.wrote(d + dlen, slen + 1);
}

/** Host implementation per function name (names as in libnative's interface description). */
export const HOST_FUNCTIONS: Readonly<Record<string, HostFunction>> = {
  memcpy: (m, d, s, n) => { copy(m, d, s, n); return d; },
  memmove: (m, d, s, n) => { copy(m, d, s, n); return d; },
  mempcpy: (m, d, s, n) => { copy(m, d, s, n); return d + n; },
  memset: (m, d, c, n) => { fill(m, d, c & 0xff, n); return d; },
  memcmp: (m, a, b, n) => compare(m, a, b, n, false),
  memchr,
  memrchr,
  rawmemchr: (m, s, c) => rawmemchr(m, s, c),
  strlen: (m, s) => strlenChecked(m, s),
  strnlen: (m, s, n) => strnlenChecked(m, s, n),
  strcpy: (m, d, s) => { strcpyLike(m, d, s); return d; },
  stpcpy: (m, d, s) => d + strcpyLike(m, d, s),
  strncpy: (m, d, s, n) => { strncpyLike(m, d, s, n); return d; },
  stpncpy: (m, d, s, n) => d + strncpyLike(m, d, s, n),
  strcat: (m, d, s) => { strncatInto(m, d, s, SPACE_END); return d; },
  strncat: (m, d, s, n) => { strncatInto(m, d, s, n); return d; },
  strcmp: (m, a, b) => compare(m, a, b, SPACE_END, true),
  strncmp: (m, a, b, n) => compare(m, a, b, n, true),
  strchr: (m, s, c) => { const i = strchrnul(m, s, c); return m.buf[i] === (c & 0xff) ? i : 0; },
  strrchr: (m, s, c) => strrchr(m, s, c),
  strchrnul: (m, s, c) => strchrnul(m, s, c),
  strstr: (m, h, n) => strstr(m, h, n),
  strspn: (m, s, acc) => span(m, s, acc, true),
  strcspn: (m, s, rej) => span(m, s, rej, false),
  strpbrk: (m, s, acc) => { const n = span(m, s, acc, false); return m.buf[s + n] === 0 ? 0 : s + n; },
};
