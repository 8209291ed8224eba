// Option parsing without running anything.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forwardedOptions, guestEnvironment, parseArgs, UsageError } from '../../runtime/cli/args.js';
import { findTarget, type Target } from '../../runtime/targets.js';

const aarch64 = findTarget('aarch64') as Target;

test('options stop at the program; its own options are its arguments', () => {
  const o = parseArgs(['-L', '/sys', '-strace', '-0', 'zero', 'prog', '-L', 'x'], {}, aarch64);
  assert.equal(o.ldPrefix, '/sys');
  assert.equal(o.strace, true);
  assert.equal(o.argv0, 'zero');
  assert.equal(o.program, 'prog');
  assert.deepEqual(o.args, ['-L', 'x']);
});

test('environment variables: QEMU_LD_PREFIX, QEMU_STRACE, QEMU_LOG; -d strace', () => {
  const o = parseArgs(['prog'], { QEMU_LD_PREFIX: '/root/', QEMU_STRACE: '1', QEMU_LOG: 'exec,jit' }, aarch64);
  assert.equal(o.ldPrefix, '/root');
  assert.equal(o.strace, true);
  assert.deepEqual([...o.logCategories], ['exec', 'jit']);
  assert.equal(parseArgs(['-d', 'strace', 'p'], {}, aarch64).strace, true);
});

test('-E and -U edit the guest environment; forwarded options rebuild the command line', () => {
  const o = parseArgs(['-E', 'A=1', '-U', 'B', '-E', 'C=x=y', 'prog'], {}, aarch64);
  assert.deepEqual(guestEnvironment(o, { B: '2', D: '4' }).sort(), ['A=1', 'C=x=y', 'D=4']);
  assert.deepEqual(forwardedOptions(parseArgs(['-L', '/r', '-strace', 'p'], {}, aarch64)), ['-L', '/r', '-strace']);
  // A guest execve starts a qemu-ts with the same tier thresholds.
  const tiers = parseArgs(['-L', '/r', '--jit-threshold', '3', '--opt-threshold', '0', 'p'], {}, aarch64);
  assert.equal(tiers.optThreshold, 0);
  assert.deepEqual(forwardedOptions(tiers), ['-L', '/r', '--jit-threshold', '3', '--opt-threshold', '0']);
});

test('bad usage throws UsageError', () => {
  assert.throws(() => parseArgs(['-E', 'novalue', 'p'], {}, aarch64), UsageError);
  assert.throws(() => parseArgs(['-x'], {}, aarch64), UsageError);
  assert.throws(() => parseArgs(['--jit-threshold', 'many', 'p'], {}, aarch64), UsageError);
  assert.throws(() => parseArgs(['--opt-threshold', '-1', 'p'], {}, aarch64), UsageError);
});
