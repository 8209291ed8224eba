// The persistent code cache's checks, in process: a saved module is offered only while the guest
// bytes it was compiled from are there and executable; a file that does not check out is a miss.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { PROT_EXEC, PROT_READ } from '../../runtime/core/api.js';
import type { SavedModule } from '../../runtime/core/jit/saved-module.js';
import { GuestMemory } from '../../runtime/core/memory.js';
import { CodeCache } from '../../runtime/linux/code-cache/code-cache.js';
import { CacheStore } from '../../runtime/linux/code-cache/store.js';
import { ANON, type Vma } from '../../runtime/linux/mm/address-space.js';

test('a directory others can write to is not used: no entry is read from it or written to it', () => {
  const dir = join(work, 'shared');
  const store = new CacheStore(dir, 1 << 20);
  assert.equal(store.write('a', [Buffer.alloc(10, 'a')]), true, 'a directory of our own');
  assert.equal(store.read('a')?.length, 10);
  chmodSync(dir, 0o777);
  assert.equal(store.read('a'), null, 'an entry in a world-writable directory is not read');
  assert.equal(store.write('b', [Buffer.alloc(10, 'b')]), false);
  assert.deepEqual(readdirSync(dir), ['a.qtc']);
  chmodSync(dir, 0o775);
  assert.equal(store.read('a'), null, 'nor in a group-writable one');
  chmodSync(dir, 0o755);
  assert.equal(store.read('a')?.length, 10);
});

const work = mkdtempSync(join(tmpdir(), 'qemu-ts-code-cache-check-'));
after(() => rmSync(work, { recursive: true, force: true }));

const START = 0x400000;
const END = START + 0x4000;
const BLOCK: [number, number] = [START + 0x1000, START + 0x1010];

/** A "process": memory with one executable file mapping of known bytes, and its code cache. */
function processWith(dir: string, maxBytes = 1 << 20): { mem: GuestMemory; vmas: Vma[]; cache: CodeCache } {
  const mem = new GuestMemory(false);
  mem.setProt(START, END - START, PROT_READ | PROT_EXEC);
  for (let a = START; a < END; a++) mem.u8[a] = (a * 7) & 0xff;
  const vmas: Vma[] = [{ ...ANON, anon: false, name: '/lib/x.so', prot: PROT_READ | PROT_EXEC, start: START, end: END }];
  return { mem, vmas, cache: new CodeCache(new CacheStore(dir, maxBytes), 'build', 'config', mem, () => vmas) };
}

function module(): SavedModule {
  return {
    tier: 'baseline', bytes: new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]), regions: [[BLOCK]], sites: [{ kind: 'goto', pc: BLOCK[1] }],
    host: [['rt.chain', 0]], hostTableMin: 16, dispatchBase: 0, optBudget: 100,
  };
}

/** A first process compiles `module()` and saves it. */
function saved(dir: string): void {
  const { cache } = processWith(dir);
  assert.equal(cache.take(BLOCK[0]), undefined, 'nothing saved yet');
  cache.save([module()]);
  assert.equal(cache.stats.entriesWritten, 1);
}

test('a saved module is offered once, as it was saved', () => {
  const dir = join(work, 'once');
  saved(dir);
  const { cache } = processWith(dir);
  assert.deepEqual(cache.take(BLOCK[0]), module());
  assert.equal(cache.take(BLOCK[0]), undefined, 'offered once');
  assert.equal(cache.take(START + 0x2000), undefined, 'no module there');
});

test('bytes written after the mapping was keyed make the module not offered', () => {
  const dir = join(work, 'written');
  saved(dir);
  const { cache, mem } = processWith(dir);
  assert.equal(cache.take(START), undefined, 'reads the entry (nothing at this pc)');
  mem.u8[BLOCK[0] + 4]! ^= 1;
  assert.equal(cache.take(BLOCK[0]), undefined);
  assert.equal(cache.stats.modulesRejected, 1);
});

test('a module whose bytes are no longer executable is not offered', () => {
  const dir = join(work, 'noexec');
  saved(dir);
  const { cache, mem } = processWith(dir);
  assert.equal(cache.take(START), undefined);
  mem.setProt(BLOCK[0] & ~0xfff, 0x1000, PROT_READ);
  assert.equal(cache.take(BLOCK[0]), undefined);
  assert.equal(cache.stats.modulesRejected, 1);
});

test('other bytes in the mapping make another entry', () => {
  const dir = join(work, 'other');
  saved(dir);
  const { cache, mem } = processWith(dir);
  mem.u8[START + 0x3000]! ^= 1;
  assert.equal(cache.take(BLOCK[0]), undefined);
  assert.equal(cache.stats.entriesRead, 0);
});

test('an entry with any byte changed is rejected and removed', () => {
  const dir = join(work, 'flip');
  saved(dir);
  const [name] = readdirSync(dir);
  const file = join(dir, name!);
  const good = readFileSync(file);
  for (const at of [9, 20, good.length - 3]) {
    const bad = Buffer.from(good);
    bad[at]! ^= 0x10;
    writeFileSync(file, bad);
    const { cache } = processWith(dir);
    assert.equal(cache.take(BLOCK[0]), undefined, `byte ${at}`);
    assert.equal(cache.stats.entriesRejected, 1);
    assert.deepEqual(readdirSync(dir), []);
    writeFileSync(file, good);
  }
  writeFileSync(file, good.subarray(0, good.length - 1));
  assert.equal(processWith(dir).cache.take(BLOCK[0]), undefined, 'truncated');
});

test('a store over its bound removes the least recently used entries', () => {
  const dir = join(work, 'bound');
  const store = new CacheStore(dir, 3000);
  ['a', 'b', 'c'].forEach((key, k) => {
    assert.equal(store.write(key, [Buffer.alloc(1000, key)]), true);
    // Spread the times of last use: a oldest.
    const t = new Date(Date.now() - 60_000 * (3 - k));
    utimesSync(store.fileOf(key), t, t);
  });
  assert.equal(store.read('b')?.length, 1000, 'reading b makes it the most recently used');
  assert.equal(store.write('d', [Buffer.alloc(500, 'd'), Buffer.alloc(500, 'e')]), true);
  const names = readdirSync(dir).sort();
  assert.deepEqual(names, ['b.qtc', 'c.qtc', 'd.qtc']);
  assert.equal(store.write('big', [Buffer.alloc(4000)]), false, 'an entry over the bound is not written');
});
