// The IR validator: each rule rejects a hand-made block that breaks it (naming the block, the
// instruction and the op), and real translations of both frontends pass.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CodeFetcher, Frontend } from '../../runtime/arch/types.js';
import { Engine } from '../../runtime/core/engine.js';
import { GuestFault } from '../../runtime/core/fault.js';
import { aarch64Frontend } from '../../runtime/frontend/aarch64/index.js';
import { mips64elFrontend, mips64Frontend, mipselFrontend, mipsFrontend } from '../../runtime/frontend/mips/index.js';
import { IRBuilder } from '../../runtime/ir/builder.js';
import { registerHelper } from '../../runtime/ir/helpers.js';
import type { IRBlock, Op, Ty } from '../../runtime/ir/types.js';
import { IR_VALIDATE_ENV, IRValidationError, validateBlock, type ValidationTarget } from '../../runtime/ir/validate.js';
import { CODE_BASE, FakeFrontend, setup } from '../core/fake-frontend.js';

const T64: ValidationTarget = { state: { size: 64, slots: [], pcOffset: 56 }, wordBits: 64 };
const T32: ValidationTarget = { ...T64, wordBits: 32 };
const PC = 0x1000;

registerHelper({ name: 'validate_test_add', params: ['i64', 'i32'], result: 'i64', effects: 'pure', fn: (_c, a: bigint, b: number) => a + BigInt(b) });
registerHelper({ name: 'validate_test_poke', params: ['i64'], effects: 'fault', fn: () => undefined });

/** A block of one instruction at PC, built by `body`. */
function block(body: (b: IRBuilder) => void, end = PC + 4): IRBlock {
  const b = new IRBuilder(PC);
  b.insn(PC);
  body(b);
  return b.finish(end);
}

/** A block given as raw temps and ops (for what the builder cannot express). */
function raw(temps: Ty[], ops: Op[], ninsns = 1): IRBlock {
  return { pc: PC, end: PC + 4, ninsns, temps, ops: [{ op: 'insn', pc: PC }, ...ops] };
}

function rejects(ir: IRBlock, rule: RegExp, target = T64): IRValidationError {
  let err: unknown;
  try { validateBlock(ir, target); } catch (e) { err = e; }
  assert.ok(err instanceof IRValidationError, `expected a validation error matching ${rule}, got ${String(err)}`);
  assert.match(err.message, rule);
  assert.match(err.message, /^IR validation failed: block 0x1000/);
  return err;
}

test('the error names the block, the instruction, the op index and the op', () => {
  const e = rejects(raw(['i32', 'i64'], [{ op: 'const', dst: 0, value: 1 }, { op: 'bin', kind: 'add', dst: 0, a: 0, b: 1 }]), /t1 is read before/);
  assert.equal(e.message, 'IR validation failed: block 0x1000, insn 0x1000, op 2 (bin kind=add dst=t0 a=t0 b=t1): t1 is read before it is assigned on every path to this op');
  assert.equal(e.opIndex, 2);
});

