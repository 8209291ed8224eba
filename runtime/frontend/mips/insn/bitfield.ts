// EXT/INS and the MIPS64 DEXT*/DINS* family. The encodings split the field position between
// sa (lsb) and rd (msb or msbd); the D*M/D*U variants add 32 to one or both.
import type { Sem } from '../emitter.js';

interface FieldBias { lsb: number; msb: number }

const mask = (size: number): bigint => (1n << BigInt(size)) - 1n;

/** EXT/DEXT*: rt = rs[lsb + size - 1 .. lsb], size = msbd + 1; word results are sign-extended. */
export const extract = (dword: boolean, bias: FieldBias): Sem => (e, i) => {
  const lsb = i.sa + bias.lsb;
  const size = i.rd + bias.msb + 1;
  const width = dword ? 64 : 32;
  if (lsb + size > width) return e.undef(i); // UNPREDICTABLE: treat as reserved
  const b = e.b;
  const x = dword ? e.gpr(i.rs) : e.gpr32(i.rs);
  const ty = b.tyOf(x);
  const r = b.bin('and', b.bin('shr_u', x, b.konst(ty, lsb)), b.konst(ty, mask(size)));
  if (dword) e.setGpr(i.rt, r); else e.setGpr32(i.rt, r);
};

/** INS/DINS*: rt[msb..lsb] = rs[size-1..0]. */
export const insert = (dword: boolean, bias: FieldBias): Sem => (e, i) => {
  const lsb = i.sa + bias.lsb;
  const msb = i.rd + bias.msb;
  if (msb < lsb) return e.undef(i); // UNPREDICTABLE: treat as reserved
  const b = e.b;
  const x = dword ? e.gpr(i.rs) : e.gpr32(i.rs);
  const y = dword ? e.gpr(i.rt) : e.gpr32(i.rt);
  const ty = b.tyOf(x);
  const m = mask(msb - lsb + 1) << BigInt(lsb);
  const kept = b.bin('and', y, b.konst(ty, ~m));
  const put = b.bin('and', b.bin('shl', x, b.konst(ty, lsb)), b.konst(ty, m));
  const r = b.bin('or', kept, put);
  if (dword) e.setGpr(i.rt, r); else e.setGpr32(i.rt, r);
};
