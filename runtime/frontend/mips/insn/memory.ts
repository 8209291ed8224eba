// Aligned loads and stores, LL/SC, and the FPU loads and stores. Every instruction finishes its
// memory accesses before it writes a register, so a faulting access leaves the state precise.
import type { AccessSize, Temp } from '../../../ir/types.js';
import type { MipsEmitter, Sem } from '../emitter.js';

/** LB/LBU/LH/LHU/LW/LWU/LD: results are sign- or zero-extended to the GPR width. */
export const load = (size: AccessSize, signed: boolean): Sem => (e, i) => {
  e.setGpr(i.rt, e.load(e.ea(i.rs, i.imm), size, signed));
};

/** SB/SH/SW/SD: the low `size` bytes of rt. */
export const store = (size: AccessSize): Sem => (e, i) => {
  e.store(e.ea(i.rs, i.imm), e.gpr(i.rt), size);
};

/**
 * LL/LLD open a link: the address and the value read. The link is per thread and nothing but
 * SC/SCD clears it, so an SC succeeds when the link is valid, the address matches and memory
 * still holds the value LL read (which is what makes another thread's intervening store fail it).
 */
export const loadLinked = (size: 4 | 8): Sem => (e, i) => {
  const addr = e.ea(i.rs, i.imm);
  const v = e.load(addr, size, true);
  e.b.set(e.off.llAddr, addr);
  e.b.set(e.off.llValue, v);
  e.b.set(e.off.llValid, e.i32(1));
  e.setGpr(i.rt, v);
};

export const storeConditional = (size: 4 | 8): Sem => (e, i) => {
  const b = e.b;
  const addr = e.ea(i.rs, i.imm);
  const current = e.load(addr, size, true);
  const sameAddr = b.cmp('eq', addr, b.get(e.W, e.off.llAddr));
  const sameValue = b.cmp('eq', current, b.get(e.W, e.off.llValue));
  const ok = b.bin('and', b.get('i32', e.off.llValid), b.bin('and', sameAddr, sameValue));
  const fail = b.newLabel();
  b.brif(e.isZero(ok), fail);
  e.store(addr, e.gpr(i.rt), size);
  b.label(fail);
  b.set(e.off.llValid, e.i32(0));
  e.setGpr(i.rt, e.is64 ? b.conv('extend_u', ok) : ok);
};

/** base + index (LWXC1 and friends); LUXC1/SUXC1 also clear the low three bits. */
function indexedAddress(e: MipsEmitter, base: number, index: number, align8: boolean): Temp {
  const a = e.b.bin('add', e.gpr(base), e.gpr(index));
  return align8 ? e.b.bin('and', a, e.word(-8)) : a;
}

/** LWC1/LDC1 (base + offset, ft = rt) and LWXC1/LDXC1/LUXC1 (base + index, fd = sa). */
export const loadFpu = (size: 4 | 8, indexed: boolean, align8 = false): Sem => (e, i) => {
  const reg = indexed ? i.sa : i.rt;
  if (size === 8 && !e.validDoubleReg(reg)) return e.undef(i);
  const addr = indexed ? indexedAddress(e, i.rs, i.rt, align8) : e.ea(i.rs, i.imm);
  const v = e.load(addr, size, false, size === 8 ? 'i64' : 'i32');
  if (size === 8) e.setFpr64(reg, v); else e.setFpr32(reg, v);
};

/** SWC1/SDC1 (ft = rt) and SWXC1/SDXC1/SUXC1 (fs = rd). */
export const storeFpu = (size: 4 | 8, indexed: boolean, align8 = false): Sem => (e, i) => {
  const reg = indexed ? i.rd : i.rt;
  if (size === 8 && !e.validDoubleReg(reg)) return e.undef(i);
  const addr = indexed ? indexedAddress(e, i.rs, i.rt, align8) : e.ea(i.rs, i.imm);
  e.store(addr, size === 8 ? e.fpr64(reg) : e.fpr32(reg), size);
};
