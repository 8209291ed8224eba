// Integer data processing semantics, run on the engine.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runOk, u64 } from './harness.js';

const N = 8, Z = 4, C = 2, V = 1;

test('ADDS/SUBS/ADCS/SBCS flags', () => {
  const cases: [string, bigint, bigint, number, bigint, number][] = [
    // insn, a, b, nzcv-in, result, nzcv-out
    ['adds x0, x1, x2', 1n, 2n, 0, 3n, 0],
    ['adds x0, x1, x2', 0x7fffffffffffffffn, 1n, 0, 0x8000000000000000n, N | V],
    ['adds x0, x1, x2', u64(-1), 1n, 0, 0n, Z | C],
    ['adds w0, w1, w2', 0xffffffffn, 1n, 0, 0n, Z | C],
    ['adds w0, w1, w2', 0x7fffffffn, 1n, 0, 0x80000000n, N | V],
    ['subs x0, x1, x2', 5n, 5n, 0, 0n, Z | C],
    ['subs x0, x1, x2', 3n, 5n, 0, u64(-2), N],
    ['subs x0, x1, x2', 0x8000000000000000n, 1n, 0, 0x7fffffffffffffffn, C | V],
    ['subs w0, w1, w2', 0n, 1n, 0, 0xffffffffn, N],
    ['adcs x0, x1, x2', u64(-1), 0n, C, 0n, Z | C],
    ['adcs x0, x1, x2', u64(-1), u64(-1), C, u64(-1), N | C],
    ['adcs w0, w1, w2', 0x7fffffffn, 0n, C, 0x80000000n, N | V],
    ['sbcs x0, x1, x2', 5n, 5n, 0, u64(-1), N],
    ['sbcs x0, x1, x2', 5n, 5n, C, 0n, Z | C],
    ['sbcs w0, w1, w2', 0n, 0n, 0, 0xffffffffn, N],
    ['ands x0, x1, x2', 0x8000000000000001n, 0x8000000000000000n, C | V, 0x8000000000000000n, N],
    ['bics w0, w1, w2', 0xffn, 0xffn, 0, 0n, Z],
    ['negs x0, x2', 0n, 0n, 0, 0n, Z | C],
    ['cmp x1, x2', 1n, 2n, 0, 0n, N],
  ];
  for (const [insn, a, b, fin, res, fout] of cases) {
    const r = runOk(`${insn}\nbrk #0`, { x: { 0: 0, 1: a, 2: b }, nzcv: fin });
    if (!insn.startsWith('cmp')) assert.equal(r.x(0), res, insn);
    assert.equal(r.nzcv(), fout, `${insn} ${a} ${b} flags`);
  }
});

test('add/sub immediate, shifted and extended register, SP handling', () => {
  const r = runOk(`
    add x0, sp, #16
    sub sp, sp, #0x1000
    mov x3, sp
    add x4, x1, x2, lsl #4
    sub w5, w1, w2, asr #1
    add x6, x1, w2, sxtw #2
    add x7, x1, w2, uxtb
    sub x8, sp, x2, uxtx #1
    add w9, w1, #1, lsl #12
    brk #0`, { x: { 1: 100, 2: u64(-2) }, sp: 0x8000 });
  assert.equal(r.x(0), 0x8010n);
  assert.equal(r.x(3), 0x7000n);
  assert.equal(r.sp(), 0x7000n);
  assert.equal(r.x(4), u64(100n - 32n));
  assert.equal(r.x(5), BigInt((100 - (0xfffffffe >> 1)) >>> 0));
  assert.equal(r.x(6), 92n);
  assert.equal(r.x(7), 100n + 0xfen);
  assert.equal(r.x(8), u64(0x7000n + 4n));
  assert.equal(r.x(9), 100n + 4096n);
});

