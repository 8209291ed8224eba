// The initial stack layout: argc, argv, envp, auxv, strings, alignment.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PROT_READ, PROT_WRITE } from '../../runtime/core/api.js';
import { GuestMemory } from '../../runtime/core/memory.js';
import { AT, buildInitialStack } from '../../runtime/linux/loader/stack.js';

test('argc/argv/envp/auxv as the kernel lays them out', () => {
  const mem = new GuestMemory(false);
  const top = 0x7fff0000;
  mem.setProt(top - 0x10000, 0x10000, PROT_READ | PROT_WRITE);
  const random = new Uint8Array(16).fill(7);
  const { sp, auxvBytes } = buildInitialStack(mem, {
    top, wordBits: 64, argv: ['prog', 'arg'], envp: ['A=1'], execfn: '/bin/prog', platform: 'aarch64', random,
    auxv: [[AT.PAGESZ, 4096], [AT.ENTRY, 0x400123]],
  });
  assert.equal(sp % 16, 0);
  const word = (i: number) => Number(mem.read64(sp + i * 8));
  const str = (a: number) => Buffer.from(mem.readCString(a)).toString('latin1');
  assert.equal(word(0), 2);
  assert.equal(str(word(1)), 'prog');
  assert.equal(str(word(2)), 'arg');
  assert.equal(word(3), 0);
  assert.equal(str(word(4)), 'A=1');
  assert.equal(word(5), 0);
  const aux = new Map<number, number>();
  for (let i = 6; word(i) !== AT.NULL; i += 2) aux.set(word(i), word(i + 1));
  assert.equal(aux.get(AT.PAGESZ), 4096);
  assert.equal(aux.get(AT.ENTRY), 0x400123);
  assert.equal(str(aux.get(AT.PLATFORM) as number), 'aarch64');
  assert.equal(str(aux.get(AT.EXECFN) as number), '/bin/prog');
  assert.deepEqual(mem.readBytes(aux.get(AT.RANDOM) as number, 16), random);
  assert.equal(auxvBytes.length, (aux.size + 1) * 16);
  assert.ok((aux.get(AT.EXECFN) as number) < top && word(1) > sp);
});
