// Differential test of whole compiled code: programs/kernels.c (integer, 64-bit, libgcc
// division, switch tables, VFP, string and bit manipulation) built static without libc in A32
// and Thumb at -O0, -O2 and -O3, run under qemu-arm and under the frontend (both tiers, a
// minimal loader and the two syscalls it makes); the outputs must be equal.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { PROT_EXEC, PROT_READ, PROT_WRITE } from '../../../runtime/core/api.js';
import { Engine } from '../../../runtime/core/engine.js';
import { GuestMemory } from '../../../runtime/core/memory.js';
import type { CpuThread } from '../../../runtime/core/thread.js';
import { armFrontend } from '../../../runtime/frontend/arm/index.js';

const SOURCE = join(dirname(fileURLToPath(import.meta.url)), '../../../../test/frontend/arm/programs/kernels.c');
const workDir = mkdtempSync(join(tmpdir(), 'arm-kernels-'));
process.on('exit', () => rmSync(workDir, { recursive: true, force: true }));

const have = (cmd: string): boolean => spawnSync(cmd, ['--version'], { encoding: 'utf8' }).status === 0;
const skip = !have('arm-linux-gnueabihf-gcc') || !have('qemu-arm') ? 'needs arm-linux-gnueabihf-gcc and qemu-arm' : false;

function build(flags: string[]): string {
  const out = join(workDir, `k${flags.join('')}`);
  const r = spawnSync('arm-linux-gnueabihf-gcc', [...flags, '-static', '-nostdlib', '-ffreestanding', '-fno-math-errno', '-fno-stack-protector',
    '-march=armv7-a', '-mfpu=vfpv3-d16', '-o', out, SOURCE, '-lgcc'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return out;
}

const STACK_TOP = 0x7f000000, STACK_SIZE = 0x10000;

/** Loads the static ELF's PT_LOAD segments and runs it, serving write(1, ...) and exit. */
function runHere(path: string, jitThreshold: number): string {
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

const VARIANTS = [['-marm', '-O0'], ['-marm', '-O2'], ['-mthumb', '-O0'], ['-mthumb', '-O2'], ['-mthumb', '-O3']];

test('compiled kernels: the same output as qemu-arm, A32 and Thumb, interpreter and JIT', { skip }, () => {
  for (const flags of VARIANTS) {
    const prog = build(flags);
    const ref = spawnSync('qemu-arm', [prog], { encoding: 'latin1' });
    assert.equal(ref.status, 0, `qemu-arm ${flags.join(' ')}`);
    assert.ok(ref.stdout.length > 1000);
    assert.equal(runHere(prog, 1_000_000), ref.stdout, `interpreter ${flags.join(' ')}`);
    assert.equal(runHere(prog, 2), ref.stdout, `JIT ${flags.join(' ')}`);
  }
});
