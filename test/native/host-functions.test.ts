// The host implementations against the host's own glibc (an independent oracle), and their
// fault behaviour on a fake guest memory with an unmapped page.
import test from 'node:test';
import assert from 'node:assert/strict';
import koffi from 'koffi';
import { HOST_FUNCTIONS } from '../../runtime/native/host-functions.js';
import type { NativeMemory } from '../../runtime/native/native-memory.js';
import { GuestFault } from '../../runtime/core/fault.js';

const PAGE = 4096;
const MAPPED_PAGES = 2; // pages 0..1 mapped, page 2 unmapped, then zero padding

function fakeMemory(): NativeMemory {
  const buf = Buffer.alloc(PAGE * 4);
  const firstFault = (addr: number, len: number): number => {
    for (let a = addr; a < addr + len; a = (a & ~(PAGE - 1)) + PAGE) {
      if (a >= MAPPED_PAGES * PAGE) return a;
    }
    return -1;
  };
  return {
    buf,
    firstFault,
    check(addr, len, access) {
      const f = firstFault(addr, len);
      if (f >= 0) throw new GuestFault(f, access, 'unmapped');
    },
    wrote() {},
    copy: (dst, src, n) => { buf.copyWithin(dst, src, src + n); },
    fill: (dst, byte, n) => { buf.fill(byte, dst, dst + n); },
  };
}

const libc = koffi.load('libc.so.6');
type Sig = 'pin' | 'pn' | 'pp' | 'ppn' | 'p' | 'pi';
const PARAMS: Record<Sig, string> = {
  pin: 'uint8_t *a, int b, size_t c', pn: 'uint8_t *a, size_t b', pp: 'uint8_t *a, uint8_t *b',
  ppn: 'uint8_t *a, uint8_t *b, size_t c', p: 'uint8_t *a', pi: 'uint8_t *a, int b',
};
const SIGS: Record<string, Sig> = {
  memchr: 'pin', memrchr: 'pin', rawmemchr: 'pi', strlen: 'p', strnlen: 'pn', strcmp: 'pp',
  strncmp: 'ppn', memcmp: 'ppn', strchr: 'pi', strrchr: 'pi', strchrnul: 'pi', strstr: 'pp',
  strspn: 'pp', strcspn: 'pp', strpbrk: 'pp',
};
const POINTER_RESULT = new Set(['memchr', 'memrchr', 'rawmemchr', 'strchr', 'strrchr', 'strchrnul', 'strstr', 'strpbrk']);
const COMPARE = new Set(['strcmp', 'strncmp', 'memcmp']);

function hostCall(name: string, buf: Buffer, args: number[]): number {
  const sig = SIGS[name]!;
  const ret = POINTER_RESULT.has(name) ? 'uintptr_t' : COMPARE.has(name) ? 'int' : 'size_t';
  const fn = libc.func(`${ret} ${name}(${PARAMS[sig]})`);
  const base = libc.func('uintptr_t memchr(uint8_t *s, int c, size_t n)')(buf, buf[0]!, 1) as number;
  const ptrArgs = sig.split('').map((k, i) => (k === 'p' ? buf.subarray(args[i]!) : args[i]!));
  const r = Number(fn(...ptrArgs));
  return POINTER_RESULT.has(name) ? (r === 0 ? 0 : r - base) : r;
}

let seed = 12345;
function rnd(n: number): number { seed = (seed * 1103515245 + 12345) >>> 0; return (seed >>> 8) % n; }

function fillStrings(buf: Buffer): void {
  // Few distinct letters and frequent NULs make matches and early ends likely.
  for (let i = 0; i < MAPPED_PAGES * PAGE; i++) buf[i] = rnd(9) === 0 ? 0 : 0x61 + rnd(4);
  buf[200] = 0xe9; buf[201] = 0x80; // bytes >= 0x80 compare as unsigned chars
}

