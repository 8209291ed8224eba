// Test harness: assemble A64 snippets with the cross assembler, run them on the core Engine
// in both tiers (interpreter and wasm JIT) until the BRK that ends each snippet, check that the
// tiers agree, and expose the final state.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExitEvent } from '../../../runtime/core/api.js';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../../../runtime/core/api.js';
import { Engine } from '../../../runtime/core/engine.js';
import { GuestMemory } from '../../../runtime/core/memory.js';
import type { CpuThread } from '../../../runtime/core/thread.js';
import { aarch64Frontend } from '../../../runtime/frontend/aarch64/index.js';

export const CODE_BASE = 0x10000;
export const DATA = 0x200000;
export const DATA_SIZE = 0x10000;

const workDir = mkdtempSync(join(tmpdir(), 'a64-test-'));
process.on('exit', () => rmSync(workDir, { recursive: true, force: true }));
let fileNo = 0;

/** Assemble A64 source into raw little-endian bytes of its .text section. */
export function assemble(src: string): Uint8Array {
  const base = join(workDir, `s${fileNo++}`);
  writeFileSync(`${base}.s`, `.text\n${src}\n`);
  const as = spawnSync('aarch64-linux-gnu-as', ['-march=armv8.2-a+crc+lse+rcpc', '-o', `${base}.o`, `${base}.s`], { encoding: 'utf8' });
  if (as.status !== 0) throw new Error(`as failed: ${as.stderr}`);
  const cp = spawnSync('aarch64-linux-gnu-objcopy', ['-O', 'binary', '-j', '.text', `${base}.o`, `${base}.bin`], { encoding: 'utf8' });
  if (cp.status !== 0) throw new Error(`objcopy failed: ${cp.stderr}`);
  return new Uint8Array(readFileSync(`${base}.bin`));
}

export interface Init {
  x?: Record<number, bigint | number>;
  sp?: bigint | number;
  /** NZCV as a 4-bit number. */
  nzcv?: number;
  /** 128-bit vector register values. */
  v?: Record<number, bigint>;
  fpcr?: number;
  /** Bytes to place at DATA. */
  data?: Uint8Array;
}

export interface Result {
  event: ExitEvent;
  x(n: number): bigint;
  sp(): bigint;
  nzcv(): number;
  v(n: number): bigint;
  d(n: number): number;
  s(n: number): number;
  mem: GuestMemory;
  thread: CpuThread;
}

interface Machine { mem: GuestMemory; engine: Engine; nextCode: number }

// One machine per tier: every snippet runs interpreted and compiled, and the two must agree.
const machines = new Map<number, Machine>();

function machine(jitThreshold: number): Machine {
  let m = machines.get(jitThreshold);
  if (m) return m;
  const mem = new GuestMemory(false);
  mem.setProt(DATA, DATA_SIZE, PROT_READ | PROT_WRITE);
  m = { mem, engine: new Engine(aarch64Frontend, mem, { jitThreshold }), nextCode: CODE_BASE };
  machines.set(jitThreshold, m);
  return m;
}

const MASK64 = (1n << 64n) - 1n;
const INTERPRET = 1_000_000, COMPILE = 0;

function runOn(m: Machine, bytes: Uint8Array, init: Init): Result {
  const at = m.nextCode;
  const pages = Math.ceil((bytes.length + 4) / 4096);
  m.nextCode += pages * 4096;
  m.mem.setProt(at, pages * 4096, PROT_READ | PROT_WRITE);
  m.mem.writeBytes(at, bytes);
  m.mem.write32(at + bytes.length, 0xd4200000); // BRK #0 in case the snippet falls through
  m.mem.setProt(at, pages * 4096, PROT_READ | PROT_EXEC);
  m.mem.zero(DATA, DATA_SIZE);
  if (init.data) m.mem.writeBytes(DATA, init.data);

  const t = m.engine.newThread() as CpuThread;
  for (const [n, val] of Object.entries(init.x ?? {})) t.set(`x${n}`, BigInt(val) & MASK64);
  t.set('sp', BigInt(init.sp ?? DATA + DATA_SIZE - 256));
  const nzcv = init.nzcv ?? 0;
  (['n', 'z', 'c', 'v'] as const).forEach((f, k) => t.set(f, (nzcv >> (3 - k)) & 1));
  for (const [n, val] of Object.entries(init.v ?? {})) {
    t.set(`v${n}_lo`, val & MASK64);
    t.set(`v${n}_hi`, (val >> 64n) & MASK64);
  }
  t.set('fpcr', init.fpcr ?? 0);
  t.pc = at;
  const event = m.engine.run(t);
  m.engine.releaseThread(t);
  const f64 = new DataView(new ArrayBuffer(8));
  return {
    event,
    mem: m.mem,
    thread: t,
    x: (n) => t.get(`x${n}`) as bigint,
    sp: () => t.get('sp') as bigint,
    nzcv: () => (['n', 'z', 'c', 'v'] as const).reduce((acc, f) => (acc << 1) | Number(t.get(f)), 0),
    v: (n) => (t.get(`v${n}_lo`) as bigint) | ((t.get(`v${n}_hi`) as bigint) << 64n),
    d: (n) => { f64.setBigUint64(0, t.get(`v${n}_lo`) as bigint, true); return f64.getFloat64(0, true); },
    s: (n) => { f64.setUint32(0, Number((t.get(`v${n}_lo`) as bigint) & 0xffffffffn), true); return f64.getFloat32(0, true); },
  };
}

/** Everything a snippet can change, for comparing the tiers (pcs differ: code lands at different pages). */
function snapshot(r: Result): string {
  const ev = { ...r.event, pc: 0 };
  const regs = [...Array(31).keys()].map((n) => r.x(n).toString(16));
  const vregs = [...Array(32).keys()].map((n) => r.v(n).toString(16));
  const data = Buffer.from(r.mem.readBytes(DATA, DATA_SIZE)).toString('hex');
  return JSON.stringify({ ev, regs, sp: r.sp().toString(16), nzcv: r.nzcv(), vregs, data });
}

/** Run raw code words (or assembly source) from a fresh page with the given initial state. */
export function run(code: string | Uint8Array, init: Init = {}): Result {
  const bytes = typeof code === 'string' ? assemble(code) : code;
  const interpreted = runOn(machine(INTERPRET), bytes, init);
  const compiled = runOn(machine(COMPILE), bytes, init);
  const a = snapshot(interpreted), b = snapshot(compiled);
  if (a !== b) throw new Error(`interpreter and JIT disagree:\n${a.slice(0, 2000)}\n${b.slice(0, 2000)}`);
  return interpreted;
}

/** Run and require that the snippet ended at a BRK. */
export function runOk(code: string | Uint8Array, init: Init = {}): Result {
  const r = run(code, init);
  if (r.event.kind !== 'trap') throw new Error(`expected BRK, got ${JSON.stringify(r.event)}`);
  return r;
}

export const u64 = (v: bigint | number): bigint => BigInt.asUintN(64, BigInt(v));
