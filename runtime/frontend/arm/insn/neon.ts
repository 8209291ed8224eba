// A subset of Advanced SIMD (NEON), integer only: the bitwise operations, VADD/VSUB/VMUL/VMLA/
// VMLS, VCEQ/VCGT/VCGE/VTST, VMAX/VMIN, VPADD, VSHL/VSHR by immediate, VMOV/VMVN/VORR/VBIC
// (immediate), VDUP (core register) and VLD1/VST1 (multiple registers). Not advertised in
// AT_HWCAP (the rest of NEON is missing), so only code built for NEON without a run-time check
// reaches it. Lanes are read from and written to the D registers in the state one by one; the
// data-processing encodings differ between A32 (1111 001U) and T32 (111U 1111) only in where U
// sits, so each is written once.
import type { Temp } from '../../../ir/types.js';
import type { Fields } from '../../shared/bit-pattern.js';
import { pat, type EmitFn, type Group, type Pattern } from '../decoder.js';
import type { ArmEmitter } from '../emitter.js';
import { ARM } from '../state.js';

type LaneSize = 1 | 2 | 4 | 8;

/** Register number D:Vd (NEON numbering), and the number of D registers (Q: 2). */
const dnum = (v: number, x: number): number => (x << 4) | v;

/** Lane k of size bytes of the D registers from `d`, as i32 (sizes 1-4, `signed`: sign-extended) or i64. */
function lane(e: ArmEmitter, d: number, k: number, size: LaneSize, signed = false): Temp {
  const b = e.b;
  if (size === 8) return b.get('i64', ARM.dreg(d) + 8 * k);
  const v = b.get('i32', ARM.dreg(d) + size * k, size);
  return signed && size < 4 ? b.conv(size === 1 ? 'sext8' : 'sext16', v) : v;
}
function setLane(e: ArmEmitter, d: number, k: number, size: LaneSize, v: Temp): void {
  e.b.set(ARM.dreg(d) + size * k, v, size);
}

/** Per-lane results are computed for all lanes before any is written (Vd may be Vn or Vm). */
function lanewise(e: ArmEmitter, f: Fields, size: LaneSize, op: (k: number) => Temp): void {
  const d = dnum(f.vd, f.D);
  const n = (f.Q ? 16 : 8) / size;
  const out = [...Array(n).keys()].map(op);
  out.forEach((v, k) => setLane(e, d, k, size, v));
}

/** Q forms need even register numbers. */
const evenQ = (f: Fields, ...regs: number[]): boolean => !f.Q || regs.every((r) => (r & 1) === 0);

type IntOp = (e: ArmEmitter, a: Temp, b: Temp, size: LaneSize, d: Temp) => Temp;
const ty = (size: LaneSize): 'i32' | 'i64' => (size === 8 ? 'i64' : 'i32');
const ones = (e: ArmEmitter, size: LaneSize): Temp => e.b.konst(ty(size), -1);

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

