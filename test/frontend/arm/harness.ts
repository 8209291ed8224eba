// Test harness: assemble A32 or Thumb snippets with the cross assembler, run them on the core
// Engine in both tiers (interpreter and wasm JIT) until the BKPT that ends each snippet, check
// that the tiers agree, and expose the final state. Blocks are validated (validateIR).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExitEvent } from '../../../runtime/core/api.js';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../../../runtime/core/api.js';
import { Engine } from '../../../runtime/core/engine.js';
import { GuestMemory } from '../../../runtime/core/memory.js';
import type { CpuThread } from '../../../runtime/core/thread.js';
import { armFrontend } from '../../../runtime/frontend/arm/index.js';

export const CODE_BASE = 0x10000;
export const DATA = 0x200000;
export const DATA_SIZE = 0x10000;

export type Isa = 'arm' | 'thumb';

const workDir = mkdtempSync(join(tmpdir(), 'arm-test-'));
process.on('exit', () => rmSync(workDir, { recursive: true, force: true }));
let fileNo = 0;

/** Assemble source into the raw bytes of its .text section. */
export function assemble(src: string, isa: Isa): Uint8Array {
  const base = join(workDir, `s${fileNo++}`);
  writeFileSync(`${base}.s`, `.syntax unified\n.${isa}\n.text\n${src}\n`);
  const as = spawnSync('arm-linux-gnueabihf-as', ['-march=armv7ve', '-mfpu=neon-vfpv4', '-o', `${base}.o`, `${base}.s`], { encoding: 'utf8' });
  if (as.status !== 0) throw new Error(`as failed: ${as.stderr}`);
  const cp = spawnSync('arm-linux-gnueabihf-objcopy', ['-O', 'binary', '-j', '.text', `${base}.o`, `${base}.bin`], { encoding: 'utf8' });
  if (cp.status !== 0) throw new Error(`objcopy failed: ${cp.stderr}`);
  return new Uint8Array(readFileSync(`${base}.bin`));
}

export interface Init {
  r?: Record<number, number>;
  /** NZCV as a 4-bit number. */
  nzcv?: number;
  q?: number;
  ge?: number;
  itstate?: number;
  fpscr?: number;
  tpidruro?: number;
  /** Raw 64-bit D register contents. */
  d?: Record<number, bigint>;
  data?: Uint8Array;
}

export interface Result {
  event: ExitEvent;
  /** Rn as an unsigned 32-bit number. */
  r(n: number): number;
  nzcv(): number;
  q(): number;
  ge(): number;
  itstate(): number;
  fpscr(): number;
  /** Raw D register bits. */
  d(n: number): bigint;
  /** Single-precision register Sn's bits. */
  s(n: number): number;
  /** The pc slot (translation key) after the run. */
  pc(): number;
  /** Where the snippet's code was placed. */
  at: number;
  mem: GuestMemory;
  thread: CpuThread;
}

interface Machine { mem: GuestMemory; engine: Engine; nextCode: number }
const machines = new Map<number, Machine>();
function machine(jitThreshold: number): Machine {
  let m = machines.get(jitThreshold);
  if (m) return m;
  const mem = new GuestMemory(false);
  mem.setProt(DATA, DATA_SIZE, PROT_READ | PROT_WRITE);
  m = { mem, engine: new Engine(armFrontend, mem, { jitThreshold, validateIR: true }), nextCode: CODE_BASE };
  machines.set(jitThreshold, m);
  return m;
}

const INTERPRET = 1_000_000, COMPILE = 0;
const BKPT = { arm: [0x70, 0x00, 0x20, 0xe1], thumb: [0x00, 0xbe, 0x00, 0xbe] } as const;

