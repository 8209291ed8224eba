// Convenience API for frontends to emit IR. Every method appends ops and returns the result temp.
import {
  CONV_TYPES, type AccessSize, type BinKind, type CmpKind, type ConvKind, type Endian, type ExitReason, type IRBlock,
  type Op, type RmwKind, type Temp, type Ty, type UnKind,
} from './types.js';

export class IRBuilder {
  readonly temps: Ty[] = [];
  readonly ops: Op[] = [];
  private nextLabel = 0;
  ninsns = 0;

  constructor(readonly pc: number) {}

  tyOf(t: Temp): Ty { return this.temps[t]!; }

  newTemp(ty: Ty): Temp { this.temps.push(ty); return this.temps.length - 1; }

  insn(pc: number): void { this.ops.push({ op: 'insn', pc }); this.ninsns++; }

  i32(value: number): Temp { const dst = this.newTemp('i32'); this.ops.push({ op: 'const', dst, value: value | 0 }); return dst; }
  i64(value: bigint | number): Temp {
    const dst = this.newTemp('i64');
    this.ops.push({ op: 'const', dst, value: BigInt.asIntN(64, BigInt(value)) });
    return dst;
  }
  f32(value: number): Temp { const dst = this.newTemp('f32'); this.ops.push({ op: 'const', dst, value: Math.fround(value) }); return dst; }
  f64(value: number): Temp { const dst = this.newTemp('f64'); this.ops.push({ op: 'const', dst, value }); return dst; }
  /** A constant of type ty. */
  konst(ty: Ty, value: number | bigint): Temp {
    switch (ty) {
      case 'i32': return this.i32(Number(BigInt.asIntN(32, BigInt(value))));
      case 'i64': return this.i64(value);
      case 'f32': return this.f32(Number(value));
      case 'f64': return this.f64(Number(value));
    }
  }

  get(ty: Ty, offset: number, size?: AccessSize): Temp {
    const dst = this.newTemp(ty);
    this.ops.push(size === undefined ? { op: 'get', dst, offset } : { op: 'get', dst, offset, size });
    return dst;
  }
  set(offset: number, src: Temp, size?: AccessSize): void {
    this.ops.push(size === undefined ? { op: 'set', offset, src } : { op: 'set', offset, src, size });
  }

  bin(kind: BinKind, a: Temp, b: Temp): Temp {
    const dst = this.newTemp(this.tyOf(a));
    this.ops.push({ op: 'bin', kind, dst, a, b });
    return dst;
  }
  cmp(kind: CmpKind, a: Temp, b: Temp): Temp {
    const dst = this.newTemp('i32');
    this.ops.push({ op: 'cmp', kind, dst, a, b });
    return dst;
  }
  un(kind: UnKind, a: Temp): Temp {
    const dst = this.newTemp(this.tyOf(a));
    this.ops.push({ op: 'un', kind, dst, a });
    return dst;
  }
  conv(kind: ConvKind, a: Temp): Temp {
    const dst = this.newTemp(CONV_TYPES[kind].to ?? this.tyOf(a));
    this.ops.push({ op: 'conv', kind, dst, a });
    return dst;
  }
  select(cond: Temp, a: Temp, b: Temp): Temp {
    const dst = this.newTemp(this.tyOf(a));
    this.ops.push({ op: 'select', dst, cond, a, b });
    return dst;
  }
  load(ty: 'i32' | 'i64', addr: Temp, size: AccessSize, signed: boolean, endian: Endian): Temp {
    const dst = this.newTemp(ty);
    this.ops.push({ op: 'load', dst, addr, size, signed, endian });
    return dst;
  }
  store(addr: Temp, src: Temp, size: AccessSize, endian: Endian): void {
    this.ops.push({ op: 'store', addr, src, size, endian });
  }
  /** Atomic compare-and-swap; returns the old value (type of expected). */
  atomicCmpxchg(addr: Temp, expected: Temp, replacement: Temp, size: AccessSize, endian: Endian): Temp {
    const dst = this.newTemp(this.tyOf(expected));
    this.ops.push({ op: 'atomic_cmpxchg', dst, addr, expected, replacement, size, endian });
    return dst;
  }
  /** Atomic read-modify-write; returns the old value (type of value). */
  atomicRmw(kind: RmwKind, addr: Temp, value: Temp, size: AccessSize, endian: Endian): Temp {
    const dst = this.newTemp(this.tyOf(value));
    this.ops.push({ op: 'atomic_rmw', kind, dst, addr, value, size, endian });
    return dst;
  }
  call(helper: string, args: Temp[], resultTy?: Ty): Temp {
    if (resultTy === undefined) { this.ops.push({ op: 'call', helper, args }); return -1; }
    const dst = this.newTemp(resultTy);
    this.ops.push({ op: 'call', helper, dst, args });
    return dst;
  }

  newLabel(): number { return this.nextLabel++; }
  label(id: number): void { this.ops.push({ op: 'label', id }); }
  brif(cond: Temp, label: number): void { this.ops.push({ op: 'brif', cond, label }); }

  goto(pc: number): void { this.ops.push({ op: 'goto', pc }); }
  gotoDyn(target: Temp): void { this.ops.push({ op: 'goto_dyn', target }); }
  exit(reason: ExitReason, pc: number, info = 0): void { this.ops.push({ op: 'exit', reason, pc, info }); }

  finish(end: number): IRBlock {
    return { pc: this.pc, end, ninsns: this.ninsns, temps: this.temps, ops: this.ops };
  }
}
