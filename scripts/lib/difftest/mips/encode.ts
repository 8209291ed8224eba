// MIPS instruction words from their fields (R-type and I-type layouts).

export const OP = { SPECIAL: 0x00, SPECIAL2: 0x1c, SPECIAL3: 0x1f } as const;

/** opcode | rs | rt | rd | sa | funct */
export function rtype(op: number, rs: number, rt: number, rd: number, sa: number, funct: number): number {
  return ((op << 26) | (rs << 21) | (rt << 16) | (rd << 11) | ((sa & 31) << 6) | funct) >>> 0;
}

/** opcode | rs | rt | imm16 */
export function itype(op: number, rs: number, rt: number, imm: number): number {
  return ((op << 26) | (rs << 21) | (rt << 16) | (imm & 0xffff)) >>> 0;
}
