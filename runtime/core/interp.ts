// The cold tier: runs an IRBlock directly, with no compilation. A block that runs again is
// decoded into an array of closures (one per op) that return the index of the next op, so
// repeated runs pay no switch or lookup costs. This file is the executable reference semantics
// of the IR.
import type { StateLayout } from '../arch/types.js';
import { getHelper, type HelperContext } from '../ir/helpers.js';
import type { AccessSize, Endian, IRBlock, Op, Ty } from '../ir/types.js';
import type { ExitEvent } from './api.js';
import { atomicOp } from './atomics.js';
import { exitEvent } from './exit-event.js';
import { GuestFault } from './fault.js';
import { fromBig, lo32, readI64, toBig, TWO32, writeI64 } from './int64.js';
import type { GuestMemory } from './memory.js';
import { PF_CODE, PF_READ, PF_WRITE } from './layout.js';
import { binFn, cmpFn, convFn, unFn, type Val } from './semantics.js';

/** What one execution of a block sees. One instance per engine, pointed at the running thread. */
export class InterpContext {
  /** Temp values of the running block (shared by all blocks: blocks never nest). */
  // Seeded with a bigint so V8 keeps generic elements, which preserve NaN payloads of f64 temps.
  readonly t: Val[] = [0n];
  state!: DataView;
  helperCtx!: HelperContext;
  /** Set by a store into a page holding translated code: the block stops at the next insn boundary. */
  codeWritten = false;
  /** The block's result: null = continue at the pc stored in the state. */
  event: ExitEvent | null = null;

  constructor(readonly mem: GuestMemory, readonly layout: StateLayout) {}

  setPc(pc: number): void { this.state.setUint32(this.layout.pcOffset, pc, true); }
}

type Step = (x: InterpContext) => number;

const EXIT = -1;

function stateGetter(ty: Ty, size: AccessSize): (s: DataView, off: number) => Val {
  if (ty === 'f32') return (s, o) => s.getFloat32(o, true);
  if (ty === 'f64') return (s, o) => s.getFloat64(o, true);
  const narrow: (s: DataView, o: number) => number =
    size === 1 ? (s, o) => s.getUint8(o) : size === 2 ? (s, o) => s.getUint16(o, true) : (s, o) => s.getUint32(o, true);
  if (ty === 'i32') return size === 4 ? (s, o) => s.getInt32(o, true) : narrow;
  return size === 8 ? (s, o) => readI64(s, o, true) : narrow;
}

function stateSetter(ty: Ty, size: AccessSize): (s: DataView, off: number, v: any) => void {
  if (ty === 'f32') return (s, o, v) => s.setFloat32(o, v, true);
  if (ty === 'f64') return (s, o, v) => s.setFloat64(o, v, true);
  switch (size) {
    case 1: return (s, o, v) => s.setUint8(o, lo32(v) & 0xff);
    case 2: return (s, o, v) => s.setUint16(o, lo32(v) & 0xffff, true);
    case 4: return (s, o, v) => s.setInt32(o, lo32(v), true);
    case 8: return (s, o, v) => writeI64(s, o, v, true);
  }
}

function memLoader(ty: Ty, size: AccessSize, signed: boolean, le: boolean): (d: DataView, a: number) => Val {
  let n: (d: DataView, a: number) => number;
  switch (size) {
    case 1: n = signed ? (d, a) => d.getInt8(a) : (d, a) => d.getUint8(a); break;
    case 2: n = signed ? (d, a) => d.getInt16(a, le) : (d, a) => d.getUint16(a, le); break;
    case 4: n = signed || ty === 'i32' ? (d, a) => d.getInt32(a, le) : (d, a) => d.getUint32(a, le); break;
    case 8:
      if (ty !== 'i64') throw new Error('IR: 8-byte load into a 32-bit temp');
      return (d, a) => readI64(d, a, le);
  }
  return n;
}

