// Loads, stores, the unaligned LWL/LWR/SWL/SWR/LDL/LDR/SDL/SDR family at every alignment in both
// byte orders, and LL/SC, on all variants they exist on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DATA, prepare, runOk, VARIANTS, VARIANTS64, w32, type Variant } from './harness.js';

const BRK = 'break\n';
const PATTERN = Uint8Array.from({ length: 32 }, (_, k) => 0xa0 + k);

test('aligned loads extend, stores write in guest byte order', () => {
  for (const v of VARIANTS) {
    const r = runOk(v, `lb $2, 0($4)\nlbu $3, 0($4)\nlh $5, 2($4)\nlhu $6, 2($4)\nlw $7, 4($4)\n` +
      `sb $7, 40($4)\nsh $7, 42($4)\nsw $7, 44($4)\n${BRK}`, { r: { 4: DATA }, data: PATTERN });
    const be = (a: number, n: number): number => [...PATTERN.slice(a, a + n)].reduce((acc, x) => acc * 256 + x, 0);
    const le = (a: number, n: number): number => [...PATTERN.slice(a, a + n)].reverse().reduce((acc, x) => acc * 256 + x, 0);
    const rd = v.le ? le : be;
    assert.equal(r.r(2), BigInt((PATTERN[0]! << 24) >> 24), `${v.name} lb`);
    assert.equal(r.r(3), BigInt(PATTERN[0]!), `${v.name} lbu`);
    assert.equal(r.r(5), BigInt((rd(2, 2) << 16) >> 16), `${v.name} lh`);
    assert.equal(r.r(6), BigInt(rd(2, 2)), `${v.name} lhu`);
    assert.equal(r.r(7), w32(rd(4, 4)), `${v.name} lw`);
    const out = r.mem.readBytes(DATA + 40, 8);
    assert.deepEqual([...out], [PATTERN[v.le ? 4 : 7], 0, ...(v.le ? PATTERN.slice(4, 6) : PATTERN.slice(6, 8)), ...PATTERN.slice(4, 8)], `${v.name} stores`);
  }
});

test('64-bit loads and stores: LD/SD/LWU', () => {
  for (const v of VARIANTS64) {
    const r = runOk(v, `ld $2, 8($4)\nlwu $3, 4($4)\nlw $5, 4($4)\nsd $2, 24($4)\n${BRK}`, {
      r: { 4: DATA }, data: PATTERN,
    });
    const dv = new DataView(PATTERN.buffer);
    assert.equal(r.r(2), dv.getBigInt64(8, v.le), `${v.name} ld`);
    assert.equal(r.r(3), BigInt(dv.getUint32(4, v.le)), `${v.name} lwu zero-extends`);
    assert.equal(r.r(5), BigInt(dv.getInt32(4, v.le)), `${v.name} lw sign-extends`);
    assert.deepEqual([...r.mem.readBytes(DATA + 24, 8)], [...PATTERN.slice(8, 16)]);
  }
});

/**
 * Byte-level reference for the partial loads/stores. "Left" fills the register from its most
 * significant byte with mem[addr] onward, moving through memory toward less significant bytes
 * (BE: up, LE: down) until the aligned unit ends; "right" fills from the least significant byte
 * with mem[addr], moving toward more significant bytes (BE: down, LE: up).
 */
function partialBytes(v: Variant, side: 'left' | 'right', n: number, addr: number): { mem: number; reg: number }[] {
  const lo = addr & ~(n - 1);
  const hi = lo + n - 1;
  const lessSignificantStep = v.le ? -1 : 1;
  const pairs: { mem: number; reg: number }[] = [];
  if (side === 'left') {
    // reg index counts bytes from the most significant end.
    for (let a = addr, k = 0; a >= lo && a <= hi; a += lessSignificantStep, k++) pairs.push({ mem: a, reg: k });
  } else {
    for (let a = addr, k = n - 1; a >= lo && a <= hi; a -= lessSignificantStep, k--) pairs.push({ mem: a, reg: k });
  }
  return pairs;
}

const REG32 = 0x11223344n;
const REG64 = 0x1122334455667788n;
const regBytes = (x: bigint, n: number): number[] => Array.from({ length: n }, (_, k) => Number((x >> BigInt(8 * (n - 1 - k))) & 0xffn));
const fromBytes = (b: number[]): bigint => b.reduce((acc, x) => (acc << 8n) | BigInt(x), 0n);

const partialSnippets = (mnems: string[], n: number): string[] =>
  mnems.flatMap((m) => Array.from({ length: n }, (_, off) => `${m} $2, ${8 + off}($4)\n${BRK}`));

