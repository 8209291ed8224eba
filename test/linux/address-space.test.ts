// VMA bookkeeping: mapping, splitting, merging, protection, brk, free-range search, maps text.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../../runtime/core/api.js';
import { GuestMemory } from '../../runtime/core/memory.js';
import { ANON, AddressSpace } from '../../runtime/linux/mm/address-space.js';
import { MMAP_TOP } from '../../runtime/linux/mm/layout.js';

const RW = PROT_READ | PROT_WRITE;
const mem = new GuestMemory(false);

function fresh(): { as: AddressSpace; invalidated: [number, number][] } {
  const invalidated: [number, number][] = [];
  const as = new AddressSpace(mem, (a, l) => invalidated.push([a, l]));
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
