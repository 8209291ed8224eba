// Random, well-formed IR for the differential test: typed temps, nested forward branches (temps
// defined inside a skipped range go out of scope at its label), state and memory traffic.
import type { IRBuilder } from '../../runtime/ir/builder.js';
import type { BinKind, CmpKind, ConvKind, RmwKind, Temp, Ty, UnKind } from '../../runtime/ir/types.js';
import { DATA_BASE, off } from './fake-frontend.js';

export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INT_BIN: BinKind[] = ['add', 'sub', 'mul', 'div_s', 'div_u', 'rem_s', 'rem_u', 'mulh_s', 'mulh_u', 'and', 'or', 'xor', 'shl', 'shr_u', 'shr_s', 'rotl', 'rotr'];
const RMW: RmwKind[] = ['add', 'and', 'or', 'xor', 'xchg', 'smax', 'smin', 'umax', 'umin'];
const F_BIN: BinKind[] = ['fadd', 'fsub', 'fmul', 'fdiv', 'fmin', 'fmax', 'fcopysign'];
const INT_CMP: CmpKind[] = ['eq', 'ne', 'lt_s', 'lt_u', 'le_s', 'le_u', 'gt_s', 'gt_u', 'ge_s', 'ge_u'];
const F_CMP: CmpKind[] = ['feq', 'fne', 'flt', 'fle', 'fgt', 'fge'];
const INT_UN: UnKind[] = ['clz', 'ctz', 'popcnt', 'neg', 'not', 'bswap'];
const F_UN: UnKind[] = ['fabs', 'fneg', 'fsqrt', 'fceil', 'ffloor', 'ftrunc', 'fnearest'];
const CONVS: [ConvKind, Ty][] = [
  ['wrap', 'i64'], ['extend_s', 'i32'], ['extend_u', 'i32'], ['sext8', 'i32'], ['sext16', 'i32'], ['sext8', 'i64'],
  ['sext16', 'i64'], ['sext32', 'i64'], ['f32_to_f64', 'f32'], ['f64_to_f32', 'f64'],
  ['f_to_s32', 'f64'], ['f_to_u32', 'f32'], ['f_to_s64', 'f32'], ['f_to_u64', 'f64'], ['f_to_s32', 'f32'], ['f_to_u64', 'f32'],
  ['s32_to_f32', 'i32'], ['u32_to_f32', 'i32'], ['s64_to_f32', 'i64'], ['u64_to_f32', 'i64'],
  ['s32_to_f64', 'i32'], ['u32_to_f64', 'i32'], ['s64_to_f64', 'i64'], ['u64_to_f64', 'i64'],
  ['bits_to_f32', 'i32'], ['bits_to_f64', 'i64'], ['f32_to_bits', 'f32'], ['f64_to_bits', 'f64'],
];
const INT_SLOTS: Record<'i32' | 'i64', string[]> = { i32: ['w0', 'w1', 'w2', 'w3'], i64: ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'u0', 'u1'] };
const F_SLOTS: Record<'f32' | 'f64', string[]> = { f32: ['g0', 'g1', 'g2'], f64: ['f0', 'f1', 'f2', 'f3'] };
const TYS: Ty[] = ['i32', 'i64', 'f32', 'f64'];

// Includes the edges of the interpreter's number form of i64 values (core/int64.ts): +-(2^53 - 1), -2^53.
const I64_VALUES = [
  0n, 1n, -1n, -(2n ** 63n), 2n ** 63n - 1n, 0x80n, 0xffffffffn, 0x80000000n, 63n, 64n, 2n ** 53n + 1n,
  2n ** 53n - 1n, -(2n ** 53n) + 1n, -(2n ** 53n), 2n ** 52n, 2n ** 32n, -(2n ** 32n), 0x7fffffffn,
];
const F_VALUES = [0, -0, 1.5, -2.5, 0.5, NaN, Infinity, -Infinity, 1e300, 2 ** 63, 2 ** 31, -(2 ** 31) - 0.5, 4294967295.5, 1e-310];

export class RandomIR {
  private pools: Record<Ty, Temp[]> = { i32: [], i64: [], f32: [], f64: [] };
  private open: { label: number; sizes: Record<Ty, number> }[] = [];

  constructor(private readonly r: () => number, private readonly b: IRBuilder, private readonly faultRate: number) {}

  /** Inside the range of a brif whose label is not emitted yet. */
  get branchOpen(): boolean { return this.open.length > 0; }

  private pick<T>(xs: readonly T[]): T { return xs[Math.floor(this.r() * xs.length)]!; }
  private chance(p: number): boolean { return this.r() < p; }
  private add(t: Temp): Temp { this.pools[this.b.tyOf(t)].push(t); return t; }

  private randI64(): bigint {
    if (this.chance(0.5)) return this.pick(I64_VALUES);
    return BigInt.asIntN(64, (BigInt(Math.floor(this.r() * 2 ** 32)) << 32n) | BigInt(Math.floor(this.r() * 2 ** 32)));
  }

