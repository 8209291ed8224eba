// Test harness: assemble MIPS snippets with the cross assembler, run them on the core Engine in
// both tiers (interpreter and wasm JIT) until the BREAK that ends each snippet, check that the
// tiers agree, and expose the final state. Every behavioural test runs on all four variants it applies to.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frontend } from '../../../runtime/arch/types.js';
import type { EngineOptions, ExitEvent } from '../../../runtime/core/api.js';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../../../runtime/core/api.js';
import { Engine } from '../../../runtime/core/engine.js';
import { GuestMemory } from '../../../runtime/core/memory.js';
import type { CpuThread } from '../../../runtime/core/thread.js';
import {
  fprSlot, gprSlot, MIPS_SLOT, mips64elFrontend, mips64Frontend, mipselFrontend, mipsFrontend,
} from '../../../runtime/frontend/mips/index.js';

export const CODE_BASE = 0x10000;
export const DATA = 0x200000;
export const DATA_SIZE = 0x10000;
const BREAK = 0x0000000d;

export interface Variant {
  name: string;
  frontend: Frontend;
  bits: 32 | 64;
  le: boolean;
}

export const VARIANTS: Variant[] = [
  { name: 'mips', frontend: mipsFrontend, bits: 32, le: false },
  { name: 'mipsel', frontend: mipselFrontend, bits: 32, le: true },
  { name: 'mips64', frontend: mips64Frontend, bits: 64, le: false },
  { name: 'mips64el', frontend: mips64elFrontend, bits: 64, le: true },
];
export const VARIANTS64 = VARIANTS.filter((v) => v.bits === 64);

const workDir = mkdtempSync(join(tmpdir(), 'mips-test-'));
process.on('exit', () => rmSync(workDir, { recursive: true, force: true }));
let fileNo = 0;
const assembled = new Map<string, Uint8Array>();

const TOOLS = {
  32: { as: 'mips-linux-gnu-as', args: ['-march=mips32r2', '-mfp32'], prefix: 'mips-linux-gnu-' },
  64: { as: 'mips64-linux-gnuabi64-as', args: ['-march=mips64r2', '-mabi=64'], prefix: 'mips64-linux-gnuabi64-' },
} as const;

const PRELUDE = '.text\n.set noreorder\n.set noat\n';
const snippetLabel = (k: number): string => `__snippet_${k}`;

