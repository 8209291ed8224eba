// VMA bookkeeping: mapping, splitting, merging, protection, brk, free-range search, maps text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../../runtime/core/api.js';
import { GuestMemory } from '../../runtime/core/memory.js';
import { ANON, AddressSpace } from '../../runtime/linux/mm/address-space.js';
import { FAR_MMAP_TOP, GUEST_LIMIT, MMAP_TOP } from '../../runtime/linux/mm/layout.js';
import { FLAGS_BASE, FLAGS_BYTES } from '../../runtime/core/layout.js';

const RW = PROT_READ | PROT_WRITE;
const mem = new GuestMemory(false);

function fresh(wordBits: 32 | 64 = 64): { as: AddressSpace; invalidated: [number, number][] } {
  const invalidated: [number, number][] = [];
  const as = new AddressSpace(mem, (a, l) => invalidated.push([a, l]), wordBits);
  return { as, invalidated };
}

test('map zeroes, sets page protection and merges neighbours', () => {
  const { as } = fresh();
  as.map(0x100000, 0x1000, { ...ANON, prot: RW });
  mem.u8[0x100000] = 9; // left by an earlier mapping (pages never mapped hold zeros already)
  as.unmap(0x100000, 0x1000);
  as.map(0x100000, 0x2000, { ...ANON, prot: RW });
  as.map(0x102000, 0x1000, { ...ANON, prot: RW });
  assert.equal(mem.u8[0x100000], 0);
  assert.equal(mem.getProt(0x102000), RW);
  assert.deepEqual(as.vmas.map((v) => [v.start, v.end]), [[0x100000, 0x103000]]);
});

test('mprotect splits a VMA and invalidates code that loses EXEC', () => {
  const { as, invalidated } = fresh();
  as.map(0x200000, 0x4000, { ...ANON, prot: PROT_READ | PROT_EXEC });
  as.protect(0x201000, 0x1000, PROT_READ);
  assert.deepEqual(as.vmas.map((v) => [v.start, v.end, v.prot]), [
    [0x200000, 0x201000, PROT_READ | PROT_EXEC], [0x201000, 0x202000, PROT_READ], [0x202000, 0x204000, PROT_READ | PROT_EXEC],
  ]);
  assert.deepEqual(invalidated, [[0x201000, 0x1000]]);
  assert.throws(() => as.protect(0x204000, 0x1000, PROT_READ), /ENOMEM/);
});

test('munmap punches a hole; findFree goes top-down and honours free hints', () => {
  const { as } = fresh();
  const a = as.findFree(0x3000);
  assert.equal(a, MMAP_TOP - 0x3000);
  as.map(a, 0x3000, { ...ANON, prot: RW });
  as.unmap(a + 0x1000, 0x1000);
  assert.equal(as.vmas.length, 2);
  assert.equal(mem.getProt(a + 0x1000), 0);
  assert.equal(as.findFree(0x1000), a + 0x1000);
  assert.equal(as.findFree(0x2000), a - 0x2000);
  assert.equal(as.findFree(0x1000, 0x500000), 0x500000);
});

test('far mappings (64-bit guests): reservations beyond the window are bookkeeping only', () => {
  const { as, invalidated } = fresh();
  const size = 64 * 2 ** 30;
  const beyondFlags = () => Buffer.from(mem.u8.subarray(FLAGS_BASE + FLAGS_BYTES, FLAGS_BASE + FLAGS_BYTES + 0x1000));
  const flagsBefore = beyondFlags();
  // Too big for the window: a reservation gets the highest far gap, accessible memory nothing.
  assert.throws(() => as.findFree(size), /ENOMEM/);
  const r = as.findFree(size, 0, 0);
  assert.equal(r, FAR_MMAP_TOP - size);
  as.map(r, size, { ...ANON, prot: 0 });
  as.map(r + 0x1000, 0x1000, { ...ANON, prot: 0, shared: true });
  as.unmap(r + 2 ** 33, 2 ** 30);
  assert.deepEqual(as.vmas.map((v) => [v.start - r, v.end - r, v.shared]), [
    [0, 0x1000, false], [0x1000, 0x2000, true], [0x2000, 2 ** 33, false], [2 ** 33 + 2 ** 30, size, false],
  ]);
  // Far pages have no backing: making them accessible is ENOMEM, and changes nothing.
  assert.throws(() => as.protect(r, 0x1000, PROT_READ), /ENOMEM/);
  assert.throws(() => as.map(r, 0x1000, { ...ANON, prot: RW }), /ENOMEM/);
  assert.equal(as.vmas[0]!.prot, 0);
  // No page flags were written beyond the flag table (far page numbers would land there).
  assert.deepEqual(beyondFlags(), flagsBefore);
  assert.deepEqual(invalidated, []);
  // Far hints are not taken (not even for reservations) while far pages cannot be made accessible.
  assert.equal(as.findFree(0x1000, r + 2 ** 33, 0), MMAP_TOP - 0x1000);
  assert.equal(as.findFree(0x1000, r + 2 ** 33), MMAP_TOP - 0x1000);
  assert.match(as.procMaps(), new RegExp(`^${r.toString(16)}-${(r + 0x1000).toString(16)} ---p `, 'm'));
  // A reservation straddling the window's end: only its window part has page flags.
  as.map(GUEST_LIMIT - 0x1000, 0x2000, { ...ANON, prot: 0 });
  as.protect(GUEST_LIMIT - 0x1000, 0x1000, RW);
  assert.equal(mem.getProt(GUEST_LIMIT - 0x1000), RW);
  assert.equal(mem.getProt(GUEST_LIMIT), 0);
});

test('32-bit guests have no far mappings', () => {
  const { as } = fresh(32);
  assert.throws(() => as.findFree(2 ** 31), /ENOMEM/);
  assert.equal(as.isFree(GUEST_LIMIT, 0x1000), false);
});

test('brk grows into free space and refuses to run into a mapping', () => {
  const { as } = fresh();
  as.brkStart = as.brkEnd = 0x600000;
  assert.equal(as.brk(0x601234), 0x601234);
  assert.equal(mem.getProt(0x601000), RW);
  as.map(0x610000, 0x1000, { ...ANON, prot: RW });
  assert.equal(as.brk(0x620000), 0x601234);
  assert.equal(as.brk(0x600000), 0x600000);
  assert.equal(mem.getProt(0x600000), 0);
});

test('/proc/self/maps lines', () => {
  const { as } = fresh();
  as.map(0x400000, 0x1000, { ...ANON, prot: PROT_READ | PROT_EXEC, name: '/bin/prog', anon: false, inode: 42, dev: 0x801 });
  as.map(0x500000, 0x2000, { ...ANON, prot: RW });
  assert.equal(as.procMaps(),
    '00400000-00401000 r-xp 00000000 08:01 42'.padEnd(72) + ' /bin/prog\n' +
    '00500000-00502000 rw-p 00000000 00:00 0\n');
});
