// Advanced SIMD semantics, checked lane by lane against straightforward JS models.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DATA, runOk } from './harness.js';

/** Lanes of a 128-bit value, least significant first. */
const lanes = (v: bigint, esize: number): bigint[] =>
  Array.from({ length: 16 / esize }, (_, k) => (v >> BigInt(k * esize * 8)) & ((1n << BigInt(esize * 8)) - 1n));
const fromLanes = (ls: (bigint | number)[], esize: number): bigint =>
  ls.reduce<bigint>((acc, x, k) => acc | ((BigInt(x) & ((1n << BigInt(esize * 8)) - 1n)) << BigInt(k * esize * 8)), 0n);
const sx = (x: bigint, esize: number): bigint => BigInt.asIntN(esize * 8, x);
const LOW = (1n << 64n) - 1n;

const A = fromLanes([0x00, 0x7f, 0x80, 0xff, 0x01, 0x10, 0xf0, 0x55, 0xaa, 0x33, 0x02, 0xfe, 0x40, 0xc0, 0x08, 0x99], 1);
const B = fromLanes([0x00, 0x01, 0x80, 0x01, 0xff, 0x10, 0x0f, 0xaa, 0xaa, 0x44, 0x03, 0xfe, 0xc0, 0x40, 0x80, 0x11], 1);
const map2 = (a: bigint, b: bigint, esize: number, f: (x: bigint, y: bigint) => bigint): bigint =>
  fromLanes(lanes(a, esize).map((x, k) => f(x, lanes(b, esize)[k]!)), esize);
const ones = (esize: number): bigint => (1n << BigInt(esize * 8)) - 1n;

test('three-same integer ops on every element size', () => {
  const r = runOk(`
    add v2.16b, v0.16b, v1.16b
    sub v3.8h, v0.8h, v1.8h
    mul v4.4s, v0.4s, v1.4s
    cmeq v5.16b, v0.16b, v1.16b
    cmhi v6.8h, v0.8h, v1.8h
    cmgt v7.16b, v0.16b, v1.16b
    cmge v8.2d, v0.2d, v1.2d
    cmtst v9.16b, v0.16b, v1.16b
    umax v10.16b, v0.16b, v1.16b
    smin v11.8h, v0.8h, v1.8h
    uqsub v12.16b, v0.16b, v1.16b
    sqadd v13.16b, v0.16b, v1.16b
    uqadd v14.8h, v0.8h, v1.8h
    add v15.8b, v0.8b, v1.8b
    sub v16.2d, v0.2d, v1.2d
    uabd v17.16b, v0.16b, v1.16b
    brk #0`, { v: { 0: A, 1: B, 15: -1n & ((1n << 128n) - 1n) } });
  assert.equal(r.v(2), map2(A, B, 1, (x, y) => (x + y) & 0xffn));
  assert.equal(r.v(3), map2(A, B, 2, (x, y) => (x - y) & 0xffffn));
  assert.equal(r.v(4), map2(A, B, 4, (x, y) => (x * y) & 0xffffffffn));
  assert.equal(r.v(5), map2(A, B, 1, (x, y) => (x === y ? 0xffn : 0n)));
  assert.equal(r.v(6), map2(A, B, 2, (x, y) => (x > y ? 0xffffn : 0n)));
  assert.equal(r.v(7), map2(A, B, 1, (x, y) => (sx(x, 1) > sx(y, 1) ? 0xffn : 0n)));
  assert.equal(r.v(8), map2(A, B, 8, (x, y) => (sx(x, 8) >= sx(y, 8) ? ones(8) : 0n)));
  assert.equal(r.v(9), map2(A, B, 1, (x, y) => ((x & y) !== 0n ? 0xffn : 0n)));
  assert.equal(r.v(10), map2(A, B, 1, (x, y) => (x > y ? x : y)));
  assert.equal(r.v(11), map2(A, B, 2, (x, y) => (sx(x, 2) < sx(y, 2) ? x : y)));
  assert.equal(r.v(12), map2(A, B, 1, (x, y) => (x > y ? x - y : 0n)));
  assert.equal(r.v(13), map2(A, B, 1, (x, y) => {
    const s = sx(x, 1) + sx(y, 1);
    return (s > 127n ? 127n : s < -128n ? -128n : s) & 0xffn;
  }));
  assert.equal(r.v(14), map2(A, B, 2, (x, y) => (x + y > 0xffffn ? 0xffffn : x + y)));
  assert.equal(r.v(15), map2(A, B, 1, (x, y) => (x + y) & 0xffn) & LOW); // 64-bit form zeroes the top
  assert.equal(r.v(16), map2(A, B, 8, (x, y) => (x - y) & ones(8)));
  assert.equal(r.v(17), map2(A, B, 1, (x, y) => (x > y ? x - y : y - x)));
});

