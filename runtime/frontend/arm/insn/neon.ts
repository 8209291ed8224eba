// Advanced SIMD (NEON), the basic integer part: the bitwise operations, VADD/VSUB/VMUL/VMLA/
// VMLS, VCEQ/VCGT/VCGE/VTST (and against #0), VMAX/VMIN, VPADD/VPMAX/VPMIN, VQADD/VQSUB,
// VADDL/VADDW/VSUBL/VSUBW/VMULL, VMOVL/VMOVN, VSHL/VSHR by immediate (VSLI: ./neon-shift.ts),
// VMOV/VMVN/VORR/VBIC (immediate, VMOV.F32 too), VREV, VCLZ, VCNT, VMVN, VABS, VNEG,
// VPADDL/VPADAL, VSWP/VTRN/VUZP/VZIP, VEXT, VDUP (core register and scalar), and the element and
// structure loads and stores: VLD1-4/VST1-4 of multiple structures, of one lane, and to all
// lanes. The other groups are neon-int.ts, neon-shift.ts and neon-float.ts.
import { requireAligned } from '../../shared/alignment.js';
import type { Temp } from '../../../ir/types.js';
import type { Fields } from '../../shared/bit-pattern.js';
import { pat, type EmitFn, type Group, type Pattern } from '../decoder.js';
import {
  dnum, DIFF, dp, evenQ, ifU, lane, lanesOf, lanewise, MISC, ones, SAME, setLane, setQc, shiftForms, shiftSize, ty, writeBack, writeLanes, type LaneSize,
} from './neon-common.js';
import { qaddsub } from './neon-int.js';
import { vsli } from './neon-shift.js';
import type { ArmEmitter } from '../emitter.js';
import { ARM } from '../state.js';


type IntOp = (e: ArmEmitter, a: Temp, b: Temp, size: LaneSize, d: Temp) => Temp;

/** Three registers of the same length, integer: Vd[k] = op(Vn[k], Vm[k]) (signedness from U where it matters). */
const threeSame = (op: IntOp, signedFromU = false, noSize64 = false): EmitFn => (e, f) => {
  const size = (1 << f.size) as LaneSize;
  if (!evenQ(f, f.vd, f.vn, f.vm) || (noSize64 && size === 8)) return false;
  const signed = signedFromU ? f.u === 0 : false;
  const n = dnum(f.vn, f.N), m = dnum(f.vm, f.M), d = dnum(f.vd, f.D);
  lanewise(e, f, size, (k) => op(e, lane(e, n, k, size, signed), lane(e, m, k, size, signed), size, lane(e, d, k, size)));
  return true;
};

const add: IntOp = (e, a, b) => e.b.bin('add', a, b);
const sub: IntOp = (e, a, b) => e.b.bin('sub', a, b);
const mul: IntOp = (e, a, b) => e.b.bin('mul', a, b);
const mla: IntOp = (e, a, b, _s, d) => e.b.bin('add', d, e.b.bin('mul', a, b));
const mls: IntOp = (e, a, b, _s, d) => e.b.bin('sub', d, e.b.bin('mul', a, b));
const mask = (pred: (e: ArmEmitter, a: Temp, b: Temp, size: LaneSize) => Temp): IntOp => (e, a, b, size) =>
  e.b.select(pred(e, a, b, size), ones(e, size), e.b.konst(ty(size), 0));
const ceq = mask((e, a, b) => e.b.cmp('eq', a, b));
const tst = mask((e, a, b, size) => e.b.cmp('ne', e.b.bin('and', a, b), e.b.konst(ty(size), 0)));
/** Signed lanes arrive sign-extended (an i32 compare is then the lane compare); unsigned zero-extended. */
const cmpOp = (kind: 'gt' | 'ge', signed: boolean): IntOp => mask((e, a, b) => e.b.cmp(`${kind}_${signed ? 's' : 'u'}`, a, b));
const minmax = (max: boolean, signed: boolean): IntOp => (e, a, b) =>
  e.b.select(e.b.cmp(`${max ? 'gt' : 'lt'}_${signed ? 's' : 'u'}`, a, b), a, b);

/** VCGT/VCGE/VMAX/VMIN: signedness from U (0: signed). */
const byU = (make: (signed: boolean) => IntOp): EmitFn => (e, f) => threeSame(make(f.u === 0), true, true)(e, f);

