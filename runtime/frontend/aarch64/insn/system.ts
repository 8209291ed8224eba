// System instructions available at EL0: hints, barriers, CLREX, DC/IC cache maintenance,
// and MRS/MSR of the EL0-visible system registers (Arm ARM C4.1.93, C5).
import type { Temp } from '../../../ir/types.js';
import type { Fields } from '../../shared/bit-pattern.js';
import { pat, type Pattern } from '../decoder.js';
import type { Emitter } from '../emitter.js';
import {
  CNTFRQ, CTR, DC_ZVA_BYTES, DCZID, ID_AA64PFR0, idAa64isar0, idAa64isar1, MIDR, MPIDR,
} from '../features.js';
import { SYS_HELPERS } from '../helpers/sys.js';
import { A64, EXCL_NONE } from '../state.js';

/**
 * System register key: o0:op1:CRn:CRm:op2 = insn<19:5>, the `reg` field of MRS and MSR. op0 is
 * 2 + o0 (their patterns fix op0<1>, insn<20>).
 */
const sysreg = (op0: number, op1: number, crn: number, crm: number, op2: number): number =>
  ((op0 & 1) << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;

const NZCV = sysreg(3, 3, 4, 2, 0);
const FPCR = sysreg(3, 3, 4, 4, 0);
const FPSR = sysreg(3, 3, 4, 4, 1);
const TPIDR_EL0 = sysreg(3, 3, 13, 0, 2);

function readNzcv(e: Emitter): Temp {
  const b = e.b, f = e.getFlags();
  const at = (t: Temp, pos: number): Temp => b.bin('shl', t, b.i32(pos));
  const packed = b.bin('or', b.bin('or', at(f.n, 31), at(f.z, 30)), b.bin('or', at(f.c, 29), at(f.v, 28)));
  return b.conv('extend_u', packed);
}

function writeNzcv(e: Emitter, v: Temp): void {
  const b = e.b, w = b.conv('wrap', v);
  const at = (pos: number): Temp => b.bin('and', b.bin('shr_u', w, b.i32(pos)), b.i32(1));
  e.setFlags({ n: at(31), z: at(30), c: at(29), v: at(28) });
}

const constant = (v: bigint) => (e: Emitter): Temp => e.b.i64(v);
const field32 = (off: number) => (e: Emitter): Temp => e.b.conv('extend_u', e.b.get('i32', off));

const MRS: ReadonlyMap<number, (e: Emitter) => Temp> = new Map([
  [NZCV, readNzcv],
  [FPCR, field32(A64.fpcr)],
  [FPSR, field32(A64.fpsr)],
  [TPIDR_EL0, (e: Emitter) => e.b.get('i64', A64.tpidr_el0)],
  [sysreg(3, 3, 13, 0, 3), constant(0n)], // TPIDRRO_EL0
  [sysreg(3, 3, 14, 0, 0), constant(CNTFRQ)],
  [sysreg(3, 3, 14, 0, 1), (e: Emitter) => e.b.call(SYS_HELPERS.cntvct, [], 'i64')], // CNTPCT_EL0
  [sysreg(3, 3, 14, 0, 2), (e: Emitter) => e.b.call(SYS_HELPERS.cntvct, [], 'i64')], // CNTVCT_EL0
  [sysreg(3, 3, 0, 0, 1), constant(CTR)],
  [sysreg(3, 3, 0, 0, 7), constant(DCZID)],
  // ID registers, as Linux's EL0 CPUID emulation reports them.
  [sysreg(3, 0, 0, 0, 0), constant(MIDR)],
  [sysreg(3, 0, 0, 0, 5), constant(MPIDR)],
  [sysreg(3, 0, 0, 4, 0), constant(ID_AA64PFR0)],
  [sysreg(3, 0, 0, 6, 0), constant(idAa64isar0())],
  [sysreg(3, 0, 0, 6, 1), constant(idAa64isar1())],
]);

/** Other registers in Linux's emulated ID space (op0=3, op1=0, CRn=0, CRm=0 or 4..7) read as zero. */
function isIdSpace(key: number): boolean {
  const crm = (key >> 3) & 15;
  return (key >> 7) === (sysreg(3, 0, 0, 0, 0) >> 7) && (crm === 0 || crm >= 4);
}

/**
 * Writable bits. FPCR: AHP, DN, FZ, RMode, Stride, FZ16, Len (no trap enables: traps are not
 * implemented, so their bits read as zero). FPSR: N, Z, C, V, QC, IDC and IXC..IOC.
 */
const FPCR_BITS = 0x07ff0000, FPSR_BITS = 0xf800009f | 0;
const writeMasked = (offset: number, mask: number) => (e: Emitter, v: Temp): void => e.b.set(offset, e.b.bin('and', e.b.conv('wrap', v), e.b.i32(mask)));

const MSR: ReadonlyMap<number, (e: Emitter, v: Temp) => void> = new Map([
  [NZCV, writeNzcv],
  [FPCR, writeMasked(A64.fpcr, FPCR_BITS)],
  [FPSR, writeMasked(A64.fpsr, FPSR_BITS)],
  [TPIDR_EL0, (e: Emitter, v: Temp) => e.b.set(A64.tpidr_el0, v)],
]);

function mrs(e: Emitter, _i: number, f: Fields): boolean {
  const read = MRS.get(f.reg) ?? (isIdSpace(f.reg) ? constant(0n) : undefined);
  if (!read) return false;
  e.setX(f.rt, read(e));
  return true;
}

function msr(e: Emitter, _i: number, f: Fields): boolean {
  const write = MSR.get(f.reg);
  if (!write) return false;
  write(e, e.x(f.rt));
  return true;
}

function hint(): void { /* NOP, YIELD, WFE, WFI, SEV, BTI, PAC hints: no effect in user mode */ }

function clrex(e: Emitter): void {
  e.b.set(A64.exclAddr, e.b.i64(EXCL_NONE));
}

function barrier(): void { /* DSB, DMB, ISB, SB: one thread sees its own order */ }

function dcZva(e: Emitter, addr: Temp): void {
  const b = e.b;
  const base = b.bin('and', addr, b.i64(-DC_ZVA_BYTES));
  const zero = b.i64(0);
  for (let off = 0; off < DC_ZVA_BYTES; off += 8) e.store(e.addr(base, off), zero, 8);
}

/** IC IVAU: the line may hold code we translated; stop and let the core drop it. */
function icIvau(e: Emitter, _i: number, f: Fields): void {
  e.b.call(SYS_HELPERS.icIvau, [e.x(f.rt)]);
  e.jump(e.pc + 4);
}

function cacheClean(): void { /* DC CVAC, CVAU, CVAP, CVADP, CIVAC: memory is coherent here */ }

export const systemPatterns: Pattern[] = [
  pat('hint', '11010101000000110010 CRm:4 op2:3 11111', hint),
  pat('CLREX', '11010101000000110011 CRm:4 010 11111', clrex),
  pat('DSB/DMB/ISB/SB', '11010101000000110011 CRm:4 1 op2:2 11111', barrier),
  // SYS with op1 = 3, CRn = 7, op2 = 1: the EL0 cache maintenance operations, by CRm.
  pat('DC ZVA', '1101010100001011 0111 0100 001 rt:5', (e, _i, f) => dcZva(e, e.x(f.rt))),
  pat('IC IVAU', '1101010100001011 0111 0101 001 rt:5', icIvau),
  pat('DC CVAC/CVAU', '1101010100001011 0111 101 crm0:1 001 rt:5', cacheClean),
  pat('DC CVAP/CVADP', '1101010100001011 0111 110 crm0:1 001 rt:5', cacheClean),
  pat('DC CIVAC', '1101010100001011 0111 1110 001 rt:5', cacheClean),
  pat('MSR (register)', '110101010001 o0:1 op1:3 CRn:4 CRm:4 op2:3 rt:5 reg=o0:op1:CRn:CRm:op2', msr),
  pat('MRS', '110101010011 o0:1 op1:3 CRn:4 CRm:4 op2:3 rt:5 reg=o0:op1:CRn:CRm:op2', mrs),
];