function runOn(m: Machine, bytes: Uint8Array, isa: Isa, init: Init): Result {
  const pages = Math.ceil((bytes.length + 8) / 4096);
  // Code pages are reused once they reach DATA: rewriting them drops their translations.
  if (m.nextCode + pages * 4096 > DATA) m.nextCode = CODE_BASE;
  const at = m.nextCode;
  m.nextCode += pages * 4096;
  m.mem.setProt(at, pages * 4096, PROT_READ | PROT_WRITE);
  m.mem.writeBytes(at, bytes);
  m.mem.writeBytes(at + bytes.length, Uint8Array.from(BKPT[isa])); // in case the snippet falls through
  m.mem.setProt(at, pages * 4096, PROT_READ | PROT_EXEC);
  m.mem.zero(DATA, DATA_SIZE);
  if (init.data) m.mem.writeBytes(DATA, init.data);

  const t = m.engine.newThread() as CpuThread;
  for (let n = 0; n < 15; n++) t.set(`r${n}`, 0);
  for (const [n, val] of Object.entries(init.r ?? {})) t.set(`r${n}`, val | 0);
  const nzcv = init.nzcv ?? 0;
  (['n', 'z', 'c', 'v'] as const).forEach((f, k) => t.set(f, (nzcv >> (3 - k)) & 1));
  t.set('q', init.q ?? 0);
  t.set('ge', init.ge ?? 0);
  t.set('itstate', init.itstate ?? 0);
  t.set('fpscr', init.fpscr ?? 0);
  t.set('tpidruro', init.tpidruro ?? 0);
  t.set('excl_addr', -1);
  for (let n = 0; n < 32; n++) t.set(`d${n}`, init.d?.[n] ?? 0n);
  t.pc = at + (isa === 'thumb' ? 1 : 0);
  const event = m.engine.run(t);
  m.engine.releaseThread(t);
  const u = (v: number | bigint): number => Number(v) >>> 0;
  const d = (n: number): bigint => BigInt.asUintN(64, BigInt(t.get(`d${n}`)));
  return {
    event, at, mem: m.mem, thread: t,
    r: (n) => u(t.get(`r${n}`)),
    nzcv: () => (['n', 'z', 'c', 'v'] as const).reduce((acc, f) => (acc << 1) | Number(t.get(f)), 0),
    q: () => u(t.get('q')),
    ge: () => u(t.get('ge')),
    itstate: () => u(t.get('itstate')),
    fpscr: () => u(t.get('fpscr')),
    d,
    s: (n) => Number((d(n >> 1) >> BigInt(32 * (n & 1))) & 0xffffffffn),
    pc: () => u(t.pc),
  };
}

/** Everything a snippet can change, for comparing the tiers (pcs relative to the code). */
function snapshot(r: Result): string {
  const ev = { ...r.event, pc: r.event.pc - r.at };
  const regs = [...Array(15).keys()].map((n) => r.r(n));
  const dregs = [...Array(32).keys()].map((n) => r.d(n).toString(16));
  const data = Buffer.from(r.mem.readBytes(DATA, DATA_SIZE)).toString('hex');
  return JSON.stringify({ ev, regs, nzcv: r.nzcv(), q: r.q(), ge: r.ge(), it: r.itstate(), fpscr: r.fpscr(), dregs, data });
}

/** Run assembly (or raw bytes) from a fresh page in both tiers. */
export function run(code: string | Uint8Array, isa: Isa, init: Init = {}): Result {
  const bytes = typeof code === 'string' ? assemble(code, isa) : code;
  const interpreted = runOn(machine(INTERPRET), bytes, isa, init);
  const compiled = runOn(machine(COMPILE), bytes, isa, init);
  const a = snapshot(interpreted), b = snapshot(compiled);
  if (a !== b) throw new Error(`interpreter and JIT disagree:\n${a.slice(0, 2000)}\n${b.slice(0, 2000)}`);
  return interpreted;
}

/** Run and require that the snippet ended at a BKPT (trap). */
export function runOk(code: string, isa: Isa, init: Init = {}): Result {
  const r = run(code, isa, init);
  if (r.event.kind !== 'trap') throw new Error(`${isa}: expected BKPT, got ${JSON.stringify(r.event)}`);
  return r;
}

/** Both instruction sets: most tests run the same unified-syntax source as A32 and as Thumb. */
export const ISAS: readonly Isa[] = ['arm', 'thumb'];