test('types: operands, results and op kinds', () => {
  rejects(raw(['i32', 'i64', 'i32'], [{ op: 'const', dst: 0, value: 1 }, { op: 'const', dst: 1, value: 1n }, { op: 'bin', kind: 'add', dst: 2, a: 0, b: 1 }]), /operands t0 \(i32\) and t1 \(i64\) differ/);
  rejects(block((b) => { const x = b.i32(1); b.bin('fadd', x, x); }), /bin fadd on i32/);
  rejects(block((b) => { const x = b.f64(1); b.bin('shl', x, x); }), /bin shl on f64/);
  rejects(block((b) => { const x = b.f32(1); b.cmp('lt_s', x, x); }), /cmp lt_s on f32/);
  rejects(raw(['i64', 'i64'], [{ op: 'const', dst: 0, value: 1n }, { op: 'cmp', kind: 'eq', dst: 1, a: 0, b: 0 }]), /result t1 is i64, the op produces i32/);
  rejects(block((b) => { const x = b.i64(1); b.un('fsqrt', x); }), /un fsqrt on i64/);
  rejects(raw(['i64', 'i32'], [{ op: 'const', dst: 0, value: 1n }, { op: 'un', kind: 'neg', dst: 1, a: 0 }]), /result t1 is i32, the op produces i64/);
  rejects(block((b) => { const x = b.i32(1); b.conv('wrap', x); }), /conv wrap from i32 \(takes i64\)/);
  rejects(raw(['f32', 'f32'], [{ op: 'const', dst: 0, value: 1 }, { op: 'conv', kind: 'f32_to_f64', dst: 1, a: 0 }]), /result t1 is f32, the op produces f64/);
  rejects(block((b) => { const c = b.i64(1); const x = b.i32(1); b.select(c, x, x); }), /select condition t0 is i64, must be i32/);
  rejects(raw(['i32', 'i32', 'i64'], [{ op: 'const', dst: 0, value: 1 }, { op: 'const', dst: 2, value: 1n }, { op: 'select', dst: 1, cond: 0, a: 0, b: 2 }]), /differ in type/);
  rejects(raw(['i64'], [{ op: 'const', dst: 0, value: 1 }]), /i64 constant given as number/);
  rejects(raw(['i32'], [{ op: 'const', dst: 0, value: 1.5 }]), /not an integer/);
  rejects({ ...raw(['i32'], []), temps: ['i8' as Ty] }, /temp t0 has no IR type/);
  rejects(raw(['i32'], [{ op: 'const', dst: 3, value: 1 }]), /t3 is not a temp of the block \(1 temps\)/);
});

test('temps: assigned before they are read, on every path', () => {
  rejects(raw(['i32', 'i32'], [{ op: 'un', kind: 'not', dst: 1, a: 0 }]), /t0 is read before it is assigned/);
  // Assigned only where the brif does not skip: not assigned on the taken path.
  rejects(block((b) => {
    const c = b.get('i32', 0);
    const l = b.newLabel();
    b.brif(c, l);
    const x = b.i32(5);
    b.label(l);
    b.set(8, x);
  }), /op 5 \(set offset=8 src=t1\): t1 is read before it is assigned on every path/);
  // Assigned on both paths: accepted.
  validateBlock(block((b) => {
    const c = b.get('i32', 0);
    const x = b.newTemp('i32');
    b.ops.push({ op: 'const', dst: x, value: 1 });
    const l = b.newLabel();
    b.brif(c, l);
    b.ops.push({ op: 'const', dst: x, value: 2 });
    b.label(l);
    b.set(8, x);
  }), T64);
  // After an exit, code is reached only through a label a branch targets, with that branch's temps.
  rejects(block((b) => {
    const c = b.get('i32', 0);
    const l = b.newLabel();
    b.brif(c, l);
    const x = b.i32(1);
    b.goto(0x2000);
    b.label(l);
    b.set(8, x);
  }), /t1 is read before/);
  validateBlock(block((b) => { const x = b.newTemp('i32'); b.exit('halt', PC); b.set(8, x); }), T64); // unreachable: not checked
});

test('labels: defined once, after every branch to them', () => {
  rejects(block((b) => { b.label(0); b.label(0); }), /op 2 \(label id=0\): label 0 is defined more than once/);
  rejects(block((b) => { b.brif(b.i32(1), 7); }), /brif to label 7, which the block does not define/);
  rejects(block((b) => { b.label(0); b.brif(b.i32(1), 0); }), /brif backwards to label 0/);
  rejects(block((b) => { const l = b.newLabel(); b.brif(b.i64(1), l); b.label(l); }), /brif condition t0 is i64, must be i32/);
});

test('exits: targets, reasons and info are well-formed', () => {
  rejects(block((b) => b.goto(2 ** 32)), /goto target 4294967296 is not a 32-bit address/);
  rejects(block((b) => b.gotoDyn(b.i32(0x2000))), /goto_dyn target .* is i32, must be i64/);
  rejects(block((b) => b.gotoDyn(b.i64(0x2000))), /must be i32/, T32);
  rejects(block((b) => b.exit('boom' as never, PC)), /unknown exit reason boom/);
  rejects(block((b) => b.exit('trap', PC, 0.5)), /exit info 0.5 is not a 32-bit word/);
  rejects(block((b) => b.exit('syscall', -4)), /exit pc -4 is not a 32-bit address/);
});

