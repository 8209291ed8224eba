// Integer class: ALU register and immediate forms, shifts and rotates (fixed and variable),
// SLT*, LUI, MUL, MULT/DIV and the HI/LO moves, MADD/MSUB, CLZ/CLO, SEB/SEH/WSBH, EXT/INS,
// MOVN/MOVZ; on n64 also every D* form (DADDU, DSLL32, DMULT, DDIV, DCLZ, DEXT*, DINS*, DSBH...).
// Exclusions: division by zero (UNPREDICTABLE: every divisor is ORI'd with an odd immediate
// first); 32-bit operations on values that are not sign-extended (n64, UNPREDICTABLE: see
// seq.ts); HI/LO after MUL (UNPREDICTABLE before R6: MUL is followed by MTHI and MTLO).
// ADD/SUB/ADDI/DADD/DSUB/DADDI overflow traps are recorded (SIGFPE) by the harness, and so are
// the conditional traps and BREAK (SIGTRAP). Trap and BREAK codes 6 and 7 are excluded: Linux
// delivers SIGFPE for them (BRK_OVERFLOW, BRK_DIVZERO), as qemu-ts does, Debian's qemu-user
// SIGTRAP.
import type { Rng } from '../rng.js';
import type { InsnClass } from '../types.js';
import { itype, OP, rtype } from './encode.js';
import { CODE_ADDR, type Layout } from './machine.js';
import { Seq } from './seq.js';

/** Emits one or a few instructions; false when the drawn operands do not qualify. */
type Form = (s: Seq) => boolean | void;

const special = (s: Seq, rs: number, rt: number, rd: number, sa: number, funct: number): void => s.emit(rtype(OP.SPECIAL, rs, rt, rd, sa, funct));

/** A register holding a non-zero divisor: `ori x, src, odd`. */
function divisor(s: Seq, wide: boolean): number {
  const src = wide ? s.src() : s.src32();
  const x = s.dst();
  s.emit(itype(0x0d, src, x, s.rng.u32() | 1));
  s.wrote(x, s.isSext(src));
  return x;
}

/** One instruction each, never trapping: what a delay slot or a skipped instruction may be. */
const SAFE32: Form[] = [
  (s) => { // AND OR XOR NOR
    const rs = s.src(), rt = s.src(), rd = s.dst();
    special(s, rs, rt, rd, 0, s.rng.pick([0x24, 0x25, 0x26, 0x27]));
    s.wrote(rd, s.isSext(rs) && s.isSext(rt));
  },
  (s) => { // SLT SLTU
    const rd = s.dst();
    special(s, s.src(), s.src(), rd, 0, s.rng.pick([0x2a, 0x2b]));
    s.wrote(rd, true);
  },
  (s) => { // SLL SRL SRA ROTR
    const rd = s.dst(), funct = s.rng.pick([0, 2, 3, 2]);
    special(s, funct === 2 ? s.rng.below(2) : 0, s.src32(), rd, s.rng.below(32), funct);
    s.wrote(rd, true);
  },
  (s) => { // SLLV SRLV SRAV ROTRV
    const rd = s.dst(), funct = s.rng.pick([4, 6, 7, 6]);
    special(s, s.src(), s.src32(), rd, funct === 6 ? s.rng.below(2) : 0, funct);
    s.wrote(rd, true);
  },
  (s) => { // MOVZ MOVN
    const rs = s.src(), rd = s.dst();
    const after = s.isSext(rd) && s.isSext(rs);
    special(s, rs, s.src(), rd, 0, s.rng.pick([0x0a, 0x0b]));
    s.wrote(rd, after);
  },
  (s) => { // MULT MULTU
    special(s, s.src32(), s.src32(), 0, 0, s.rng.pick([0x18, 0x19]));
    s.hiloSext = true;
  },
  (s) => { // MFHI MFLO
    const rd = s.dst();
    special(s, 0, 0, rd, 0, s.rng.pick([0x10, 0x12]));
    s.wrote(rd, s.hiloSext);
  },
  (s) => { // MTHI MTLO
    const rs = s.src();
    special(s, rs, 0, 0, 0, s.rng.pick([0x11, 0x13]));
    s.hiloSext &&= s.isSext(rs);
  },
  (s) => { // CLZ CLO (rt = rd)
    const rd = s.dst();
    s.emit(rtype(OP.SPECIAL2, s.src32(), rd, rd, 0, s.rng.pick([0x20, 0x21])));
    s.wrote(rd, true);
  },
  (s) => { // SLTI SLTIU ANDI
    const rt = s.dst();
    s.emit(itype(s.rng.pick([0x0a, 0x0b, 0x0c]), s.src(), rt, s.rng.u32()));
    s.wrote(rt, true);
  },
  (s) => { // ORI XORI
    const rs = s.src(), rt = s.dst();
    s.emit(itype(s.rng.pick([0x0d, 0x0e]), rs, rt, s.rng.u32()));
    s.wrote(rt, s.isSext(rs));
  },
  (s) => { // LUI
    const rt = s.dst();
    s.emit(itype(0x0f, 0, rt, s.rng.u32()));
    s.wrote(rt, true);
  },
  (s) => { // SEB SEH WSBH
    const rd = s.dst();
    s.emit(rtype(OP.SPECIAL3, 0, s.src32(), rd, s.rng.pick([0x10, 0x18, 0x02]), 0x20));
    s.wrote(rd, true);
  },
  (s) => { // EXT: pos + size <= 32
    const pos = s.rng.below(32), size = s.rng.range(1, 32 - pos), rt = s.dst();
    s.emit(rtype(OP.SPECIAL3, s.src32(), rt, size - 1, pos, 0x00));
    s.wrote(rt, true);
  },
];

