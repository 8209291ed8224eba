// IR atomic_cmpxchg / atomic_rmw in both tiers and both byte orders: the old value, the memory
// afterwards, and the faults (misaligned: alignment; read-only or unmapped: as a store/load).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PROT_READ } from '../../runtime/core/api.js';
import type { AccessSize, RmwKind } from '../../runtime/ir/types.js';
import { CODE_BASE, DATA_BASE, FakeFrontend, setup } from './fake-frontend.js';
import { TIERS } from './tiers.js';

interface Case {
  kind: RmwKind | 'cmpxchg';
  size: AccessSize;
  ty: 'i32' | 'i64';
  mem: bigint;
  a: bigint;
  b?: bigint;
  old: bigint;
  after: bigint;
}

const M64 = 0x1122334455667788n;
const CASES: Case[] = [
  { kind: 'cmpxchg', size: 8, ty: 'i64', mem: M64, a: M64, b: 0xdeadbeefcafef00dn, old: M64, after: 0xdeadbeefcafef00dn },
  { kind: 'cmpxchg', size: 8, ty: 'i64', mem: M64, a: M64 + 1n, b: 5n, old: M64, after: M64 },
  { kind: 'cmpxchg', size: 4, ty: 'i32', mem: 0x80000001n, a: -0x7fffffffn, b: 5n, old: -0x7fffffffn, after: 5n },
  // Only the low `size` bytes of the operands count; the old value is zero-extended.
  { kind: 'cmpxchg', size: 4, ty: 'i64', mem: 0x80000001n, a: 0x1234567880000001n, b: 0xffffffff00000007n, old: 0x80000001n, after: 7n },
  { kind: 'cmpxchg', size: 2, ty: 'i64', mem: 0xbeefn, a: 0xbeefn, b: 0x1234n, old: 0xbeefn, after: 0x1234n },
  { kind: 'cmpxchg', size: 1, ty: 'i32', mem: 0x80n, a: 0x81n, b: 1n, old: 0x80n, after: 0x80n },
  { kind: 'add', size: 8, ty: 'i64', mem: -1n, a: 2n, old: -1n, after: 1n },
  { kind: 'add', size: 4, ty: 'i32', mem: 0x7fffffffn, a: 1n, old: 0x7fffffffn, after: 0x80000000n },
  { kind: 'add', size: 4, ty: 'i64', mem: 0xffffffffn, a: 3n, old: 0xffffffffn, after: 2n },
  { kind: 'add', size: 2, ty: 'i64', mem: 0xffffn, a: 2n, old: 0xffffn, after: 1n },
  { kind: 'add', size: 1, ty: 'i32', mem: 0xf0n, a: 0x20n, old: 0xf0n, after: 0x10n },
  { kind: 'and', size: 4, ty: 'i32', mem: 0xff00ff00n, a: 0x0ff00ff0n, old: -0x00ff0100n, after: 0x0f000f00n },
  { kind: 'or', size: 8, ty: 'i64', mem: 0xf0n, a: 0x0f00000000000000n, old: 0xf0n, after: 0x0f000000000000f0n },
  { kind: 'xor', size: 2, ty: 'i32', mem: 0x5555n, a: 0xffffn, old: 0x5555n, after: 0xaaaan },
  { kind: 'xchg', size: 4, ty: 'i32', mem: 0x12345678n, a: 0x9abcdef0n, old: 0x12345678n, after: 0x9abcdef0n },
  { kind: 'xchg', size: 8, ty: 'i64', mem: M64, a: 42n, old: M64, after: 42n },
  { kind: 'smax', size: 4, ty: 'i64', mem: 0xfffffffbn, a: 3n, old: 0xfffffffbn, after: 3n },
  { kind: 'smin', size: 2, ty: 'i32', mem: 0x8000n, a: 1n, old: 0x8000n, after: 0x8000n },
  { kind: 'umax', size: 8, ty: 'i64', mem: -1n, a: 1n, old: -1n, after: -1n },
  { kind: 'umin', size: 1, ty: 'i32', mem: 0x90n, a: 0x7fn, old: 0x90n, after: 0x7fn },
];

const A = DATA_BASE + 0x100;
const unsigned = (v: bigint, size: number): bigint => BigInt.asUintN(size * 8, v);