test('instruction marks: inside the block and its first page, counted in ninsns', () => {
  rejects(block((b) => b.insn(PC + 8)), /instruction pc outside the block/);
  // Only the last instruction may lie on the next page (a delay slot), and no further.
  validateBlock(block((b) => b.insn(PC + 0xffc + 4), PC + 0x1004), T64);
  rejects(block((b) => { b.insn(PC + 0x1000); b.insn(PC + 0x1004); }, PC + 0x1008), /instruction after one on the next page/);
  rejects(block((b) => b.insn(PC + 0x2000), PC + 0x2004), /instruction beyond the page after the block's first/);
  rejects(raw([], [], 2), /ninsns is 2 but the block marks 1 instructions/);
  // A fault after a label a branch reaches across a mark (an annulled delay slot) has no single pc.
  const annulled = (extraMark: boolean): IRBlock => block((b) => {
    const l = b.newLabel();
    b.brif(b.get('i32', 0), l);
    b.insn(PC + 4);
    b.label(l);
    if (extraMark) b.insn(PC + 8);
    b.load('i64', b.get('i64', 16), 8, false, 'le');
  }, PC + 12);
  rejects(annulled(false), /may fault after a label that a brif reaches across an instruction mark/);
  validateBlock(annulled(true), T64);
});

test('state accesses stay inside the layout, with sizes the type allows', () => {
  rejects(block((b) => b.get('i64', 60)), /state bytes \[60, 68\) outside the state layout \(64 bytes\)/);
  rejects(block((b) => b.set(-4, b.i32(0))), /outside the state layout/);
  rejects(block((b) => b.get('f64', 0, 4)), /4-byte state access of a f64/);
  rejects(block((b) => b.get('i32', 0, 8)), /8-byte access with a i32/);
  rejects(block((b) => b.get('i32', 0, 3 as never)), /access size 3 is not 1, 2, 4 or 8/);
  validateBlock(block((b) => b.set(62, b.i32(0), 2)), T64);
});

test('memory and atomic ops: guest pointer addresses, integer values, sizes', () => {
  rejects(block((b) => b.load('i64', b.i32(0), 8, false, 'le')), /address \(the guest pointer type\) t0 is i32, must be i64/);
  rejects(raw(['i64', 'f64'], [{ op: 'const', dst: 0, value: 0n }, { op: 'load', dst: 1, addr: 0, size: 8, signed: false, endian: 'le' }]), /load into f64/);
  rejects(block((b) => b.load('i32', b.i64(0), 8, false, 'le')), /8-byte access with a i32/);
  rejects(block((b) => b.store(b.i64(0), b.f64(1), 4, 'le')), /4-byte store of a f64/);
  rejects(block((b) => b.store(b.i64(0), b.i32(1), 4, 'middle' as never)), /byte order middle/);
  rejects(block((b) => b.atomicRmw('add', b.i64(0), b.f32(1), 4, 'le')), /atomic on f32/);
  rejects(block((b) => b.atomicRmw('nand' as never, b.i64(0), b.i32(1), 4, 'le')), /unknown atomic_rmw kind nand/);
  rejects(block((b) => b.atomicCmpxchg(b.i64(0), b.i32(1), b.i64(2), 4, 'le')), /differ in type/);
  validateBlock(block((b) => b.atomicCmpxchg(b.i32(0), b.i64(1), b.i64(2), 4, 'be')), T32);
});

test('helper calls: registered, with the signature they were registered with', () => {
  rejects(block((b) => b.call('no_such_helper', [])), /helper 'no_such_helper' is not registered/);
  rejects(block((b) => b.call('validate_test_add', [b.i64(1)], 'i64')), /takes 2 arguments, given 1/);
  rejects(block((b) => b.call('validate_test_add', [b.i64(1), b.i64(2)], 'i64')), /argument 1 of 'validate_test_add' t1 is i64, must be i32/);
  rejects(block((b) => b.call('validate_test_add', [b.i64(1), b.i32(2)], 'f64')), /result t2 is f64, the op produces i64/);
  rejects(block((b) => b.call('validate_test_poke', [b.i64(1)], 'i32')), /returns nothing, but the call has a result/);
  validateBlock(block((b) => { b.call('validate_test_add', [b.i64(1), b.i32(2)]); b.call('validate_test_poke', [b.i64(1)]); }), T64);
});

/** Reads words from a table; other addresses fault like unmapped code. */
function fetcher(words: Map<number, number>): CodeFetcher {
  return {
    u16: (addr) => { const w = words.get(addr & ~3); if (w === undefined) throw new GuestFault(addr, 'exec', 'unmapped'); return (w >>> ((addr & 2) * 8)) & 0xffff; },
    u32: (addr) => { const w = words.get(addr); if (w === undefined) throw new GuestFault(addr, 'exec', 'unmapped'); return w >>> 0; },
  };
}

/** xorshift32: the same words every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s; };
}

/** Translates `n` blocks of 6 random words each (with bypass on and off) and validates them all. */
function translateRandom(fe: Frontend, seed: number, n: number): number {
  const next = rng(seed);
  let blocks = 0;
  for (let k = 0; k < n; k++) {
    const pc = 0x10000 + (k % 512) * 32;
    const words = new Map<number, number>();
    for (let i = 0; i < 6; i++) words.set(pc + 4 * i, next());
    // With bypass, a random word is never a valid stub: the loop then makes the marker undefined.
    for (const lowerNative of [undefined, () => null]) {
      const ir = fe.translate(fetcher(words), pc, { maxInsns: 64, ...(lowerNative ? { lowerNative } : {}) });
      try {
        validateBlock(ir, fe);
      } catch (e) {
        const hexWords = [...words.values()].map((w) => w.toString(16).padStart(8, '0')).join(' ');
        throw new Error(`${fe.name}, words ${hexWords}: ${(e as Error).message}`);
      }
      blocks++;
    }
  }
  return blocks;
}

test('real translations of random words pass: aarch64 and the four MIPS targets', () => {
  for (const fe of [aarch64Frontend, mipsFrontend, mipselFrontend, mips64Frontend, mips64elFrontend]) {
    assert.equal(translateRandom(fe, 0x5eed + fe.name.length, 3000), 6000, fe.name);
  }
});

test('the engine validates each block it translates when asked, and not otherwise', () => {
  const fe = new FakeFrontend().at(CODE_BASE, (b) => b.gotoDyn(b.i32(CODE_BASE + 4)));
  const { mem } = setup(fe, { threshold: 1000 });
  const saved = process.env[IR_VALIDATE_ENV];
  delete process.env[IR_VALIDATE_ENV];
  try {
    const run = (validateIR: boolean): Engine => {
      const engine = new Engine(fe, mem, { jitThreshold: 1000, validateIR });
      const t = engine.newThread();
      t.pc = CODE_BASE;
      engine.run(t);
      return engine;
    };
    assert.throws(() => run(true), /^IRValidationError: IR validation failed: block 0x10000, insn 0x10000, op 2 \(goto_dyn target=t0\): goto_dyn target \(the guest pointer type\) t0 is i32, must be i64$/);
    // Off, the block runs (and the interpreter wraps the jump): nothing checked, nothing counted.
    assert.throws(() => run(false), /no block at 0x10004/);
    process.env[IR_VALIDATE_ENV] = '1';
    assert.throws(() => run(false), IRValidationError);
  } finally {
    if (saved === undefined) delete process.env[IR_VALIDATE_ENV]; else process.env[IR_VALIDATE_ENV] = saved;
  }
  const good = new FakeFrontend().at(CODE_BASE, (b) => b.exit('halt', CODE_BASE));
  const engine = new Engine(good, setup(good, { threshold: 1000 }).mem, { validateIR: true });
  const t = engine.newThread();
  t.pc = CODE_BASE;
  assert.equal(engine.run(t).kind, 'halt');
  assert.equal(engine.stats()['irValidated'], 1);
});
