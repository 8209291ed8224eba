// The engine configurations every behavioural test runs under.
import assert from 'node:assert/strict';

export interface Tier {
  name: string;
  threshold: number;
  /** Baseline budget before a region is optimised (0 = optimise at once); the engine's default if absent. */
  optThreshold?: number;
  /** Checks on the stats after the 1000-iteration three-block loop of dispatch.test.ts. */
  checkLoopStats?: (s: Record<string, number>) => void;
}

export const TIERS: Tier[] = [
  { name: 'interpreter', threshold: 1e9, checkLoopStats: (s) => assert.equal(s.regions, 0) },
  {
    name: 'jit',
    threshold: 0,
    // The loop runs inside one region: a handful of dispatcher entries, not ~2000.
    checkLoopStats: (s) => { assert.ok(s.jitEntries! <= 4, `jitEntries ${s.jitEntries}`); assert.equal(s.interpreted, 0); },
  },
  {
    name: 'optimized',
    threshold: 0,
    optThreshold: 0,
    checkLoopStats: (s) => { assert.ok(s.jitEntries! <= 4, `jitEntries ${s.jitEntries}`); assert.equal(s.interpreted, 0); assert.equal(s.optimizedRegions, s.regions); },
  },
  {
    // Baseline regions use their budget up within a few iterations and are compiled again.
    name: 'promoting',
    threshold: 0,
    optThreshold: 7,
    checkLoopStats: (s) => { assert.ok(s.optimizedRegions! >= 1, `optimizedRegions ${s.optimizedRegions}`); assert.equal(s.interpreted, 0); },
  },
  {
    name: 'mixed',
    threshold: 3,
    checkLoopStats: (s) => { assert.ok(s.regions! >= 1); assert.ok(s.interpreted! < 200, `interpreted ${s.interpreted}`); },
  },
];
