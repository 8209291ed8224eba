// Bit-pattern parsing: fixed bits, don't-cares, named, sign-extended and concatenated fields.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseBitPattern } from '../../../runtime/frontend/shared/bit-pattern.js';

test('fixed bits set mask and value; don\'t-cares and fields do not', () => {
  const p = parseBitPattern('1 0 -- 0110 rd:5 ------------------ 1');
  assert.equal(p.mask >>> 0, 0xcf000001);
  assert.equal(p.value >>> 0, 0x86000001);
  assert.equal(p.fixedBits, 7);
  assert.deepEqual(p.fieldNames, ['rd']);
});

test('unsigned and sign-extended fields are read from their bits', () => {
  const p = parseBitPattern('op:1 immlo:2 10000 immhi:s19 rd:5');
  const word = (1 << 31) | (2 << 29) | (0x10 << 24) | (0x7ffff << 5) | 7;
  const f = p.fields(word >>> 0);
  assert.equal(f.op, 1);
  assert.equal(f.immlo, 2);
  assert.equal(f.immhi, -1);
  assert.equal(f.rd, 7);
});

test('concatenated fields put the first part highest and can be sign-extended', () => {
  const p = parseBitPattern('- lo:2 10000 hi:19 rd:5 imm:s=hi:lo uimm=hi:lo');
  const word = (1 << 29) | (0x10 << 24) | (0x40000 << 5); // hi = 0x40000 (top bit set), lo = 1
  const f = p.fields(word >>> 0);
  assert.equal(f.uimm, (0x40000 << 2) | 1);
  assert.equal(f.imm, ((0x40000 << 2) | 1) - 2 ** 21);
});

test('a field can join parts that are not adjacent, as A64 modified immediates do', () => {
  const p = parseBitPattern('0 Q:1 op:1 0111100000 abc:3 cmode:4 o2:1 1 defgh:5 rd:5 imm8=abc:defgh');
  const f = p.fields(((0b101 << 16) | (0b01101 << 5) | 0x0f000400) >>> 0);
  assert.equal(f.imm8, 0b10101101);
});

test('malformed patterns are rejected with the reason', () => {
  assert.throws(() => parseBitPattern('1111'), /4 bits, not 32/);
  assert.throws(() => parseBitPattern('rd:5 rd:5 ' + '0'.repeat(22)), /rd defined twice/);
  assert.throws(() => parseBitPattern('x=y ' + '0'.repeat(32)), /uses y before/);
  assert.throws(() => parseBitPattern('0'.repeat(31) + ' 2'), /cannot read token/);
  assert.throws(() => parseBitPattern('a:20 b:20'), /more than 32 bits/);
});

test('a 16-bit pattern for ISAs with halfword encodings', () => {
  const p = parseBitPattern('010001 op:2 rm:4 rd:4', 16);
  assert.equal(p.mask, 0xfc00);
  assert.equal(p.fields(0x4678).rm, 7);
});
