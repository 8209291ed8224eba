// DecodeBitMasks for logical immediates (Arm ARM, shared/functions/bitmasks): an element of
// size 2..64 holding S+1 ones rotated right by R, replicated to the register width.

function ones(n: number): bigint { return (1n << BigInt(n)) - 1n; }

function rorWithin(v: bigint, r: number, esize: number): bigint {
  if (r === 0) return v;
  const e = BigInt(esize), rr = BigInt(r);
  return ((v >> rr) | (v << (e - rr))) & ones(esize);
}

/** The immediate of AND/ORR/EOR/ANDS (immediate), or null for a reserved encoding. */
export function decodeLogicalImm(n: number, imms: number, immr: number, width: 32 | 64): bigint | null {
  const combined = (n << 6) | (~imms & 0x3f);
  if (combined === 0) return null;
  const len = 31 - Math.clz32(combined);
  if (len < 1) return null;
  const levels = (1 << len) - 1;
  if ((imms & levels) === levels) return null;
  const esize = 1 << len;
  if (esize > width) return null;
  const s = imms & levels, r = immr & levels;
  let elem = rorWithin(ones(s + 1), r, esize);
  let v = 0n;
  for (let pos = 0; pos < width; pos += esize) v |= elem << BigInt(pos);
  return v;
}