/** VAND/VBIC/VORR/VORN (U = 0) and VEOR/VBSL/VBIT/VBIF (U = 1), selected by size, on 64-bit chunks. */
function logical(e: ArmEmitter, f: Fields): boolean {
  if (!evenQ(f, f.vd, f.vn, f.vm)) return false;
  const b = e.b;
  const n = dnum(f.vn, f.N), m = dnum(f.vm, f.M), d = dnum(f.vd, f.D);
  const regsN = f.Q ? 2 : 1;
  const out: Temp[] = [];
  for (let k = 0; k < regsN; k++) {
    const x = b.get('i64', ARM.dreg(n + k)), y = b.get('i64', ARM.dreg(m + k)), z = b.get('i64', ARM.dreg(d + k));
    const sel = (c: Temp, t: Temp, fl: Temp): Temp => b.bin('or', b.bin('and', c, t), b.bin('and', b.un('not', c), fl));
    const ops = f.u
      ? [b.bin('xor', x, y), sel(z, x, y), sel(y, x, z), sel(y, z, x)]
      : [b.bin('and', x, y), b.bin('and', x, b.un('not', y)), b.bin('or', x, y), b.bin('or', x, b.un('not', y))];
    out.push(ops[f.size]!);
  }
  out.forEach((v, k) => b.set(ARM.dreg(d + k), v));
  return true;
}

/** VPADD (integer, D only): pairs of Vn then pairs of Vm. */
function vpadd(e: ArmEmitter, f: Fields): boolean {
  const size = (1 << f.size) as LaneSize;
  if (f.Q || size === 8) return false;
  const n = dnum(f.vn, f.N), m = dnum(f.vm, f.M), d = dnum(f.vd, f.D);
  const half = 4 / size;
  const src = (k: number): [number, number] => (k < half ? [n, 2 * k] : [m, 2 * (k - half)]);
  lanewise(e, f, size, (k) => {
    const [r, i] = src(k);
    return e.b.bin('add', lane(e, r, i, size), lane(e, r, i + 1, size));
  });
  return true;
}


/** VSHR (U: unsigned) and VSHL by immediate. */
const shiftImm = (left: boolean): EmitFn => (e, f) => {
  const s = shiftSize(f);
  if (s === null || !evenQ(f, f.vd, f.vm)) return false;
  const { size, esize } = s;
  const sh = left ? (f.L ? f.imm6 : f.imm6 - esize) : (f.L ? 64 : 2 * esize) - f.imm6;
  const m = dnum(f.vm, f.M);
  const b = e.b;
  const signed = !left && f.u === 0;
  lanewise(e, f, size, (k) => {
    const v = lane(e, m, k, size, signed);
    const k2 = (x: number): Temp => b.konst(ty(size), x);
    if (left) return b.bin('shl', v, k2(sh));
    // Shifts by the element size give zeros (unsigned) or the sign (signed).
    const amount = Math.min(sh, size === 8 ? 63 : 31);
    if (!signed && sh >= esize) return k2(0);
    return b.bin(signed ? 'shr_s' : 'shr_u', v, k2(amount));
  });
  return true;
};

/** AdvSIMDExpandImm: the 64-bit constant of op:cmode:imm8, or null when reserved. */
function expandImm(op: number, cmode: number, imm8: number): bigint | null {
  const i = BigInt(imm8);
  const rep32 = (v: bigint): bigint => (v << 32n) | v;
  const rep16 = (v: bigint): bigint => rep32((v << 16n) | v);
  switch (cmode >> 1) {
    case 0: return rep32(i);
    case 1: return rep32(i << 8n);
    case 2: return rep32(i << 16n);
    case 3: return rep32(i << 24n);
    case 4: return rep16(i);
    case 5: return rep16(i << 8n);
    case 6: return rep32(cmode & 1 ? (i << 16n) | 0xffffn : (i << 8n) | 0xffn);
    default:
      if (!(cmode & 1) && !op) { const b8 = i; return rep16((b8 << 8n) | b8); }
      if (!(cmode & 1) && op) {
        let v = 0n;
        for (let k = 0; k < 8; k++) if ((imm8 >> k) & 1) v |= 0xffn << BigInt(8 * k);
        return v;
      }
      if (!op) { // VMOV.F32: VFPExpandImm, single precision
        const bit = (imm8 >> 6) & 1;
        return rep32(BigInt(((imm8 >> 7) << 31) | ((bit ^ 1) << 30) | ((bit ? 0x1f : 0) << 25) | ((imm8 & 0x3f) << 19)) & 0xffffffffn);
      }
      return null; // reserved
  }
}

