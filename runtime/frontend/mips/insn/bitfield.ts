// EXT/INS and the MIPS64 DEXT*/DINS* family. The encodings give the field's lsb and its msb (INS)
// or size - 1 (msbd, EXT); the D*M/D*U variants encode one or both minus 32 (the bias).
import type { Sem } from '../emitter.js';

interface FieldBias { lsb: number; msb: number }

const mask = (size: number): bigint => (1n << BigInt(size)) - 1n;

/** EXT/DEXT*: rt = rs[lsb + size - 1 .. lsb], size = msbd + 1; word results are sign-extended. */
export const extract = (dword: boolean, bias: FieldBias): Sem => (e, f) => {
  const lsb = f.lsb + bias.lsb;
  const size = f.msbd + bias.msb + 1;
  const width = dword ? 64 : 32;
  if (lsb + size > width) return e.undef(); // UNPREDICTABLE: treat as reserved
  const b = e.b;
  const x = dword ? e.gpr(f.rs) : e.gpr32(f.rs);
  const ty = b.tyOf(x);
  const r = b.bin('and', b.bin('shr_u', x, b.konst(ty, lsb)), b.konst(ty, mask(size)));
  if (dword) e.setGpr(f.rt, r); else e.setGpr32(f.rt, r);
};

/** INS/DINS*: rt[msb..lsb] = rs[size-1..0]. */
export const insert = (dword: boolean, bias: FieldBias): Sem => (e, f) => {
  const lsb = f.lsb + bias.lsb;
  const msb = f.msb + bias.msb;
  if (msb < lsb) return e.undef(); // UNPREDICTABLE: treat as reserved
  const b = e.b;
  const x = dword ? e.gpr(f.rs) : e.gpr32(f.rs);
  const y = dword ? e.gpr(f.rt) : e.gpr32(f.rt);
  const ty = b.tyOf(x);
  const m = mask(msb - lsb + 1) << BigInt(lsb);
  const kept = b.bin('and', y, b.konst(ty, ~m));
  const put = b.bin('and', b.bin('shl', x, b.konst(ty, lsb)), b.konst(ty, m));
  const r = b.bin('or', kept, put);
  if (dword) e.setGpr(f.rt, r); else e.setGpr32(f.rt, r);
};
