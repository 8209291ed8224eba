// State helpers for the cryptographic extension (AES, SHA1, SHA256) and PMULL: whole-register
// transforms on V registers, simplest and fast enough in JS on 32-bit words and bytes.
// Arguments: packed = op | d << 4 | n << 9 | m << 14 (register numbers of the instruction).
import { registerHelper, type HelperContext } from '../../../ir/helpers.js';
import { A64 } from '../state.js';

export const CRYPTO_HELPERS = { aes: 'a64_aes', sha: 'a64_sha', pmull: 'a64_pmull' } as const;

export const enum AesOp { E = 0, D = 1, MC = 2, IMC = 3 }
export const enum ShaOp { C = 0, P = 1, M = 2, SU0 = 3, H256 = 4, H2_256 = 5, SU1_256 = 6, H = 8, SU1 = 9, SU0_256 = 10 }

export function packRegs(op: number, d: number, n: number, m: number): number {
  return op | (d << 4) | (n << 9) | (m << 14);
}

function unpack(p: number): { op: number; d: number; n: number; m: number } {
  return { op: p & 15, d: (p >> 4) & 31, n: (p >> 9) & 31, m: (p >> 14) & 31 };
}

const bytesOf = (st: DataView, r: number): Uint8Array => new Uint8Array(st.buffer.slice(st.byteOffset + A64.vreg(r), st.byteOffset + A64.vreg(r) + 16));
const wordsOf = (st: DataView, r: number): number[] => [0, 1, 2, 3].map((k) => st.getUint32(A64.vreg(r) + 4 * k, true));
function setBytes(st: DataView, r: number, v: Uint8Array): void { for (let k = 0; k < 16; k++) st.setUint8(A64.vreg(r) + k, v[k]!); }
function setWords(st: DataView, r: number, w: readonly number[]): void { w.forEach((x, k) => st.setUint32(A64.vreg(r) + 4 * k, x >>> 0, true)); }

// ---- AES ----

const SBOX = new Uint8Array(256);
const INV_SBOX = new Uint8Array(256);
{
  // S-box from the multiplicative inverse in GF(2^8) and the affine map (FIPS-197 5.1.1).
  const mulx = (a: number): number => ((a << 1) ^ (a & 0x80 ? 0x1b : 0)) & 0xff;
  let p = 1, q = 1;
  do {
    p = p ^ mulx(p); // p *= 3
    q ^= q << 1; q ^= q << 2; q ^= q << 4; q &= 0xff; if (q & 0x80) q ^= 0x09; // q /= 3
    const rot = (x: number, s: number): number => ((x << s) | (x >> (8 - s))) & 0xff;
    const s = q ^ rot(q, 1) ^ rot(q, 2) ^ rot(q, 3) ^ rot(q, 4) ^ 0x63;
    SBOX[p] = s;
  } while (p !== 1);
  SBOX[0] = 0x63;
  for (let i = 0; i < 256; i++) INV_SBOX[SBOX[i]!] = i;
}

function gmul(a: number, b: number): number {
  let r = 0;
  for (; b; b >>= 1) {
    if (b & 1) r ^= a;
    a = ((a << 1) ^ (a & 0x80 ? 0x1b : 0)) & 0xff;
  }
  return r;
}

/** State byte (row r, column c) is byte r + 4c. */
function shiftRows(s: Uint8Array, inverse: boolean): Uint8Array {
  const out = new Uint8Array(16);
  for (let c = 0; c < 4; c++) {
    for (let r = 0; r < 4; r++) {
      if (inverse) out[r + 4 * ((c + r) % 4)] = s[r + 4 * c]!;
      else out[r + 4 * c] = s[r + 4 * ((c + r) % 4)]!;
    }
  }
  return out;
}

function mixColumns(s: Uint8Array, coef: readonly number[]): Uint8Array {
  const out = new Uint8Array(16);
  for (let c = 0; c < 4; c++) {
    for (let r = 0; r < 4; r++) {
      let v = 0;
      for (let k = 0; k < 4; k++) v ^= gmul(s[k + 4 * c]!, coef[(k - r + 4) % 4]!);
      out[r + 4 * c] = v;
    }
  }
  return out;
}

