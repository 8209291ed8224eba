// The differential tester's tier evidence and seeds: the `-d stats` counters of a run that fell
// back to the interpreter (or compiled when it should not) are rejected, and seeds come from
// $QEMU_TS_DIFFTEST_SEED or are fresh.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freshSeed, SEED_ENV, suiteSeed, takeSeedArg } from '../../scripts/lib/difftest/seed.js';
import { addCounters, parseStats, TIERS } from '../../scripts/lib/difftest/tiers.js';

const STDERR = 'some guest output\nstats: translated 2509\nstats: interpreted 0\nstats: jitEntries 3565\nstats: compiledBlocks 3168\nstats: regions 2509\nstats: compileMs 4788.535\n';

test('the -d stats counters are read from stderr and summed', () => {
  const s = parseStats(STDERR);
  assert.deepEqual(s, { translated: 2509, interpreted: 0, jitEntries: 3565, compiledBlocks: 3168, regions: 2509, compileMs: 4788.535 });
  addCounters(s, { interpreted: 4, regions: 1 });
  assert.equal(s.interpreted, 4);
  assert.equal(s.regions, 2510);
});

test('a JIT run is accepted only if nothing was interpreted and every case compiled', () => {
  const jit = { interpreted: 0, jitEntries: 3565, compiledBlocks: 3168 };
  assert.equal(TIERS.jit.verify(jit, 300), undefined);
  assert.match(TIERS.jit.verify({ ...jit, interpreted: 12 }, 300)!, /interpreted 12 block executions/);
  assert.match(TIERS.jit.verify({ ...jit, compiledBlocks: 299 }, 300)!, /compiled 299 blocks for 300 cases/);
  assert.match(TIERS.jit.verify({}, 300)!, /interpreted undefined/);
  assert.deepEqual(TIERS.jit.options, ['--jit-threshold', '0', '--no-cache', '-d', 'stats']);
});

test('an interpreter run is accepted only if nothing was compiled', () => {
  const interp = { interpreted: 9000, jitEntries: 0, compiledBlocks: 0, regions: 0 };
  assert.equal(TIERS.interp.verify(interp, 300), undefined);
  assert.match(TIERS.interp.verify({ ...interp, compiledBlocks: 3, regions: 1 }, 300)!, /compiled 3 blocks into 1 regions/);
  assert.match(TIERS.interp.verify({ ...interp, interpreted: 10 }, 300)!, /interpreted 10 block executions for 300 cases/);
});

test('the suites take their seed from the environment, or a fresh one', () => {
  assert.equal(suiteSeed({ [SEED_ENV]: '20261121' }), 20261121);
  assert.throws(() => suiteSeed({ [SEED_ENV]: '12x' }), /QEMU_TS_DIFFTEST_SEED wants a non-negative integer seed, got '12x'/);
  const fresh = new Set(Array.from({ length: 8 }, () => suiteSeed({})));
  assert.ok(fresh.size > 1, 'fresh seeds differ');
  for (const s of [...fresh, freshSeed()]) assert.ok(Number.isInteger(s) && s > 0 && s < 1e9, String(s));
});

test('npm test takes --seed out of the arguments it passes to node --test', () => {
  assert.deepEqual(takeSeedArg(['--seed', '42', '--test-name-pattern', 'x']), { seed: 42, rest: ['--test-name-pattern', 'x'] });
  assert.deepEqual(takeSeedArg(['--seed=7']), { seed: 7, rest: [] });
  assert.deepEqual(takeSeedArg(['--test-only']), { seed: undefined, rest: ['--test-only'] });
  assert.throws(() => takeSeedArg(['--seed']), /--seed needs a value/);
  assert.throws(() => takeSeedArg(['--seed', '-1']), /--seed wants a non-negative integer seed, got '-1'/);
});