const BRANCH = { BEQ: 4, BNE: 5, BLEZ: 6, BGTZ: 7, BEQL: 0x14, BNEL: 0x15, BLEZL: 0x16, BGTZL: 0x17, J: 2, JAL: 3 } as const;

/** A forward branch or jump over 0-4 instructions, its delay slot and the skipped ones all safe forms.
 * What the slot (of a branch-likely) and the skipped instructions write is only known-sign-extended
 * afterwards if it was before as well. */
const branch: Form = (s) => {
  const skip = s.rng.below(5);
  const at = s.code.length, target = at + 2 + skip;
  const kind = s.rng.below(4);
  let likely = false, link = false;
  if (kind === 0) { // J JAL: the code page is in one 256 MiB region
    const op = s.rng.pick([BRANCH.J, BRANCH.JAL]);
    link = op === BRANCH.JAL;
    s.emit((op << 26) | (((CODE_ADDR + 4 * target) >>> 2) & 0x3ffffff));
  } else {
    const off = target - at - 1;
    if (kind === 1) { // REGIMM: BLTZ BGEZ BLTZL BGEZL BLTZAL BGEZAL BLTZALL BGEZALL
      const rt = s.rng.pick([0, 1, 2, 3, 0x10, 0x11, 0x12, 0x13]);
      likely = (rt & 2) !== 0;
      link = (rt & 0x10) !== 0;
      s.emit(itype(0x01, s.src(), rt, off));
    } else {
      const op = s.rng.pick(Object.values(BRANCH).filter((o) => o >= 4));
      likely = op >= 0x14;
      s.emit(itype(op, s.src(), op === BRANCH.BEQ || op === BRANCH.BNE || op === BRANCH.BEQL || op === BRANCH.BNEL ? s.src() : 0, off));
    }
  }
  if (link) s.wrote(31, true); // pc + 8 in the code page: a sign-extended word, taken or not
  let before = s.sextState();
  s.rng.pick(SAFE32)(s); // the delay slot: always run, except by a branch-likely not taken
  if (!likely) before = s.sextState();
  for (let k = 0; k < skip; k++) s.rng.pick(SAFE32)(s);
  s.joinSext(before);
};

const FORMS32: Form[] = [
  ...SAFE32,
  branch,
  (s) => { // ADDU SUBU ADD SUB
    const funct = s.rng.pick([0x21, 0x23, 0x20, 0x22]), rd = s.dst();
    const before = s.isSext(rd);
    special(s, s.src32(), s.src32(), rd, 0, funct);
    s.wrote(rd, funct & 1 ? true : before); // a trapping ADD/SUB leaves rd as it was
  },
  (s) => { // DIV DIVU
    const rt = divisor(s, false);
    special(s, s.src32(), rt, 0, 0, s.rng.pick([0x1a, 0x1b]));
    s.hiloSext = true;
  },
  (s) => { // MADD MADDU MSUB MSUBU
    if (!s.hiloSext && s.is64) return false;
    s.emit(rtype(OP.SPECIAL2, s.src32(), s.src32(), 0, 0, s.rng.pick([0, 1, 4, 5])));
    s.hiloSext = true;
  },
  (s) => { // MUL, then MTHI/MTLO (HI and LO are UNPREDICTABLE after MUL)
    const rd = s.dst();
    s.emit(rtype(OP.SPECIAL2, s.src32(), s.src32(), rd, 0, 2));
    s.wrote(rd, true);
    const hi = s.src32(), lo = s.src32();
    special(s, hi, 0, 0, 0, 0x11);
    special(s, lo, 0, 0, 0, 0x13);
    s.hiloSext = true;
  },
  (s) => { // ADDIU ADDI
    const rt = s.dst(), addi = s.rng.bool(0.3);
    const before = s.isSext(rt);
    s.emit(itype(addi ? 0x08 : 0x09, s.src32(), rt, s.rng.u32()));
    s.wrote(rt, addi ? before : true);
  },
  (s) => { // TGE TGEU TLT TLTU TEQ TNE with a code field (SIGTRAP; 6 and 7 excluded, see above)
    let code = s.rng.below(1024);
    if (code === 6 || code === 7) code = 0;
    s.emit(rtype(OP.SPECIAL, s.src(), s.src(), code >> 5, code, s.rng.pick([0x30, 0x31, 0x32, 0x33, 0x34, 0x36])));
  },
  (s) => s.emit(itype(0x01, s.src(), s.rng.pick([8, 9, 10, 11, 12, 14]), s.rng.u32())), // TGEI TGEIU TLTI TLTIU TEQI TNEI
  (s) => { // BREAK, code in either half of its field (SIGTRAP; 6 and 7 excluded, see above)
    const code = s.rng.pick([0, 1, 5, 8, 12, 100]);
    special(s, 0, 0, 0, 0, (code << (s.rng.bool() ? 16 : 6)) | 0x0d);
  },
  (s) => { // INS: rt is read as well
    const rt = s.dst();
    if (!s.isSext(rt)) return false;
    const pos = s.rng.below(32), size = s.rng.range(1, 32 - pos);
    s.emit(rtype(OP.SPECIAL3, s.src32(), rt, pos + size - 1, pos, 0x04));
    s.wrote(rt, true);
  },
];