/** VMOV/VMVN/VORR/VBIC (immediate): cmode selects the form (odd cmode < 12: VORR/VBIC). */
function modImm(e: ArmEmitter, f: Fields): boolean {
  if (!evenQ(f, f.vd)) return false;
  const imm = expandImm(f.op, f.cmode, (f.a << 7) | (f.bcd << 4) | f.efgh);
  if (imm === null) return false;
  const b = e.b;
  const d = dnum(f.vd, f.D);
  const orBic = (f.cmode & 1) === 1 && f.cmode < 12;
  const invert = f.op === 1 && f.cmode !== 14;
  for (let k = 0; k < (f.Q ? 2 : 1); k++) {
    const v = b.i64(invert ? ~imm & 0xffffffffffffffffn : imm);
    let r = v;
    if (orBic) {
      const old = b.get('i64', ARM.dreg(d + k));
      r = f.op ? b.bin('and', old, v) : b.bin('or', old, b.i64(imm));
    }
    b.set(ARM.dreg(d + k), r);
  }
  return true;
}

/** VDUP (core register): every lane of Dd/Qd gets Rt's low bits (B:E selects 8/16/32). */
function vdupCore(e: ArmEmitter, f: Fields): boolean {
  const size: LaneSize | undefined = ({ 0: 4, 1: 2, 2: 1 } as Record<number, LaneSize>)[(f.b << 1) | f.e];
  if (size === undefined || f.rt === 15 || (f.Q && (f.vd & 1))) return false;
  const d = dnum(f.vd, f.D);
  const v = e.reg(f.rt);
  for (let k = 0; k < (f.Q ? 16 : 8) / size; k++) setLane(e, d, k, size, v);
  return true;
}

/** VLD2-4/VST2-4 by type: structure size n, registers per structure member, register spacing. */
const STRUCT_TYPES: Record<number, { n: number; regs: number; inc: number }> = {
  8: { n: 2, regs: 1, inc: 1 }, 9: { n: 2, regs: 1, inc: 2 }, 3: { n: 2, regs: 2, inc: 2 },
  4: { n: 3, regs: 1, inc: 1 }, 5: { n: 3, regs: 1, inc: 2 }, 0: { n: 4, regs: 1, inc: 1 }, 1: { n: 4, regs: 1, inc: 2 },
};

/**
 * VLD2/3/4 and VST2/3/4 (multiple structures): memory holds structures of n elements; member j
 * of structure k is lane k of register d + j * inc (VLD2 with four registers: two per member).
 */
function vldstStruct(e: ArmEmitter, f: Fields): boolean {
  const t = STRUCT_TYPES[f.type]!;
  if (f.size === 3 || f.rn === 15) return false;
  const size = (1 << f.size) as LaneSize;
  const d = dnum(f.vd, f.D);
  const regOf = (j: number, r: number): number => d + j * (t.regs === 2 ? 2 : t.inc) + r;
  if (regOf(t.n - 1, t.regs - 1) > 31 || (t.n === 2 && t.regs === 1 && f.align === 3) || (t.n === 3 && f.align & 2)) return false;
  const base = e.reg(f.rn);
  requireAligned(e.b, base, alignBytes(f.align));
  const per = 8 / size;
  const slots: { reg: number; k: number; off: number }[] = [];
  let off = 0;
  for (let r = 0; r < t.regs; r++) for (let k = 0; k < per; k++) for (let j = 0; j < t.n; j++, off += size) slots.push({ reg: regOf(j, r), k, off });
  if (f.l) {
    const vals = slots.map((x) => e.load(e.add(base, x.off), size as 1 | 2 | 4));
    slots.forEach((x, i) => setLane(e, x.reg, x.k, size, vals[i]!));
  } else {
    for (const x of slots) e.store(e.add(base, x.off), lane(e, x.reg, x.k, size), size);
  }
  writeBack(e, f, base, off);
  return true;
}

/** The multiple-structure forms' alignment: none, 64, 128 or 256 bits. */
const alignBytes = (align: number): number => (align ? 4 << align : 1);

