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
    [0xc85f7c20, 'LDXR/LDAXR'], [0xf8200020, 'LDADD'], [0xd53bd040, 'MRS'], [UDF, undefined],
  ];
  for (const [w, name] of cases) assert.equal(aarch64Decoder.decode(w)?.name, name, w.toString(16));
});

test('the table selects FP, SIMD and atomic instructions by their opcode fields; unallocated opcodes match nothing', () => {
  const cases: [number, string | undefined][] = [
    [0x1e622820, 'FADD (scalar)'], [0x1e623820, 'FSUB (scalar)'], [0x1e628820, 'FNMUL (scalar)'],
    [0x1e629820, undefined], // FP 2-source opcode 1001
    [0x1e664020, 'FRINTA (scalar)'], [0x1e66c020, undefined], // FRINT opcode 001101
    [0x1e202008, 'FCMP/FCMPE'], [0x1e202009, undefined], // FCMP with insn<2:0> != 0
    [0x9e670020, 'FMOV (general, X <-> D)'], [0x1e670020, undefined], // FMOV Dd, Wn does not exist
    [0x9eaf0020, 'FMOV (general, X <-> D[1])'], [0x9e220020, 'SCVTF/UCVTF (scalar, integer)'], [0x9e2a0020, undefined], // SCVTF with rmode 01
    [0x4f0d0420, 'SSHR/USHR (vector, 8-bit)'], [0x4f410420, 'SSHR/USHR (vector, 64-bit)'], [0x4f0d2c20, undefined], // shift opcode 00101
    [0x0f0a8420, 'SHRN/RSHRN (vector, 8-bit)'], [0x0f418420, undefined], // no 64-bit narrow element
    [0x4e0e1c20, 'INS (general)'], [0x0e0e1c20, undefined], // INS needs Q = 1
    [0x4e9e2820, 'TRN1/TRN2'], [0x4e9e0820, undefined], // permute opcode 000
    [0x4c407020, 'LD1/ST1 (multiple structures, 1 register)'], [0x4c401020, undefined], // multiple-structure opcode 0001
    [0x4d40c020, 'LD1R-LD4R'], [0x4d00c020, undefined], // no ST1R
    [0xf8a08020, 'SWP'], [0xf8a09020, undefined], [0xf8bfc020, 'LDAPR'], [0xf8bec020, undefined], // LDAPR needs Rs = 31
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
