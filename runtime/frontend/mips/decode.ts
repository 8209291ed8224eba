// The MIPS32r2/MIPS64r2 decode tables (by opcode, then funct/rt/rs/sa fields as the
// encoding requires). Anything absent is a reserved instruction (guest SIGILL).
import * as alu from './insn/alu.js';
import { extract, insert } from './insn/bitfield.js';
import { branchCompare, branchFpu, branchZero, jump, jumpRegister } from './insn/branch.js';
import { fixedFmtTable, floatFmtTable, multiplyAdd } from './insn/fpu-arith.js';
import { cfc1, ctc1, dmfc1, dmtc1, mfc1, mfhc1, mtc1, mthc1 } from './insn/fpu-move.js';
import { load, loadFpu, loadLinked, store, storeConditional, storeFpu } from './insn/memory.js';
import { hiLoOp, mfhi, mflo, mthi, mtlo, mul, multiplyAccumulate } from './insn/muldiv.js';
import { breakpoint, nop, rdhwr, syscall, trapImmediate, trapRegister } from './insn/system.js';
import { loadPartial, storePartial } from './insn/unaligned.js';
import { branch, insn, insn64, lookup, on, type InsnDef, type Node } from './table.js';

const FUNCT = 0;
const SA = 6;
const RT = 16;
const RS = 21;

const SPECIAL = on(FUNCT, 6, {
  0x00: insn('sll', alu.shiftImm('shl', 'w')), // also NOP, SSNOP, EHB, PAUSE (writes to $0)
  0x01: insn('movf/movt', alu.movFcc),
  0x02: on(RS, 1, { 0: insn('srl', alu.shiftImm('shr_u', 'w')), 1: insn('rotr', alu.shiftImm('rotr', 'w')) }),
  0x03: insn('sra', alu.shiftImm('shr_s', 'w')),
  0x04: insn('sllv', alu.shiftVar('shl', 'w')),
  0x06: on(SA, 1, { 0: insn('srlv', alu.shiftVar('shr_u', 'w')), 1: insn('rotrv', alu.shiftVar('rotr', 'w')) }),
  0x07: insn('srav', alu.shiftVar('shr_s', 'w')),
  0x08: branch('jr', jumpRegister(false)),
  0x09: branch('jalr', jumpRegister(true)),
  0x0a: insn('movz', alu.movCond(true)),
  0x0b: insn('movn', alu.movCond(false)),
  0x0c: insn('syscall', syscall),
  0x0d: insn('break', breakpoint),
  0x0f: insn('sync', nop),
  0x10: insn('mfhi', mfhi),
  0x11: insn('mthi', mthi),
  0x12: insn('mflo', mflo),
  0x13: insn('mtlo', mtlo),
  0x14: insn64('dsllv', alu.shiftVar('shl', 'd')),
  0x16: on(SA, 1, { 0: insn64('dsrlv', alu.shiftVar('shr_u', 'd')), 1: insn64('drotrv', alu.shiftVar('rotr', 'd')) }),
  0x17: insn64('dsrav', alu.shiftVar('shr_s', 'd')),
  0x18: insn('mult', hiLoOp('mul', 'mulh_s', false)),
  0x19: insn('multu', hiLoOp('mul', 'mulh_u', false)),
  0x1a: insn('div', hiLoOp('div_s', 'rem_s', false)),
  0x1b: insn('divu', hiLoOp('div_u', 'rem_u', false)),
  0x1c: insn64('dmult', hiLoOp('mul', 'mulh_s', true)),
  0x1d: insn64('dmultu', hiLoOp('mul', 'mulh_u', true)),
  0x1e: insn64('ddiv', hiLoOp('div_s', 'rem_s', true)),
  0x1f: insn64('ddivu', hiLoOp('div_u', 'rem_u', true)),
  0x20: insn('add', alu.arith('add', 'w', false, true)),
  0x21: insn('addu', alu.arith('add', 'w', false, false)),
  0x22: insn('sub', alu.arith('sub', 'w', false, true)),
  0x23: insn('subu', alu.arith('sub', 'w', false, false)),
  0x24: insn('and', alu.logical('and')),
  0x25: insn('or', alu.logical('or')),
  0x26: insn('xor', alu.logical('xor')),
  0x27: insn('nor', alu.logical('nor')),
  0x2a: insn('slt', alu.setLess('lt_s', false)),
  0x2b: insn('sltu', alu.setLess('lt_u', false)),
  0x2c: insn64('dadd', alu.arith('add', 'd', false, true)),
  0x2d: insn64('daddu', alu.arith('add', 'd', false, false)),
  0x2e: insn64('dsub', alu.arith('sub', 'd', false, true)),
  0x2f: insn64('dsubu', alu.arith('sub', 'd', false, false)),
  0x30: insn('tge', trapRegister('ge_s')),
  0x31: insn('tgeu', trapRegister('ge_u')),
  0x32: insn('tlt', trapRegister('lt_s')),
  0x33: insn('tltu', trapRegister('lt_u')),
  0x34: insn('teq', trapRegister('eq')),
  0x36: insn('tne', trapRegister('ne')),
  0x38: insn64('dsll', alu.shiftImm('shl', 'd')),
  0x3a: on(RS, 1, { 0: insn64('dsrl', alu.shiftImm('shr_u', 'd')), 1: insn64('drotr', alu.shiftImm('rotr', 'd')) }),
  0x3b: insn64('dsra', alu.shiftImm('shr_s', 'd')),
  0x3c: insn64('dsll32', alu.shiftImm('shl', 'd', 32)),
  0x3e: on(RS, 1, { 0: insn64('dsrl32', alu.shiftImm('shr_u', 'd', 32)), 1: insn64('drotr32', alu.shiftImm('rotr', 'd', 32)) }),
  0x3f: insn64('dsra32', alu.shiftImm('shr_s', 'd', 32)),
});