function memStorer(ty: Ty, size: AccessSize, le: boolean): (d: DataView, a: number, v: any) => void {
  if (ty === 'f32' && size === 4) return (d, a, v) => d.setFloat32(a, v, le);
  if (ty === 'f64' && size === 8) return (d, a, v) => d.setFloat64(a, v, le);
  if (ty === 'f32' || ty === 'f64') throw new Error(`IR: ${size}-byte store of a ${ty}`);
  switch (size) {
    case 1: return (d, a, v) => d.setUint8(a, lo32(v) & 0xff);
    case 2: return (d, a, v) => d.setUint16(a, lo32(v) & 0xffff, le);
    case 4: return (d, a, v) => d.setInt32(a, lo32(v), le);
    case 8: return (d, a, v) => writeI64(d, a, v, le);
  }
}

/** Guest address of an address temp (i64 if `wide`), or -1 when it is outside the 4 GiB space. */
function addrOf(v: Val, wide: boolean): number {
  if (!wide) return (v as number) >>> 0;
  // A bigint i64 is never a safe integer, so never below 2^32.
  return typeof v === 'number' && v >= 0 && v < TWO32 ? v : -1;
}

/** An address temp as the unsigned number the fault report holds. */
function faultAddress(v: Val, wide: boolean): number {
  return wide ? Number(BigInt.asUintN(64, toBig(v))) : (v as number) >>> 0;
}

function faultStep(x: InterpContext, pc: number, addrVal: Val, wide: boolean, size: number, access: 'read' | 'write'): number {
  const a = faultAddress(addrVal, wide);
  const bad = x.mem.firstFault(a, size, access);
  const f = x.mem.faultAt(bad === -1 ? a : bad, access);
  x.setPc(pc);
  x.event = { kind: 'fault', pc, addr: f.addr, access, fault: f.kind };
  return EXIT;
}

function endianLe(e: Endian): boolean { return e === 'le'; }

/**
 * A block's interpreter form. Its closures (one per op, `decodeOp`) are built at its second
 * run and dropped when the block is compiled: most blocks of a real program run once or are
 * compiled after a few runs (python3 -c pass: 12,500 of 33,000 blocks run once, 16,000 are
 * compiled), and closures kept for them were most of the runtime's heap, copied by every
 * scavenge and marked by every full GC. The first run decodes each op as it reaches it and
 * leaves the closures to the young generation.
 */
export class InterpBlock {
  private steps: Step[] | null = null;
  private ran = false;

  /** Decodes nothing yet; malformed IR (bad labels, type misuse) throws when first run. */
  constructor(private readonly ir: IRBlock) {}

  run(x: InterpContext): void {
    x.event = null;
    x.codeWritten = false;
    if (this.steps === null) {
      if (!this.ran) {
        this.ran = true;
        runOnce(this.ir, x);
        return;
      }
      this.steps = decodeSteps(this.ir);
    }
    const steps = this.steps, n = steps.length;
    let i = 0;
    while (i >= 0) {
      if (i >= n) { x.setPc(this.ir.end); return; } // falling off the end continues at `end`
      i = steps[i]!(x);
    }
  }

  /** Drops the closures (the block is compiled); they are built again should it come back. */
  release(): void {
    this.steps = null;
  }
}

/** What decoding an op needs to know of its block. */
interface BlockFacts {
  ty(t: number): Ty;
  labelAt: Map<number, number>;
}

function blockFacts(ir: IRBlock): BlockFacts {
  const labelAt = new Map<number, number>();
  ir.ops.forEach((op, i) => { if (op.op === 'label') labelAt.set(op.id, i); });
  return {
    labelAt,
    ty: (t) => {
      const r = ir.temps[t];
      if (r === undefined) throw new Error(`IR: temp ${t} has no type (block 0x${ir.pc.toString(16)})`);
      return r;
    },
  };
}

/**
 * Every op's closure. An op's instruction is the last 'insn' op before it in the list (labels
 * are forward-only, so this is also the last one executed unless a branch skipped an 'insn' op).
 */
function decodeSteps(ir: IRBlock): Step[] {
  const f = blockFacts(ir);
  let insnPc = ir.pc;
  return ir.ops.map((op, i) => {
    if (op.op === 'insn') insnPc = op.pc;
    return decodeOp(op, i, i + 1, insnPc, f.ty, f.labelAt);
  });
}

