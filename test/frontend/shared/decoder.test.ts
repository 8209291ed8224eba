// The shared decoder: most-specific match, overlap detection, fields by name, and the complete
// tables of every frontend loading without overlaps.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allPatterns } from '../../../runtime/frontend/aarch64/patterns.js';
import { decode as mipsDecode, mipsEncodings } from '../../../runtime/frontend/mips/decode.js';
import { parseBitPattern } from '../../../runtime/frontend/shared/bit-pattern.js';
import { Decoder, findOverlaps } from '../../../runtime/frontend/shared/decoder.js';

const enc = (name: string, spec: string) => ({ name, pattern: parseBitPattern(spec) });

test('the most specific matching pattern wins, whatever the table order', () => {
  const general = enc('shift', '0 -- 011110 immh:4 immb:3 ----- 1 ----------');
  const special = enc('modimm', '0 -- 0111100000 -------- 1 ----------');
  const narrower = enc('movi0', '0 -- 0111100000 000 0000 - 1 ----------');
  for (const table of [[general, special, narrower], [narrower, special, general], [special, general, narrower]]) {
    const d = new Decoder(table);
    assert.equal(d.decode(0x0f080400)?.name, 'shift');
    assert.equal(d.decode(0x0f010400)?.name, 'modimm');
    assert.equal(d.decode(0x0f000400)?.name, 'movi0');
    assert.equal(d.decode(0x0f000000), undefined);
  }
});

test('don\'t-care bits match either value', () => {
  const d = new Decoder([enc('x', '1111 ---- 0000 ---- 1010 ---- 0101 ----')]);
  assert.equal(d.decode(0xf00fa050)?.name, 'x');
  assert.equal(d.decode(0xffffafff)?.name, undefined);
  assert.equal(d.decode(0xf506a757)?.name, 'x');
});

test('two patterns that share a word without one being more specific are an error', () => {
  const a = enc('A', '1 --- 0000 ------------------------');
  const b = enc('B', '1 0 -- ---- 1 -----------------------');
  assert.match(findOverlaps([a, b])[0]!, /A .* and B .* both match 0x80800000/);
  // The table is checked at its first word (a process that decodes nothing does not pay for it).
  assert.throws(() => new Decoder([a, b]).decode(0), /overlapping encodings/);
  // The same fixed bits twice is an overlap too.
  assert.throws(() => new Decoder([a, enc('A2', '1 --- 0000 ------------------------')]).decode(0), /A .* and A2/);
  // Disjoint and nested patterns are fine.
  assert.deepEqual(findOverlaps([a, enc('C', '0 0 -- ---- 1 -----------------------'), enc('D', '1 111 0000 ------------------------')]), []);
});

test('the semantics get their fields by name from the decoded pattern', () => {
  const d = new Decoder([enc('ADR', 'op:1 immlo:2 10000 immhi:19 rd:5 imm:s=immhi:immlo')]);
  const word = 0x10ffffe3; // adr x3, .-4
  const p = d.decode(word)!;
  assert.deepEqual({ ...p.pattern.fields(word) }, { op: 0, immlo: 0, immhi: 0x7ffff, rd: 3, imm: -4 });
});

test('a large random table decodes as a linear most-specific scan would', () => {
  let seed = 12345;
  const rnd = (): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed; };
  const table: ReturnType<typeof enc>[] = [];
  while (table.length < 120) {
    const bits = [...Array(32)].map(() => (rnd() % 5 === 0 ? '-' : String(rnd() & 1)));
    for (let k = 0; k < 12; k++) bits[rnd() % 32] = '-';
    const cand = enc(`p${table.length}`, bits.join(''));
    if (findOverlaps([...table, cand]).length === 0) table.push(cand);
  }
  const d = new Decoder(table);
  const bySpecificity = [...table].sort((x, y) => y.pattern.fixedBits - x.pattern.fixedBits);
  let matched = 0;
  for (let n = 0; n < 20000; n++) {
    const p = table[rnd() % table.length]!.pattern;
    const w = n % 2 ? rnd() : (p.value | (rnd() & ~p.mask)) >>> 0;
    const expect = bySpecificity.find((e) => ((w & e.pattern.mask) >>> 0) === e.pattern.value);
    assert.equal(d.decode(w), expect, w.toString(16));
    if (expect) matched++;
  }
  assert.ok(matched > 5000);
});

test('the complete aarch64 and MIPS tables have no overlaps', () => {
  assert.deepEqual(findOverlaps(allPatterns), []);
  assert.deepEqual(findOverlaps(mipsEncodings), []);
  assert.deepEqual(findOverlaps(mipsEncodings.filter((e) => !e.only64)), []);
});

test('MIPS64-only encodings are reserved on the 32-bit targets, one table for both', () => {
  const daddu = 0x0085102d, addu = 0x00851021; // daddu/addu $v0, $a0, $a1
  assert.equal(mipsDecode(daddu, true)?.name, 'daddu');
  assert.equal(mipsDecode(daddu, false), null);
  assert.equal(mipsDecode(addu, false)?.name, 'addu');
  assert.equal(mipsDecode(addu, true)?.name, 'addu');
});
