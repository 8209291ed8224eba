// Differential test of whole compiled code: programs/kernels.c (integer, 64-bit, libgcc
// division, switch tables, VFP, string and bit manipulation) built static without libc in A32
// and Thumb at -O0, -O2 and -O3 (and -O3 vectorised with NEON), run under qemu-arm and under the frontend (both tiers, a
// minimal loader and the two syscalls it makes); the outputs must be equal.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { requireToolchain, runElf, runQemu } from './elf-runner.js';

const SOURCE = join(dirname(fileURLToPath(import.meta.url)), '../../../../test/frontend/arm/programs/kernels.c');
const workDir = mkdtempSync(join(tmpdir(), 'arm-kernels-'));
process.on('exit', () => rmSync(workDir, { recursive: true, force: true }));

function build(flags: string[]): string {
  const out = join(workDir, `k${flags.join('')}`);
  const r = spawnSync('arm-linux-gnueabihf-gcc', ['-march=armv7-a', '-mfpu=vfpv3-d16', ...flags, '-static', '-nostdlib', '-ffreestanding',
    '-fno-math-errno', '-fno-stack-protector', '-o', out, SOURCE, '-lgcc'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return out;
}

// The last four are vectorised with NEON (-mfpu given last wins), float loops too (they need
// -funsafe-math-optimizations: NEON arithmetic flushes denormals); neon-vfpv4 adds VFMA.
const NEON_FLOAT = ['-O3', '-funsafe-math-optimizations'];
const VARIANTS = [['-marm', '-O0'], ['-marm', '-O2'], ['-mthumb', '-O0'], ['-mthumb', '-O2'], ['-mthumb', '-O3'],
  ['-marm', ...NEON_FLOAT, '-mfpu=neon'], ['-mthumb', ...NEON_FLOAT, '-mfpu=neon'],
  ['-marm', ...NEON_FLOAT, '-mfpu=neon-vfpv4'], ['-mthumb', ...NEON_FLOAT, '-mfpu=neon-vfpv4']];

test('compiled kernels: the same output as qemu-arm, A32 and Thumb, interpreter and JIT', () => {
  requireToolchain();
  for (const flags of VARIANTS) {
    const prog = build(flags);
    const ref = runQemu(prog);
    assert.ok(ref.length > 1000);
    assert.equal(runElf(prog, 1_000_000), ref, `interpreter ${flags.join(' ')}`);
    assert.equal(runElf(prog, 2), ref, `JIT ${flags.join(' ')}`);
  }
});
