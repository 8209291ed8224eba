// Load/store class: every GPR and SIMD&FP load/store addressing form, pairs, PC-relative
// literals, exclusives and acquire/release, and SIMD structure loads/stores.
// Exclusions (UNPREDICTABLE): a loaded register equal to a writeback base, pair loads into one
// register, STXR status equal to a data or base register; store-exclusives of another size
// than the preceding load-exclusive (whether they succeed is IMPLEMENTATION DEFINED).
import type { Rng } from '../rng.js';
import type { InsnClass } from '../types.js';
import { CODE_ADDR, CODE_PAGE, SCRATCH_SIZE } from './machine.js';
import { type Base, MemModel } from './memory.js';
import { Seq } from './seq.js';

type Form = (s: Seq, m: MemModel) => boolean;

/** Data register for a load (never pinned) or a store (any, 31 = XZR). */
const dataReg = (s: Seq, load: boolean): number => (load ? s.dst() : s.src());

/** GPR single loads/stores: size, opc and whether it loads. */
function gprSizeOpc(s: Seq): { size: number; opc: number; load: boolean; bytes: number } {
  const [size, opc] = s.rng.pick([[0, 0], [0, 1], [0, 2], [0, 3], [1, 0], [1, 1], [1, 2], [1, 3], [2, 0], [2, 1], [2, 2], [3, 0], [3, 1]] as const);
  return { size, opc, load: opc !== 0, bytes: 1 << size };
}
/** SIMD&FP single loads/stores: B H S D Q. */
function fpSizeOpc(s: Seq): { size: number; opc: number; load: boolean; bytes: number } {
  const q = s.rng.below(5) === 4;
  const size = q ? 0 : s.rng.below(4), load = s.rng.bool();
  return { size, opc: (q ? 2 : 0) | (load ? 1 : 0), load, bytes: q ? 16 : 1 << size };
}

const unsignedImm: Form = (s, m) => {
  const v = s.rng.bool(0.3) ? 1 : 0;
  const a = v ? fpSizeOpc(s) : gprSizeOpc(s);
  const base = m.any();
  const imm = m.offset(base, a.bytes, a.bytes, 0, 4095);
  if (imm === null) return false;
  s.emit(s.t('ss111V01ooiiiiiiiiiiiinnnnnttttt', { s: a.size, V: v, o: a.opc, i: imm, n: base.reg, t: v ? s.v() : dataReg(s, a.load) }));
  return true;
};

/** Unscaled (LDUR), post-index, unprivileged (LDTR) and pre-index forms. */
const imm9: Form = (s, m) => {
  const v = s.rng.bool(0.3) ? 1 : 0;
  const a = v ? fpSizeOpc(s) : gprSizeOpc(s);
  const mode = s.rng.below(4); // 0 unscaled, 1 post, 2 unprivileged, 3 pre
  if (v && mode === 2) return false;
  const wb = mode === 1 || mode === 3;
  const base = wb ? m.movableBase() : m.any();
  const imm = wb ? s.rng.range(-256, 255) : m.offset(base, a.bytes, 1, -256, 255);
  if (imm === null) return false;
  const at = mode === 1 ? 0 : imm;
  if (base.off + at < 0 || base.off + at + a.bytes > SCRATCH_SIZE) return false;
  let t = v ? s.v() : dataReg(s, a.load);
  if (!v && wb && t === base.reg) t = 31;
  if (wb && !m.move(base, imm)) return false;
  s.emit(s.t('ss111V00oo0iiiiiiiiiMMnnnnnttttt', { s: a.size, V: v, o: a.opc, i: imm, M: mode, n: base.reg, t }));
  return true;
};

const registerOffset: Form = (s, m) => {
  const v = s.rng.bool(0.3) ? 1 : 0;
  const a = v ? fpSizeOpc(s) : gprSizeOpc(s);
  const neg = s.rng.bool(0.3);
  const index = neg ? m.negIndex : m.posIndex;
  const option = neg ? s.rng.pick([3, 6, 7]) : s.rng.pick([2, 3, 6, 7]);
  const S = s.rng.below(2);
  const base = m.any();
  const at = base.off + index.value * (S ? a.bytes : 1);
  if (at < 0 || at + a.bytes > SCRATCH_SIZE) return false;
  s.emit(s.t('ss111V00oo1mmmmmxxxS10nnnnnttttt', { s: a.size, V: v, o: a.opc, m: index.reg, x: option, S, n: base.reg, t: v ? s.v() : dataReg(s, a.load) }));
  return true;
};

/** LDR (literal), LDRSW, PRFM, and the SIMD&FP forms: a word of the code page. */
const literal: Form = (s) => {
  const v = s.rng.bool(0.3) ? 1 : 0;
  const opc = v ? s.rng.below(3) : s.rng.below(4);
  const bytes = v ? 4 << opc : opc === 1 ? 8 : 4;
  const pc = CODE_ADDR + 4 * s.code.length;
  const target = CODE_PAGE + 4 * s.rng.range(0, (0xf00 - bytes) / 4);
  s.emit(s.t('oo011V00iiiiiiiiiiiiiiiiiiittttt', { o: opc, V: v, i: (target - pc) / 4, t: v ? s.v() : s.dst() }));
  return true;
};

