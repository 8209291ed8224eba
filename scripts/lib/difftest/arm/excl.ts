// Exclusive classes (a32-excl, t32-excl): LDREX/STREX of every size (B, H, word, D) with the
// status register, STREX with no open reservation (fails), CLREX, DMB/DSB/ISB, SWP/SWPB (A32),
// and plain loads and data processing between them. Bases are fixed registers at naturally
// aligned scratch addresses.
// Excluded as UNPREDICTABLE or IMPLEMENTATION DEFINED: a store-exclusive of another size or
// address than the open load-exclusive (whether it succeeds is IMPLEMENTATION DEFINED), a
// plain store or SWP while a reservation is open (whether it clears the local monitor is), a
// status register equal to a data or base register; unaligned exclusives (qemu faults, qemu-ts
// does not model alignment).
import type { InsnClass } from '../types.js';
import { type Isa, SCRATCH_ADDR } from './machine.js';
import { Seq } from './seq.js';

const DATA = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r12', 'lr'];
const BASES: Record<string, number> = { r8: 512, r9: 520, r10: 600, r11: 256 };
const SIZES = ['b', 'h', '', 'd'] as const;
type Size = typeof SIZES[number];

/** The data registers of one access: one, or a pair for D (A32: an even register and the next). */
function dataRegs(s: Seq, size: Size, avoid: readonly string[] = []): string[] {
  const free = DATA.filter((r) => !avoid.includes(r));
  if (size !== 'd') return [s.pick(free)];
  if (!s.thumb) {
    const pairs = [['r0', 'r1'], ['r2', 'r3'], ['r4', 'r5'], ['r6', 'r7']].filter((p) => p.every((r) => free.includes(r)));
    return s.pick(pairs);
  }
  const a = s.pick(free);
  let b = s.pick(free);
  while (b === a) b = s.pick(free);
  return [a, b];
}

export function exclClass(isa: Isa, cpu: readonly string[]): InsnClass {
  return {
    name: `${isa}-excl`,
    referenceArgs: cpu,
    generate(rng) {
      const s = new Seq(rng, isa, 8 + rng.below(10));
      for (const [r, off] of Object.entries(BASES)) s.pin(r, SCRATCH_ADDR + off);
      /** The open reservation: its size and base, or undefined. */
      let open: { size: Size; base: string } | undefined;
      while (!s.full) {
        const base = s.pick(Object.keys(BASES));
        switch (s.int(9)) {
          case 0: case 1: { // LDREX
            const size = s.pick(SIZES), regs = dataRegs(s, size);
            s.emit(`ldrex${size} ${regs.join(', ')}, [${base}]`);
            open = { size, base };
            break;
          }
          case 2: case 3: { // STREX: to the open reservation, or with none open (fails)
            if (open === undefined && s.bool()) break;
            const { size, base: b } = open ?? { size: s.pick(SIZES), base };
            if (open === undefined && s.bool(0.3)) s.emit('clrex');
            const status = s.pick(DATA);
            s.emit(`strex${size} ${status}, ${dataRegs(s, size, [status]).join(', ')}, [${b}]`);
            open = undefined;
            break;
          }
          case 4: { // barriers leave the reservation open, CLREX clears it
            const insn = s.pick(['clrex', 'dmb ish', 'dmb', 'dsb', 'isb', 'dmb ishst', 'dsb sy']);
            s.emit(insn);
            if (insn === 'clrex') open = undefined;
            break;
          }
          case 5: { // a plain load, or (no reservation open) a store or SWP
            const op = open === undefined ? s.pick(['ldr', 'ldrb', 'ldrh', 'str', 'strb', 'strh', 'swp', 'swpb']) : s.pick(['ldr', 'ldrb', 'ldrh']);
            if (op.startsWith('swp')) {
              if (s.thumb) break;
              const [t, t2] = [s.pick(DATA), s.pick(DATA)];
              s.emit(`${op} ${t}, ${t2}, [${base}]`);
            } else s.emit(`${op} ${s.pick(DATA)}, [${base}, #${4 * s.int(8)}]`);
            break;
          }
          default: { // data processing on the loaded values
            const [d, a, b] = [s.pick(DATA), s.pick(DATA), s.pick(DATA)];
            s.emit(`${s.pick(['add', 'eor', 'sub', 'orr', 'and', 'adds', 'eors'])} ${d}, ${a}, ${b}`);
          }
        }
      }
      return s.finish();
    },
  };
}