function tool(v: Variant, tool: 'as' | 'objcopy' | 'nm', args: string[]): string {
  const t = TOOLS[v.bits];
  const exe = tool === 'as' ? t.as : `${t.prefix}${tool}`;
  const r = spawnSync(exe, tool === 'as' ? [...t.args, v.le ? '-EL' : '-EB', ...args] : args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${exe} failed: ${r.stderr}`);
  return r.stdout;
}

/**
 * Assemble snippets (noreorder: delay slots are exactly as written) for one variant in a single
 * assembler run, caching each snippet's .text bytes. Bytes are in the variant's order (macros
 * such as ulw expand differently per endianness).
 */
export function prepare(variants: readonly Variant[], srcs: readonly string[]): void {
  for (const v of variants) {
    const todo = [...new Set(srcs)].filter((src) => !assembled.has(`${v.name}\n${src}`));
    if (todo.length === 0) continue;
    const base = join(workDir, `s${fileNo++}`);
    const body = todo.map((src, k) => `${snippetLabel(k)}:\n${src}\n`).join('');
    writeFileSync(`${base}.s`, `${PRELUDE}${body}${snippetLabel(todo.length)}:\n`);
    tool(v, 'as', ['-o', `${base}.o`, `${base}.s`]);
    tool(v, 'objcopy', ['-O', 'binary', '-j', '.text', `${base}.o`, `${base}.bin`]);
    const at = new Map<string, number>();
    for (const line of tool(v, 'nm', [`${base}.o`]).split('\n')) {
      const [addr, , name] = line.trim().split(/\s+/);
      if (name?.startsWith('__snippet_')) at.set(name, parseInt(addr!, 16));
    }
    const bytes = new Uint8Array(readFileSync(`${base}.bin`));
    todo.forEach((src, k) => {
      assembled.set(`${v.name}\n${src}`, bytes.slice(at.get(snippetLabel(k))!, at.get(snippetLabel(k + 1))!));
    });
  }
}

export function assemble(src: string, v: Variant): Uint8Array {
  prepare([v], [src]);
  return assembled.get(`${v.name}\n${src}`)!;
}

/** Instruction words in the variant's byte order. */
export function codeBytes(words: readonly number[], le: boolean): Uint8Array {
  const out = new Uint8Array(words.length * 4);
  const dv = new DataView(out.buffer);
  words.forEach((w, k) => dv.setUint32(k * 4, w >>> 0, le));
  return out;
}

export interface Init {
  r?: Record<number, bigint | number>;
  hi?: bigint | number;
  lo?: bigint | number;
  /** Raw 64-bit FPR slot contents. */
  f?: Record<number, bigint>;
  fcsr?: number;
  ulr?: bigint | number;
  /** Bytes to place at DATA. */
  data?: Uint8Array;
  /** The engine's native-bypass hook (engines are kept per hook). */
  lowerNative?: EngineOptions['lowerNative'];
}

export interface Result {
  event: ExitEvent;
  /** GPR as a signed value of the variant's width (so 32-bit results compare equal on all four). */
  r(n: number): bigint;
  hi(): bigint;
  lo(): bigint;
  /** Raw 64-bit contents of the FPR slot. */
  f(n: number): bigint;
  fcsr(): number;
  mem: GuestMemory;
  thread: CpuThread;
}

interface Machine { mem: GuestMemory; engines: Map<EngineOptions['lowerNative'], Engine>; nextCode: number }

// Every snippet runs interpreted and compiled to wasm (one machine each, code placed at the
// same addresses), and the two final states must agree.
const TIERS = { interpreter: 1e9, jit: 0 } as const;
type TierName = keyof typeof TIERS;
const machines = new Map<string, Machine>();

function machine(v: Variant, tier: TierName): Machine {
  const key = `${v.name}/${tier}`;
  let m = machines.get(key);
  if (m) return m;
  const mem = new GuestMemory(!v.le);
  mem.setProt(DATA, DATA_SIZE, PROT_READ | PROT_WRITE);
  m = { mem, engines: new Map(), nextCode: CODE_BASE };
  machines.set(key, m);
  return m;
}

function engine(v: Variant, m: Machine, tier: TierName, lowerNative: EngineOptions['lowerNative']): Engine {
  let e = m.engines.get(lowerNative);
  if (!e) {
    e = new Engine(v.frontend, m.mem, { jitThreshold: TIERS[tier], ...(lowerNative ? { lowerNative } : {}) });
    m.engines.set(lowerNative, e);
  }
  return e;
}

/** Where the next run() on this variant places its code (for tests of absolute jumps). */
export function nextCodeAddress(v: Variant): number { return machine(v, 'interpreter').nextCode; }

function runOn(v: Variant, tier: TierName, bytes: Uint8Array, init: Init): Result {
  const m = machine(v, tier);
  const at = m.nextCode;
  const pages = Math.ceil((bytes.length + 4) / 4096);
  m.nextCode += pages * 4096;
  m.mem.setProt(at, pages * 4096, PROT_READ | PROT_WRITE);
  m.mem.writeBytes(at, bytes);
  m.mem.write32(at + bytes.length, BREAK); // in case the snippet falls through
  m.mem.setProt(at, pages * 4096, PROT_READ | PROT_EXEC);
  m.mem.zero(DATA, DATA_SIZE);
  if (init.data) m.mem.writeBytes(DATA, init.data);

  const eng = engine(v, m, tier, init.lowerNative);
  const t = eng.newThread() as CpuThread;
  const word = (x: bigint | number): bigint => BigInt.asUintN(v.bits, BigInt(x));
  for (const [n, val] of Object.entries(init.r ?? {})) t.set(gprSlot(Number(n)), narrow(v, word(val)));
  if (init.hi !== undefined) t.set(MIPS_SLOT.hi, narrow(v, word(init.hi)));
  if (init.lo !== undefined) t.set(MIPS_SLOT.lo, narrow(v, word(init.lo)));
  if (init.ulr !== undefined) t.set(MIPS_SLOT.ulr, narrow(v, word(init.ulr)));
  t.set(MIPS_SLOT.fcsr, init.fcsr ?? 0);
  const off = new Map(v.frontend.state.slots.map((s) => [s.name, s.offset]));
  for (const [n, val] of Object.entries(init.f ?? {})) t.state.setBigUint64(off.get(fprSlot(Number(n)))!, val, true);
  t.pc = at;
  const event = eng.run(t);
  eng.releaseThread(t);
  const signed = (x: number | bigint): bigint => BigInt.asIntN(v.bits, BigInt(x));
  return {
    event,
    mem: m.mem,
    thread: t,
    r: (n) => signed(t.get(gprSlot(n))),
    hi: () => signed(t.get(MIPS_SLOT.hi)),
    lo: () => signed(t.get(MIPS_SLOT.lo)),
    f: (n) => t.state.getBigUint64(off.get(fprSlot(n))!, true),
    fcsr: () => Number(t.get(MIPS_SLOT.fcsr)) >>> 0,
  };
}

/** Everything a snippet can change, for comparing the tiers. */
function snapshot(r: Result): string {
  const n32 = [...Array(32).keys()];
  return JSON.stringify({
    ev: r.event,
    r: n32.map((n) => r.r(n).toString(16)),
    hilo: [r.hi().toString(16), r.lo().toString(16)],
    f: n32.map((n) => r.f(n).toString(16)),
    fcsr: r.fcsr(),
    data: Buffer.from(r.mem.readBytes(DATA, DATA_SIZE)).toString('hex'),
  });
}

/** Run assembly source or raw (variant-ordered) code bytes from a fresh page, in both tiers. */
export function run(v: Variant, code: string | Uint8Array, init: Init = {}): Result {
  const bytes = typeof code === 'string' ? assemble(code, v) : code;
  const interpreted = runOn(v, 'interpreter', bytes, init);
  const compiled = runOn(v, 'jit', bytes, init);
  const a = snapshot(interpreted), b = snapshot(compiled);
  if (a !== b) throw new Error(`${v.name}: interpreter and JIT disagree:\n${a.slice(0, 1500)}\n${b.slice(0, 1500)}`);
  return interpreted;
}

/** i32 slots take numbers, i64 slots bigints. */
function narrow(v: Variant, x: bigint): number | bigint { return v.bits === 64 ? x : Number(BigInt.asIntN(32, x)); }

/** Run and require that the snippet ended at a BREAK (trap with code 0). */
export function runOk(v: Variant, code: string | Uint8Array, init: Init = {}): Result {
  const r = run(v, code, init);
  if (r.event.kind !== 'trap' || r.event.info !== 0) throw new Error(`${v.name}: expected BREAK, got ${JSON.stringify(r.event)}`);
  return r;
}

/** The expected GPR value of a 32-bit result: sign-extended on MIPS64, as Result.r reports it. */
export const w32 = (x: bigint | number): bigint => BigInt.asIntN(32, BigInt(x));
