// Cryptographic extension: AES, SHA1, SHA256 (Arm ARM C4.1.97 "Cryptographic AES / SHA").
// Each is one state helper over whole V registers (helpers/crypto.ts).
import { pat, type Pattern } from '../decoder.js';
import type { Emitter } from '../emitter.js';
import { bits, rd, rn, rm } from '../fields.js';
import { AesOp, CRYPTO_HELPERS, packRegs, PMUL_OP, ShaOp } from '../helpers/crypto.js';

function call(e: Emitter, helper: string, op: number, i: number): void {
  e.b.call(helper, [e.b.i32(packRegs(op, rd(i), rn(i), rm(i)))]);
}

const AES_OPS = [AesOp.E, AesOp.D, AesOp.MC, AesOp.IMC];
const SHA3_OPS = [ShaOp.C, ShaOp.P, ShaOp.M, ShaOp.SU0, ShaOp.H256, ShaOp.H2_256, ShaOp.SU1_256];
const SHA2_OPS = [ShaOp.H, ShaOp.SU1, ShaOp.SU0_256];

export const cryptoPatterns: Pattern[] = [
  pat('AES', '010011100010100001 -- 10 ----------', (e, i) => { call(e, CRYPTO_HELPERS.aes, AES_OPS[bits(i, 13, 12)]!, i); }),
  pat('SHA three-register', '01011110000 ----- 0 --- 00 ----------', (e, i) => {
    const op = SHA3_OPS[bits(i, 14, 12)];
    if (op === undefined) return false;
    call(e, CRYPTO_HELPERS.sha, op, i);
    return true;
  }),
  pat('SHA two-register', '010111100010100000 -- 10 ----------', (e, i) => {
    const op = SHA2_OPS[bits(i, 13, 12)];
    if (op === undefined) return false;
    call(e, CRYPTO_HELPERS.sha, op, i);
    return true;
  }),
];

/** PMULL/PMULL2 (three different, opcode 1110, U=0): 8-bit lanes or one 64-bit lane. */
export function pmull(e: Emitter, i: number): boolean {
  const size = bits(i, 23, 22);
  if (size !== 0 && size !== 3) return false;
  e.b.call(CRYPTO_HELPERS.pmull, [e.b.i32(packRegs(size | (bits(i, 30, 30) << 2), rd(i), rn(i), rm(i)))]);
  return true;
}

/** PMUL (three same, U=1, opcode 10011, bytes only): carry-less product of bytes, low byte. */
export function pmul(e: Emitter, i: number): boolean {
  if (bits(i, 23, 22) !== 0) return false;
  e.b.call(CRYPTO_HELPERS.pmull, [e.b.i32(packRegs(PMUL_OP | (bits(i, 30, 30) << 2), rd(i), rn(i), rm(i)))]);
  return true;
}
