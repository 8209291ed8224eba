// Load/store classes (a32-ldst, t32-ldst): every addressing form of LDR/STR (B, H, SB, SH, D,
// T) with immediate and register offsets, negative offsets, pre- and post-indexed writeback;
// LDM/STM (IA/IB/DA/DB), PUSH/POP, the T32 16-bit forms, PC-relative loads, PLD/PLI; VLDR/VSTR,
// VLDM/VSTM, VPUSH/VPOP and the Advanced SIMD multiple-structure VLDn/VSTn. Every access stays
// in the scratch buffer: r7, r9 and r11 are fixed bases, r6 and r8 small index registers, r10
// and sp walk through the buffer and the generator tracks where they point.
import type { InsnClass } from '../types.js';
import { type Isa, SCRATCH_ADDR } from './machine.js';
import { Seq } from './seq.js';

const DATA = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r12', 'lr'];
const LOW_DATA = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5'];
const FIXED_BASES = ['r9', 'r11'];

/** A case with its base registers: where r10 and sp point (offsets into the scratch buffer). */
class Mem {
  walk = 512;
  sp = 384;
  r8 = 0;
  r6 = 0;
  constructor(readonly s: Seq) {
    s.pin('r9', SCRATCH_ADDR + 512);
    s.pin('r11', SCRATCH_ADDR + 256);
    s.pin('r7', SCRATCH_ADDR + 128);
    this.r8 = 4 * s.int(8);
    this.r6 = 4 * s.int(16);
    s.pin('r8', this.r8);
    s.pin('r6', this.r6);
    s.pin('r10', SCRATCH_ADDR + this.walk);
    s.pinned.add('sp');
  }
  /** A writeback amount (a multiple of `align`, at most `max` away) that keeps r10 inside [64, 960 - room]. */
  step(max: number, align: number, room = 32): number {
    let d = align * (this.s.int(2 * Math.floor(max / align) + 1) - Math.floor(max / align));
    if (this.walk + d < 64 || this.walk + d > 960 - room) d = -d;
    this.walk += d;
    return d;
  }
}

const off = (s: Seq, max: number, align = 1): number => align * (s.int(2 * Math.floor(max / align) + 1) - Math.floor(max / align));
/** A register range `{first..first+n-1}` of D or S registers (a single register for one). */
const range = (kind: string, first: number, n: number): string => (n === 1 ? `${kind}${first}` : `${kind}${first}-${kind}${first + n - 1}`);
const imm = (v: number): string => (v < 0 ? `#-${-v}` : `#${v}`);
const list = (s: Seq, regs: readonly string[], min = 1): string[] => {
  const l = regs.filter(() => s.bool());
  while (l.length < min) { const r = s.pick(regs); if (!l.includes(r)) l.push(r); }
  return regs.filter((r) => l.includes(r));
};

type Form = (s: Seq, m: Mem) => string | null;