for (const tier of TIERS.filter((t) => t.name !== 'mixed')) {
  for (const endian of ['le', 'be'] as const) {
    test(`${tier.name} ${endian}: atomic_cmpxchg / atomic_rmw (${CASES.length} cases)`, () => {
      const fe = new FakeFrontend(64, endian);
      CASES.forEach((c, k) => {
        fe.at(CODE_BASE + 4 * k, (b) => {
          const reg = c.ty === 'i64' ? ['r1', 'r2', 'r3'] : ['w1', 'w2', 'w3'];
          const addr = b.get('i64', 0);
          const a = b.get(c.ty, offOf(reg[0]!)), bb = b.get(c.ty, offOf(reg[1]!));
          const old = c.kind === 'cmpxchg' ? b.atomicCmpxchg(addr, a, bb, c.size, endian) : b.atomicRmw(c.kind, addr, a, c.size, endian);
          b.set(offOf(reg[2]!), old);
          b.exit('halt', CODE_BASE + 4 * k);
        });
      });
      const { engine, thread, mem } = setup(fe, tier);
      const le = endian === 'le';
      CASES.forEach((c, k) => {
        const name = `${c.kind} size ${c.size} ${c.ty} #${k}`;
        mem.u8.fill(0xaa, A - 8, A + 16);
        writeSized(mem.dv, A, c.size, unsigned(c.mem, c.size), le);
        thread.set('r0', BigInt(A));
        const put = (r: string, v: bigint): void => thread.set(r, c.ty === 'i64' ? BigInt.asIntN(64, v) : Number(BigInt.asIntN(32, v)));
        const regs = c.ty === 'i64' ? ['r1', 'r2', 'r3'] : ['w1', 'w2', 'w3'];
        put(regs[0]!, c.a);
        put(regs[1]!, c.b ?? 0n);
        thread.pc = CODE_BASE + 4 * k;
        assert.equal(engine.run(thread).kind, 'halt', name);
        const got = BigInt(thread.get(regs[2]!) as number | bigint);
        const bitsOut = c.ty === 'i64' ? 64 : 32;
        assert.equal(BigInt.asUintN(bitsOut, got).toString(16), BigInt.asUintN(bitsOut, c.old).toString(16), `${name}: old`);
        assert.equal(readSized(mem.dv, A, c.size, le).toString(16), unsigned(c.after, c.size).toString(16), `${name}: memory`);
        assert.equal(mem.u8[A + c.size], 0xaa, `${name}: no byte beyond the access`);
      });
    });
  }

  test(`${tier.name}: atomic faults: misaligned, read-only, unmapped; the state stays precise`, () => {
    const fe = new FakeFrontend();
    const pc = CODE_BASE;
    fe.at(pc, (b) => {
      const old = b.atomicRmw('add', b.get('i64', 0), b.get('i64', 8), 8, 'le');
      b.set(24, old);
      b.exit('halt', pc);
    });
    fe.at(pc + 4, (b) => {
      const old = b.atomicCmpxchg(b.get('i64', 0), b.get('i32', 64), b.get('i32', 68), 4, 'le');
      b.set(72, old);
      b.exit('halt', pc + 4);
    });
    const { engine, thread, mem } = setup(fe, tier);
    mem.setProt(DATA_BASE + 0x1000, 0x1000, PROT_READ);
    const cases: Array<[number, number, string, string]> = [
      [DATA_BASE + 2, DATA_BASE + 2, 'write', 'alignment'],
      [DATA_BASE + 0x1000, DATA_BASE + 0x1000, 'write', 'protection'],
      [DATA_BASE + 0x20000, DATA_BASE + 0x20000, 'read', 'unmapped'],
    ];
    for (const start of [pc, pc + 4]) {
      for (const [addr, faultAddr, access, fault] of cases) {
        thread.set('r0', BigInt(addr));
        thread.set('r3', 77n);
        thread.set('w2', 77);
        thread.pc = start;
        const ev = engine.run(thread);
        assert.deepEqual(ev, { kind: 'fault', pc: start, addr: faultAddr, access, fault }, `${fault} at 0x${start.toString(16)}`);
        assert.equal(thread.get('r3'), 77n);
        assert.equal(thread.get('w2'), 77);
      }
    }
  });
}

function offOf(name: string): number {
  const i = Number(name.slice(1));
  return name[0] === 'r' ? i * 8 : 64 + i * 4;
}

function writeSized(dv: DataView, a: number, size: number, v: bigint, le: boolean): void {
  switch (size) {
    case 1: dv.setUint8(a, Number(v)); break;
    case 2: dv.setUint16(a, Number(v), le); break;
    case 4: dv.setUint32(a, Number(v), le); break;
    default: dv.setBigUint64(a, v, le);
  }
}

function readSized(dv: DataView, a: number, size: number, le: boolean): bigint {
  switch (size) {
    case 1: return BigInt(dv.getUint8(a));
    case 2: return BigInt(dv.getUint16(a, le));
    case 4: return BigInt(dv.getUint32(a, le));
    default: return dv.getBigUint64(a, le);
  }
}
