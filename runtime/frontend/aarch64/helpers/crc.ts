// CRC32 / CRC32C (reflected, as computed by the AArch64 CRC32* instructions): accumulate
// `nbytes` little-endian bytes of `data` into `acc`.
import { registerHelper } from '../../../ir/helpers.js';

function table(poly: number): Uint32Array {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
}

function crcFn(poly: number): (ctx: unknown, acc: number, data: bigint, nbytes: number) => number {
  const t = table(poly);
  return (_ctx, acc, data, nbytes) => {
    let c = acc >>> 0;
    let d = BigInt.asUintN(64, data);
    for (let k = 0; k < nbytes; k++) {
      c = t[(c ^ Number(d & 0xffn)) & 0xff]! ^ (c >>> 8);
      d >>= 8n;
    }
    return c | 0;
  };
}

export const CRC_HELPERS = { crc32: 'a64_crc32', crc32c: 'a64_crc32c' } as const;

registerHelper({ name: CRC_HELPERS.crc32, params: ['i32', 'i64', 'i32'], result: 'i32', effects: 'pure', fn: crcFn(0xedb88320) });
registerHelper({ name: CRC_HELPERS.crc32c, params: ['i32', 'i64', 'i32'], result: 'i32', effects: 'pure', fn: crcFn(0x82f63b78) });