test('bitwise ops and select', () => {
  const D = 0x0123456789abcdeffedcba9876543210n;
  const r = runOk(`
    and v2.16b, v0.16b, v1.16b
    orr v3.16b, v0.16b, v1.16b
    eor v4.16b, v0.16b, v1.16b
    bic v5.16b, v0.16b, v1.16b
    orn v6.8b, v0.8b, v1.8b
    mov v7.16b, v20.16b
    bsl v7.16b, v0.16b, v1.16b
    mov v8.16b, v20.16b
    bit v8.16b, v0.16b, v1.16b
    mov v9.16b, v20.16b
    bif v9.16b, v0.16b, v1.16b
    not v10.16b, v0.16b
    brk #0`, { v: { 0: A, 1: B, 20: D } });
  const M = (1n << 128n) - 1n;
  assert.equal(r.v(2), A & B);
  assert.equal(r.v(3), A | B);
  assert.equal(r.v(4), A ^ B);
  assert.equal(r.v(5), A & ~B & M);
  assert.equal(r.v(6), (A | ~B) & LOW);
  assert.equal(r.v(7), ((A & D) | (B & ~D)) & M);
  assert.equal(r.v(8), ((A & B) | (D & ~B)) & M);
  assert.equal(r.v(9), ((D & B) | (A & ~B)) & M);
  assert.equal(r.v(10), ~A & M);
});

test('two-register misc and across-lane reductions', () => {
  const r = runOk(`
    cmeq v2.16b, v0.16b, #0
    cmlt v3.8h, v0.8h, #0
    abs v4.16b, v0.16b
    neg v5.4s, v0.4s
    cnt v6.16b, v0.16b
    rev64 v7.16b, v0.16b
    rev32 v8.8h, v0.8h
    rev16 v9.16b, v0.16b
    clz v10.4s, v0.4s
    rbit v11.16b, v0.16b
    umaxv b12, v0.16b
    uminv h13, v0.8h
    addv b14, v0.16b
    saddlv h15, v0.16b
    smaxv s16, v0.4s
    uaddlp v17.8h, v0.16b
    xtn v18.8b, v0.8h
    xtn2 v18.16b, v1.8h
    brk #0`, { v: { 0: A, 1: B } });
  const a1 = lanes(A, 1), a2 = lanes(A, 2), a4 = lanes(A, 4);
  assert.equal(r.v(2), fromLanes(a1.map((x) => (x === 0n ? 0xff : 0)), 1));
  assert.equal(r.v(3), fromLanes(a2.map((x) => (x >= 0x8000n ? 0xffff : 0)), 2));
  assert.equal(r.v(4), fromLanes(a1.map((x) => (sx(x, 1) < 0n ? -sx(x, 1) : x)), 1));
  assert.equal(r.v(5), fromLanes(a4.map((x) => -x), 4));
  assert.equal(r.v(6), fromLanes(a1.map((x) => x.toString(2).split('1').length - 1), 1));
  assert.equal(r.v(7), fromLanes([...a1.slice(0, 8).reverse(), ...a1.slice(8).reverse()], 1));
  assert.equal(r.v(8), fromLanes(a2.map((_, k) => a2[k ^ 1]!), 2));
  assert.equal(r.v(9), fromLanes(a1.map((_, k) => a1[k ^ 1]!), 1));
  assert.equal(r.v(10), fromLanes(a4.map((x) => BigInt(Math.clz32(Number(x)))), 4));
  assert.equal(r.v(11), fromLanes(a1.map((x) => BigInt(parseInt(x.toString(2).padStart(8, '0').split('').reverse().join(''), 2))), 1));
  assert.equal(r.v(12), a1.reduce((m, x) => (x > m ? x : m)));
  assert.equal(r.v(13), a2.reduce((m, x) => (x < m ? x : m)));
  assert.equal(r.v(14), a1.reduce((s, x) => s + x) & 0xffn);
  assert.equal(r.v(15), a1.reduce((s, x) => s + sx(x, 1), 0n) & 0xffffn);
  assert.equal(r.v(16), a4.reduce((m, x) => (sx(x, 4) > sx(m, 4) ? x : m)));
  assert.equal(r.v(17), fromLanes(Array.from({ length: 8 }, (_, k) => a1[2 * k]! + a1[2 * k + 1]!), 2));
  assert.equal(r.v(18), fromLanes([...a2.map((x) => x & 0xffn), ...lanes(B, 2).map((x) => x & 0xffn)], 1));
});