/** VLD1/VST1 (multiple single elements): 1-4 consecutive D registers, write-back by Rm. */
const REGS_OF_TYPE: Record<number, number> = { 7: 1, 10: 2, 6: 3, 2: 4 };
function vldst1(e: ArmEmitter, f: Fields): boolean {
  if (STRUCT_TYPES[f.type]) return vldstStruct(e, f);
  const count = REGS_OF_TYPE[f.type];
  if (count === undefined || f.rn === 15) return false;
  const d = dnum(f.vd, f.D);
  if (d + count > 32 || ((count & 1) === 1 && f.align & 2) || (count === 2 && f.align === 3)) return false;
  const b = e.b;
  const base = e.reg(f.rn);
  requireAligned(e.b, base, alignBytes(f.align));
  // Little-endian memory and lanes: each D register is 8 bytes in order, whatever the element size.
  if (f.l) {
    const vals = [...Array(count).keys()].map((k) => e.load64(e.add(base, 8 * k)));
    vals.forEach((v, k) => b.set(ARM.dreg(d + k), v));
  } else {
    for (let k = 0; k < count; k++) b.store(e.add(base, 8 * k), b.get('i64', ARM.dreg(d + k)), 8, 'le');
  }
  writeBack(e, f, base, 8 * count);
  return true;
}

// ---- two registers, miscellaneous ----


/** VREV64/32/16 (group = 8, 4, 2 bytes): the elements of each group in reverse order. */
const vrev = (group: number): EmitFn => (e, f) => {
  const size = (1 << f.size) as LaneSize;
  if (size >= group || !evenQ(f, f.vd, f.vm)) return false;
  const per = group / size;
  const v = lanesOf(e, dnum(f.vm, f.M), f.Q ? 2 : 1, size);
  writeLanes(e, dnum(f.vd, f.D), size, v.map((_, k) => v[k - (k % per) + (per - 1 - (k % per))]!));
  return true;
};

/** A lane-by-lane two-register operation (`sizes`: the element sizes it exists for). */
const unary = (sizes: number[], op: (e: ArmEmitter, v: Temp, size: LaneSize) => Temp, signed = false): EmitFn => (e, f) => {
  const size = (1 << f.size) as LaneSize;
  if (!sizes.includes(size) || !evenQ(f, f.vd, f.vm)) return false;
  const v = lanesOf(e, dnum(f.vm, f.M), f.Q ? 2 : 1, size, signed);
  writeLanes(e, dnum(f.vd, f.D), size, v.map((x) => op(e, x, size)));
  return true;
};
const clz = (e: ArmEmitter, v: Temp, size: LaneSize): Temp => e.b.bin('sub', e.b.un('clz', v), e.b.i32(32 - 8 * size));
const cnt = (e: ArmEmitter, v: Temp): Temp => e.b.un('popcnt', v);
const vmvn = (e: ArmEmitter, v: Temp): Temp => e.b.un('not', v);
const zeroCompare = (kind: 'gt_s' | 'ge_s' | 'eq' | 'le_s' | 'lt_s') => (e: ArmEmitter, v: Temp): Temp =>
  e.b.select(e.b.cmp(kind, v, e.b.i32(0)), e.b.i32(-1), e.b.i32(0));
const vabs = (e: ArmEmitter, v: Temp): Temp => e.b.select(e.b.cmp('lt_s', v, e.b.i32(0)), e.b.un('neg', v), v);
const vneg = (e: ArmEmitter, v: Temp): Temp => e.b.un('neg', v);

/** VPADDL/VPADAL (op: unsigned = insn<7>): adjacent pairs added into double-width lanes [+ Vd]. */
const vpaddl = (accumulate: boolean): EmitFn => (e, f) => {
  const size = (1 << f.size) as LaneSize;
  if (size === 8 || !evenQ(f, f.vd, f.vm)) return false;
  const b = e.b;
  const signed = f.op === 0;
  const wide = (2 * size) as LaneSize;
  const ext = (t: Temp): Temp => (wide === 8 ? b.conv(signed ? 'extend_s' : 'extend_u', t) : t);
  const v = lanesOf(e, dnum(f.vm, f.M), f.Q ? 2 : 1, size, signed).map(ext);
  const d = dnum(f.vd, f.D);
  const acc = accumulate ? lanesOf(e, d, f.Q ? 2 : 1, wide) : null;
  const out = [...Array(v.length / 2).keys()].map((k) => {
    const sum = b.bin('add', v[2 * k]!, v[2 * k + 1]!);
    return acc ? b.bin('add', acc[k]!, sum) : sum;
  });
  writeLanes(e, d, wide, out);
  return true;
};

