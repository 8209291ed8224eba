// npm run bench:host: the measurements behind the choice of host implementations for bypassed
// functions (docs/PERFORMANCE.md): bulk copies of the shared guest memory, and one call of
// strlen through wasm, Buffer.indexOf and koffi into the host libc. Medians of 5 rounds, ns/op.
import koffi from 'koffi';
import { GuestMemory } from '../runtime/core/memory.js';
import { THREAD_SLOTS_BASE } from '../runtime/core/layout.js';
import { guestWasmFunctions } from '../runtime/native/bypass.js';
import { runMain } from './lib/cli.js';
import { median } from './lib/guest-run.js';

const ROUNDS = 5;
const BASE = 0x100000;
/** Source of the copies: not 4 KiB-aligned relative to the destination (4K aliasing slows any memmove). */
const SRC = BASE + 0x40940;

function nsPerOp(iterations: number, body: (i: number) => void): number {
  const times: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) body(i);
    times.push(Number(process.hrtime.bigint() - t0) / iterations);
  }
  return median(times);
}

runMain(async () => {
  const mem = new GuestMemory(false);
  mem.setProt(BASE, 1 << 20, 3);
  const buf = mem.buf;
  const rows: [string, string, number][] = [];
  for (const n of [16, 4096, 65536]) {
    const it = Math.max(200, Math.floor(2e7 / n));
    rows.push([`copy ${n} B`, 'Buffer.copyWithin', nsPerOp(it, (i) => { buf.copyWithin(BASE + (i & 7), SRC, SRC + n); })]);
    rows.push([`copy ${n} B`, 'wasm memory.copy', nsPerOp(it, (i) => { mem.copyRaw(BASE + (i & 7), SRC, n); })]);
    rows.push([`fill ${n} B`, 'Buffer.fill', nsPerOp(it, (i) => { buf.fill(i & 0xff, BASE, BASE + n); })]);
    rows.push([`fill ${n} B`, 'wasm memory.fill', nsPerOp(it, (i) => { mem.fillRaw(BASE, i & 0xff, n); })]);
  }
  const strlen = guestWasmFunctions(mem).get('strlen')!;
  const hostStrlen = koffi.load('libc.so.6').func('size_t strlen(const uint8_t *s)');
  const state = THREAD_SLOTS_BASE;
  for (const len of [4, 300]) {
    const s = BASE + 0x80000;
    buf.fill(97, s, s + len);
    buf[s + len] = 0;
    const label = `strlen of ${len} B, one call from JS`;
    rows.push([label, 'wasm (this project)', nsPerOp(200000, () => { strlen(state, s); })]);
    rows.push([label, 'Buffer.indexOf(0)', nsPerOp(200000, () => { buf.indexOf(0, s); })]);
    rows.push([label, 'koffi into host libc', nsPerOp(20000, () => { hostStrlen(buf.subarray(s)); })]);
  }
  console.log(`${'operation'.padEnd(36)} ${'implementation'.padEnd(22)} ns/op (median of ${ROUNDS})`);
  for (const [op, impl, ns] of rows) console.log(`${op.padEnd(36)} ${impl.padEnd(22)} ${ns.toFixed(1).padStart(10)}`);
});
