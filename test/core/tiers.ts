// The engine configurations every behavioural test runs under.
import assert from 'node:assert/strict';

export interface Tier {
  name: string;
  threshold: number;
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
    name: 'mixed',
    threshold: 3,
    checkLoopStats: (s) => { assert.ok(s.regions! >= 1); assert.ok(s.interpreted! < 200, `interpreted ${s.interpreted}`); },
  },
];