test('logical immediates and shifted register', () => {
  const r = runOk(`
    and x0, x1, #0xff00ff00ff00ff00
    orr w2, wzr, #0x55555555
    eor x3, x1, #0x8000000000000001
    mov x4, #0xaaaaaaaaaaaaaaaa
    orr x5, x1, x1, ror #8
    orn w6, w1, w1, lsr #4
    eon x7, x1, x1, asr #63
    and sp, x1, #0xfffffffffffffff0
    mov x8, sp
    brk #0`, { x: { 1: 0x0123456789abcdefn } });
  assert.equal(r.x(0), 0x010045008900cd00n);
  assert.equal(r.x(2), 0x55555555n);
  assert.equal(r.x(3), 0x8123456789abcdeen);
  assert.equal(r.x(4), 0xaaaaaaaaaaaaaaaan);
  assert.equal(r.x(5), 0x0123456789abcdefn | 0xef0123456789abcdn);
  assert.equal(r.x(6), BigInt((0x89abcdef | ~(0x89abcdef >>> 4)) >>> 0));
  assert.equal(r.x(7), u64(~0x0123456789abcdefn));
  assert.equal(r.x(8), 0x0123456789abcde0n);
});

test('move wide', () => {
  const r = runOk(`
    movz x0, #0x1234, lsl #48
    movn x1, #0
    movn w2, #1
    mov x3, #-1
    movk x3, #0xbeef, lsl #16
    movk w4, #0xffff
    brk #0`, { x: { 4: 0xffffffff00000000n } });
  assert.equal(r.x(0), 0x1234000000000000n);
  assert.equal(r.x(1), u64(-1));
  assert.equal(r.x(2), 0xfffffffen);
  assert.equal(r.x(3), 0xffffffffbeefffffn);
  assert.equal(r.x(4), 0xffffn);
});

test('bitfield moves and extract', () => {
  const r = runOk(`
    ubfx x0, x1, #4, #8
    sbfx x2, x1, #60, #4
    sbfx w3, w1, #4, #4
    ubfiz x4, x1, #56, #8
    sbfiz w5, w1, #28, #4
    bfi x6, x1, #8, #16
    bfxil w7, w1, #0, #8
    sxtb x8, w1
    sxth w9, w1
    sxtw x10, w1
    uxtb w11, w1
    lsl x12, x1, #12
    lsr w13, w1, #31
    asr x14, x1, #63
    extr x15, x1, x16, #16
    ror w17, w1, #8
    brk #0`, { x: { 1: 0xf123456789abcdefn, 6: 0xffffffffffffffffn, 7: 0x1234567812345678n, 16: 0x1111222233334444n } });
  assert.equal(r.x(0), 0xden);
  assert.equal(r.x(2), u64(-1));
  assert.equal(r.x(3), 0xfffffffen);
  assert.equal(r.x(4), 0xef00000000000000n);
  assert.equal(r.x(5), 0xf0000000n);
  assert.equal(r.x(6), 0xffffffffffcdefffn);
  assert.equal(r.x(7), 0x123456efn);
  assert.equal(r.x(8), u64(-17));
  assert.equal(r.x(9), 0xffffcdefn);
  assert.equal(r.x(10), u64(0xffffffff89abcdefn));
  assert.equal(r.x(11), 0xefn);
  assert.equal(r.x(12), 0x3456789abcdef000n);
  assert.equal(r.x(13), 1n);
  assert.equal(r.x(14), u64(-1));
  assert.equal(r.x(15), 0xcdef111122223333n);
  assert.equal(r.x(17), 0xef89abcdn);
});

test('conditional select and compare', () => {
  const r = runOk(`
    cmp x1, x2
    csel x3, x1, x2, lt
    csinc x4, x1, x2, ge
    csinv w5, w1, w2, eq
    csneg x6, x1, x2, ne
    cset x7, lt
    csetm w8, hi
    ccmp x1, #3, #0b1111, lt
    cset x9, eq
    ccmp x1, x2, #0b0100, gt
    mrs x10, nzcv
    brk #0`, { x: { 1: 3, 2: 10 } });
  assert.equal(r.x(3), 3n);
  assert.equal(r.x(4), 11n);
  assert.equal(r.x(5), 0xfffffff5n);
  assert.equal(r.x(6), 3n);
  assert.equal(r.x(7), 1n);
  assert.equal(r.x(8), 0n);
  assert.equal(r.x(9), 1n);
  assert.equal(r.x(10), 0x40000000n);
});