registerHelper({
  name: CRYPTO_HELPERS.aes, params: ['i32'], effects: 'state',
  fn: (ctx: HelperContext, packed: number) => {
    const { op, d, n } = unpack(packed);
    const st = ctx.state;
    const x = bytesOf(st, n);
    let out: Uint8Array;
    switch (op) {
      case AesOp.E: case AesOp.D: {
        const y = bytesOf(st, d);
        for (let k = 0; k < 16; k++) y[k] ^= x[k]!;
        const box = op === AesOp.E ? SBOX : INV_SBOX;
        out = shiftRows(y, op === AesOp.D).map((v) => box[v]!);
        break;
      }
      case AesOp.MC: out = mixColumns(x, [2, 3, 1, 1]); break;
      default: out = mixColumns(x, [14, 11, 13, 9]);
    }
    setBytes(st, d, out);
  },
});

// ---- SHA1 / SHA256 ----

const rol = (x: number, s: number): number => ((x << s) | (x >>> (32 - s))) >>> 0;
const ror = (x: number, s: number): number => ((x >>> s) | (x << (32 - s))) >>> 0;
const choose = (x: number, y: number, z: number): number => ((x & y) | (~x & z)) >>> 0;
const majority = (x: number, y: number, z: number): number => ((x & y) | (x & z) | (y & z)) >>> 0;
const parity = (x: number, y: number, z: number): number => (x ^ y ^ z) >>> 0;

/** SHA1C/P/M: four rounds on ABCD = x, E = y, with schedule words w. */
function sha1Hash(x: number[], y: number, w: readonly number[], f: (a: number, b: number, c: number) => number): number[] {
  for (let e = 0; e < 4; e++) {
    const t = f(x[1]!, x[2]!, x[3]!);
    y = (y + rol(x[0]!, 5) + t + w[e]!) >>> 0;
    x[1] = rol(x[1]!, 30);
    const top = x[3]!;
    x = [y, x[0]!, x[1]!, x[2]!];
    y = top;
  }
  return x;
}

/** SHA256H (part1: returns X) / SHA256H2 (returns Y). */
function sha256Hash(x: number[], y: number[], w: readonly number[], part1: boolean): number[] {
  for (let e = 0; e < 4; e++) {
    const chs = choose(y[0]!, y[1]!, y[2]!);
    const maj = majority(x[0]!, x[1]!, x[2]!);
    const s1 = ror(y[0]!, 6) ^ ror(y[0]!, 11) ^ ror(y[0]!, 25);
    const s0 = ror(x[0]!, 2) ^ ror(x[0]!, 13) ^ ror(x[0]!, 22);
    const t = (y[3]! + s1 + chs + w[e]!) >>> 0;
    x[3] = (t + x[3]!) >>> 0;
    y[3] = (t + s0 + maj) >>> 0;
    const nx = [y[3]!, x[0]!, x[1]!, x[2]!], ny = [x[3]!, y[0]!, y[1]!, y[2]!];
    x = nx; y = ny;
  }
  return part1 ? x : y;
}

const sigma0 = (v: number): number => (ror(v, 7) ^ ror(v, 18) ^ (v >>> 3)) >>> 0;
const sigma1 = (v: number): number => (ror(v, 17) ^ ror(v, 19) ^ (v >>> 10)) >>> 0;