/** One run that decodes each op as it reaches it and keeps nothing. */
function runOnce(ir: IRBlock, x: InterpContext): void {
  const ops = ir.ops, n = ops.length;
  const f = blockFacts(ir);
  let insnPc = ir.pc;
  let i = 0;
  while (i >= 0) {
    if (i >= n) { x.setPc(ir.end); return; }
    const op = ops[i]!;
    if (op.op === 'insn') insnPc = op.pc;
    // A branch may skip an 'insn' op, leaving insnPc at an earlier instruction than decodeSteps
    // gives the ops after it; but only ops that may fault use it, and valid IR has an 'insn' op
    // between such a join and a faulting op (runtime/ir/validate.ts), so the two agree.
    i = decodeOp(op, i, i + 1, insnPc, f.ty, f.labelAt)(x);
  }
}

function decodeOp(op: Op, i: number, next: number, insnPc: number, ty: (t: number) => Ty, labelAt: Map<number, number>): Step {
  switch (op.op) {
    case 'insn': {
      const pc = op.pc;
      return (x) => {
        if (x.codeWritten) { x.setPc(pc); return EXIT; }
        return next;
      };
    }
    case 'const': {
      const { dst } = op;
      const tt = ty(dst);
      const v: Val = tt === 'i64' ? fromBig(BigInt.asIntN(64, BigInt(op.value)))
        : tt === 'i32' ? Number(BigInt.asIntN(32, BigInt(op.value)))
        : tt === 'f32' ? Math.fround(Number(op.value)) : Number(op.value);
      return (x) => { x.t[dst] = v; return next; };
    }
    case 'get': {
      const { dst, offset } = op;
      const tt = ty(dst);
      const g = stateGetter(tt, op.size ?? (tt === 'i64' || tt === 'f64' ? 8 : 4));
      return (x) => { x.t[dst] = g(x.state, offset); return next; };
    }
    case 'set': {
      const { src, offset } = op;
      const tt = ty(src);
      const s = stateSetter(tt, op.size ?? (tt === 'i64' || tt === 'f64' ? 8 : 4));
      return (x) => { s(x.state, offset, x.t[src]); return next; };
    }
    case 'bin': {
      const { dst, a, b } = op;
      const f = binFn(op.kind, ty(a));
      return (x) => { const t = x.t; t[dst] = f(t[a], t[b]); return next; };
    }
    case 'cmp': {
      const { dst, a, b } = op;
      const f = cmpFn(op.kind, ty(a));
      return (x) => { const t = x.t; t[dst] = f(t[a], t[b]); return next; };
    }
    case 'un': {
      const { dst, a } = op;
      const f = unFn(op.kind, ty(a));
      return (x) => { const t = x.t; t[dst] = f(t[a]); return next; };
    }
    case 'conv': {
      const { dst, a } = op;
      const f = convFn(op.kind, ty(a));
      return (x) => { const t = x.t; t[dst] = f(t[a]); return next; };
    }
    case 'select': {
      const { dst, cond, a, b } = op;
      return (x) => { const t = x.t; t[dst] = t[cond] !== 0 ? t[a]! : t[b]!; return next; };
    }
    case 'load': {
      const { dst, addr, size } = op;
      const ld = memLoader(ty(dst), size, op.signed, endianLe(op.endian));
      const last = size - 1;
      const wide = ty(addr) === 'i64';
      return (x) => {
        const t = x.t;
        const a = addrOf(t[addr]!, wide);
        const f = x.mem.flags;
        if (a < 0 || (f[a >>> 12]! & f[(a + last) >>> 12]! & PF_READ) === 0) return faultStep(x, insnPc, t[addr]!, wide, size, 'read');
        t[dst] = ld(x.mem.dv, a);
        return next;
      };
    }
    case 'store': {
      const { src, addr, size } = op;
      const st = memStorer(ty(src), size, endianLe(op.endian));
      const last = size - 1;
      const wide = ty(addr) === 'i64';
      return (x) => {
        const t = x.t;
        const a = addrOf(t[addr]!, wide);
        const f = x.mem.flags;
        if (a < 0 || a + last >= TWO32) return faultStep(x, insnPc, t[addr]!, wide, size, 'write');
        const fa = f[a >>> 12]!, fb = f[(a + last) >>> 12]!;
        if ((fa & fb & PF_WRITE) === 0) return faultStep(x, insnPc, t[addr]!, wide, size, 'write');
        st(x.mem.dv, a, t[src]);
        if (((fa | fb) & PF_CODE) !== 0) {
          x.codeWritten = true;
          x.mem.onCodeWrite?.(a, size);
        }
        return next;
      };
    }
    case 'atomic_cmpxchg': case 'atomic_rmw': {
      const { dst, addr, size } = op;
      const kind = op.op === 'atomic_cmpxchg' ? 'cmpxchg' : op.kind;
      const [a, b] = op.op === 'atomic_cmpxchg' ? [op.expected, op.replacement] : [op.value, op.value];
      const be = op.endian === 'be';
      const wide = ty(dst) === 'i64';
      const wideAddr = ty(addr) === 'i64';
      return (x) => {
        const t = x.t;
        let r;
        try {
          const av = t[addr]!;
          r = atomicOp(x.mem, kind, wideAddr ? toBig(av) : BigInt((av as number) >>> 0), size, be, toBig(t[a]!), toBig(t[b]!));
        } catch (e) {
          if (!(e instanceof GuestFault)) throw e;
          x.setPc(insnPc);
          x.event = { kind: 'fault', pc: insnPc, addr: e.addr, access: e.access, fault: e.kind };
          return EXIT;
        }
        t[dst] = wide ? fromBig(BigInt.asIntN(64, r.old)) : Number(BigInt.asIntN(32, r.old));
        if (r.codeWritten) x.codeWritten = true;
        return next;
      };
    }
    case 'call': {
      const def = getHelper(op.helper);
      const args = op.args;
      // Helpers take and return i64 values as bigints.
      const argFns = args.map((a): ((v: Val) => Val) => (ty(a) === 'i64' ? toBig : (v) => v));
      const dst = op.dst;
      const rty = dst === undefined ? undefined : ty(dst);
      const norm = rty === 'i64' ? (v: any): Val => fromBig(BigInt.asIntN(64, v))
        : rty === 'i32' ? (v: any): Val => v | 0
        : rty === 'f32' ? (v: any): Val => Math.fround(v) : (v: any): Val => v;
      return (x) => {
        const t = x.t;
        let r;
        try {
          r = def.fn(x.helperCtx, ...args.map((a, k) => argFns[k]!(t[a]!)));
        } catch (e) {
          if (!(e instanceof GuestFault)) throw e;
          // Helpers run before the instruction writes registers, so the state is precise.
          x.setPc(insnPc);
          x.event = { kind: 'fault', pc: insnPc, addr: e.addr, access: e.access, fault: e.kind };
          return EXIT;
        }
        if (dst !== undefined) t[dst] = norm(r);
        return next;
      };
    }
    case 'label':
      return () => next;
    case 'brif': {
      const target = labelAt.get(op.label);
      if (target === undefined || target <= i) throw new Error(`IR: brif to label ${op.label} that does not follow it`);
      const { cond } = op;
      return (x) => (x.t[cond] !== 0 ? target : next);
    }
    case 'goto': {
      const pc = op.pc;
      return (x) => { x.setPc(pc); return EXIT; };
    }
    case 'goto_dyn': {
      const { target } = op;
      const wide = ty(target) === 'i64';
      return (x) => {
        const v = x.t[target]!;
        const a = addrOf(v, wide);
        if (a < 0) {
          // A 64-bit target outside the 4 GiB space: the fetch there faults.
          const addr = faultAddress(v, wide);
          x.event = { kind: 'fault', pc: addr, addr, access: 'exec', fault: 'unmapped' };
          return EXIT;
        }
        x.setPc(a);
        return EXIT;
      };
    }
    case 'exit': {
      const { reason, pc, info } = op;
      return (x) => { x.setPc(pc); x.event = exitEvent(reason, pc, info); return EXIT; };
    }
  }
}
