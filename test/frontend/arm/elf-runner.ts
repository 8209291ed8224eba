// Runs a static ARM ELF that needs no libc (test programs of this directory) on the core Engine:
// its PT_LOAD segments, a stack, and the two syscalls such programs make (write to stdout, exit).
// The differential tests compare what it prints with qemu-arm's.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../../../runtime/core/api.js';
import { Engine } from '../../../runtime/core/engine.js';
import { GuestMemory } from '../../../runtime/core/memory.js';
import type { CpuThread } from '../../../runtime/core/thread.js';
import { armFrontend } from '../../../runtime/frontend/arm/index.js';

const STACK_TOP = 0x7f000000, STACK_SIZE = 0x10000;

const have = (cmd: string): boolean => spawnSync(cmd, ['--version'], { encoding: 'utf8' }).status === 0;
/** Fails (never skips) a test that needs the cross compiler and qemu-arm when either is missing (npm test installs both). */
export function requireToolchain(): void {
  for (const cmd of ['arm-linux-gnueabihf-gcc', 'qemu-arm']) assert.ok(have(cmd), `${cmd} not found (npm run setup:toolchains installs it)`);
}

/** Loads the static ELF and runs it until exit; returns what it wrote. */
export function runElf(path: string, jitThreshold: number): string {
  const elf = readFileSync(path);
  const dv = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
  const mem = new GuestMemory(false);
  const phoff = dv.getUint32(28, true), phnum = dv.getUint16(44, true);
  for (let k = 0; k < phnum; k++) {
    const ph = phoff + 32 * k;
    if (dv.getUint32(ph, true) !== 1) continue;
    const [off, vaddr, filesz, memsz, flags] = [4, 8, 16, 20, 24].map((o) => dv.getUint32(ph + o, true)) as [number, number, number, number, number];
    const start = vaddr & ~0xfff, len = ((vaddr + memsz + 0xfff) & ~0xfff) - start;
    mem.setProt(start, len, PROT_READ | PROT_WRITE);
    mem.writeBytes(vaddr, elf.subarray(off, off + filesz));
    mem.setProt(start, len, (flags & 4 ? PROT_READ : 0) | (flags & 2 ? PROT_WRITE : 0) | (flags & 1 ? PROT_EXEC : 0));
  }
  mem.setProt(STACK_TOP - STACK_SIZE, STACK_SIZE, PROT_READ | PROT_WRITE);
  const engine = new Engine(armFrontend, mem, { jitThreshold, validateIR: true });
  const t = engine.newThread() as CpuThread;
  t.set('r13', STACK_TOP - 64);
  t.set('excl_addr', -1);
  t.pc = dv.getUint32(24, true); // e_entry has bit 0 set for a Thumb entry point: the key itself
  let out = '';
  for (;;) {
    const ev = engine.run(t);
    if (ev.kind !== 'syscall') throw new Error(`stopped: ${JSON.stringify(ev)}`);
    const nr = Number(t.get('r7'));
    if (nr === 1) return out;
    assert.equal(nr, 4);
    out += Buffer.from(mem.readBytes(Number(t.get('r1')) >>> 0, Number(t.get('r2')))).toString('latin1');
    t.set('r0', Number(t.get('r2')));
  }
}

/** qemu-arm's output of the program (it must exit with status 0). */
export function runQemu(path: string): string {
  const ref = spawnSync('qemu-arm', ['-cpu', 'cortex-a15', path], { encoding: 'latin1' });
  assert.equal(ref.status, 0, `qemu-arm ${path}: ${ref.stderr}`);
  return ref.stdout;
}
