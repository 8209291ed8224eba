// The <fenv.h> probe (fpenv.c) on every target, built -O2 and -Ofast: rounding modes, exception
// flags and (with -Ofast, whose start-up code may enable flush-to-zero) a subnormal product.
// qemu-ts in both tiers must print what qemu-user prints. qemu-user runs the CPU models the
// MIPS frontends implement: 24Kf for o32 and MIPS64R2-generic for n64 (qemu's default n64 CPU
// has a read-only FCSR, so fesetround could not change anything there).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { packagePath } from '../../../runtime/package-root.js';
import { findTarget, type Target, type TargetName } from '../../../runtime/targets.js';
import { ARM_GUEST_TESTS } from '../../../scripts/lib/arm-guest-tests.js';
import { compileGuest } from '../../../scripts/lib/guest-build.js';
import { runGuest } from '../../../scripts/lib/guest-run.js';
import { qemuUser } from '../../linux/support.js';

const QEMU_CPU: Record<TargetName, string | undefined> = {
  aarch64: undefined, arm: undefined, mips: '24Kf', mipsel: '24Kf', mips64: 'MIPS64R2-generic', mips64el: 'MIPS64R2-generic',
} as Record<TargetName, string | undefined>;
const TARGETS: TargetName[] = ['aarch64', 'mips', 'mipsel', 'mips64', 'mips64el', ...(ARM_GUEST_TESTS ? ['arm' as const] : [])];
const TIERS = [['default tier', []], ['JIT from the start', ['--jit-threshold', '0']]] as const;

function build(target: Target, fast: boolean): string {
  return compileGuest(target, join(packagePath('test', 'guest', 'edge'), 'fpenv.c'), {
    static: true, flags: fast ? ['-Ofast', '-lm'] : ['-lm'], variant: fast ? 'Ofast' : undefined,
  });
}

/** The reference with the CPU model that has the FPU the frontends implement (QEMU_CPU). */
function reference(target: Target, program: string): { status: number | null; stdout: string } {
  const cpu = QEMU_CPU[target.name];
  return qemuUser([program], target, { env: cpu ? { ...process.env, QEMU_CPU: cpu } : process.env });
}

for (const name of TARGETS) {
  const target = findTarget(name)!;
  for (const fast of [false, true]) {
    test(`fenv probe ${name} ${fast ? '-Ofast' : '-O2'}: qemu-ts prints what qemu-user prints`, () => {
      const program = build(target, fast);
      const ref = reference(target, program);
      assert.equal(ref.status, 0);
      const lines = ref.stdout.split('\n');
      // Exact lines every target must print (IEEE 754 arithmetic and C99 fenv).
      assert.match(ref.stdout, /^upward: 1\/3=3fd5555555555556 -1\/3=bfd5555555555555 2\/3f=3f2aaaab /m);
      assert.match(ref.stdout, /^downward: 1\/3=3fd5555555555555 -1\/3=bfd5555555555556 2\/3f=3f2aaaaa /m);
      assert.ok(lines.includes('inexact: inexact') && lines.includes('divbyzero: divbyzero') && lines.includes('invalid: invalid'), ref.stdout);
      for (const [tier, options] of TIERS) {
        const got = runGuest({ target, mode: 'qemu-ts', program, args: [], qemuTsOptions: options });
        assert.equal(got.status, 0, `${tier}: ${got.stderr}`);
        const gotLines = got.stdout.split('\n');
        assert.deepEqual(gotLines, lines, tier);
      }
      // crtfastmath sets aarch64 FPCR.FZ: the subnormal product is flushed there.
      if (name === 'aarch64' && fast) assert.ok(lines.includes('denormal product: 0x0p+0'), ref.stdout);
    });
  }
}