test('LWL/LWR/LDL/LDR at every alignment', () => {
  prepare(VARIANTS, partialSnippets(['lwl', 'lwr'], 4));
  prepare(VARIANTS64, partialSnippets(['ldl', 'ldr'], 8));
  for (const v of VARIANTS) {
    const units: [string, string, number, bigint][] = [['lwl', 'lwr', 4, REG32]];
    if (v.bits === 64) units.push(['ldl', 'ldr', 8, REG64]);
    for (const [left, right, n, init] of units) {
      for (const [side, mnem] of [['left', left], ['right', right]] as const) {
        for (let off = 0; off < n; off++) {
          const r = runOk(v, `${mnem} $2, ${8 + off}($4)\n${BRK}`, { r: { 4: DATA, 2: init }, data: PATTERN });
          const bytes = regBytes(init, n);
          for (const p of partialBytes(v, side, n, 8 + off)) bytes[p.reg] = PATTERN[p.mem]!;
          const want = n === 4 ? w32(fromBytes(bytes)) : BigInt.asIntN(64, fromBytes(bytes));
          assert.equal(r.r(2), want, `${v.name} ${mnem} offset ${off}`);
        }
      }
    }
  }
});

test('SWL/SWR/SDL/SDR at every alignment', () => {
  prepare(VARIANTS, partialSnippets(['swl', 'swr'], 4));
  prepare(VARIANTS64, partialSnippets(['sdl', 'sdr'], 8));
  for (const v of VARIANTS) {
    const units: [string, string, number, bigint][] = [['swl', 'swr', 4, REG32]];
    if (v.bits === 64) units.push(['sdl', 'sdr', 8, REG64]);
    for (const [left, right, n, value] of units) {
      for (const [side, mnem] of [['left', left], ['right', right]] as const) {
        for (let off = 0; off < n; off++) {
          const r = runOk(v, `${mnem} $2, ${8 + off}($4)\n${BRK}`, { r: { 4: DATA, 2: value }, data: PATTERN });
          const want = [...PATTERN.slice(0, 24)];
          const bytes = regBytes(value, n);
          for (const p of partialBytes(v, side, n, 8 + off)) want[p.mem] = bytes[p.reg]!;
          assert.deepEqual([...r.mem.readBytes(DATA, 24)], want, `${v.name} ${mnem} offset ${off}`);
        }
      }
    }
  }
});

test('assembler ulw/usw/uld/usd macros give plain unaligned accesses', () => {
  const offs = [1, 2, 3, 4, 5, 6, 7];
  prepare(VARIANTS, offs.map((off) => `ulw $2, ${off}($4)\nusw $2, ${16 + off}($4)\n${BRK}`));
  prepare(VARIANTS64, offs.map((off) => `uld $2, ${off}($4)\nusd $2, ${16 + off}($4)\n${BRK}`));
  for (const v of VARIANTS) {
    const dv = new DataView(PATTERN.buffer);
    for (let off = 1; off < 8; off++) {
      const r = runOk(v, `ulw $2, ${off}($4)\nusw $2, ${16 + off}($4)\n${BRK}`, { r: { 4: DATA }, data: PATTERN });
      assert.equal(r.r(2), BigInt(dv.getInt32(off, v.le)), `${v.name} ulw ${off}`);
      assert.deepEqual([...r.mem.readBytes(DATA + 16 + off, 4)], [...PATTERN.slice(off, off + 4)], `${v.name} usw ${off}`);
      if (v.bits !== 64) continue;
      const q = runOk(v, `uld $2, ${off}($4)\nusd $2, ${16 + off}($4)\n${BRK}`, { r: { 4: DATA }, data: PATTERN });
      assert.equal(q.r(2), dv.getBigInt64(off, v.le), `${v.name} uld ${off}`);
      assert.deepEqual([...q.mem.readBytes(DATA + 16 + off, 8)], [...PATTERN.slice(off, off + 8)], `${v.name} usd ${off}`);
    }
  }
});

test('LL/SC: success with a valid link, failure after another SC or a changed value', () => {
  for (const v of VARIANTS) {
    let r = runOk(v, `ll $2, 0($4)\naddiu $2, $2, 1\nsc $2, 0($4)\n${BRK}`, { r: { 4: DATA } });
    assert.equal(r.r(2), 1n, `${v.name} sc succeeds`);
    assert.equal(r.mem.read32(DATA), 1);
    r = runOk(v, `ll $2, 0($4)\nli $3, 5\nsc $3, 0($4)\nli $3, 7\nsc $3, 0($4)\n${BRK}`, { r: { 4: DATA } });
    assert.equal(r.r(3), 0n, `${v.name} second sc fails`);
    assert.equal(r.mem.read32(DATA), 5);
    r = runOk(v, `ll $2, 0($4)\nli $3, 9\nsw $3, 0($4)\nli $3, 7\nsc $3, 0($4)\n${BRK}`, { r: { 4: DATA } });
    assert.equal(r.r(3), 0n, `${v.name} sc fails when memory changed`);
    assert.equal(r.mem.read32(DATA), 9);
    r = runOk(v, `sc $3, 0($4)\n${BRK}`, { r: { 4: DATA, 3: 4 } });
    assert.equal(r.r(3), 0n, `${v.name} sc without ll fails`);
    if (v.bits !== 64) continue;
    r = runOk(v, `lld $2, 8($4)\ndaddiu $2, $2, 1\nscd $2, 8($4)\n${BRK}`, { r: { 4: DATA } });
    assert.equal(r.r(2), 1n, `${v.name} scd succeeds`);
    assert.equal(r.mem.read64(DATA + 8), 1n);
  }
});
