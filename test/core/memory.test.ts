import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PROT_EXEC, PROT_READ, PROT_WRITE, RESERVED_BASE } from '../../runtime/core/api.js';
import { GuestFault } from '../../runtime/core/fault.js';
import { PF_CODE } from '../../runtime/core/layout.js';
import { GuestMemory } from '../../runtime/core/memory.js';

const le = new GuestMemory(false);
const be = new GuestMemory(true);
const RW = PROT_READ | PROT_WRITE;

function faultOf(f: () => unknown): GuestFault {
  try { f(); } catch (e) { if (e instanceof GuestFault) return e; throw e; }
  assert.fail('expected a GuestFault');
}

test('4 GiB memory reserves lazily', () => {
  assert.equal(le.u8.length, 2 ** 32);
  assert.ok(process.memoryUsage().rss < 1024 * 2 ** 20, 'RSS stays far below 4 GiB');
});

test('protections: read/write/exec bits and unmapped vs protection faults', () => {
  le.setProt(0x20000, 0x2000, PROT_READ);
  le.setProt(0x22000, 0x1000, RW);
  assert.equal(le.getProt(0x20fff), PROT_READ);
  assert.equal(le.getProt(0x22000), RW);
  le.write32(0x22000, 0xdeadbeef);
  assert.equal(le.read32(0x22000), 0xdeadbeef);
  const w = faultOf(() => le.write8(0x21000, 1));
  assert.deepEqual([w.addr, w.access, w.kind], [0x21000, 'write', 'protection']);
  const r = faultOf(() => le.read8(0x30000));
  assert.deepEqual([r.addr, r.access, r.kind], [0x30000, 'read', 'unmapped']);
  assert.equal(le.firstFault(0x20000, 0x3000, 'exec'), 0x20000);
  assert.equal(le.firstFault(0x20000, 0x3000, 'read'), -1);
  assert.equal(le.firstFault(0x21ff0, 0x20, 'write'), 0x21ff0);
  assert.equal(le.firstFault(0x22ff0, 0x20, 'read'), 0x23000);
});

test('page-crossing accesses fault at the first bad byte', () => {
  le.setProt(0x40000, 0x1000, RW);
  le.setProt(0x41000, 0x1000, 0);
  le.write16(0x40ffe, 0x1234);
  const f = faultOf(() => le.read32(0x40ffe));
  assert.deepEqual([f.addr, f.kind], [0x41000, 'unmapped']);
  const g = faultOf(() => le.write64(0x40ffc, 1n));
  assert.equal(g.addr, 0x41000);
  le.setProt(0x41000, 0x1000, RW);
  le.write32(0x40ffe, 0xa1b2c3d4);
  assert.equal(le.read32(0x40ffe), 0xa1b2c3d4);
});

test('guest byte order', () => {
  be.setProt(0x50000, 0x1000, RW);
  be.write32(0x50000, 0x11223344);
  assert.deepEqual([...be.u8.subarray(0x50000, 0x50004)], [0x11, 0x22, 0x33, 0x44]);
  be.write64(0x50008, 0x0102030405060708n);
  assert.equal(be.u8[0x50008], 1);
  assert.equal(be.read64(0x50008), 0x0102030405060708n);
  assert.equal(be.read16(0x50000), 0x1122);
  le.setProt(0x50000, 0x1000, RW);
  le.write32(0x50000, 0x11223344);
  assert.equal(le.u8[0x50000], 0x44);
});

test('addresses at or above 2^32 and the reserved area fault', () => {
  assert.equal(le.firstFault(2 ** 32 + 16, 4, 'read'), 2 ** 32 + 16);
  assert.equal(le.firstFault(2 ** 40, 1, 'write'), 2 ** 40);
  const f = faultOf(() => le.read8(2 ** 33));
  assert.equal(f.addr, 2 ** 33);
  assert.equal(le.firstFault(-5, 1, 'read'), -5);
  le.setProt(RESERVED_BASE - 0x1000, 0x10000, RW); // clamped: guests never map the reserved area
  assert.equal(le.getProt(RESERVED_BASE), 0);
  assert.equal(le.getProt(RESERVED_BASE - 1), RW);
  assert.equal(faultOf(() => le.read32(RESERVED_BASE - 2)).addr, RESERVED_BASE);
});

test('readCString stops at NUL and faults at the end of a mapping', () => {
  le.setProt(0x60000, 0x1000, RW);
  le.setProt(0x61000, 0x1000, 0);
  le.u8.fill(0x41, 0x60000, 0x61000);
  le.u8[0x61000] = 0; // a NUL in the unmapped page must not be used
  le.u8[0x60ff0] = 0;
  assert.equal(Buffer.from(le.readCString(0x60fe0)).toString(), 'A'.repeat(16));
  const f = faultOf(() => le.readCString(0x60ff1));
  assert.deepEqual([f.addr, f.access], [0x61000, 'read']);
  assert.equal(le.readCString(0x60ff1, 15).length, 15);
  assert.equal(faultOf(() => le.readCString(0x70000)).addr, 0x70000);
});

test('writes to code pages notify the core; setProt of code pages too', () => {
  const seen: [number, number][] = [];
  le.onCodeWrite = (a, l) => seen.push([a, l]);
  le.setProt(0x80000, 0x2000, PROT_READ | PROT_WRITE | PROT_EXEC);
  le.flags[0x81] = le.flags[0x81]! | PF_CODE;
  le.write32(0x80000, 1);
  assert.equal(seen.length, 0);
  le.write32(0x81004, 1);
  le.writeBytes(0x80ffe, new Uint8Array(4));
  le.noteWrite(0x81000, 1);
  le.setProt(0x80000, 0x2000, PROT_READ | PROT_WRITE);
  assert.deepEqual(seen, [[0x81004, 4], [0x80ffe, 4], [0x81000, 1], [0x80000, 0x2000]]);
  le.onCodeWrite = null;
});

test('zero clears pages that were ever mapped, even after they lost their access', () => {
  const m = new GuestMemory(false);
  const base = 0x50000000;
  m.setProt(base, 0x3000, PROT_READ | PROT_WRITE);
  m.u8.fill(0x5a, base, base + 0x3000);
  m.setProt(base + 0x1000, 0x1000, 0); // unmapped since, but it held data
  m.zero(base + 0x800, 0x2000);
  assert.deepEqual([m.u8[base + 0x7ff], m.u8[base + 0x800], m.u8[base + 0x1800], m.u8[base + 0x27ff], m.u8[base + 0x2800]], [0x5a, 0, 0, 0, 0x5a]);
  // A page that never had access is zero already; zeroing across it still clears its neighbours.
  m.setProt(base + 0x5000, 0x1000, PROT_READ | PROT_WRITE);
  m.u8.fill(0x77, base + 0x5000, base + 0x6000);
  m.zero(base + 0x3000, 0x3000);
  assert.equal(m.u8[base + 0x4000], 0);
  assert.equal(m.u8[base + 0x5fff], 0);
});