/** VDUP (scalar): every lane of Vd gets Dm[x] (imm4 gives size and index). */
function vdupScalar(e: ArmEmitter, f: Fields): boolean {
  const size: LaneSize = f.imm4 & 1 ? 1 : f.imm4 & 2 ? 2 : f.imm4 & 4 ? 4 : 8;
  if (size === 8 || !evenQ(f, f.vd)) return false;
  const index = f.imm4 >> (size === 1 ? 1 : size === 2 ? 2 : 3);
  const v = lane(e, dnum(f.vm, f.M), index, size);
  writeLanes(e, dnum(f.vd, f.D), size, [...Array((f.Q ? 16 : 8) / size)].map(() => v));
  return true;
}

/** VSWP, VTRN, VUZP, VZIP: lane permutations of Vd and Vm, both written. */
const permute = (kind: 'swp' | 'trn' | 'uzp' | 'zip'): EmitFn => (e, f) => {
  const size = (1 << f.size) as LaneSize;
  if (!evenQ(f, f.vd, f.vm) || (kind === 'swp' ? size !== 1 : size === 8) || (!f.Q && kind !== 'swp' && kind !== 'trn' && size === 4)) return false;
  const regsN = f.Q ? 2 : 1;
  const d = dnum(f.vd, f.D), m = dnum(f.vm, f.M);
  const x = lanesOf(e, d, regsN, size), y = lanesOf(e, m, regsN, size);
  const n = x.length;
  let nd: Temp[], nm: Temp[];
  switch (kind) {
    case 'swp': [nd, nm] = [y, x]; break;
    case 'trn': nd = x.map((v, k) => (k & 1 ? y[k - 1]! : v)); nm = y.map((v, k) => (k & 1 ? v : x[k + 1]!)); break;
    case 'uzp': { const all = [...x, ...y]; nd = all.filter((_, k) => !(k & 1)); nm = all.filter((_, k) => k & 1); break; }
    default: { const all = [...Array(n).keys()].flatMap((k) => [x[k]!, y[k]!]); nd = all.slice(0, n); nm = all.slice(n); break; }
  }
  writeLanes(e, d, size, nd);
  writeLanes(e, m, size, nm);
  return true;
};

/** VMOVN: the low halves of Qm's elements into Dd. */
function vmovn(e: ArmEmitter, f: Fields): boolean {
  const size = (1 << f.size) as LaneSize;
  if (size === 8 || f.vm & 1) return false;
  const v = lanesOf(e, dnum(f.vm, f.M), 2, (2 * size) as LaneSize);
  writeLanes(e, dnum(f.vd, f.D), size, v.map((x) => (size === 4 ? e.b.conv('wrap', x) : x)));
  return true;
}

/** VEXT: bytes imm4.. of the concatenation Vm:Vn (Vn lowest). */
function vext(e: ArmEmitter, f: Fields): boolean {
  const bytes = f.Q ? 16 : 8;
  if (!evenQ(f, f.vd, f.vn, f.vm) || f.imm4 >= bytes) return false;
  const all = [...lanesOf(e, dnum(f.vn, f.N), f.Q ? 2 : 1, 1), ...lanesOf(e, dnum(f.vm, f.M), f.Q ? 2 : 1, 1)];
  writeLanes(e, dnum(f.vd, f.D), 1, all.slice(f.imm4, f.imm4 + bytes));
  return true;
}

/** VSHLL (VMOVL when the shift is 0): each element of Dm extended (U: unsigned) into Qd, shifted left by s. */
const vshll = (size: LaneSize): EmitFn => (e, f) => {
  if (f.vd & 1) return false;
  const b = e.b;
  const v = lanesOf(e, dnum(f.vm, f.M), 1, size, f.u === 0);
  const wide = (2 * size) as LaneSize;
  const ext = (x: Temp): Temp => (wide === 8 ? b.conv(f.u ? 'extend_u' : 'extend_s', x) : x);
  writeLanes(e, dnum(f.vd, f.D), wide, v.map((x) => (f.s ? b.bin('shl', ext(x), b.konst(ty(wide), f.s)) : ext(x))));
  return true;
};

