// HI/LO instructions: multiply, divide, multiply-accumulate, and the moves to and from HI/LO.
// Division by zero is UNPREDICTABLE on MIPS; we keep the IR's guest-safe results
// (quotient 0, remainder = dividend; MIN / -1 = MIN, remainder 0). gcc follows every division
// with `teq divisor, $zero, 7`, so programs see SIGFPE before they could read HI/LO.
import type { BinKind, Temp } from '../../../ir/types.js';
import type { MipsEmitter, Sem } from '../emitter.js';

/** MULT/MULTU/DIV/DIVU on words; DMULT/DMULTU/DDIV/DDIVU on doublewords. */
export const hiLoOp = (loKind: BinKind, hiKind: BinKind, dword: boolean): Sem => (e, f) => {
  const b = e.b;
  const x = dword ? e.gpr(f.rs) : e.gpr32(f.rs);
  const y = dword ? e.gpr(f.rt) : e.gpr32(f.rt);
  const lo = b.bin(loKind, x, y);
  const hi = b.bin(hiKind, x, y);
  if (dword) { e.setLo(lo); e.setHi(hi); } else e.setHiLo32(lo, hi);
};

/** MUL (SPECIAL2): rd = low word of rs * rt; HI/LO are left alone. */
export const mul: Sem = (e, f) => { e.setGpr32(f.rd, e.b.bin('mul', e.gpr32(f.rs), e.gpr32(f.rt))); };

/** HI:LO as one 64-bit value (their low words; upper halves are sign copies on MIPS64). */
function acc64(e: MipsEmitter): Temp {
  const b = e.b;
  const hi = b.conv('extend_u', e.low32(e.hi()));
  const lo = b.conv('extend_u', e.low32(e.lo()));
  return b.bin('or', b.bin('shl', hi, b.i64(32)), lo);
}

/** MADD/MADDU/MSUB/MSUBU: HI:LO += or -= the 64-bit product of the words in rs and rt. */
export const multiplyAccumulate = (kind: 'add' | 'sub', signed: boolean): Sem => (e, f) => {
  const b = e.b;
  const ext = signed ? 'extend_s' : 'extend_u';
  const prod = b.bin('mul', b.conv(ext, e.gpr32(f.rs)), b.conv(ext, e.gpr32(f.rt)));
  const r = b.bin(kind, acc64(e), prod);
  e.setHiLo32(b.conv('wrap', r), b.conv('wrap', b.bin('shr_u', r, b.i64(32))));
};

export const mfhi: Sem = (e, f) => { e.setGpr(f.rd, e.hi()); };
export const mflo: Sem = (e, f) => { e.setGpr(f.rd, e.lo()); };
export const mthi: Sem = (e, f) => { e.setHi(e.gpr(f.rs)); };
export const mtlo: Sem = (e, f) => { e.setLo(e.gpr(f.rs)); };