const FORMS64: Form[] = [
  (s) => { // DADDU DSUBU DADD DSUB
    const rd = s.dst();
    special(s, s.src(), s.src(), rd, 0, s.rng.pick([0x2d, 0x2f, 0x2c, 0x2e]));
    s.wrote(rd, false);
  },
  (s) => { // DADDIU DADDI
    const rt = s.dst();
    s.emit(itype(s.rng.pick([0x19, 0x18]), s.src(), rt, s.rng.u32()));
    s.wrote(rt, false);
  },
  (s) => { // DSLL DSRL DSRA DSLL32 DSRL32 DSRA32, DROTR DROTR32
    const rd = s.dst(), funct = s.rng.pick([0x38, 0x3a, 0x3b, 0x3c, 0x3e, 0x3f]);
    special(s, funct === 0x3a || funct === 0x3e ? s.rng.below(2) : 0, s.src(), rd, s.rng.below(32), funct);
    s.wrote(rd, false);
  },
  (s) => { // DSLLV DSRLV DSRAV DROTRV
    const rd = s.dst(), funct = s.rng.pick([0x14, 0x16, 0x17]);
    special(s, s.src(), s.src(), rd, funct === 0x16 ? s.rng.below(2) : 0, funct);
    s.wrote(rd, false);
  },
  (s) => { // DMULT DMULTU
    special(s, s.src(), s.src(), 0, 0, s.rng.pick([0x1c, 0x1d]));
    s.hiloSext = false;
  },
  (s) => { // DDIV DDIVU
    const rt = divisor(s, true);
    special(s, s.src(), rt, 0, 0, s.rng.pick([0x1e, 0x1f]));
    s.hiloSext = false;
  },
  (s) => { // DCLZ DCLO (rt = rd)
    const rd = s.dst();
    s.emit(rtype(OP.SPECIAL2, s.src(), rd, rd, 0, s.rng.pick([0x24, 0x25])));
    s.wrote(rd, true);
  },
  (s) => { // DSBH DSHD
    const rd = s.dst();
    s.emit(rtype(OP.SPECIAL3, 0, s.src(), rd, s.rng.pick([0x02, 0x05]), 0x24));
    s.wrote(rd, false);
  },
  (s) => { // DEXT (pos < 32, size <= 32), DEXTM (size > 32), DEXTU (pos >= 32)
    const rt = s.dst(), rs = s.src();
    switch (s.rng.below(3)) {
      case 0: { const pos = s.rng.below(32), size = s.rng.range(1, 32); s.emit(rtype(OP.SPECIAL3, rs, rt, size - 1, pos, 0x03)); break; }
      case 1: { const pos = s.rng.below(32), size = s.rng.range(33, 64 - pos); s.emit(rtype(OP.SPECIAL3, rs, rt, size - 33, pos, 0x01)); break; }
      default: { const pos = s.rng.range(32, 63), size = s.rng.range(1, 64 - pos); s.emit(rtype(OP.SPECIAL3, rs, rt, size - 1, pos - 32, 0x02)); }
    }
    s.wrote(rt, false);
    return true;
  },
  (s) => { // DINS (msb < 32), DINSM (pos < 32, msb >= 32), DINSU (pos >= 32)
    const rt = s.dst(), rs = s.src();
    switch (s.rng.below(3)) {
      case 0: { const pos = s.rng.below(32), msb = s.rng.range(pos, 31); s.emit(rtype(OP.SPECIAL3, rs, rt, msb, pos, 0x07)); break; }
      case 1: { const pos = s.rng.below(32), msb = s.rng.range(32, 63); s.emit(rtype(OP.SPECIAL3, rs, rt, msb - 32, pos, 0x05)); break; }
      default: { const pos = s.rng.range(32, 63), msb = s.rng.range(pos, 63); s.emit(rtype(OP.SPECIAL3, rs, rt, msb - 32, pos - 32, 0x06)); }
    }
    s.wrote(rt, false);
    return true;
  },
];

export function integerClass(layout: Layout, referenceArgs: readonly string[]): InsnClass {
  const forms = layout.v.word === 8 ? [...FORMS32, ...FORMS64] : FORMS32;
  return {
    name: 'integer',
    referenceArgs,
    generate(rng: Rng) {
      const s = new Seq(rng, layout, rng.range(4, 20));
      while (!s.full) rng.pick(forms)(s);
      return s.finish();
    },
  };
}