/** VPMAX/VPMIN (D only): pairwise maxima/minima of Vn then Vm. */
const vpminmax = (max: boolean): EmitFn => (e, f) => {
  const size = (1 << f.size) as LaneSize;
  if (f.Q || size === 8) return false;
  const signed = f.u === 0;
  const pick = minmax(max, signed);
  const all = [...lanesOf(e, dnum(f.vn, f.N), 1, size, signed), ...lanesOf(e, dnum(f.vm, f.M), 1, size, signed)];
  const out = [...Array(all.length / 2).keys()].map((k) => pick(e, all[2 * k]!, all[2 * k + 1]!, size, 0));
  writeLanes(e, dnum(f.vd, f.D), size, out);
  return true;
};

/** VQADD/VQSUB (U: unsigned): saturated; FPSCR.QC (bit 27) when any lane saturates. */
const vqaddsub = (sub: boolean): EmitFn => (e, f) => {
  const size = (1 << f.size) as LaneSize;
  if (!evenQ(f, f.vd, f.vn, f.vm)) return false;
  const b = e.b;
  const signed = f.u === 0;
  const x = lanesOf(e, dnum(f.vn, f.N), f.Q ? 2 : 1, size, signed), y = lanesOf(e, dnum(f.vm, f.M), f.Q ? 2 : 1, size, signed);
  let sat = b.i32(0);
  const out = x.map((v, k) => {
    const r = qaddsub(e, v, y[k]!, size, signed, sub);
    sat = b.bin('or', sat, r.sat);
    return r.r;
  });
  writeLanes(e, dnum(f.vd, f.D), size, out);
  setQc(e, sat);
  return true;
};

/** VADDL/VADDW/VSUBL/VSUBW/VMULL (integer): Qd's double-width lanes from Dn (or Qn: W forms) and Dm. */
const longOp = (op: 'add' | 'sub' | 'mul', wideN: boolean): EmitFn => (e, f) => {
  const size = (1 << f.size) as LaneSize;
  if (f.vd & 1 || (wideN && f.vn & 1)) return false;
  const b = e.b;
  const signed = f.u === 0;
  const wsize = (2 * size) as LaneSize;
  const ext = (t: Temp): Temp => (wsize === 8 ? b.conv(signed ? 'extend_s' : 'extend_u', t) : t);
  const n = wideN ? lanesOf(e, dnum(f.vn, f.N), 2, wsize, signed) : lanesOf(e, dnum(f.vn, f.N), 1, size, signed).map(ext);
  const m = lanesOf(e, dnum(f.vm, f.M), 1, size, signed).map(ext);
  writeLanes(e, dnum(f.vd, f.D), wsize, n.map((v, k) => b.bin(op, v, m[k]!)));
  return true;
};


/** The index_align values of VLDn/VSTn (one lane) that are UNDEFINED, by n and size. */
const LANE_UNDEFINED: ((ia: number) => boolean)[][] = [
  [(ia) => (ia & 1) !== 0, (ia) => (ia & 2) !== 0, (ia) => (ia & 4) !== 0 || (ia & 3) === 1 || (ia & 3) === 2],
  [() => false, () => false, (ia) => (ia & 2) !== 0],
  [(ia) => (ia & 1) !== 0, (ia) => (ia & 1) !== 0, (ia) => (ia & 3) !== 0],
  [() => false, () => false, (ia) => (ia & 3) === 3],
];

/** The alignment index_align asks of VLDn/VSTn (one lane): n elements' bytes, or 8/16 for VLD4.32. */
function laneAlignment(n: number, size: number, ia: number): number {
  const bytes = 1 << size;
  switch (n) {
    case 1: return size === 0 ? 1 : (size === 1 ? ia & 1 : ia & 3) ? bytes : 1;
    case 2: return ia & 1 ? 2 * bytes : 1;
    case 4: return size === 2 ? (ia & 3 ? 4 << (ia & 3) : 1) : ia & 1 ? 4 * bytes : 1;
    default: return 1;
  }
}

/**
 * VLDn/VSTn (single n-element structure to one lane, n = 1-4, insn<9:8> = n - 1): element j
 * goes to/from the lane of register d + j * inc (inc 2 when index_align says so for 16- and
 * 32-bit lanes).
 */
