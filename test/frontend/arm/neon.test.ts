// The NEON subset: VLD1/VST1 with their write-back forms and VDUP (the lane operations are
// checked against qemu-arm by random.test.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DATA, ISAS, runOk } from './harness.js';

test('VLD1/VST1 (1-4 registers, one lane, all lanes; write-back by size or register), VDUP', () => {
  const data = new Uint8Array(64);
  for (let k = 0; k < 64; k++) data[k] = k;
  for (const isa of ISAS) {
    const r = runOk(`vld1.8 {d0}, [r0]
vld1.32 {d2-d3}, [r0]!
vld1.64 {d4-d6}, [r0], r1
vld1.16 {d16-d19}, [r2]
vst1.8 {d16-d17}, [r3]!
vdup.16 q5, r4
vdup.8 d14, r4
vld1.16 {d20[2]}, [r5]!
vst1.32 {d2[1]}, [r6]
vld1.32 {d22[], d23[]}, [r7], r1
bkpt`, isa, { r: { 0: DATA, 1: 4, 2: DATA + 8, 3: DATA + 128, 4: 0x1234abcd, 5: DATA + 2, 6: DATA + 200, 7: DATA + 4 }, data });
    const q = (base: number): bigint => { let v = 0n; for (let k = 7; k >= 0; k--) v = (v << 8n) | BigInt(base + k); return v; };
    assert.equal(r.d(0), q(0), isa);
    assert.deepEqual([r.d(2), r.d(3)], [q(0), q(8)], isa);
    assert.equal(r.r(0), DATA + 16 + 4, isa);
    assert.deepEqual([r.d(4), r.d(5), r.d(6)], [q(16), q(24), q(32)], isa);
    assert.deepEqual([r.d(16), r.d(19)], [q(8), q(32)], isa);
    assert.equal(r.r(3), DATA + 144, isa);
    assert.equal(r.mem.read32(DATA + 136), 0x13121110, isa);
    assert.deepEqual([r.d(10), r.d(11)], [0xabcdabcdabcdabcdn, 0xabcdabcdabcdabcdn], isa);
    assert.equal(r.d(14), 0xcdcdcdcdcdcdcdcdn, isa);
    assert.equal(r.d(20), 0x0000030200000000n, isa);
    assert.equal(r.r(5), DATA + 4, isa);
    assert.equal(r.mem.read32(DATA + 200), 0x07060504, isa);
    assert.deepEqual([r.d(22), r.d(23), r.r(7)], [0x0706050407060504n, 0x0706050407060504n, DATA + 8], isa);
  }
});
