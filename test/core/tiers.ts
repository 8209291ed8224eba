// The engine configurations every behavioural test runs under.
export interface Tier {
  name: string;
  threshold: number;
  checkLoopStats?: (s: Record<string, number>) => void;
}

export const TIERS: Tier[] = [
  { name: 'interpreter', threshold: 1e9 },
];