function vldstLane(e: ArmEmitter, f: Fields): boolean {
  if (f.size === 3 || f.rn === 15) return false;
  const n = f.nn + 1;
  const size = (1 << f.size) as LaneSize;
  const index = f.ia >> (f.size + 1);
  const inc = f.size > 0 && n > 1 && (f.ia >> f.size) & 1 ? 2 : 1;
  if (LANE_UNDEFINED[n - 1]![f.size]!(f.ia)) return false;
  const d = dnum(f.vd, f.D);
  if (d + (n - 1) * inc > 31) return false;
  const base = e.reg(f.rn);
  requireAligned(e.b, base, laneAlignment(n, f.size, f.ia));
  const regs = [...Array(n).keys()].map((j) => d + j * inc);
  if (f.l) {
    const vals = regs.map((_, j) => e.load(e.add(base, j * size), size as 1 | 2 | 4));
    regs.forEach((r, j) => setLane(e, r, index, size, vals[j]!));
  } else {
    regs.forEach((r, j) => e.store(e.add(base, j * size), lane(e, r, index, size), size));
  }
  writeBack(e, f, base, n * size);
  return true;
}

/**
 * VLDn (single n-element structure to all lanes): element j fills every lane of register
 * d + j * (T + 1); VLD1 fills one or two (T) registers. Size 11 is VLD4's 32-bit form only.
 */
function vldAll(e: ArmEmitter, f: Fields): boolean {
  const n = f.nn + 1;
  if (f.rn === 15 || (f.size === 3 && (n !== 4 || !f.a)) || (n === 1 && f.size === 0 && f.a) || (n === 3 && f.a)) return false;
  const size = (f.size === 3 ? 4 : 1 << f.size) as LaneSize;
  const d = dnum(f.vd, f.D);
  const regs = n === 1 ? [...Array(f.T + 1).keys()].map((r) => [d + r, 0]) : [...Array(n).keys()].map((j) => [d + j * (f.T + 1), j]);
  if (regs[regs.length - 1]![0]! > 31) return false;
  const base = e.reg(f.rn);
  // a: the element (VLD1), the structure (VLD2), or 4, 8, 8, 16 bytes (VLD4).
  if (f.a) requireAligned(e.b, base, n === 4 ? [4, 8, 8, 16][f.size]! : n * size);
  const vals = [...Array(n).keys()].map((j) => e.load(e.add(base, j * size), size as 1 | 2 | 4));
  for (const [r, j] of regs) for (let k = 0; k < 8 / size; k++) setLane(e, r!, k, size, vals[j!]!);
  writeBack(e, f, base, n * size);
  return true;
}

const DP = [
  dp('VAND/VBIC/VORR/VORN/VEOR/VBSL/VBIT/VBIF', SAME('0001', '1'), logical),
  dp('VADD/VSUB (integer)', SAME('1000', '0'), (e, f) => threeSame(f.u ? sub : add)(e, f)),
  dp('VTST/VCEQ', SAME('1000', '1'), (e, f) => threeSame(f.u ? ceq : tst, false, true)(e, f)),
  dp('VCGT', SAME('0011', '0'), byU((s) => cmpOp('gt', s))),
  dp('VCGE', SAME('0011', '1'), byU((s) => cmpOp('ge', s))),
  dp('VMAX', SAME('0110', '0'), byU((s) => minmax(true, s))),
  dp('VMIN', SAME('0110', '1'), byU((s) => minmax(false, s))),
  dp('VMLA/VMLS (integer)', SAME('1001', '0'), (e, f) => threeSame(f.u ? mls : mla, false, true)(e, f)),
  dp('VMUL (integer)', SAME('1001', '1'), ifU(0, threeSame(mul, false, true))),
  dp('VPADD (integer)', SAME('1011', '1'), ifU(0, vpadd)),
  ...shiftForms('VSHR', '0000', shiftImm(false)),
  ...shiftForms('VSHL/VSLI (immediate)', '0101', (e, f) => (f.u ? vsli(e, f) : shiftImm(true)(e, f))),
  dp('VMOV/VMVN/VORR/VBIC (immediate)', '1 D:1 000 bcd:3 vd:4 cmode:4 0 Q:1 op:1 1 efgh:4', (e, f) => modImm(e, { ...f, a: f.u })),
];


