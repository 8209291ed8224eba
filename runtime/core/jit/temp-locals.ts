// Assigns the temps of one IR block to wasm locals, reusing a local once its temp is dead.
// Liftoff's compile time grows with locals times control constructs (it merges the state of
// every local at each branch target), and a block's temps otherwise each took a local of their
// own: a block of 100 ops declared about 100.
//
// A temp is live from its first to its last mention in the block. Blocks only branch forward, so
// a value written at one point and read at a later one is read on every path between the two,
// all of which lie inside that interval; temps whose intervals do not overlap can share a local.
import type { IRBlock, Op, Temp, Ty } from '../../ir/types.js';

/** Calls f with each temp an op reads or writes (a temp read twice comes twice). */
export function forEachTemp(op: Op, f: (t: Temp) => void): void {
  switch (op.op) {
    case 'const': case 'get': f(op.dst); return;
    case 'set': f(op.src); return;
    case 'bin': case 'cmp': f(op.dst); f(op.a); f(op.b); return;
    case 'un': case 'conv': f(op.dst); f(op.a); return;
    case 'select': f(op.dst); f(op.cond); f(op.a); f(op.b); return;
    case 'load': f(op.dst); f(op.addr); return;
    case 'store': f(op.addr); f(op.src); return;
    case 'atomic_cmpxchg': f(op.dst); f(op.addr); f(op.expected); f(op.replacement); return;
    case 'atomic_rmw': f(op.dst); f(op.addr); f(op.value); return;
    case 'call': if (op.dst !== undefined) f(op.dst); for (const a of op.args) f(a); return;
    case 'brif': f(op.cond); return;
    case 'goto_dyn': f(op.target); return;
    case 'insn': case 'label': case 'goto': case 'exit': return;
  }
}

/**
 * The local of each temp of `ir`; `pool` holds the region's locals of each type (shared by its
 * blocks, which never run interleaved) and grows through `newLocal` when a block needs more.
 */
export function assignTempLocals(ir: IRBlock, pool: Record<Ty, number[]>, newLocal: (ty: Ty) => number): Int32Array {
  const ops = ir.ops;
  const n = ir.temps.length;
  const last = new Int32Array(n).fill(-1);
  let k = 0;
  const mark = (t: Temp): void => { last[t] = k; };
  for (; k < ops.length; k++) forEachTemp(ops[k]!, mark);
  const local = new Int32Array(n).fill(-1);
  const free: Record<Ty, number[]> = { i32: [...pool.i32], i64: [...pool.i64], f32: [...pool.f32], f64: [...pool.f64] };
  const take = (t: Temp): void => {
    if (local[t] !== -1) return;
    const ty = ir.temps[t]!;
    let l = free[ty].pop();
    if (l === undefined) { l = newLocal(ty); pool[ty].push(l); }
    local[t] = l;
  };
  const release = (t: Temp): void => {
    if (last[t] !== k) return;
    free[ir.temps[t]!].push(local[t]!);
    last[t] = -1;
  };
  for (k = 0; k < ops.length; k++) {
    forEachTemp(ops[k]!, take);
    forEachTemp(ops[k]!, release);
  }
  return local;
}
