// Translation-loop and decoder unit tests on the IR (no engine needed).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CodeFetcher, TranslateOptions } from '../../../runtime/arch/types.js';
import { GuestFault } from '../../../runtime/core/fault.js';
import type { Op } from '../../../runtime/ir/types.js';
import { aarch64Decoder, aarch64Frontend, aarch64Hwcaps } from '../../../runtime/frontend/aarch64/index.js';
import { stubEncoding } from '../../../runtime/libnative/stub-abi.js';

const NOP = 0xd503201f, BRK0 = 0xd4200000, MARKER = 0xd45fffe0, RET = 0xd65f03c0, UDF = 0x00000000;

function fetcher(words: Record<number, number>): CodeFetcher {
  return {
    u16: () => { throw new Error('unused'); },
    u32: (addr) => {
      const w = words[addr];
      if (w === undefined) throw new GuestFault(addr, 'exec', 'unmapped');
      return w >>> 0;
    },
  };
}

const opts: TranslateOptions = { maxInsns: 64 };
const exits = (ops: Op[]): Op[] => ops.filter((o) => o.op === 'exit' || o.op === 'goto' || o.op === 'goto_dyn');

test('an undefined first instruction becomes an undef exit', () => {
  const b = aarch64Frontend.translate(fetcher({ 0x1000: UDF }), 0x1000, opts);
  assert.equal(b.ninsns, 1);
  assert.deepEqual(exits(b.ops), [{ op: 'exit', reason: 'undef', pc: 0x1000, info: 0 }]);
  assert.equal(b.end, 0x1004);
});

test('an undefined later instruction ends the block before it', () => {
  const b = aarch64Frontend.translate(fetcher({ 0x1000: NOP, 0x1004: UDF }), 0x1000, opts);
  assert.equal(b.ninsns, 1);
  assert.deepEqual(exits(b.ops), [{ op: 'goto', pc: 0x1004 }]);
  assert.equal(b.end, 0x1004);
});

test('blocks stop at page boundaries, maxInsns and fetch faults', () => {
  const page = aarch64Frontend.translate(fetcher({ 0xff8: NOP, 0xffc: NOP, 0x1000: NOP }), 0xff8, opts);
  assert.equal(page.ninsns, 2);
  assert.deepEqual(exits(page.ops), [{ op: 'goto', pc: 0x1000 }]);
  const words: Record<number, number> = {};
  for (let k = 0; k < 10; k++) words[0x2000 + 4 * k] = NOP;
  const short = aarch64Frontend.translate(fetcher(words), 0x2000, { ...opts, maxInsns: 3 });
  assert.equal(short.ninsns, 3);
  const faulting = aarch64Frontend.translate(fetcher({ 0x3000: NOP }), 0x3000, opts);
  assert.deepEqual(exits(faulting.ops), [{ op: 'goto', pc: 0x3004 }]);
  assert.throws(() => aarch64Frontend.translate(fetcher({}), 0x4000, opts), GuestFault);
});

test('the libnative marker: lowered with bypass, SIGILL when it starts no valid stub, SIGILL without', () => {
  assert.deepEqual(stubEncoding('aarch64').marker.values, [MARKER]);
  const code = fetcher({ 0x1000: NOP, 0x1004: MARKER, 0x1008: 0xfffffff8, 0x100c: RET });
  const off = aarch64Frontend.translate(code, 0x1004, opts);
  assert.deepEqual(exits(off.ops), [{ op: 'exit', reason: 'undef', pc: 0x1004, info: MARKER }]);
  let lowered = -1;
  const hooked = aarch64Frontend.translate(code, 0x1000, {
    ...opts, lowerNative: (_b, markerPc) => { lowered = markerPc; return markerPc + 8; },
  });
  assert.equal(lowered, 0x1004);
  assert.equal(hooked.ninsns, 3); // NOP, marker, RET
  assert.equal(exits(hooked.ops)[0]!.op, 'goto_dyn');
  assert.equal(hooked.end, 0x1010);
  // A marker that starts no valid stub: the instructions before it run, then it is undefined.
  const notAStub = { ...opts, lowerNative: (): null => null };
  const before = aarch64Frontend.translate(code, 0x1000, notAStub);
  assert.deepEqual(exits(before.ops), [{ op: 'goto', pc: 0x1004 }]);
  const stray = aarch64Frontend.translate(code, 0x1004, notAStub);
  assert.equal(stray.ninsns, 1);
  assert.deepEqual(exits(stray.ops), [{ op: 'exit', reason: 'undef', pc: 0x1004, info: MARKER }]);
});

test('decoder classifies representative encodings', () => {
  const cases: [number, string | undefined][] = [
    [0x91000420, 'ADD/SUB (imm)'], [0x8b020020, 'ADD/SUB (shifted reg)'], [0x9a9f17e0, 'CSEL/CSINC/CSINV/CSNEG'],
    [0xd65f03c0, 'RET'], [BRK0, 'BRK'], [0xf9400020, 'LDR/STR (unsigned imm)'], [0xa9bf7bfd, 'LDP/STP (pre-index)'],
    [0xc85f7c20, 'exclusive/ordered/CAS'], [0xf8200020, 'LSE atomic / LDAPR'], [0xd53bd040, 'MRS'], [UDF, undefined],
  ];
  for (const [w, name] of cases) assert.equal(aarch64Decoder.decode(w)?.name, name, w.toString(16));
});

test('state layout fits and hwcaps advertise the implemented features', () => {
  assert.ok(aarch64Frontend.state.size <= 4096);
  const names = new Set(aarch64Frontend.state.slots.map((s) => s.name));
  for (const n of ['x0', 'x30', 'sp', 'pc', 'n', 'z', 'c', 'v', 'fpcr', 'fpsr', 'tpidr_el0', 'v31_hi']) assert.ok(names.has(n), n);
  const { hwcap } = aarch64Hwcaps();
  assert.equal(hwcap & 3, 3); // FP, ASIMD
  assert.ok(hwcap & (1 << 8)); // ATOMICS
});