test('pairwise ops', () => {
  const r = runOk(`
    addp v2.16b, v0.16b, v1.16b
    umaxp v3.16b, v0.16b, v1.16b
    uminp v4.8h, v0.8h, v1.8h
    addp d5, v0.2d
    addp v6.2d, v0.2d, v1.2d
    brk #0`, { v: { 0: A, 1: B } });
  const pair = (esize: number, f: (x: bigint, y: bigint) => bigint): bigint => {
    const cat = [...lanes(A, esize), ...lanes(B, esize)];
    return fromLanes(Array.from({ length: 16 / esize }, (_, k) => f(cat[2 * k]!, cat[2 * k + 1]!)), esize);
  };
  assert.equal(r.v(2), pair(1, (x, y) => (x + y) & 0xffn));
  assert.equal(r.v(3), pair(1, (x, y) => (x > y ? x : y)));
  assert.equal(r.v(4), pair(2, (x, y) => (x < y ? x : y)));
  assert.equal(r.v(5), (lanes(A, 8)[0]! + lanes(A, 8)[1]!) & LOW);
  assert.equal(r.v(6), pair(8, (x, y) => (x + y) & LOW));
});

test('shifts by immediate, narrowing and widening', () => {
  const r = runOk(`
    shl v2.16b, v0.16b, #3
    ushr v3.8h, v0.8h, #4
    sshr v4.16b, v0.16b, #7
    mov v5.16b, v1.16b
    usra v5.4s, v0.4s, #8
    shrn v6.8b, v0.8h, #4
    ushll v7.8h, v0.8b, #2
    sxtl2 v8.4s, v0.8h
    mov v9.16b, v1.16b
    sli v9.8h, v0.8h, #4
    mov v10.16b, v1.16b
    sri v10.16b, v0.16b, #3
    ushr d11, d0, #63
    shl d12, d0, #1
    urshr v13.16b, v0.16b, #2
    ushr v14.2d, v0.2d, #64
    brk #0`, { v: { 0: A, 1: B } });
  const a1 = lanes(A, 1), a2 = lanes(A, 2), a4 = lanes(A, 4), b4 = lanes(B, 4);
  assert.equal(r.v(2), fromLanes(a1.map((x) => x << 3n), 1));
  assert.equal(r.v(3), fromLanes(a2.map((x) => x >> 4n), 2));
  assert.equal(r.v(4), fromLanes(a1.map((x) => sx(x, 1) >> 7n), 1));
  assert.equal(r.v(5), fromLanes(a4.map((x, k) => b4[k]! + (x >> 8n)), 4));
  assert.equal(r.v(6), fromLanes(a2.map((x) => x >> 4n), 1) & LOW);
  assert.equal(r.v(7), fromLanes(a1.slice(0, 8).map((x) => x << 2n), 2));
  assert.equal(r.v(8), fromLanes(a2.slice(4).map((x) => sx(x, 2)), 4));
  assert.equal(r.v(9), fromLanes(a2.map((x, k) => ((x << 4n) | (lanes(B, 2)[k]! & 0xfn))), 2));
  assert.equal(r.v(10), fromLanes(a1.map((x, k) => ((x >> 3n) | (lanes(B, 1)[k]! & 0xe0n))), 1));
  assert.equal(r.v(11), lanes(A, 8)[0]! >> 63n);
  assert.equal(r.v(12), (lanes(A, 8)[0]! << 1n) & LOW);
  assert.equal(r.v(13), fromLanes(a1.map((x) => (x + 2n) >> 2n), 1));
  assert.equal(r.v(14), 0n);
});

