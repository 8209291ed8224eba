// Syscall coverage recording (runtime/linux/syscalls/coverage.ts) and its report
// (scripts/lib/syscall-coverage.ts): one file per process, written by every agent of it.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { forwardedOptions, parseArgs } from '../../runtime/cli/args.js';
import { handlerNames } from '../../runtime/linux/syscalls/dispatch.js';
import { coverageOf, coverageReport, ENFORCED_TARGETS, mappedHandlers, readCoverage } from '../../scripts/lib/syscall-coverage.js';
import { aarch64, guestProgram, qemuTs } from './support.js';

test('--syscall-coverage and QEMU_TS_SYSCALL_COVERAGE give an absolute directory that execve passes on', () => {
  assert.equal(parseArgs(['p'], { QEMU_TS_SYSCALL_COVERAGE: 'cov' }, aarch64).syscallCoverage, join(process.cwd(), 'cov'));
  const o = parseArgs(['--syscall-coverage', '/tmp/c/', 'p'], {}, aarch64);
  assert.equal(o.syscallCoverage, '/tmp/c');
  const forwarded = forwardedOptions(o);
  assert.deepEqual(forwarded.slice(forwarded.indexOf('--syscall-coverage'), forwarded.indexOf('--syscall-coverage') + 2), ['--syscall-coverage', '/tmp/c']);
  assert.equal(parseArgs(['p'], {}, aarch64).syscallCoverage, null);
});

test('every process records the handlers it ran: forked and exec\'d children, thread workers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qemu-ts-coverage-'));
  try {
    const r = qemuTs([guestProgram('procops'), dir], { env: { ...process.env, QEMU_TS_SYSCALL_COVERAGE: dir } });
    assert.equal(r.status, 0, r.stderr);
    const files = readdirSync(dir);
    // The main process, four forked children (one of them exec'd, which keeps its file).
    assert.ok(files.length >= 5, files.join(' '));
    for (const f of files) assert.match(f, /^aarch64\.\d+$/);
    const known = new Set(handlerNames());
    const lines = files.flatMap((f) => readFileSync(join(dir, f), 'latin1').split('\n').filter(Boolean));
    for (const l of lines) assert.ok(known.has(l), `not a handler: ${JSON.stringify(l)}`);
    const reached = readCoverage(dir).get('aarch64')!;
    // setsid succeeds only in a child, exit only ends the thread (in its worker), execve is the
    // child's. (futex is left out: pthread_join need not wait for a thread that is done.)
    for (const h of ['setsid', 'exit', 'execve', 'wait4', 'waitid', 'clone']) assert.ok(reached.has(h), h);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the report is over the handlers each target\'s syscall table maps', () => {
  const a64 = mappedHandlers('aarch64');
  for (const h of ['poll', 'pipe', 'dup2', '_llseek', 'mmap2', 'alarm', 'pause', 'set_thread_area']) assert.ok(!a64.has(h), h);
  assert.ok(a64.has('newfstatat') && a64.has('ppoll'));
  const o32 = mappedHandlers('mipsel');
  for (const h of ['_llseek', 'mmap2', 'pipe', 'set_thread_area', 'newfstatat', 'fstat', 'statfs']) assert.ok(o32.has(h), h);
  const n64 = mappedHandlers('mips64el');
  assert.ok(!n64.has('mmap2') && !n64.has('_llseek') && n64.has('poll'));
  const c = coverageOf('aarch64', new Set(['read', 'poll']));
  assert.deepEqual(c.reached, ['read']);
  assert.equal(c.unreached.length, a64.size - 1);
  assert.deepEqual(c.notMapped, handlerNames().filter((h) => !a64.has(h)).sort());
});

test('the report fails while an enforced target has an unreached handler', () => {
  const dir = mkdtempSync(join(tmpdir(), 'qemu-ts-coverage-'));
  try {
    for (const t of ENFORCED_TARGETS) writeFileSync(join(dir, `${t}.1`), [...mappedHandlers(t)].join('\n') + '\n');
    const full = coverageReport(dir);
    assert.equal(full.ok, true, full.text);
    const n = mappedHandlers('aarch64').size;
    assert.match(full.text, new RegExp(`^aarch64: ${n}/${n} handlers`, 'm'));
    writeFileSync(join(dir, 'mipsel.1'), 'read\n');
    const short = coverageReport(dir);
    assert.equal(short.ok, false);
    assert.match(short.text, /^mipsel: 1\/\d+ handlers/m);
    assert.match(short.text, /^FAIL: /m);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
