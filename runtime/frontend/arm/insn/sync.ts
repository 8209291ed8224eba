// Exclusive loads and stores (LDREX/STREX, byte, halfword and doubleword forms), CLREX, SWP and
// the barriers. As in the AArch64 frontend (../../aarch64/insn/atomic.ts), the monitor remembers
// address, size and the value(s) LDREX read; STREX is a compare-and-swap of those values with
// the new ones (one IR atomic op), so it fails when another thread changed the location in
// between. The barriers are no-ops: every IR atomic is sequentially consistent and one agent's
// plain accesses stay in program order. A misaligned exclusive access is an alignment fault
// (SIGBUS) before anything else happens, STREX's monitor check included, as on the CPU.
import type { AccessSize, Temp } from '../../../ir/types.js';
import type { Fields } from '../../shared/bit-pattern.js';
import { pat, type Group } from '../decoder.js';
import type { ArmEmitter } from '../emitter.js';
import { ARM, EXCL_NONE } from '../state.js';
import { requireAligned } from '../../shared/alignment.js';


/** LDREX{B,H,D}: load and open the monitor on what was read (rt2: the doubleword's high register). */
function loadExclusive(e: ArmEmitter, rt: number, rt2: number | null, rn: number, imm: number, size: AccessSize): boolean {
  if (rt === 15 || rn === 15 || rt2 === 15 || rt2 === rt) return false;
  const b = e.b;
  const addr = e.add(e.reg(rn), imm);
  requireAligned(e.b, addr, size);
  const lo = size === 8 ? null : e.load(addr, size);
  const whole = size === 8 ? e.load64(addr) : null;
  b.set(ARM.exclAddr, addr);
  b.set(ARM.exclSize, b.i32(size));
  if (whole !== null) {
    const l = b.conv('wrap', whole), h = b.conv('wrap', b.bin('shr_u', whole, b.i64(32)));
    b.set(ARM.exclVal, l);
    b.set(ARM.exclVal2, h);
    e.setReg(rt, l);
    e.setReg(rt2!, h);
  } else {
    b.set(ARM.exclVal, lo!);
    e.setReg(rt, lo!);
  }
  return true;
}

const join = (e: ArmEmitter, lo: Temp, hi: Temp): Temp => {
  const b = e.b;
  return b.bin('or', b.conv('extend_u', lo), b.bin('shl', b.conv('extend_u', hi), b.i64(32)));
};

/** STREX{B,H,D}: Rd = 0 when the monitor still holds and the compare-and-swap succeeds, else 1. */
function storeExclusive(e: ArmEmitter, rd: number, rt: number, rt2: number | null, rn: number, imm: number, size: AccessSize): boolean {
  if (rd === 15 || rt === 15 || rn === 15 || rt2 === 15 || rd === rn || rd === rt || rd === rt2) return false;
  const b = e.b;
  const addr = e.add(e.reg(rn), imm);
  requireAligned(e.b, addr, size);
  const fail = b.newLabel(), done = b.newLabel();
  const same = b.bin('and', b.cmp('eq', b.get('i32', ARM.exclAddr), addr), b.cmp('eq', b.get('i32', ARM.exclSize), b.i32(size)));
  b.brif(b.cmp('eq', same, b.i32(0)), fail);
  let ok: Temp;
  if (size === 8) {
    const exp = join(e, b.get('i32', ARM.exclVal), b.get('i32', ARM.exclVal2));
    ok = b.cmp('eq', b.atomicCmpxchg(addr, exp, join(e, e.reg(rt), e.reg(rt2!)), 8, 'le'), exp);
  } else {
    const exp = b.get('i32', ARM.exclVal);
    ok = b.cmp('eq', b.atomicCmpxchg(addr, exp, e.reg(rt), size, 'le'), exp);
  }
  e.setReg(rd, b.bin('xor', ok, b.i32(1)));
  b.brif(b.i32(1), done);
  b.label(fail);
  e.setReg(rd, b.i32(1));
  b.label(done);
  b.set(ARM.exclAddr, b.i32(EXCL_NONE));
  return true;
}

/** SWP/SWPB (deprecated, still advertised by Linux and qemu as HWCAP_SWP): Rt = [Rn], [Rn] = Rt2, atomically. */
function swap(e: ArmEmitter, f: Fields): boolean {
  if (f.rt === 15 || f.rt2 === 15 || f.rn === 15 || f.rn === f.rt || f.rn === f.rt2) return false;
  const size = f.b ? 1 : 4;
  e.setReg(f.rt, e.b.atomicRmw('xchg', e.reg(f.rn), e.reg(f.rt2), size, 'le'));
  return true;
}

function clrex(e: ArmEmitter): void { e.b.set(ARM.exclAddr, e.b.i32(EXCL_NONE)); }
function barrier(): void { /* see the header comment */ }

/** A32 op (insn<22:21>): 0 word, 1 doubleword, 2 byte, 3 halfword. */
const A32_SIZES: readonly AccessSize[] = [4, 8, 1, 2];

export const syncGroup: Group = {
  a32: [
    pat('SWP/SWPB', '---- 0001 0 b:1 00 rn:4 rt:4 0000 1001 rt2:4', swap),
    pat('LDREX{D,B,H}', '---- 0001 1 op:2 1 rn:4 rt:4 1111 1001 1111', (e, f: Fields) =>
      (f.op === 1 && f.rt & 1 ? false : loadExclusive(e, f.rt, f.op === 1 ? f.rt + 1 : null, f.rn, 0, A32_SIZES[f.op]!))),
    pat('STREX{D,B,H}', '---- 0001 1 op:2 0 rn:4 rd:4 1111 1001 rt:4', (e, f: Fields) =>
      (f.op === 1 && f.rt & 1 ? false : storeExclusive(e, f.rd, f.rt, f.op === 1 ? f.rt + 1 : null, f.rn, 0, A32_SIZES[f.op]!))),
  ],
  a32u: [
    pat('CLREX', '1111 0101 0111 1111 1111 0000 0001 1111', clrex),
    pat('DSB/DMB/ISB', '1111 0101 0111 1111 1111 0000 01 -- ----', barrier),
  ],
  t32: [
    pat('LDREX', '111010000101 rn:4 rt:4 1111 imm8:8', (e, f) => loadExclusive(e, f.rt, null, f.rn, f.imm8 * 4, 4)),
    pat('STREX', '111010000100 rn:4 rt:4 rd:4 imm8:8', (e, f) => storeExclusive(e, f.rd, f.rt, null, f.rn, f.imm8 * 4, 4)),
    pat('LDREXB/H', '111010001101 rn:4 rt:4 1111 010 h:1 1111', (e, f) => loadExclusive(e, f.rt, null, f.rn, 0, f.h ? 2 : 1)),
    pat('LDREXD', '111010001101 rn:4 rt:4 rt2:4 0111 1111', (e, f) => loadExclusive(e, f.rt, f.rt2, f.rn, 0, 8)),
    pat('STREXB/H', '111010001100 rn:4 rt:4 1111 010 h:1 rd:4', (e, f) => storeExclusive(e, f.rd, f.rt, null, f.rn, 0, f.h ? 2 : 1)),
    pat('STREXD', '111010001100 rn:4 rt:4 rt2:4 0111 rd:4', (e, f) => storeExclusive(e, f.rd, f.rt, f.rt2, f.rn, 0, 8)),
    pat('CLREX', '1111 0011 1011 1111 1000 1111 0010 1111', clrex),
    pat('DSB/DMB/ISB', '1111 0011 1011 1111 1000 1111 01 -- ----', barrier),
  ],
};
