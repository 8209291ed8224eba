// Guest C edge-case programs (integer overflow, division by zero, shifts >= width, NaN rules,
// rounding modes, saturating conversions, FPSR.QC): cross-compiled, run under qemu-ts and Debian's
// qemu-aarch64; the outputs must agree and contain what the architecture defines. AArch64 only:
// each program tests its instructions through inline assembly (sdiv, fcvtzs, FPSR/FPCR, NEON
// saturation), which has no MIPS build; MIPS instruction edge cases are test/frontend/mips's
// and test/diff/mips.test.ts's (differential against qemu-user).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { packagePath } from '../../../runtime/package-root.js';
import { findTarget } from '../../../runtime/targets.js';
import { compileGuest } from '../../../scripts/lib/guest-build.js';
import { runGuest } from '../../../scripts/lib/guest-run.js';

const aarch64 = findTarget('aarch64')!;

function runBoth(name: string, args: string[] = [], qemuTsOptions: string[] = []): { ref: string[]; got: string[] } {
  const program = compileGuest(aarch64, join(packagePath('test', 'guest', 'edge'), `${name}.c`), { static: true, flags: ['-lm'] });
  const ref = runGuest({ target: aarch64, mode: 'qemu-user', program, args });
  const got = runGuest({ target: aarch64, mode: 'qemu-ts', program, args, qemuTsOptions });
  assert.equal(ref.status, 0, ref.stderr);
  assert.equal(got.status, 0, got.stderr);
  return { ref: ref.stdout.split('\n'), got: got.stdout.split('\n') };
}

test('integer edge cases match qemu-user and the architecture', () => {
  const { ref, got } = runBoth('intedge');
  assert.deepEqual(got, ref);
  for (const line of ['sdiv x/0: 0', 'udiv x/0: 0', 'sdiv min/-1: 8000000000000000', 'sdiv32 min/-1: 80000000',
    'shift 64: lsl 8000000000000001 lsr32 80000001 asr 8000000000000000 ror 123456789abcdef', 'add overflow flag: 1']) {
    assert.ok(got.includes(line), `missing '${line}'`);
  }
});

const ROUNDING = /^(upward|downward|towardzero):/;

test('NaN, signed zero and conversion edge cases match qemu-user and the architecture', () => {
  const { ref, got } = runBoth('fpedge');
  const keep = (lines: string[]): string[] => lines.filter((l) => !ROUNDING.test(l));
  assert.deepEqual(keep(got), keep(ref));
  for (const line of ['inf-inf: 7ff8000000000000', 'qnan+1: fff8000000001234', '1+snan: 7ff8000000005678',
    'fcvtzs 1e308: 9223372036854775807', 'fcvtzs nan: 0', 'fcvtzu -1e308: 0', 'fcvtas -2.5: -3', 'fcvtns 2.5: 2']) {
    assert.ok(got.includes(line), `missing '${line}'`);
  }
});

test('fesetround modes change arithmetic, conversions and rint like qemu-user', () => {
  const { ref, got } = runBoth('fpedge');
  assert.deepEqual(got.filter((l) => ROUNDING.test(l)), ref.filter((l) => ROUNDING.test(l)));
  assert.ok(got.includes('upward: 1/3=3fd5555555555556 -1/3=bfd5555555555555 0.1f=3dcccccd rint: 2 -1 3 -2 lrint(2.5)=3'));
});

// Each case clears FPSR (or sets only IXC) and runs one operation; with a JIT threshold of 1 the
// second and third rounds run translated code, so both tiers' flag code is compared.
for (const [tier, options] of [['interpreter', []], ['JIT', ['--jit-threshold', '1']]] as const) {
  test(`FPSR exception flags (${tier}) match qemu-user and the architecture`, () => {
    const { ref, got } = runBoth('fpflags', ['3'], [...options]);
    assert.deepEqual(got, ref);
    for (const line of ['add_exact:', 'add_inexact: inexact', 'mul_underflow: underflow inexact', 'min_normal_edge: underflow inexact',
      'div_zero: divbyzero', 'inf_minus_inf: invalid', 'cmp_eq_qnan:', 'cmp_lt_qnan: invalid', 'to_int_range: invalid',
      'narrow_overflow: overflow inexact', 'vrecpe_zero: divbyzero', 'vmulx_inf_zero:', 'vrndx_inexact: inexact', 'vrndi_inexact:',
      'ixc+mul_overflow: overflow inexact', 'upward_max_plus: overflow=1', 'towardzero_max_plus: overflow=0',
      'writable: fpsr f800009f fpcr 7ff0000']) {
      assert.ok(got.includes(line), `missing '${line}'`);
    }
  });
}

test('saturating NEON operations set FPSR.QC like qemu-user and the architecture', () => {
  const { ref, got } = runBoth('satqc');
  assert.deepEqual(got, ref);
  const cases = got.filter((l) => l !== '');
  assert.equal(cases.length, 58);
  for (const line of cases) {
    const [, label, qc] = /^(.*): qc=(\d) r=[0-9a-f]+$/.exec(line) ?? [];
    assert.equal(qc, /sat$|^sticky$/.test(label!) ? '1' : '0', line);
  }
});