const FORMS: Form[] = [
  (s) => `${s.pick(['ldr', 'ldrb', 'ldrh', 'ldrsb', 'ldrsh', 'str', 'strb', 'strh'])} ${s.pick(DATA)}, [${s.pick(FIXED_BASES)}, ${imm(off(s, 255))}]`,
  (s) => `${s.pick(['ldr', 'ldrb', 'str', 'strb'])} ${s.pick(DATA)}, [${s.pick(FIXED_BASES)}, ${imm(off(s, 255))}]`,
  (s) => {
    // A32 LDRH/LDRSH/LDRSB/STRH take no shifted index; T32 shifts by LSL 0-3 only.
    const op = s.pick(['ldr', 'ldrb', 'str', 'strb', 'ldrh', 'ldrsh', 'ldrsb', 'strh']);
    const shift = (s.thumb || op.length <= 4 && !op.endsWith('h')) && s.bool() ? `, lsl #${s.int(4)}` : '';
    return `${op} ${s.pick(DATA)}, [${s.pick(FIXED_BASES)}, r8${shift}]`;
  },
  (s) => (s.thumb ? null : `${s.pick(['ldr', 'ldrb', 'str', 'strb'])} ${s.pick(DATA)}, [${s.pick(FIXED_BASES)}, -r8${s.bool() ? `, ${s.pick(['lsl', 'lsr', 'asr', 'ror'])} #${1 + s.int(3)}` : ''}]`.replace(/, (lsr|asr|ror) #\d\]/, ']')),
  (s) => (s.thumb ? null : `${s.pick(['ldrh', 'ldrsh', 'ldrsb', 'strh', 'ldrd', 'strd'])} ${s.pick(DATA)}, [${s.pick(FIXED_BASES)}, ${s.bool() ? '-' : ''}r8]`.replace(/^(ldrd|strd) \S+,/, (_x, op) => `${op} ${s.pick(['r0, r1', 'r2, r3', 'r4, r5'])},`)),
  (s, m) => `${s.pick(['ldr', 'ldrb', 'ldrh', 'ldrsb', 'ldrsh', 'str', 'strb', 'strh'])} ${s.pick(DATA)}, [r10, ${imm(m.step(32, 4))}]!`,
  (s, m) => `${s.pick(['ldr', 'ldrb', 'ldrh', 'ldrsb', 'ldrsh', 'str', 'strb', 'strh'])} ${s.pick(DATA)}, [r10], ${imm(m.step(32, 4))}`,
  (s, m) => { if (s.thumb) return null; const neg = s.bool(); m.walk += neg ? -m.r8 : m.r8; if (m.walk < 64 || m.walk > 928) { m.walk -= neg ? -m.r8 : m.r8; return null; } return `${s.pick(['ldr', 'ldrb', 'str', 'strb', 'ldrh', 'strh', 'ldrsb'])} ${s.pick(DATA)}, [r10], ${neg ? '-' : ''}r8`; },
  (s) => `${s.pick(['ldrd', 'strd'])} ${pair(s)}, [${s.pick(FIXED_BASES)}, ${imm(off(s, 252, 4))}]`,
  (s, m) => (s.bool() ? `${s.pick(['ldrd', 'strd'])} ${pair(s)}, [r10, ${imm(m.step(32, 4))}]!` : `${s.pick(['ldrd', 'strd'])} ${pair(s)}, [r10], ${imm(m.step(32, 4))}`),
  (s, m) => {
    const modes = s.thumb ? ['ia', 'db'] : ['ia', 'ib', 'da', 'db'];
    const mode = s.pick(modes), regs = list(s, DATA, s.thumb ? 2 : 1);
    const wb = s.bool();
    if (!wb) return `${s.pick(['ldm', 'stm'])}${mode} ${s.pick(FIXED_BASES)}, {${regs.join(', ')}}`;
    const d = (mode[0] === 'i' ? 4 : -4) * regs.length;
    if (m.walk + d < 64 || m.walk + d > 900) return null;
    m.walk += d;
    return `${s.pick(['ldm', 'stm'])}${mode} r10!, {${regs.join(', ')}}`;
  },
  (s, m) => {
    const push = s.bool(), regs = list(s, DATA);
    const d = 4 * regs.length;
    if (push ? m.sp - d < 128 : m.sp + d > 640) return null;
    m.sp += push ? -d : d;
    return `${push ? 'push' : 'pop'} {${regs.join(', ')}}`;
  },
  (s, m) => `${s.pick(['ldr', 'str'])} ${s.pick(s.thumb ? LOW_DATA : DATA)}, [sp, #${4 * s.int(Math.min(64, (1020 - m.sp) >> 2))}]`,
  (s) => `${s.pick(['ldr', 'str'])} ${s.pick(LOW_DATA)}, [r7, #${4 * s.int(32)}]`,
  (s) => `${s.pick(['ldrb', 'strb'])} ${s.pick(LOW_DATA)}, [r7, #${s.int(32)}]`,
  (s) => `${s.pick(['ldrh', 'strh'])} ${s.pick(LOW_DATA)}, [r7, #${2 * s.int(32)}]`,
  (s) => `${s.pick(['ldr', 'ldrb', 'ldrh', 'ldrsb', 'ldrsh', 'str', 'strb', 'strh'])} ${s.pick(LOW_DATA)}, [r7, r6]`,
  (s, m) => (s.thumb ? `${s.pick(['ldrt', 'ldrbt', 'ldrht', 'ldrsbt', 'ldrsht', 'strt', 'strbt', 'strht'])} ${s.pick(DATA)}, [r9, #${s.int(256)}]`
    : `${s.pick(['ldrt', 'ldrbt', 'strt', 'strbt', 'ldrht', 'strht', 'ldrsbt'])} ${s.pick(DATA)}, [r10], ${imm(m.step(32, 4))}`),
  (s) => `${s.thumb ? 'ldr.w' : 'ldr'} ${s.pick(DATA)}, [pc, #-${4 * (1 + s.int(200))}]`,
  (s) => `${s.pick(['pld', 'pli', 'pldw'])} [${s.pick(FIXED_BASES)}, ${imm(off(s, 255))}]`,
  (s) => `${s.pick(['vldr', 'vstr'])} ${s.bool() ? `d${s.int(32)}` : `s${s.int(32)}`}, [${s.pick(FIXED_BASES)}, ${imm(off(s, 252, 4))}]`,
  (s, m) => {
    const n = 1 + s.int(4), first = s.int(33 - n), regs = range(s.bool() ? 'd' : 's', first, n);
    const ia = s.bool(), d = (ia ? 1 : -1) * n * (regs.startsWith('d') ? 8 : 4);
    if (s.bool() || m.walk + d < 64 || m.walk + d > 900) return `${s.pick(['vldmia', 'vstmia'])} ${s.pick(FIXED_BASES)}, {${regs}}`;
    m.walk += d;
    return `${s.pick(['vldm', 'vstm'])}${ia ? 'ia' : 'db'} r10!, {${regs}}`;
  },
  (s, m) => {
    const push = s.bool(), n = 1 + s.int(4), first = s.int(33 - n), d = 8 * n;
    if (push ? m.sp - d < 128 : m.sp + d > 640) return null;
    m.sp += push ? -d : d;
    return `${push ? 'vpush' : 'vpop'} {${range('d', first, n)}}`;
  },
  (s, m) => {
    // Multiple structures: VLDn/VSTn with one to four registers, spaced by one or two.
    const n = 1 + s.int(4), sz = s.pick([8, 16, 32]), spacing = n === 1 ? 1 : 1 + s.int(2);
    const regsN = n === 1 ? 1 + s.int(4) : n;
    const first = s.int(32 - (regsN - 1) * spacing);
    const regs = [...Array(regsN).keys()].map((k) => `d${first + k * spacing}`).join(', ');
    const op = `${s.pick(['vld', 'vst'])}${n}.${sz === 8 && n === 1 && s.bool() ? 64 : sz}`;
    const bytes = 8 * regsN;
    if (s.bool()) return `${op} {${regs}}, [${s.pick(FIXED_BASES)}]`;
    if (m.walk + bytes > 900) return `${op} {${regs}}, [${s.pick(FIXED_BASES)}${s.bool() ? ':64' : ''}]`;
    if (s.bool()) { m.walk += bytes; return `${op} {${regs}}, [r10]!`; }
    m.walk += m.r8;
    return `${op} {${regs}}, [r10], r8`;
  },
  (s, m) => {
    // Single structures: one lane (VLDn/VSTn) or all lanes (VLDn, replicated), n registers spaced by one or two.
    const n = 1 + s.int(4), e = s.pick([8, 16, 32]), spacing = n === 1 || e === 8 ? 1 : 1 + s.int(2);
    const first = s.int(32 - (n - 1) * spacing), all = s.bool(0.3);
    const lane = all ? '[]' : `[${s.int(64 / e)}]`;
    const regs = [...Array(n).keys()].map((k) => `d${first + k * spacing}${lane}`).join(', ');
    const op = `${all ? 'vld' : s.pick(['vld', 'vst'])}${n}.${e}`;
    // Writeback by the access size would leave r10 unaligned: post-index by r8 (a multiple of 4).
    if (s.bool() || m.walk + m.r8 > 900) return `${op} {${regs}}, [${s.pick(FIXED_BASES)}]`;
    m.walk += m.r8;
    return `${op} {${regs}}, [r10], r8`;
  },
];

/** An LDRD/STRD register pair: A32 an even register and the next, T32 any two distinct ones. */
function pair(s: Seq): string {
  if (!s.thumb) return s.pick(['r0, r1', 'r2, r3', 'r4, r5']);
  const a = s.pick(DATA);
  let b = s.pick(DATA);
  while (b === a) b = s.pick(DATA);
  return `${a}, ${b}`;
}

export function ldstClass(isa: Isa, cpu: readonly string[]): InsnClass {
  return {
    name: `${isa}-ldst`,
    referenceArgs: cpu,
    generate(rng) {
      const s = new Seq(rng, isa, 8 + rng.below(12));
      const m = new Mem(s);
      while (!s.full) {
        const text = s.pick(FORMS)(s, m);
        if (text === null) continue;
        if (s.int(6) === 0 && !/^(v|push|pop|pld|pli)/.test(text)) s.emitCond([text]);
        else s.emit(text);
      }
      return s.finish();
    },
  };
}
