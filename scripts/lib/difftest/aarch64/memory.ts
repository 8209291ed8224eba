// Addressing for generated loads and stores: bases are pinned GPRs (or SP) holding addresses in
// the scratch buffer, and every offset is chosen so the whole access stays inside it. Bases
// that writeback forms may move are tracked; "fixed" bases stay 16-byte aligned for exclusives
// and atomics, which need naturally aligned addresses.
import { SCRATCH_SIZE } from './machine.js';
import type { Seq } from './seq.js';

export interface Base { reg: number; off: number; fixed: boolean }

/** Lowest and highest offset a movable base may end at after writeback. */
const MOVE_LO = 96, MOVE_HI = SCRATCH_SIZE - 96;

export class MemModel {
  readonly movable: Base[] = [];
  readonly fixed: Base[] = [];
  /** Index registers for register-offset forms: value `k` (non-negative) and `-k`. */
  readonly posIndex: { reg: number; value: number };
  readonly negIndex: { reg: number; value: number };

  constructor(readonly s: Seq) {
    const rng = s.rng;
    this.movable.push({ reg: 31, off: SCRATCH_SIZE / 2, fixed: false }); // SP
    for (let i = 0; i < 2; i++) {
      const off = rng.range(MOVE_LO, MOVE_HI);
      this.movable.push({ reg: s.pinBase(off), off, fixed: false });
    }
    for (let i = 0; i < 3; i++) {
      const off = 16 * rng.range(2, SCRATCH_SIZE / 16 - 6);
      this.fixed.push({ reg: s.pinBase(off), off, fixed: true });
    }
    const k = rng.range(0, 24);
    this.posIndex = { reg: s.pinBase(0), value: k };
    s.regs.setX(this.posIndex.reg, BigInt(k));
    this.negIndex = { reg: s.pinBase(0), value: -k };
    s.regs.setX(this.negIndex.reg, BigInt(-k));
  }

  any(): Base { return this.s.rng.bool(0.6) ? this.s.rng.pick(this.movable) : this.s.rng.pick(this.fixed); }
  movableBase(): Base { return this.s.rng.pick(this.movable); }
  fixedBase(): Base { return this.s.rng.pick(this.fixed); }

  /**
   * A multiple of `scale` in [lo*scale, hi*scale] (imm field range) that keeps `bytes` at
   * base + result inside the scratch buffer; null when none does.
   */
  offset(base: Base, bytes: number, scale: number, lo: number, hi: number): number | null {
    const min = Math.max(lo, Math.ceil(-base.off / scale));
    const max = Math.min(hi, Math.floor((SCRATCH_SIZE - bytes - base.off) / scale));
    return min > max ? null : this.s.rng.range(min, max);
  }

  /** Whether a writeback of `delta` keeps the base usable; applies it if so. */
  move(base: Base, delta: number): boolean {
    const to = base.off + delta;
    if (base.fixed || to < MOVE_LO || to > MOVE_HI || (base.reg === 31 && to % 16 !== 0)) return false;
    base.off = to;
    return true;
  }
}