const REGIMM = on(RT, 5, {
  0x00: branch('bltz', branchZero('lt_s', false, false)),
  0x01: branch('bgez', branchZero('ge_s', false, false)),
  0x02: branch('bltzl', branchZero('lt_s', true, false)),
  0x03: branch('bgezl', branchZero('ge_s', true, false)),
  0x08: insn('tgei', trapImmediate('ge_s')),
  0x09: insn('tgeiu', trapImmediate('ge_u')),
  0x0a: insn('tlti', trapImmediate('lt_s')),
  0x0b: insn('tltiu', trapImmediate('lt_u')),
  0x0c: insn('teqi', trapImmediate('eq')),
  0x0e: insn('tnei', trapImmediate('ne')),
  0x10: branch('bltzal', branchZero('lt_s', false, true)),
  0x11: branch('bgezal', branchZero('ge_s', false, true)), // `bal` is bgezal $0
  0x12: branch('bltzall', branchZero('lt_s', true, true)),
  0x13: branch('bgezall', branchZero('ge_s', true, true)),
  0x1f: insn('synci', nop),
});

const SPECIAL2 = on(FUNCT, 6, {
  0x00: insn('madd', multiplyAccumulate('add', true)),
  0x01: insn('maddu', multiplyAccumulate('add', false)),
  0x02: insn('mul', mul),
  0x04: insn('msub', multiplyAccumulate('sub', true)),
  0x05: insn('msubu', multiplyAccumulate('sub', false)),
  0x20: insn('clz', alu.countLeading(false, 'w')),
  0x21: insn('clo', alu.countLeading(true, 'w')),
  0x24: insn64('dclz', alu.countLeading(false, 'd')),
  0x25: insn64('dclo', alu.countLeading(true, 'd')),
});

const SPECIAL3 = on(FUNCT, 6, {
  0x00: insn('ext', extract(false, { lsb: 0, msb: 0 })),
  0x01: insn64('dextm', extract(true, { lsb: 0, msb: 32 })),
  0x02: insn64('dextu', extract(true, { lsb: 32, msb: 0 })),
  0x03: insn64('dext', extract(true, { lsb: 0, msb: 0 })),
  0x04: insn('ins', insert(false, { lsb: 0, msb: 0 })),
  0x05: insn64('dinsm', insert(true, { lsb: 0, msb: 32 })),
  0x06: insn64('dinsu', insert(true, { lsb: 32, msb: 32 })),
  0x07: insn64('dins', insert(true, { lsb: 0, msb: 0 })),
  0x20: on(SA, 5, { 0x02: insn('wsbh', alu.wsbh), 0x10: insn('seb', alu.seb), 0x18: insn('seh', alu.seh) }),
  0x24: on(SA, 5, { 0x02: insn64('dsbh', alu.dsbh), 0x05: insn64('dshd', alu.dshd) }),
  0x3b: insn('rdhwr', rdhwr),
});

const COP1 = on(RS, 5, {
  0x00: insn('mfc1', mfc1),
  0x01: insn64('dmfc1', dmfc1),
  0x02: insn('cfc1', cfc1),
  0x03: insn('mfhc1', mfhc1),
  0x04: insn('mtc1', mtc1),
  0x05: insn64('dmtc1', dmtc1),
  0x06: insn('ctc1', ctc1),
  0x07: insn('mthc1', mthc1),
  0x08: branch('bc1', branchFpu),
  0x10: on(FUNCT, 6, floatFmtTable('S')),
  0x11: on(FUNCT, 6, floatFmtTable('D')),
  0x14: on(FUNCT, 6, fixedFmtTable('W')),
  0x15: on(FUNCT, 6, fixedFmtTable('L')),
});