test('condition codes', () => {
  const conds = ['eq', 'ne', 'cs', 'cc', 'mi', 'pl', 'vs', 'vc', 'hi', 'ls', 'ge', 'lt', 'gt', 'le'];
  const holds = (c: string, f: number): boolean => {
    const n = !!(f & 8), z = !!(f & 4), cf = !!(f & 2), v = !!(f & 1);
    return ({ eq: z, ne: !z, cs: cf, cc: !cf, mi: n, pl: !n, vs: v, vc: !v, hi: cf && !z, ls: !(cf && !z),
      ge: n === v, lt: n !== v, gt: !z && n === v, le: !(!z && n === v), al: true } as Record<string, boolean>)[c]!;
  };
  const src = conds.map((c, k) => `cset x${k}, ${c}`).join('\n') + '\nbrk #0';
  for (let f = 0; f < 16; f++) {
    const r = runOk(src, { nzcv: f });
    conds.forEach((c, k) => assert.equal(r.x(k), holds(c, f) ? 1n : 0n, `${c} nzcv=${f}`));
  }
});

test('multiply and divide', () => {
  const r = runOk(`
    madd x0, x1, x2, x3
    msub w4, w1, w2, w3
    smaddl x5, w1, w2, x3
    umaddl x6, w1, w2, x3
    smulh x7, x1, x2
    umulh x8, x1, x2
    udiv x9, x1, xzr
    sdiv x10, x11, x12
    sdiv w13, w14, w15
    udiv w16, w1, w15
    sdiv x17, x1, x18
    smnegl x19, w1, w2
    brk #0`, { x: { 1: u64(-7), 2: 3, 3: 100, 11: 0x8000000000000000n, 12: u64(-1), 14: 0x80000000, 15: 0xffffffff, 18: 2 } });
  assert.equal(r.x(0), 79n);
  assert.equal(r.x(4), 121n);
  assert.equal(r.x(5), 79n);
  assert.equal(r.x(6), 100n + 0xfffffff9n * 3n);
  assert.equal(r.x(7), u64(-1));
  assert.equal(r.x(8), 2n);
  assert.equal(r.x(9), 0n);
  assert.equal(r.x(10), 0x8000000000000000n);
  assert.equal(r.x(13), 0x80000000n);
  assert.equal(r.x(16), 0n);
  assert.equal(r.x(17), u64(-3));
  assert.equal(r.x(19), 21n);
});

test('variable shifts take the amount modulo the width', () => {
  const r = runOk(`
    lsl x0, x1, x2
    lsr w3, w1, w2
    asr x4, x1, x5
    ror w6, w1, w5
    brk #0`, { x: { 1: 0x8000000000000001n, 2: 65, 5: 32 + 64 } });
  assert.equal(r.x(0), 2n);
  assert.equal(r.x(3), 0n);
  assert.equal(r.x(4), 0xffffffff80000000n);
  assert.equal(r.x(6), 1n);
});

test('CLZ/CLS/RBIT/REV', () => {
  const r = runOk(`
    clz x0, x1
    clz w2, wzr
    cls x3, x1
    cls w4, w5
    rbit x6, x1
    rbit w7, w1
    rev x8, x1
    rev w9, w1
    rev16 x10, x1
    rev32 x11, x1
    cls x12, xzr
    brk #0`, { x: { 1: 0x00f0000000000001n, 5: 0xfff00000 } });
  assert.equal(r.x(0), 8n);
  assert.equal(r.x(2), 32n);
  assert.equal(r.x(3), 7n);
  assert.equal(r.x(4), 11n);
  assert.equal(r.x(6), 0x8000000000000f00n);
  assert.equal(r.x(7), 0x80000000n);
  assert.equal(r.x(8), 0x010000000000f000n);
  assert.equal(r.x(9), 0x01000000n);
  assert.equal(r.x(10), 0xf000000000000100n);
  assert.equal(r.x(11), 0x0000f00001000000n);
  assert.equal(r.x(12), 63n);
});

test('CRC32', () => {
  const r = runOk(`
    mov w0, #0xffffffff
    crc32b w0, w0, w1
    mvn w0, w0
    mov w2, #0xffffffff
    crc32cx w2, w2, x3
    brk #0`, { x: { 1: 0x61, 3: 0x3837363534333231n } });
  assert.equal(r.x(0), 0xe8b7be43n); // crc32("a")
  // crc32c("12345678") before final xor: ~0x6087809a
  assert.equal(r.x(2) ^ 0xffffffffn, 0x6087809an);
});