DP.push(
  dp('VREV64', MISC('00', '0000'), vrev(8), 1),
  dp('VREV32', MISC('00', '0001'), vrev(4), 1),
  dp('VREV16', MISC('00', '0010'), vrev(2), 1),
  dp('VPADDL', '1 D:1 11 size:2 00 vd:4 0 010 op:1 Q:1 M:1 0 vm:4', vpaddl(false), 1),
  dp('VPADAL', '1 D:1 11 size:2 00 vd:4 0 110 op:1 Q:1 M:1 0 vm:4', vpaddl(true), 1),
  dp('VDUP (scalar)', '1 D:1 11 imm4:4 vd:4 11000 Q:1 M:1 0 vm:4', vdupScalar, 1),
  dp('VCLZ', MISC('00', '1001'), unary([1, 2, 4], clz), 1),
  dp('VCNT', MISC('00', '1010'), unary([1], cnt), 1),
  dp('VMVN', MISC('00', '1011'), unary([1], vmvn), 1),
  dp('VCGT #0', MISC('01', '0000'), unary([1, 2, 4], zeroCompare('gt_s'), true), 1),
  dp('VCGE #0', MISC('01', '0001'), unary([1, 2, 4], zeroCompare('ge_s'), true), 1),
  dp('VCEQ #0', MISC('01', '0010'), unary([1, 2, 4], zeroCompare('eq')), 1),
  dp('VCLE #0', MISC('01', '0011'), unary([1, 2, 4], zeroCompare('le_s'), true), 1),
  dp('VCLT #0', MISC('01', '0100'), unary([1, 2, 4], zeroCompare('lt_s'), true), 1),
  dp('VABS', MISC('01', '0110'), unary([1, 2, 4], vabs, true), 1),
  dp('VNEG', MISC('01', '0111'), unary([1, 2, 4], vneg, true), 1),
  dp('VSWP', MISC('10', '0000'), permute('swp'), 1),
  dp('VTRN', MISC('10', '0001'), permute('trn'), 1),
  dp('VUZP', MISC('10', '0010'), permute('uzp'), 1),
  dp('VZIP', MISC('10', '0011'), permute('zip'), 1),
  dp('VMOVN', '1 D:1 11 size:2 10 vd:4 0 0100 0 M:1 0 vm:4', vmovn, 1),
  dp('VEXT', '1 D:1 11 vn:4 vd:4 imm4:4 N:1 Q:1 M:1 0 vm:4', vext, 0),
  dp('VSHLL/VMOVL.8', '1 D:1 001 s:3 vd:4 1010 0 0 M:1 1 vm:4', vshll(1)),
  dp('VSHLL/VMOVL.16', '1 D:1 01 s:4 vd:4 1010 0 0 M:1 1 vm:4', vshll(2)),
  dp('VSHLL/VMOVL.32', '1 D:1 1 s:5 vd:4 1010 0 0 M:1 1 vm:4', vshll(4)),
  dp('VPMAX', SAME('1010', '0'), vpminmax(true)),
  dp('VPMIN', SAME('1010', '1'), vpminmax(false)),
  dp('VQADD', SAME('0000', '1'), vqaddsub(false)),
  dp('VQSUB', SAME('0010', '1'), vqaddsub(true)),
  ...DIFF('0000', 'VADDL', longOp('add', false)),
  ...DIFF('0001', 'VADDW', longOp('add', true)),
  ...DIFF('0010', 'VSUBL', longOp('sub', false)),
  ...DIFF('0011', 'VSUBW', longOp('sub', true)),
  ...DIFF('1100', 'VMULL', longOp('mul', false)),
);

/** Element and structure loads/stores: A32 1111 0100, T32 1111 1001, then these 24 bits. */
const LDST: [string, string, EmitFn][] = [
  ['VLD1-4/VST1-4 (multiple)', '0 D:1 l:1 0 rn:4 vd:4 type:4 size:2 align:2 rm:4', vldst1],
  ['VLD1-4/VST1-4 (one lane)', '1 D:1 l:1 0 rn:4 vd:4 size:2 nn:2 ia:4 rm:4', vldstLane],
  ['VLD1-4 (all lanes)', '1 D:1 1 0 rn:4 vd:4 11 nn:2 size:2 T:1 a:1 rm:4', vldAll],
];

export const neonGroup: Group = {
  a32: [pat('VDUP (core)', '---- 1110 1 b:1 Q:1 0 vd:4 rt:4 1011 D:1 0 e:1 1 0000', vdupCore)],
  a32u: [...DP.map((x) => x.a32u), ...LDST.map(([n, spec, emit]) => pat(n, `1111 0100 ${spec}`, emit))],
  t32: [...DP.map((x) => x.t32), pat('VDUP (core)', '1110 1110 1 b:1 Q:1 0 vd:4 rt:4 1011 D:1 0 e:1 1 0000', vdupCore),
    ...LDST.map(([n, spec, emit]) => pat(n, `1111 1001 ${spec}`, emit))],
};