test('DUP/INS/UMOV/SMOV/MOVI and friends', () => {
  const r = runOk(`
    dup v2.16b, w1
    dup v3.4s, v0.s[3]
    mov v4.16b, v0.16b
    ins v4.d[1], x1
    mov v4.h[0], v0.h[7]
    umov w5, v0.b[13]
    smov x6, v0.h[1]
    smov w7, v0.b[2]
    mov x8, v0.d[1]
    movi v9.16b, #0x41
    movi v10.2d, #0xff00ff0000ffff00
    mvni v11.4s, #1, lsl #8
    mov v12.16b, v1.16b
    orr v12.8h, #0x10
    mov v13.16b, v1.16b
    bic v13.4s, #0xff
    fmov v14.4s, #1.0
    movi d15, #0xff
    mov b16, v0.b[3]
    dup v17.2d, x1
    brk #0`, { x: { 1: 0x1122334455667788n }, v: { 0: A, 1: B } });
  const a1 = lanes(A, 1), a2 = lanes(A, 2);
  assert.equal(r.v(2), fromLanes(Array(16).fill(0x88), 1));
  assert.equal(r.v(3), fromLanes(Array(4).fill(lanes(A, 4)[3]!), 4));
  assert.equal(r.v(4), (0x1122334455667788n << 64n) | (A & (LOW ^ 0xffffn)) | a2[7]!);
  assert.equal(r.x(5), a1[13]);
  assert.equal(r.x(6), BigInt.asUintN(64, sx(a2[1]!, 2)));
  assert.equal(r.x(7), BigInt.asUintN(32, sx(a1[2]!, 1)));
  assert.equal(r.x(8), lanes(A, 8)[1]);
  assert.equal(r.v(9), fromLanes(Array(16).fill(0x41), 1));
  assert.equal(r.v(10), fromLanes([0xff00ff0000ffff00n, 0xff00ff0000ffff00n], 8));
  assert.equal(r.v(11), fromLanes(Array(4).fill(0xfffffeffn), 4));
  assert.equal(r.v(12), fromLanes(lanes(B, 2).map((x) => x | 0x10n), 2));
  assert.equal(r.v(13), fromLanes(lanes(B, 4).map((x) => x & ~0xffn), 4));
  assert.equal(r.v(14), fromLanes(Array(4).fill(0x3f800000), 4));
  assert.equal(r.v(15), 0xffn);
  assert.equal(r.v(16), a1[3]);
  assert.equal(r.v(17), fromLanes([0x1122334455667788n, 0x1122334455667788n], 8));
});

test('permutes, EXT and table lookups', () => {
  const r = runOk(`
    uzp1 v2.16b, v0.16b, v1.16b
    uzp2 v3.8h, v0.8h, v1.8h
    zip1 v4.16b, v0.16b, v1.16b
    zip2 v5.4s, v0.4s, v1.4s
    trn1 v6.16b, v0.16b, v1.16b
    trn2 v7.8h, v0.8h, v1.8h
    ext v8.16b, v0.16b, v1.16b, #5
    tbl v9.16b, {v0.16b}, v20.16b
    mov v10.16b, v1.16b
    tbx v10.16b, {v0.16b, v1.16b}, v20.16b
    brk #0`, { v: { 0: A, 1: B, 20: fromLanes([0, 15, 16, 31, 32, 1, 2, 3, 255, 4, 5, 6, 17, 18, 7, 8], 1) } });
  const a1 = lanes(A, 1), b1 = lanes(B, 1), a2 = lanes(A, 2), b2 = lanes(B, 2), a4 = lanes(A, 4), b4 = lanes(B, 4);
  const cat1 = [...a1, ...b1], cat2 = [...a2, ...b2];
  assert.equal(r.v(2), fromLanes(cat1.filter((_, k) => k % 2 === 0), 1));
  assert.equal(r.v(3), fromLanes(cat2.filter((_, k) => k % 2 === 1), 2));
  assert.equal(r.v(4), fromLanes(a1.slice(0, 8).flatMap((x, k) => [x, b1[k]!]), 1));
  assert.equal(r.v(5), fromLanes([a4[2]!, b4[2]!, a4[3]!, b4[3]!], 4));
  assert.equal(r.v(6), fromLanes(a1.map((x, k) => (k % 2 ? b1[k - 1]! : x)), 1));
  assert.equal(r.v(7), fromLanes(a2.map((_, k) => (k % 2 ? b2[k]! : a2[k + 1]!)), 2));
  assert.equal(r.v(8), fromLanes(cat1.slice(5, 21), 1));
  const idx = lanes(fromLanes([0, 15, 16, 31, 32, 1, 2, 3, 255, 4, 5, 6, 17, 18, 7, 8], 1), 1).map(Number);
  assert.equal(r.v(9), fromLanes(idx.map((k) => (k < 16 ? a1[k]! : 0n)), 1));
  assert.equal(r.v(10), fromLanes(idx.map((k, j) => (k < 32 ? cat1[k]! : b1[j]!)), 1));
});

