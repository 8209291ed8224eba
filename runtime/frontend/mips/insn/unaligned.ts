// LWL/LWR/SWL/SWR and LDL/LDR/SDL/SDR. Each touches only the aligned word (doubleword) that
// contains the effective address. Let k be the number of bytes from the address to the
// most-significant end of that unit (big-endian: addr & (n-1); little-endian: the mirror).
// With the unit read in guest byte order as M and the register as R (both n bytes):
//   load-left:   R = M << 8k        | R & ((1 << 8k) - 1)
//   load-right:  R = M >>> 8(n-1-k) | R & ~(ALL >>> 8(n-1-k))
//   store-left:  M = R >>> 8k        | M & ~(ALL >>> 8k)
//   store-right: M = R << 8(n-1-k)   | M & ((1 << 8(n-1-k)) - 1)
// Stores are a read-modify-write of the aligned unit (not atomic against other threads).
import type { Temp } from '../../../ir/types.js';
import type { MipsEmitter, Sem } from '../emitter.js';

type Side = 'left' | 'right';

interface Unit { aligned: Temp; shLeft: Temp; shRight: Temp; mem: Temp; reg: Temp }

function unit(e: MipsEmitter, base: number, offset: number, rt: number, n: 4 | 8): Unit {
  const b = e.b;
  const ty = n === 8 ? 'i64' : 'i32';
  const addr = e.ea(base, offset);
  const aligned = b.bin('and', addr, e.word(-n));
  const mirror = e.cfg.endian === 'le' ? n - 1 : 0;
  const k = b.bin('and', b.bin('xor', ty === 'i64' ? addr : e.low32(addr), b.konst(ty, mirror)), b.konst(ty, n - 1));
  const shLeft = b.bin('shl', k, b.konst(ty, 3));
  const shRight = b.bin('sub', b.konst(ty, 8 * (n - 1)), shLeft);
  const mem = e.load(aligned, n, false, ty);
  const reg = n === 8 ? e.gpr(rt) : e.gpr32(rt);
  return { aligned, shLeft, shRight, mem, reg };
}

/** LWL/LWR/LDL/LDR; word results are sign-extended on MIPS64. */
export const loadPartial = (side: Side, n: 4 | 8): Sem => (e, f) => {
  const b = e.b;
  const u = unit(e, f.base, f.offset, f.rt, n);
  const ty = b.tyOf(u.reg);
  const all = b.konst(ty, -1);
  let r: Temp;
  if (side === 'left') {
    const keep = b.bin('sub', b.bin('shl', b.konst(ty, 1), u.shLeft), b.konst(ty, 1));
    r = b.bin('or', b.bin('shl', u.mem, u.shLeft), b.bin('and', u.reg, keep));
  } else {
    const keep = b.un('not', b.bin('shr_u', all, u.shRight));
    r = b.bin('or', b.bin('shr_u', u.mem, u.shRight), b.bin('and', u.reg, keep));
  }
  if (n === 8) e.setGpr(f.rt, r); else e.setGpr32(f.rt, r);
};

/** SWL/SWR/SDL/SDR. */
export const storePartial = (side: Side, n: 4 | 8): Sem => (e, f) => {
  const b = e.b;
  const u = unit(e, f.base, f.offset, f.rt, n);
  const ty = b.tyOf(u.reg);
  const all = b.konst(ty, -1);
  let m: Temp;
  if (side === 'left') {
    const keep = b.un('not', b.bin('shr_u', all, u.shLeft));
    m = b.bin('or', b.bin('shr_u', u.reg, u.shLeft), b.bin('and', u.mem, keep));
  } else {
    const keep = b.bin('sub', b.bin('shl', b.konst(ty, 1), u.shRight), b.konst(ty, 1));
    m = b.bin('or', b.bin('shl', u.reg, u.shRight), b.bin('and', u.mem, keep));
  }
  e.store(u.aligned, m, n);
};