const COP1X = on(FUNCT, 6, {
  0x00: insn('lwxc1', loadFpu(4, true)),
  0x01: insn('ldxc1', loadFpu(8, true)),
  0x05: insn('luxc1', loadFpu(8, true, true)),
  0x08: insn('swxc1', storeFpu(4, true)),
  0x09: insn('sdxc1', storeFpu(8, true)),
  0x0d: insn('suxc1', storeFpu(8, true, true)),
  0x0f: insn('prefx', nop),
  0x20: insn('madd.s', multiplyAdd('S', false, false)),
  0x21: insn('madd.d', multiplyAdd('D', false, false)),
  0x28: insn('msub.s', multiplyAdd('S', true, false)),
  0x29: insn('msub.d', multiplyAdd('D', true, false)),
  0x30: insn('nmadd.s', multiplyAdd('S', false, true)),
  0x31: insn('nmadd.d', multiplyAdd('D', false, true)),
  0x38: insn('nmsub.s', multiplyAdd('S', true, true)),
  0x39: insn('nmsub.d', multiplyAdd('D', true, true)),
});

const OPCODE: Node = on(26, 6, {
  0x00: SPECIAL,
  0x01: REGIMM,
  0x02: branch('j', jump(false)),
  0x03: branch('jal', jump(true)),
  0x04: branch('beq', branchCompare('eq', false)),
  0x05: branch('bne', branchCompare('ne', false)),
  0x06: branch('blez', branchZero('le_s', false, false)),
  0x07: branch('bgtz', branchZero('gt_s', false, false)),
  0x08: insn('addi', alu.arith('add', 'w', true, true)),
  0x09: insn('addiu', alu.arith('add', 'w', true, false)),
  0x0a: insn('slti', alu.setLess('lt_s', true)),
  0x0b: insn('sltiu', alu.setLess('lt_u', true)),
  0x0c: insn('andi', alu.logicalImm('and')),
  0x0d: insn('ori', alu.logicalImm('or')),
  0x0e: insn('xori', alu.logicalImm('xor')),
  0x0f: insn('lui', alu.lui),
  0x11: COP1,
  0x13: COP1X,
  0x14: branch('beql', branchCompare('eq', true)),
  0x15: branch('bnel', branchCompare('ne', true)),
  0x16: branch('blezl', branchZero('le_s', true, false)),
  0x17: branch('bgtzl', branchZero('gt_s', true, false)),
  0x18: insn64('daddi', alu.arith('add', 'd', true, true)),
  0x19: insn64('daddiu', alu.arith('add', 'd', true, false)),
  0x1a: insn64('ldl', loadPartial('left', 8)),
  0x1b: insn64('ldr', loadPartial('right', 8)),
  0x1c: SPECIAL2,
  0x1f: SPECIAL3,
  0x20: insn('lb', load(1, true)),
  0x21: insn('lh', load(2, true)),
  0x22: insn('lwl', loadPartial('left', 4)),
  0x23: insn('lw', load(4, true)),
  0x24: insn('lbu', load(1, false)),
  0x25: insn('lhu', load(2, false)),
  0x26: insn('lwr', loadPartial('right', 4)),
  0x27: insn64('lwu', load(4, false)),
  0x28: insn('sb', store(1)),
  0x29: insn('sh', store(2)),
  0x2a: insn('swl', storePartial('left', 4)),
  0x2b: insn('sw', store(4)),
  0x2c: insn64('sdl', storePartial('left', 8)),
  0x2d: insn64('sdr', storePartial('right', 8)),
  0x2e: insn('swr', storePartial('right', 4)),
  0x30: insn('ll', loadLinked(4)),
  0x31: insn('lwc1', loadFpu(4, false)),
  0x33: insn('pref', nop),
  0x34: insn64('lld', loadLinked(8)),
  0x35: insn('ldc1', loadFpu(8, false)),
  0x37: insn64('ld', load(8, true)),
  0x38: insn('sc', storeConditional(4)),
  0x39: insn('swc1', storeFpu(4, false)),
  0x3c: insn64('scd', storeConditional(8)),
  0x3d: insn('sdc1', storeFpu(8, false)),
  0x3f: insn64('sd', store(8)),
});

/** The instruction a word encodes on a 32- or 64-bit MIPS, or null when it is reserved. */
export function decode(word: number, is64: boolean): InsnDef | null {
  return lookup(OPCODE, word, is64);
}
