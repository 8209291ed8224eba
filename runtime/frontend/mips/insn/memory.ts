// Aligned loads and stores, LL/SC, and the FPU loads and stores. Every instruction finishes its
// memory accesses before it writes a register, so a faulting access leaves the state precise.
import type { AccessSize, Temp } from '../../../ir/types.js';
import type { MipsEmitter, Sem } from '../emitter.js';

/** LB/LBU/LH/LHU/LW/LWU/LD: results are sign- or zero-extended to the GPR width. */
export const load = (size: AccessSize, signed: boolean): Sem => (e, f) => {
  e.setGpr(f.rt, e.load(e.ea(f.base, f.offset), size, signed));
};

/** SB/SH/SW/SD: the low `size` bytes of rt. */
export const store = (size: AccessSize): Sem => (e, f) => {
  e.store(e.ea(f.base, f.offset), e.gpr(f.rt), size);
};

/**
 * LL/LLD open a link: the address and the value read. The link is per thread and nothing but
 * SC/SCD clears it. SC/SCD is a compare-and-swap of the value LL read with rt, so it fails when
 * another thread changed the location in between (an ABA change goes unnoticed, as in other
 * translators). A misaligned SC faults with SIGBUS like the hardware's address error.
 */
export const loadLinked = (size: 4 | 8): Sem => (e, f) => {
  const addr = e.ea(f.base, f.offset);
  const v = e.load(addr, size, true);
  e.b.set(e.off.llAddr, addr);
  e.b.set(e.off.llValue, v);
  e.b.set(e.off.llValid, e.i32(1));
  e.setGpr(f.rt, v);
};

export const storeConditional = (size: 4 | 8): Sem => (e, f) => {
  const b = e.b;
  const addr = e.ea(f.base, f.offset);
  const linked = b.bin('and', b.get('i32', e.off.llValid), b.cmp('eq', addr, b.get(e.W, e.off.llAddr)));
  const fail = b.newLabel(), done = b.newLabel();
  b.brif(e.isZero(linked), fail);
  // Word SC compares and swaps 32-bit values (the link holds LL's sign-extended word).
  const narrow = (v: Temp): Temp => (size === 4 ? e.low32(v) : v);
  const expected = narrow(b.get(e.W, e.off.llValue));
  const old = b.atomicCmpxchg(addr, expected, narrow(e.gpr(f.rt)), size, e.cfg.endian);
  const ok = b.cmp('eq', old, expected);
  b.set(e.off.llValid, e.i32(0));
  e.setGpr(f.rt, e.is64 ? b.conv('extend_u', ok) : ok);
  b.brif(e.i32(1), done);
  b.label(fail);
  b.set(e.off.llValid, e.i32(0));
  e.setGpr(f.rt, e.word(0));
  b.label(done);
};

/** base + index (LWXC1 and friends); LUXC1/SUXC1 also clear the low three bits. */
function indexedAddress(e: MipsEmitter, base: number, index: number, align8: boolean): Temp {
  const a = e.b.bin('add', e.gpr(base), e.gpr(index));
  return align8 ? e.b.bin('and', a, e.word(-8)) : a;
}

/** LWC1/LDC1 (ft from base + offset) and LWXC1/LDXC1/LUXC1 (fd from base + index). */
export const loadFpu = (size: 4 | 8, indexed: boolean, align8 = false): Sem => (e, f) => {
  const reg = indexed ? f.fd : f.ft;
  if (size === 8 && !e.validDoubleReg(reg)) return e.undef();
  const addr = indexed ? indexedAddress(e, f.base, f.index, align8) : e.ea(f.base, f.offset);
  const v = e.load(addr, size, false, size === 8 ? 'i64' : 'i32');
  if (size === 8) e.setFpr64(reg, v); else e.setFpr32(reg, v);
};

/** SWC1/SDC1 (ft to base + offset) and SWXC1/SDXC1/SUXC1 (fs to base + index). */
export const storeFpu = (size: 4 | 8, indexed: boolean, align8 = false): Sem => (e, f) => {
  const reg = indexed ? f.fs : f.ft;
  if (size === 8 && !e.validDoubleReg(reg)) return e.undef();
  const addr = indexed ? indexedAddress(e, f.base, f.index, align8) : e.ea(f.base, f.offset);
  e.store(addr, size === 8 ? e.fpr64(reg) : e.fpr32(reg), size);
};
