// SYSCALL and the libnative marker, RDHWR, no-op instructions, reserved encodings, and how
// blocks end at page boundaries and fetch faults (delay slots included).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CodeFetcher } from '../../../runtime/arch/types.js';
import { GuestFault } from '../../../runtime/core/fault.js';
import { mipsFrontend, mips64elFrontend } from '../../../runtime/frontend/mips/index.js';
import { stubEncoding } from '../../../runtime/libnative/stub-abi.js';
import type { IRBlock } from '../../../runtime/ir/types.js';
import { codeBytes, nextCodeAddress, run, runOk, VARIANTS } from './harness.js';

const BRK = 'break\n';
const MARKER = 0x03ffffcc; // syscall 0xfffff
const MARKER_CODE = 0xfffff;
const NOP = 0;

test('SYSCALL exits with the resume address and its code', () => {
  for (const v of VARIANTS) {
    const at = nextCodeAddress(v);
    let r = run(v, `nop\nsyscall\n${BRK}`, {});
    assert.deepEqual(r.event, { kind: 'syscall', pc: at + 8, info: 0 }, v.name);
    assert.equal(r.thread.pc, at + 8);
    r = run(v, `syscall 0x123\n${BRK}`, {});
    assert.deepEqual(r.event, { kind: 'syscall', pc: nextCodeAddress(v) - 4096 + 4, info: 0x123 });
  }
});

test('libnative marker: SIGILL with bypass when it starts no valid stub, plain syscall without', () => {
  assert.deepEqual(stubEncoding('mips').marker.values, [MARKER]);
  assert.equal((MARKER >>> 6) & 0xfffff, MARKER_CODE);
  const notAStub = (): null => null;
  for (const v of VARIANTS) {
    // marker; a word that is no offset word; jr $ra; nop
    const code = codeBytes([MARKER, 0x34, 0x03e00008, NOP], v.le);
    const at = nextCodeAddress(v);
    const withBypass = run(v, code, { lowerNative: notAStub });
    assert.deepEqual(withBypass.event, { kind: 'undef', pc: at, insn: MARKER }, v.name);
    const without = run(v, code, {});
    assert.deepEqual(without.event, { kind: 'syscall', pc: at + 4096 + 4, info: MARKER_CODE }, v.name);
  }
});

test('RDHWR $29 reads UserLocal, $1 the SYNCI step; SYNC/PREF/SYNCI/EHB are no-ops', () => {
  for (const v of VARIANTS) {
    const r = runOk(v, `sync\npref 0, 0($4)\nsynci 0($4)\nehb\nssnop\npause\n.set mips32r2\nrdhwr $3, $29\nrdhwr $5, $1\n${BRK}`,
      { ulr: 0x7f001234, r: { 4: 0 } });
    assert.equal(r.r(3), 0x7f001234n, v.name);
    assert.equal(r.r(5), 32n);
  }
});

test('RDHWR $2 (CC) reads the host clock through a helper', () => {
  const rdhwrCc = 0x7c03103b; // rdhwr $3, $2
  const b = mipsFrontend.translate(fetcher(0x6000, [rdhwrCc, 0x0000000d]), 0x6000, opts);
  assert.ok(b.ops.some((o) => o.op === 'call' && o.helper === 'mips_rdhwr_cc'));
});

test('reserved encodings and privileged instructions are undef exits', () => {
  for (const v of VARIANTS) {
    for (const w of [0x4200_0018 /* eret */, 0xbc80_0000 /* cache */, 0x7000_003f /* sdbbp */, 0x0000_0005 /* SPECIAL funct 5 */]) {
      const r = run(v, codeBytes([w], v.le), {});
      assert.equal(r.event.kind, 'undef', `${v.name} ${w.toString(16)}`);
    }
  }
});

/** A fetcher over words at `base`, faulting everywhere else. */
function fetcher(base: number, words: number[]): CodeFetcher {
  return {
    u32(a: number) {
      const k = (a - base) / 4;
      if (k < 0 || k >= words.length) throw new GuestFault(a, 'exec', 'unmapped');
      return words[k]! >>> 0;
    },
    u16() { throw new Error('unused'); },
  };
}
const opts = { maxInsns: 64 };
const exits = (b: IRBlock): string[] => b.ops.filter((o) => o.op === 'goto' || o.op === 'exit' || o.op === 'goto_dyn')
  .map((o) => (o.op === 'goto' ? `goto ${o.pc.toString(16)}` : o.op === 'exit' ? `exit ${o.reason}` : 'goto_dyn'));

test('blocks stop at page ends, but a delay slot may lie on the next page', () => {
  const base = 0x1ff8;
  const b = mipsFrontend.translate(fetcher(base, [NOP, NOP, NOP]), base, opts);
  assert.equal(b.ninsns, 2);
  assert.deepEqual(exits(b), ['goto 2000']);
  const br = mipsFrontend.translate(fetcher(base, [NOP, 0x10000003 /* b +3 */, NOP]), base, opts);
  assert.equal(br.ninsns, 3);
  assert.equal(br.end, 0x2004);
  assert.deepEqual(exits(br), ['goto 200c']);
});

test('fetch faults: first instruction (or its delay slot) throws, later ones end the block', () => {
  const base = 0x3000;
  assert.throws(() => mipsFrontend.translate(fetcher(base, []), base, opts), GuestFault);
  assert.throws(() => mipsFrontend.translate(fetcher(base, [0x10000003]), base, opts), GuestFault);
  const later = mips64elFrontend.translate(fetcher(base, [NOP, 0x10000003]), base, opts);
  assert.equal(later.ninsns, 1);
  assert.deepEqual(exits(later), ['goto 3004']);
});

test('stopAt ends a block where it ended before (a saved block whose delay slot was not mapped then)', () => {
  const base = 0x3000;
  const whole = mips64elFrontend.translate(fetcher(base, [NOP, 0x10000003, NOP]), base, opts);
  assert.equal(whole.end, 0x300c);
  const again = mips64elFrontend.translate(fetcher(base, [NOP, 0x10000003, NOP]), base, { ...opts, stopAt: 0x3004 });
  assert.equal(again.ninsns, 1);
  assert.equal(again.end, 0x3004);
  assert.deepEqual(exits(again), ['goto 3004']);
});

test('maxInsns bounds a block but keeps a branch with its delay slot', () => {
  const base = 0x4000;
  const b = mipsFrontend.translate(fetcher(base, [NOP, 0x10000003, NOP, NOP]), base, { ...opts, maxInsns: 2 });
  assert.equal(b.ninsns, 3);
  const c = mipsFrontend.translate(fetcher(base, [NOP, NOP, NOP]), base, { ...opts, maxInsns: 2 });
  assert.deepEqual(exits(c), ['goto 4008']);
});

test('lowerNative hook: the stub is lowered inline and translation resumes where it says', () => {
  const base = 0x5000;
  const seen: number[] = [];
  const b = mipsFrontend.translate(fetcher(base, [MARKER, 0x40, 0x03e00008, NOP]), base, {
    ...opts, lowerNative: (_b, pc) => { seen.push(pc); return pc + 8; },
  });
  assert.deepEqual(seen, [base]);
  assert.equal(b.ninsns, 3);
  assert.deepEqual(exits(b), ['goto_dyn']);
});
