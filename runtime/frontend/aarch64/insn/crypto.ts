// Cryptographic extension: AES, SHA1, SHA256 (Arm ARM C4.1.97 "Cryptographic AES / SHA").
// Each is one state helper over whole V registers (helpers/crypto.ts).
import type { Fields } from '../../shared/bit-pattern.js';
import { pat, type Pattern } from '../decoder.js';
import type { Emitter } from '../emitter.js';
import { AesOp, CRYPTO_HELPERS, packRegs, PMUL_OP, ShaOp } from '../helpers/crypto.js';

/** The helper's operands; the two-register forms have no Rm (the helper ignores m for them). */
function call(e: Emitter, helper: string, op: number, f: Fields): void {
  e.b.call(helper, [e.b.i32(packRegs(op, f.rd, f.rn, f.rm ?? 0))]);
}

const aes = (op: AesOp) => (e: Emitter, _i: number, f: Fields): void => call(e, CRYPTO_HELPERS.aes, op, f);
const sha = (op: ShaOp) => (e: Emitter, _i: number, f: Fields): void => call(e, CRYPTO_HELPERS.sha, op, f);

const AES = '0100111000 10100 001'; // size 00, then AES opcode<4:2>; opcode<1:0> selects the operation
const SHA3 = '01011110000 rm:5 0'; // three-register SHA, opcode<2:0> selects
const SHA2 = '0101111000 10100 000'; // two-register SHA, opcode<1:0> selects
export const cryptoPatterns: Pattern[] = [
  pat('AESE', `${AES} 00 10 rn:5 rd:5`, aes(AesOp.E)),
  pat('AESD', `${AES} 01 10 rn:5 rd:5`, aes(AesOp.D)),
  pat('AESMC', `${AES} 10 10 rn:5 rd:5`, aes(AesOp.MC)),
  pat('AESIMC', `${AES} 11 10 rn:5 rd:5`, aes(AesOp.IMC)),
  pat('SHA1C', `${SHA3} 000 00 rn:5 rd:5`, sha(ShaOp.C)),
  pat('SHA1P', `${SHA3} 001 00 rn:5 rd:5`, sha(ShaOp.P)),
  pat('SHA1M', `${SHA3} 010 00 rn:5 rd:5`, sha(ShaOp.M)),
  pat('SHA1SU0', `${SHA3} 011 00 rn:5 rd:5`, sha(ShaOp.SU0)),
  pat('SHA256H', `${SHA3} 100 00 rn:5 rd:5`, sha(ShaOp.H256)),
  pat('SHA256H2', `${SHA3} 101 00 rn:5 rd:5`, sha(ShaOp.H2_256)),
  pat('SHA256SU1', `${SHA3} 110 00 rn:5 rd:5`, sha(ShaOp.SU1_256)),
  pat('SHA1H', `${SHA2} 00 10 rn:5 rd:5`, sha(ShaOp.H)),
  pat('SHA1SU1', `${SHA2} 01 10 rn:5 rd:5`, sha(ShaOp.SU1)),
  pat('SHA256SU0', `${SHA2} 10 10 rn:5 rd:5`, sha(ShaOp.SU0_256)),
];

/** PMULL/PMULL2 (three different, opcode 1110, U=0): 8-bit lanes (size 00) or one 64-bit lane (size 11). */
export const pmull = (size: 0 | 3) => (e: Emitter, _i: number, f: Fields): void => {
  e.b.call(CRYPTO_HELPERS.pmull, [e.b.i32(packRegs(size | (f.Q << 2), f.rd, f.rn, f.rm))]);
};

/** PMUL (three same, U=1, opcode 10011, bytes only): carry-less product of bytes, low byte. */
export function pmul(e: Emitter, _i: number, f: Fields): void {
  e.b.call(CRYPTO_HELPERS.pmull, [e.b.i32(packRegs(PMUL_OP | (f.Q << 2), f.rd, f.rn, f.rm))]);
}