/** The element size and shift of the two-register shift forms from L:imm6. */
function shiftSize(f: Fields): { size: LaneSize; esize: number } | null {
  if (f.L) return { size: 8, esize: 64 };
  const imm6 = f.imm6;
  if (imm6 >= 32) return { size: 4, esize: 32 };
  if (imm6 >= 16) return { size: 2, esize: 16 };
  if (imm6 >= 8) return { size: 1, esize: 8 };
  return null;
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
      return null; // VMOV.F32 immediate (cmode 1111, op 0) and reserved
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

/** VLD1/VST1 (multiple single elements): 1-4 consecutive D registers, write-back by Rm. */
const REGS_OF_TYPE: Record<number, number> = { 7: 1, 10: 2, 6: 3, 2: 4 };
function vldst1(e: ArmEmitter, f: Fields): boolean {
  const count = REGS_OF_TYPE[f.type];
  if (count === undefined || f.rn === 15) return false;
  const d = dnum(f.vd, f.D);
  if (d + count > 32) return false;
  const b = e.b;
  const base = e.reg(f.rn);
  // Little-endian memory and lanes: each D register is 8 bytes in order, whatever the element size.
  if (f.l) {
    const vals = [...Array(count).keys()].map((k) => e.load64(e.add(base, 8 * k)));
    vals.forEach((v, k) => b.set(ARM.dreg(d + k), v));
  } else {
    for (let k = 0; k < count; k++) b.store(e.add(base, 8 * k), b.get('i64', ARM.dreg(d + k)), 8, 'le');
  }
  if (f.rm !== 15) e.setReg(f.rn, f.rm === 13 ? e.add(base, 8 * count) : b.bin('add', base, e.reg(f.rm)));
  return true;
}

/** A data-processing encoding in A32 (1111 001U) and T32 (111U 1111). */
function dp(name: string, rest: string, emit: EmitFn): { a32u: Pattern; t32: Pattern } {
  return { a32u: pat(name, `1111 001 u:1 ${rest}`, emit), t32: pat(name, `111 u:1 1111 ${rest}`, emit) };
}
/** Three registers of the same length with opcode `opc` (insn<11:8>) and o1 (insn<4>). */
const SAME = (opc: string, o1: string): string => `0 D:1 size:2 vn:4 vd:4 ${opc} N:1 Q:1 M:1 ${o1} vm:4`;
const ifU = (u: number, emit: EmitFn): EmitFn => (e, f) => (f.u === u ? emit(e, f) : false);

/**
 * The two-register shift encodings, one per element size (L:imm6 = 1xxxxxx, 01xxxxx, 001xxxx,
 * 0001xxx): L:imm6 = 000xxxx is the modified-immediate space.
 */
function shiftForms(name: string, opc: string, emit: EmitFn): { a32u: Pattern; t32: Pattern }[] {
  const tail = `vd:4 ${opc} 0 Q:1 M:1 1 vm:4`;
  return [
    dp(name, `1 D:1 imm6:6 vd:4 ${opc} 1 Q:1 M:1 1 vm:4`, (e, f) => emit(e, { ...f, L: 1 })),
    dp(name, `1 D:1 1 s:5 ${tail}`, (e, f) => emit(e, { ...f, L: 0, imm6: 32 | f.s })),
    dp(name, `1 D:1 01 s:4 ${tail}`, (e, f) => emit(e, { ...f, L: 0, imm6: 16 | f.s })),
    dp(name, `1 D:1 001 s:3 ${tail}`, (e, f) => emit(e, { ...f, L: 0, imm6: 8 | f.s })),
  ];
}

const DP = [
  dp('VAND/VBIC/VORR/VORN/VEOR/VBSL/VBIT/VBIF', SAME('0001', '1'), logical),
  dp('VADD/VSUB (integer)', SAME('1000', '0'), (e, f) => threeSame(f.u ? sub : add)(e, f)),
  dp('VTST/VCEQ', SAME('1000', '1'), (e, f) => threeSame(f.u ? ceq : tst)(e, f)),
  dp('VCGT', SAME('0011', '0'), byU((s) => cmpOp('gt', s))),
  dp('VCGE', SAME('0011', '1'), byU((s) => cmpOp('ge', s))),
  dp('VMAX', SAME('0110', '0'), byU((s) => minmax(true, s))),
  dp('VMIN', SAME('0110', '1'), byU((s) => minmax(false, s))),
  dp('VMLA/VMLS (integer)', SAME('1001', '0'), (e, f) => threeSame(f.u ? mls : mla, false, true)(e, f)),
  dp('VMUL (integer)', SAME('1001', '1'), ifU(0, threeSame(mul, false, true))),
  dp('VPADD (integer)', SAME('1011', '1'), ifU(0, vpadd)),
  ...shiftForms('VSHR', '0000', shiftImm(false)),
  ...shiftForms('VSHL (immediate)', '0101', ifU(0, shiftImm(true))),
  dp('VMOV/VMVN/VORR/VBIC (immediate)', '1 D:1 000 bcd:3 vd:4 cmode:4 0 Q:1 op:1 1 efgh:4', (e, f) => modImm(e, { ...f, a: f.u })),
];

const VLDST = '0 D:1 l:1 0 rn:4 vd:4 type:4 size:2 align:2 rm:4';

export const neonGroup: Group = {
  a32: [pat('VDUP (core)', '---- 1110 1 b:1 Q:1 0 vd:4 rt:4 1011 D:1 0 e:1 1 0000', vdupCore)],
  a32u: [...DP.map((x) => x.a32u), pat('VLD1/VST1 (multiple)', `1111 0100 ${VLDST}`, vldst1)],
  t32: [...DP.map((x) => x.t32), pat('VDUP (core)', '1110 1110 1 b:1 Q:1 0 vd:4 rt:4 1011 D:1 0 e:1 1 0000', vdupCore),
    pat('VLD1/VST1 (multiple)', `1111 1001 ${VLDST}`, vldst1)],
};