test('long multiplies and adds', () => {
  const r = runOk(`
    umull v2.8h, v0.8b, v1.8b
    smull2 v3.4s, v0.8h, v1.8h
    uaddl v4.8h, v0.8b, v1.8b
    uaddw2 v5.8h, v1.8h, v0.16b
    mov v6.16b, v1.16b
    umlal v6.4s, v0.4h, v1.4h
    brk #0`, { v: { 0: A, 1: B } });
  const a1 = lanes(A, 1), b1 = lanes(B, 1), a2 = lanes(A, 2), b2 = lanes(B, 2), b4 = lanes(B, 4);
  assert.equal(r.v(2), fromLanes(a1.slice(0, 8).map((x, k) => x * b1[k]!), 2));
  assert.equal(r.v(3), fromLanes(a2.slice(4).map((x, k) => sx(x, 2) * sx(b2[k + 4]!, 2)), 4));
  assert.equal(r.v(4), fromLanes(a1.slice(0, 8).map((x, k) => x + b1[k]!), 2));
  assert.equal(r.v(5), fromLanes(b2.map((x, k) => x + a1[k + 8]!), 2));
  assert.equal(r.v(6), fromLanes(b4.map((x, k) => x + a2[k]! * b2[k]!), 4));
});

test('structure loads and stores', () => {
  const data = Uint8Array.from({ length: 128 }, (_, k) => k);
  const r = runOk(`
    ld1 {v0.16b}, [x1]
    ld1 {v1.2d, v2.2d}, [x1], #32
    ld2 {v3.8h, v4.8h}, [x2]
    ld4 {v5.8b, v6.8b, v7.8b, v8.8b}, [x2]
    ld1r {v9.4s}, [x2]
    mov v10.16b, v0.16b
    ld1 {v10.s}[1], [x2], x3
    ld3 {v11.4s, v12.4s, v13.4s}, [x4]
    st1 {v0.16b, v1.16b}, [x5]
    st2 {v3.8h, v4.8h}, [x6]
    st1 {v0.b}[3], [x7]
    brk #0`, { x: { 1: DATA, 2: DATA, 3: 4, 4: DATA, 5: DATA + 0x100, 6: DATA + 0x200, 7: DATA + 0x300 }, data });
  const seg = (from: number, n: number): bigint => fromLanes([...data.slice(from, from + n)], 1);
  assert.equal(r.v(0), seg(0, 16));
  assert.equal(r.v(1), seg(0, 16));
  assert.equal(r.v(2), seg(16, 16));
  assert.equal(r.x(1), BigInt(DATA + 32));
  const h = lanes(seg(0, 32), 2).concat(lanes(seg(16, 16), 2));
  assert.equal(r.v(3), fromLanes(Array.from({ length: 8 }, (_, k) => h[2 * k]!), 2));
  assert.equal(r.v(4), fromLanes(Array.from({ length: 8 }, (_, k) => h[2 * k + 1]!), 2));
  assert.equal(r.v(5), fromLanes(Array.from({ length: 8 }, (_, k) => 4 * k), 1));
  assert.equal(r.v(8), fromLanes(Array.from({ length: 8 }, (_, k) => 4 * k + 3), 1));
  assert.equal(r.v(9), fromLanes(Array(4).fill(lanes(seg(0, 16), 4)[0]!), 4));
  assert.equal(r.v(10), (seg(0, 16) & ~(0xffffffffn << 32n)) | (lanes(seg(0, 16), 4)[0]! << 32n));
  assert.equal(r.x(2), BigInt(DATA + 4));
  const words = Array.from({ length: 12 }, (_, k) => BigInt(k * 4) | (BigInt(k * 4 + 1) << 8n) | (BigInt(k * 4 + 2) << 16n) | (BigInt(k * 4 + 3) << 24n));
  assert.equal(r.v(11), fromLanes([0, 3, 6, 9].map((k) => words[k]!), 4));
  assert.equal(r.v(13), fromLanes([2, 5, 8, 11].map((k) => words[k]!), 4));
  assert.deepEqual([...r.mem.readBytes(DATA + 0x100, 32)], [...data.slice(0, 32)].slice(0, 16).concat([...data.slice(0, 16)]));
  assert.deepEqual([...r.mem.readBytes(DATA + 0x200, 32)], [...data.slice(0, 32)]);
  assert.equal(r.mem.read8(DATA + 0x300), 3);
});

