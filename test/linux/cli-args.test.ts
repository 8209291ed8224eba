// Option parsing without running anything.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { defaultSysroots, findLibnative, forwardedOptions, guestEnvironment, parseArgs, UsageError } from '../../runtime/cli/args.js';
import { libnativeSearchPath } from '../../runtime/libnative/locations.js';
import { packagePath } from '../../runtime/package-root.js';
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
  assert.deepEqual(forwardedOptions(parseArgs(['-L', '/r', '-strace', 'p'], {}, aarch64)), ['-L', '/r', '-strace', '--no-cache']);
  // A guest execve starts a qemu-ts with the same tier thresholds.
  const tiers = parseArgs(['-L', '/r', '--jit-threshold', '3', '--opt-threshold', '0', 'p'], {}, aarch64);
  assert.equal(tiers.optThreshold, 0);
  assert.deepEqual(forwardedOptions(tiers), ['-L', '/r', '--jit-threshold', '3', '--opt-threshold', '0', '--no-cache']);
});

test('the code cache: XDG default, QEMU_TS_CACHE_DIR, --cache-dir, QEMU_TS_CACHE=0, --no-cache, sizes; forwarded as options', () => {
  assert.equal(parseArgs(['p'], { HOME: '/h' }, aarch64).cacheDir, '/h/.cache/qemu-ts');
  assert.equal(parseArgs(['p'], { HOME: '/h', XDG_CACHE_HOME: '/x' }, aarch64).cacheDir, '/x/qemu-ts');
  assert.equal(parseArgs(['p'], { HOME: '/h', XDG_CACHE_HOME: 'relative' }, aarch64).cacheDir, '/h/.cache/qemu-ts', 'XDG: relative paths are ignored');
  assert.equal(parseArgs(['p'], {}, aarch64).cacheDir, null, 'no HOME: no cache');
  assert.equal(parseArgs(['--cache-compile'], { HOME: '/h' }, aarch64).cacheCompile, true);
  assert.equal(parseArgs(['p'], { HOME: '/h' }, aarch64).cacheCompile, false);
  assert.equal(parseArgs(['p'], { HOME: '/h', QEMU_TS_CACHE_DIR: '/c' }, aarch64).cacheDir, '/c');
  assert.equal(parseArgs(['--cache-dir', '/d', 'p'], { QEMU_TS_CACHE_DIR: '/c' }, aarch64).cacheDir, '/d');
  assert.equal(parseArgs(['p'], { HOME: '/h', QEMU_TS_CACHE: '0' }, aarch64).cacheDir, null);
  assert.equal(parseArgs(['--no-cache', 'p'], { QEMU_TS_CACHE_DIR: '/c' }, aarch64).cacheDir, null);
  assert.equal(parseArgs(['--cache-max', '3M', 'p'], {}, aarch64).cacheMax, 3 << 20);
  assert.equal(parseArgs(['p'], { QEMU_TS_CACHE_MAX: '1000' }, aarch64).cacheMax, 1000);
  assert.throws(() => parseArgs(['--cache-max', '3T', 'p'], {}, aarch64), UsageError);
  // A guest execve's qemu-ts uses the same cache whatever the guest did to its environment.
  assert.deepEqual(forwardedOptions(parseArgs(['-L', '/r', '--cache-max', '1K', 'p'], { QEMU_TS_CACHE_DIR: '/c' }, aarch64)), ['-L', '/r', '--cache-dir', '/c', '--cache-max', '1024']);
});

test('bad usage throws UsageError', () => {
  assert.throws(() => parseArgs(['-E', 'novalue', 'p'], {}, aarch64), UsageError);
  assert.throws(() => parseArgs(['-x'], {}, aarch64), UsageError);
  assert.throws(() => parseArgs(['--jit-threshold', 'many', 'p'], {}, aarch64), UsageError);
  assert.throws(() => parseArgs(['--opt-threshold', '-1', 'p'], {}, aarch64), UsageError);
});

test('binfmt-style environment: QEMU_SET_ENV, QEMU_UNSET_ENV, QEMU_ARGV0 and the tier thresholds', () => {
  const env = { QEMU_SET_ENV: 'A=1,C=x', QEMU_UNSET_ENV: 'B,,D', QEMU_ARGV0: 'zero', QEMU_TS_JIT_THRESHOLD: '7', QEMU_TS_OPT_THRESHOLD: '0' };
  const o = parseArgs(['-E', 'D=back', 'prog'], env, aarch64);
  assert.deepEqual(guestEnvironment(o, { B: '2', E: '5' }).sort(), ['A=1', 'C=x', 'D=back', 'E=5']);
  assert.equal(o.argv0, 'zero');
  assert.equal(o.jitThreshold, 7);
  assert.equal(o.optThreshold, 0);
  assert.throws(() => parseArgs(['p'], { QEMU_SET_ENV: 'novalue' }, aarch64), /QEMU_SET_ENV needs var=value/);
  assert.throws(() => parseArgs(['p'], { QEMU_TS_JIT_THRESHOLD: 'x' }, aarch64), /QEMU_TS_JIT_THRESHOLD needs a non-negative integer/);
});

test('the sysroot defaults follow Debian qemu-user: /etc/qemu-binfmt/<arch>, then /usr/<triple>', () => {
  assert.deepEqual(defaultSysroots(aarch64), ['/etc/qemu-binfmt/aarch64', '/usr/aarch64-linux-gnu']);
  assert.deepEqual(defaultSysroots(findTarget('mips64el') as Target), ['/etc/qemu-binfmt/mips64el', '/usr/mips64el-linux-gnuabi64']);
  const expected = defaultSysroots(aarch64).find((d) => existsSync(d)) ?? null;
  assert.equal(parseArgs(['p'], {}, aarch64).ldPrefix, expected);
  assert.equal(parseArgs(['p'], { QEMU_LD_PREFIX: '/x' }, aarch64).ldPrefix, '/x');
});

test('--native-bypass auto takes the installed libnative.so, else the built one, else says where it looked', () => {
  assert.deepEqual(libnativeSearchPath(aarch64), ['/usr/aarch64-linux-gnu/lib/qemu-ts/libnative.so', packagePath('build', 'aarch64', 'libnative.so')]);
  assert.throws(() => findLibnative(aarch64, ['/nonexistent/a.so', '/nonexistent/b.so']),
    /^Error: --native-bypass auto: no libnative.so for aarch64 at \/nonexistent\/a.so or \/nonexistent\/b.so \(build one with: npm run build:libnative -- --target aarch64\)$/);
  const first = libnativeSearchPath(aarch64).find((f) => existsSync(f));
  if (first !== undefined) {
    const o = parseArgs(['--native-bypass', 'auto', 'p'], {}, aarch64);
    assert.equal(o.nativeBypass, first);
    assert.equal(o.nativeBypassFound, true);
  }
});