  private konst(ty: Ty): Temp {
    const b = this.b;
    switch (ty) {
      case 'i32': return this.add(b.i32(Number(BigInt.asIntN(32, this.randI64()))));
      case 'i64': return this.add(b.i64(this.randI64()));
      case 'f32': return this.add(b.f32(this.chance(0.6) ? this.pick(F_VALUES) : (this.r() - 0.5) * 1e6));
      case 'f64': return this.add(b.f64(this.chance(0.6) ? this.pick(F_VALUES) : (this.r() - 0.5) * 1e12));
    }
  }

  private operand(ty: Ty): Temp {
    const pool = this.pools[ty];
    return pool.length > 0 && this.chance(0.85) ? this.pick(pool) : this.konst(ty);
  }

  /** NaN bit patterns are unspecified: replace NaNs by 0 before their bits become observable. */
  private noNaN(t: Temp): Temp {
    const b = this.b;
    const ty = b.tyOf(t);
    if (ty !== 'f32' && ty !== 'f64') return t;
    return b.select(b.cmp('feq', t, t), t, b.konst(ty, 0));
  }

  private address(): Temp {
    const b = this.b;
    if (this.chance(this.faultRate)) return b.i64(DATA_BASE + 0x20000 + Math.floor(this.r() * 64)); // unmapped
    const base = b.i64(DATA_BASE);
    const idx = b.bin('and', this.operand('i64'), b.i64(0x1fff));
    return b.bin('add', base, idx);
  }

  op(): void {
    const b = this.b;
    const ty = this.pick(TYS);
    const int = ty === 'i32' || ty === 'i64';
    switch (Math.floor(this.r() * 15)) {
      case 0: this.konst(ty); break;
      case 1:
        if (int) {
          const size = this.chance(0.7) ? undefined : this.pick(ty === 'i32' ? [1, 2] as const : [1, 2, 4] as const);
          this.add(b.get(ty, off(this.pick(INT_SLOTS[ty])), size));
        } else {
          this.add(b.get(ty, off(this.pick(F_SLOTS[ty]))));
        }
        break;
      case 2: {
        const src = this.operand(ty);
        if (int) b.set(off(this.pick(INT_SLOTS[ty])), src, this.chance(0.8) ? undefined : this.pick([1, 2] as const));
        else b.set(off(this.pick(F_SLOTS[ty])), src);
        break;
      }
      case 3: case 4: {
        const kind = this.pick(int ? INT_BIN : F_BIN);
        const a = this.operand(ty);
        const c = kind === 'fcopysign' ? this.noNaN(this.operand(ty)) : this.operand(ty);
        this.add(b.bin(kind, a, c));
        break;
      }
      case 5: this.add(b.cmp(this.pick(int ? INT_CMP : F_CMP), this.operand(ty), this.operand(ty))); break;
      case 6: this.add(b.un(this.pick(int ? INT_UN : F_UN), this.operand(ty))); break;
      case 7: case 8: {
        const [kind, src] = this.pick(CONVS);
        const a = kind === 'f32_to_bits' || kind === 'f64_to_bits' ? this.noNaN(this.operand(src)) : this.operand(src);
        this.add(b.conv(kind, a));
        break;
      }
      case 9: this.add(b.select(this.operand('i32'), this.operand(ty), this.operand(ty))); break;
      case 10: {
        const lty = this.pick(['i32', 'i64'] as const);
        const size = this.pick(lty === 'i32' ? [1, 2, 4] as const : [1, 2, 4, 8] as const);
        this.add(b.load(lty, this.address(), size, this.chance(0.5), this.chance(0.5) ? 'be' : 'le'));
        break;
      }
      case 11: {
        const src = this.noNaN(this.operand(ty));
        const width = ty === 'i64' || ty === 'f64' ? 8 : 4;
        const size = int ? this.pick(width === 8 ? [1, 2, 4, 8] as const : [1, 2, 4] as const) : width;
        b.store(this.address(), src, size, this.chance(0.5) ? 'be' : 'le');
        break;
      }
      case 12:
        if (this.open.length < 4) {
          const label = b.newLabel();
          b.brif(this.operand('i32'), label);
          this.open.push({ label, sizes: { i32: this.pools.i32.length, i64: this.pools.i64.length, f32: this.pools.f32.length, f64: this.pools.f64.length } });
        }
        break;
      case 13: if (this.open.length > 0) this.closeLabel(); break;
      case 14: {
        const aty = this.pick(['i32', 'i64'] as const);
        const size = this.pick(aty === 'i32' ? [1, 2, 4] as const : [1, 2, 4, 8] as const);
        const endian = this.chance(0.5) ? 'be' : 'le';
        // Mostly aligned: a misaligned atomic faults and ends the block.
        const addr = this.chance(0.9) ? b.bin('and', this.address(), b.i64(-size)) : this.address();
        this.add(this.chance(0.3)
          ? b.atomicCmpxchg(addr, this.operand(aty), this.operand(aty), size, endian)
          : b.atomicRmw(this.pick(RMW), addr, this.operand(aty), size, endian));
        break;
      }
    }
  }

  private closeLabel(): void {
    const { label, sizes } = this.open.pop()!;
    this.b.label(label);
    for (const ty of TYS) this.pools[ty].length = sizes[ty]; // temps set in the skippable range
  }

  closeAll(): void { while (this.open.length > 0) this.closeLabel(); }
}