const pair: Form = (s, m) => {
  const v = s.rng.bool(0.3) ? 1 : 0;
  const load = s.rng.bool() ? 1 : 0;
  const opc = v ? s.rng.below(3) : s.rng.pick(load ? [0, 1, 2] : [0, 2]);
  const each = v ? 4 << opc : opc === 2 ? 8 : 4;
  const mode = s.rng.below(4); // 0 non-temporal, 1 post, 2 offset, 3 pre
  const wb = mode === 1 || mode === 3;
  const base = wb ? m.movableBase() : m.any();
  const imm = wb ? s.rng.range(-64, 63) : m.offset(base, 2 * each, each, -64, 63);
  if (imm === null) return false;
  const at = base.off + (mode === 1 ? 0 : imm * each);
  if (at < 0 || at + 2 * each > SCRATCH_SIZE) return false;
  let t: number, u: number;
  if (v) { t = s.v(); u = s.v(); } else if (load) {
    t = s.dst(); u = s.dst();
    if (t === u) return false;
  } else {
    t = s.src(); u = s.src();
    if (wb && (t === base.reg || u === base.reg)) return false;
  }
  if (v && load && t === u) return false;
  if (wb && !m.move(base, imm * each)) return false;
  s.emit(s.t('oo101VPPPLiiiiiiiuuuuunnnnnttttt', { o: opc, V: v, P: mode, L: load, i: imm, u, n: base.reg, t }));
  return true;
};

interface ExclState { size: number; pair: boolean; base: Base }
const exclusives = new WeakMap<Seq, ExclState>();

/** size 001000 o2 L o1 Rs o0 Rt2 Rn Rt (z = size, r = Rs): o2 = acquire/release non-exclusive, o1 = pair. */
const EXCL = 'zz001000ALPrrrrrouuuuunnnnnttttt';

/** LDXR/LDAXR/LDXP/LDAXP then, later, the matching STXR family; LDAR/STLR. */
const exclusive: Form = (s, m) => {
  const base = m.fixedBase();
  const last = exclusives.get(s);
  const kind = s.rng.below(3);
  if (kind === 0 || (kind === 1 && !last)) { // load-exclusive (single or pair)
    const pairOp = s.rng.bool(0.3);
    const size = pairOp ? s.rng.range(2, 3) : s.rng.below(4);
    const t = s.dst(), u = pairOp ? s.dst() : 31;
    if (pairOp && t === u) return false;
    exclusives.set(s, { size, pair: pairOp, base });
    s.emit(s.t(EXCL, { z: size, A: 0, L: 1, P: pairOp ? 1 : 0, r: 31, u, n: base.reg, t }));
    return true;
  }
  if (kind === 1 && last) { // store-exclusive of the last load-exclusive's size (mostly its address)
    const b = s.rng.bool(0.8) ? last.base : base;
    const t = s.src(), u = last.pair ? s.src() : 31, status = s.dst();
    if (status === t || status === u || status === b.reg) return false;
    s.emit(s.t(EXCL, { z: last.size, A: 0, L: 0, P: last.pair ? 1 : 0, r: status, u, n: b.reg, t }));
    exclusives.delete(s);
    return true;
  }
  const load = s.rng.below(2); // LDAR / STLR
  s.emit(s.t(EXCL, { A: 1, L: load, P: 0, r: 31, o: 1, u: 31, n: base.reg, t: load ? s.dst() : s.src() }));
  return true;
};

/** LD1-LD4/ST1-ST4, multiple structures and single structure (post-index by immediate or register). */
const structure: Form = (s, m) => {
  const base = m.any();
  const post = s.rng.bool(0.4);
  if (post && base.fixed) return false;
  const single = s.rng.bool(0.4);
  const bytes = single ? 32 : 64; // upper bound of what one instruction touches
  if (base.off + bytes > SCRATCH_SIZE) return false;
  let rm = 0;
  if (post) {
    // Rm = 31 posts the transfer size: the model does not compute it, so move by a register.
    const idx = m.posIndex;
    if (!m.move(base, idx.value)) return false;
    rm = idx.reg;
  }
  const template = single ? '0Q0011010LR00000oooSssnnnnnttttt' : '0Q0011000L000000oooossnnnnnttttt';
  let w = s.t(template, { n: base.reg, t: s.v() });
  if (post) w |= (1 << 23) | (rm << 16);
  s.emit(w);
  return true;
};

const FORMS: Form[] = [unsignedImm, unsignedImm, imm9, imm9, registerOffset, literal, pair, pair, exclusive, structure, structure];

export const ldstClass: InsnClass = {
  name: 'ldst',
  referenceArgs: ['-cpu', 'cortex-a57'],
  generate(rng: Rng) {
    const s = new Seq(rng, rng.range(4, 20));
    const m = new MemModel(s);
    while (!s.full) {
      if (!rng.pick(FORMS)(s, m)) continue;
    }
    return s.finish();
  },
};
