// Compares NEON instructions with qemu-arm: a static program loads d0-d31, r0-r8 and FPSCR with
// given values, runs the instructions and records d0-d31, FPSCR and r0-r8 after each one (and at
// the end a 512-byte buffer that r9 points into the middle of); the frontend runs the same
// program in both tiers (elf-runner.ts). The result names the first instruction whose state
// differs, and how.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runElf, runQemu } from './elf-runner.js';

const workDir = mkdtempSync(join(tmpdir(), 'arm-neon-'));
process.on('exit', () => rmSync(workDir, { recursive: true, force: true }));
let serial = 0;

export interface NeonInit { d: bigint[]; r: number[]; fpscr: number; buf: number[] }

const RECORD = 'vstmia r11!, {d0-d15}\n  vstmia r11!, {d16-d31}\n  vmrs r12, fpscr\n  str r12, [r11], #4\n  stmia r11!, {r0-r8}';
const WORDS = 64 + 1 + 9;
const BUF = 512;

function program(insns: readonly string[], isa: 'arm' | 'thumb', init: NeonInit): string {
  return `.syntax unified
.${isa}
.fpu neon-vfpv4
.text
.global _start
.type _start, %function
_start:
  movw r0, #:lower16:init
  movt r0, #:upper16:init
  vldmia r0!, {d0-d15}
  vldmia r0!, {d16-d31}
  ldr r1, [r0], #4
  vmsr fpscr, r1
  ldm r0, {r0-r8}
  movw r9, #:lower16:buf + ${BUF / 2}
  movt r9, #:upper16:buf + ${BUF / 2}
  movw r11, #:lower16:out
  movt r11, #:upper16:out
  ${RECORD}
${insns.map((i) => `  ${i}\n  ${RECORD}`).join('\n')}
  movw r1, #:lower16:out
  movt r1, #:upper16:out
  sub r2, r11, r1
  mov r0, #1
  mov r7, #4
  svc 0
  movw r1, #:lower16:buf
  movt r1, #:upper16:buf
  mov r2, #${BUF}
  mov r0, #1
  mov r7, #4
  svc 0
  mov r0, #0
  mov r7, #1
  svc 0
.data
.align 3
init: .quad ${init.d.map((v) => `0x${BigInt.asUintN(64, v).toString(16)}`).join(', ')}
  .word ${init.fpscr >>> 0}, ${init.r.map((v) => v >>> 0).join(', ')}
buf: .word ${init.buf.map((v) => v >>> 0).join(', ')}
out: .space ${(insns.length + 1) * WORDS * 4}
`;
}

function build(src: string): string {
  const base = join(workDir, `p${serial++}`);
  writeFileSync(`${base}.s`, src);
  const as = spawnSync('arm-linux-gnueabihf-as', ['-march=armv7ve', '-o', `${base}.o`, `${base}.s`], { encoding: 'utf8' });
  if (as.status !== 0) throw new Error(`as: ${as.stderr.slice(0, 2000)}`);
  const ld = spawnSync('arm-linux-gnueabihf-ld', ['-static', '-o', base, `${base}.o`], { encoding: 'utf8' });
  if (ld.status !== 0) throw new Error(`ld: ${ld.stderr}`);
  return base;
}

const words = (s: string): number[] => { const b = Buffer.from(s, 'latin1'); return [...Array(b.length >> 2).keys()].map((k) => b.readUInt32LE(4 * k)); };
const hex = (v: number): string => `0x${(v >>> 0).toString(16)}`;

function slotName(k: number): string {
  if (k < 64) return `d${k >> 1}.${k & 1 ? 'hi' : 'lo'}`;
  return k === 64 ? 'fpscr' : `r${k - 65}`;
}

/** The first difference between the frontend's records (both tiers) and qemu-arm's, or null. */
export function compareWithQemu(insns: readonly string[], isa: 'arm' | 'thumb', init: NeonInit): string | null {
  const prog = build(program(insns, isa, init));
  const want = words(runQemu(prog));
  for (const threshold of [1_000_000, 2]) {
    const tier = threshold === 2 ? 'JIT' : 'interpreter';
    let gotText: string;
    try { gotText = runElf(prog, threshold); } catch (err) { return `${isa} ${tier}: ${(err as Error).message}`; }
    const got = words(gotText);
    for (let i = 0; i <= insns.length; i++) {
      for (let k = 0; k < WORDS; k++) {
        const a = got[i * WORDS + k], b = want[i * WORDS + k];
        if (a !== b) return `${isa} ${tier}: after ${i ? `'${insns[i - 1]}'` : 'the start'}: ${slotName(k)} ${a === undefined ? 'missing' : hex(a)}, qemu-arm ${b === undefined ? 'missing' : hex(b)}`;
      }
    }
    const extra = (insns.length + 1) * WORDS;
    for (let k = extra; k < want.length; k++) if (got[k] !== want[k]) return `${isa} ${tier}: buffer word ${k - extra}: ${hex(got[k]!)}, qemu-arm ${hex(want[k]!)}`;
    if (got.length !== want.length) return `${isa} ${tier}: ${got.length} words written, qemu-arm ${want.length}`;
  }
  return null;
}

/** A deterministic generator of register contents with the values float rules are about. */
export class Values {
  constructor(private s: number) {}
  next(): number { this.s ^= this.s << 13; this.s ^= this.s >>> 17; this.s ^= this.s << 5; return this.s >>> 0; }
  int(n: number): number { return this.next() % n; }
  pick<T>(xs: readonly T[]): T { return xs[this.int(xs.length)]!; }
  /** A 32-bit lane: anything, a float special, an ordinary float or a small integer. */
  lane(): number {
    switch (this.int(5)) {
      case 0: return this.next();
      case 1: return this.pick([0x7fc00001, 0x7f800001, 0xff800000, 0x7f800000, 0x00000001, 0x807fffff, 0x80000000, 0, 0x00800000, 0x7f7fffff, 0x3f800000, 0x4f800000, 0xcf000000]);
      case 2: { const dv = new DataView(new ArrayBuffer(4)); dv.setFloat32(0, (this.next() - 2 ** 31) / 2 ** (this.int(40))); return dv.getUint32(0); }
      case 3: return this.pick([0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff, this.int(256), -this.int(256)]);
      default: return this.next() & this.pick([0xff00ff, 0x80808080, 0xffff, 0x7f7f7f7f]);
    }
  }
  init(): NeonInit {
    const d = [...Array(32)].map(() => (BigInt(this.lane() >>> 0) << 32n) | BigInt(this.lane() >>> 0));
    const r = [...Array(9)].map(() => this.lane());
    r[8] = 4 * (this.int(16) - 8); // a post-index register: r9 stays inside the buffer
    // FPSCR: any rounding mode, FZ, DN (NEON must ignore them), sometimes QC and IXC already set.
    const fpscr = (this.int(4) << 22) | (this.int(2) << 24) | (this.int(2) << 25) | (this.int(4) ? 0 : 1 << 27) | (this.int(2) ? 0 : 0x10);
    return { d, r, fpscr, buf: [...Array(BUF / 4)].map(() => this.next()) };
  }
}