test('read-only functions match host glibc on random inputs', () => {
  const m = fakeMemory();
  fillStrings(m.buf);
  for (const name of Object.keys(SIGS)) {
    for (let k = 0; k < 300; k++) {
      const a = rnd(PAGE), b = rnd(PAGE), c = rnd(40);
      const sig = SIGS[name]!;
      const args = sig === 'pin' || sig === 'pi' ? [a, 0x61 + rnd(name === 'rawmemchr' ? 4 : 5), c] : sig === 'pn' ? [a, c, 0] : [a, b, c];
      const ours = HOST_FUNCTIONS[name]!(m, args[0]!, args[1]!, args[2]!);
      const theirs = hostCall(name, m.buf, args);
      if (COMPARE.has(name)) assert.equal(Math.sign(ours), Math.sign(theirs), `${name}(${args})`);
      else assert.equal(ours, theirs, `${name}(${args})`);
    }
  }
});

test('copying functions produce the bytes and results glibc produces', () => {
  for (const name of ['strcpy', 'stpcpy', 'strncpy', 'stpncpy', 'strcat', 'strncat', 'memcpy', 'mempcpy', 'memmove', 'memset']) {
    for (let k = 0; k < 100; k++) {
      const ours = fakeMemory();
      fillStrings(ours.buf);
      const theirs = Buffer.from(ours.buf);
      const d = 4096 + rnd(1024), s = rnd(1024), n = rnd(60);
      const args = name === 'memset' ? [d, 0x41 + rnd(3), n] : [d, s, n];
      const r = HOST_FUNCTIONS[name]!(ours, args[0]!, args[1]!, args[2]!);
      const isN = ['strncpy', 'stpncpy', 'strncat', 'memcpy', 'mempcpy', 'memmove', 'memset'].includes(name);
      const params = name === 'memset' ? 'uint8_t *d, int c, size_t n' : isN ? 'uint8_t *d, uint8_t *s, size_t n' : 'uint8_t *d, uint8_t *s';
      const fn = libc.func(`uintptr_t ${name}(${params})`);
      const base = libc.func('uintptr_t memchr(uint8_t *s, int c, size_t n)')(theirs, theirs[0]!, 1) as number;
      const hr = (name === 'memset' ? fn(theirs.subarray(d), args[1], n) : isN ? fn(theirs.subarray(d), theirs.subarray(s), n) : fn(theirs.subarray(d), theirs.subarray(s))) as number;
      assert.equal(r, hr - base, `${name}(${args}) result`);
      assert.ok(ours.buf.equals(theirs), `${name}(${args}) memory`);
    }
  }
});

test('faults report the first inaccessible byte', () => {
  const m = fakeMemory();
  const end = MAPPED_PAGES * PAGE;
  m.buf.fill(0x61, end - 16, end); // a string running into the unmapped page
  const faultAt = (f: () => number): number => {
    try { f(); } catch (e) { if (e instanceof GuestFault) return e.addr; throw e; }
    return -1;
  };
  const s = end - 16;
  assert.equal(faultAt(() => HOST_FUNCTIONS.strlen!(m, s, 0, 0)), end);
  assert.equal(faultAt(() => HOST_FUNCTIONS.strchr!(m, s, 0x62, 0)), end);
  assert.equal(faultAt(() => HOST_FUNCTIONS.strnlen!(m, s, 16, 0)), -1, 'strnlen within the mapping');
  assert.equal(faultAt(() => HOST_FUNCTIONS.strnlen!(m, s, 17, 0)), end);
  assert.equal(faultAt(() => HOST_FUNCTIONS.memcpy!(m, 0, s, 32)), end);
  assert.equal(faultAt(() => HOST_FUNCTIONS.memset!(m, end + 8, 0, 1)), end + 8);
  assert.equal(faultAt(() => HOST_FUNCTIONS.memcpy!(m, end + 100, 0, 0)), -1, 'n = 0 touches nothing');
  m.buf[end - 1] = 0; // now the string ends exactly at the end of the mapped page
  assert.equal(HOST_FUNCTIONS.strlen!(m, s, 0, 0), 15);
  assert.equal(faultAt(() => HOST_FUNCTIONS.strcmp!(m, s, s, 0)), -1);
  assert.equal(faultAt(() => HOST_FUNCTIONS.memchr!(m, s, 0x7a, 100)), end);
  assert.equal(HOST_FUNCTIONS.memchr!(m, s, 0x61, 100), s);
});