test('scalar three-same and two-misc', () => {
  const r = runOk(`
    add d2, d0, d1
    sub d3, d0, d1
    cmeq d4, d0, d0
    cmgt d5, d0, d1
    cmhi d6, d0, d1
    neg d7, d0
    cmlt d8, d1, #0
    uqsub b9, b0, b1
    brk #0`, { v: { 0: A, 1: B } });
  const a = lanes(A, 8)[0]!, b = lanes(B, 8)[0]!;
  assert.equal(r.v(2), (a + b) & LOW);
  assert.equal(r.v(3), (a - b) & LOW);
  assert.equal(r.v(4), LOW);
  assert.equal(r.v(5), sx(a, 8) > sx(b, 8) ? LOW : 0n);
  assert.equal(r.v(6), a > b ? LOW : 0n);
  assert.equal(r.v(7), -a & LOW);
  assert.equal(r.v(8), sx(b, 8) < 0n ? LOW : 0n);
  assert.equal(r.v(9), 0n);
});

test('floating-point vector ops', () => {
  const dv = new DataView(new ArrayBuffer(8));
  const f32 = (x: number): bigint => { dv.setFloat32(0, x, true); return BigInt(dv.getUint32(0, true)); };
  const f64 = (x: number): bigint => { dv.setFloat64(0, x, true); return dv.getBigUint64(0, true); };
  const X = fromLanes([1.5, -2, 0.25, 3].map(f32), 4), Y = fromLanes([0.5, 4, -0.25, 3].map(f32), 4);
  const D = fromLanes([2.5, -0.5].map(f64), 8);
  const r = runOk(`
    fadd v2.4s, v0.4s, v1.4s
    fmul v3.4s, v0.4s, v1.4s
    fcmeq v4.4s, v0.4s, v1.4s
    fcmgt v5.4s, v0.4s, #0.0
    faddp v6.4s, v0.4s, v1.4s
    mov v7.16b, v1.16b
    fmla v7.4s, v0.4s, v1.4s
    fcvtzs v8.4s, v0.4s
    scvtf v9.2d, v20.2d
    frinta v10.2d, v21.2d
    fcvtl v11.2d, v0.2s
    fcvtn v12.2s, v21.2d
    fneg v13.2d, v21.2d
    fmaxnm v14.4s, v0.4s, v1.4s
    brk #0`, { v: { 0: X, 1: Y, 20: fromLanes([7n, -3n], 8), 21: D } });
  const sum = (a: number[], b: number[]): bigint => fromLanes(a.map((x, k) => f32(Math.fround(x + b[k]!))), 4);
  assert.equal(r.v(2), sum([1.5, -2, 0.25, 3], [0.5, 4, -0.25, 3]));
  assert.equal(r.v(3), fromLanes([0.75, -8, -0.0625, 9].map(f32), 4));
  assert.equal(r.v(4), fromLanes([0, 0, 0, 0xffffffff], 4));
  assert.equal(r.v(5), fromLanes([0xffffffff, 0, 0xffffffff, 0xffffffff], 4));
  assert.equal(r.v(6), fromLanes([-0.5, 3.25, 4.5, 2.75].map(f32), 4));
  assert.equal(r.v(7), fromLanes([1.25, -4, -0.3125, 12].map(f32), 4));
  assert.equal(r.v(8), fromLanes([1, -2, 0, 3], 4));
  assert.equal(r.v(9), fromLanes([7, -3].map(f64), 8));
  assert.equal(r.v(10), fromLanes([3, -1].map(f64), 8));
  assert.equal(r.v(11), fromLanes([1.5, -2].map(f64), 8));
  assert.equal(r.v(12), fromLanes([2.5, -0.5].map(f32), 4));
  assert.equal(r.v(13), fromLanes([-2.5, 0.5].map(f64), 8));
  assert.equal(r.v(14), fromLanes([1.5, 4, 0.25, 3].map(f32), 4));
});