registerHelper({
  name: CRYPTO_HELPERS.sha, params: ['i32'], effects: 'state',
  fn: (ctx: HelperContext, packed: number) => {
    const { op, d, n, m } = unpack(packed);
    const st = ctx.state;
    const vd = wordsOf(st, d), vn = wordsOf(st, n), vm = wordsOf(st, m);
    let out: number[];
    switch (op) {
      case ShaOp.C: out = sha1Hash(vd, vn[0]!, vm, choose); break;
      case ShaOp.P: out = sha1Hash(vd, vn[0]!, vm, parity); break;
      case ShaOp.M: out = sha1Hash(vd, vn[0]!, vm, majority); break;
      case ShaOp.SU0: out = [vd[2]! ^ vd[0]! ^ vm[0]!, vd[3]! ^ vd[1]! ^ vm[1]!, vn[0]! ^ vd[2]! ^ vm[2]!, vn[1]! ^ vd[3]! ^ vm[3]!]; break;
      case ShaOp.H256: out = sha256Hash(vd, vn, vm, true); break;
      case ShaOp.H2_256: out = sha256Hash(vn, vd, vm, false); break;
      case ShaOp.SU1_256: {
        const t0 = [vn[1]!, vn[2]!, vn[3]!, vm[0]!];
        out = [0, 0, 0, 0];
        out[0] = (sigma1(vm[2]!) + vd[0]! + t0[0]!) >>> 0;
        out[1] = (sigma1(vm[3]!) + vd[1]! + t0[1]!) >>> 0;
        out[2] = (sigma1(out[0]) + vd[2]! + t0[2]!) >>> 0;
        out[3] = (sigma1(out[1]) + vd[3]! + t0[3]!) >>> 0;
        break;
      }
      case ShaOp.H: out = [rol(vn[0]!, 30), 0, 0, 0]; break;
      case ShaOp.SU1: {
        const t = [vd[0]! ^ vn[1]!, vd[1]! ^ vn[2]!, vd[2]! ^ vn[3]!, vd[3]!];
        out = [rol(t[0]!, 1), rol(t[1]!, 1), rol(t[2]!, 1), (rol(t[3]!, 1) ^ rol(t[0]!, 2)) >>> 0];
        break;
      }
      default: { // SHA256SU0
        const t = [vd[1]!, vd[2]!, vd[3]!, vn[0]!];
        out = t.map((v, k) => (sigma0(v) + vd[k]!) >>> 0);
      }
    }
    setWords(st, d, out);
  },
});

// ---- PMULL ----

/** Carry-less product of two 64-bit values as [lo, hi]. */
function clmul64(a: bigint, b: bigint): [bigint, bigint] {
  let lo = 0n, hi = 0n;
  for (let i = 0n; i < 64n; i++) {
    if ((b >> i) & 1n) {
      lo ^= (a << i) & 0xffffffffffffffffn;
      hi ^= i === 0n ? 0n : a >> (64n - i);
    }
  }
  return [lo, hi];
}

function clmul8(a: number, b: number): number {
  let r = 0;
  for (let i = 0; i < 8; i++) if ((b >> i) & 1) r ^= a << i;
  return r;
}

/** PMUL (same-width 8-bit product, low byte kept) as the pmull helper's op bit 3. */
export const PMUL_OP = 8;

/** op = size (0: 8-bit lanes, 3: 64-bit) | upper << 2 (PMULL2, or Q for PMUL) | PMUL_OP. */
registerHelper({
  name: CRYPTO_HELPERS.pmull, params: ['i32'], effects: 'state',
  fn: (ctx: HelperContext, packed: number) => {
    const { op, d, n, m } = unpack(packed);
    const st = ctx.state, half = op & 4 ? 8 : 0;
    if (op & PMUL_OP) {
      const bytes = op & 4 ? 16 : 8, out = new Uint8Array(16);
      for (let k = 0; k < bytes; k++) out[k] = clmul8(st.getUint8(A64.vreg(n) + k), st.getUint8(A64.vreg(m) + k)) & 0xff;
      setBytes(st, d, out);
      return;
    }
    if ((op & 3) === 3) {
      const [lo, hi] = clmul64(st.getBigUint64(A64.vreg(n) + half, true), st.getBigUint64(A64.vreg(m) + half, true));
      st.setBigUint64(A64.vreg(d), lo, true);
      st.setBigUint64(A64.vreg(d) + 8, hi, true);
      return;
    }
    const out: number[] = [];
    for (let k = 0; k < 8; k++) out.push(clmul8(st.getUint8(A64.vreg(n) + half + k), st.getUint8(A64.vreg(m) + half + k)));
    out.forEach((v, k) => st.setUint16(A64.vreg(d) + 2 * k, v, true));
  },
});
