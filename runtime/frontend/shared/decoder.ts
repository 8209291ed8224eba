// The decoder every fixed-width guest ISA shares: a set of encodings (bit patterns with
// semantics attached by the frontend) and a lookup that returns the MOST SPECIFIC encoding whose
// fixed bits match the word. The order of the table does not matter: two encodings that can match
// the same word must be nested (one fixes every bit the other fixes, and more), or building the
// decoder throws, naming both and a word they share.
//
// Lookup walks a decision tree: each node switches on a run of bits that its encodings fix, and a
// leaf scans its few candidates from the most to the least specific. A node's children are built
// when a word first reaches them: a process decodes a small part of a large table (aarch64's
// whole tree took 5.6 ms warm and more cold at every start). The table itself is checked and
// sorted at the first word too: a process whose code all comes compiled from the code cache
// decodes nothing.
import type { BitPattern } from './bit-pattern.js';

export interface Encoding {
  readonly name: string;
  readonly pattern: BitPattern;
}

interface Inner<E> {
  readonly shift: number;
  readonly width: number;
  /** Built on first use (undefined until then). */
  readonly children: (Node<E> | undefined)[];
  /** The candidates and the bits tested above and here, to build a child from. */
  readonly encs: readonly E[];
  readonly tested: number;
}

type Node<E> = Inner<E> | { leaf: readonly E[] };

interface Shared<E> { ids: Map<E, number>; nodes: Map<string, Node<E>> }

/** Runs wider than this would make a node's table large for little gain. */
const MAX_RUN = 8;

/** Problems between two encodings of one table: both can match a word and neither is more specific. */
export function findOverlaps(encodings: readonly Encoding[]): string[] {
  const problems: string[] = [];
  for (let i = 0; i < encodings.length; i++) {
    const a = encodings[i]!.pattern;
    for (let j = i + 1; j < encodings.length; j++) {
      const b = encodings[j]!.pattern;
      if (((a.value ^ b.value) & a.mask & b.mask) !== 0) continue; // no word matches both
      const common = (a.mask & b.mask) >>> 0;
      if (a.mask !== b.mask && (common === a.mask || common === b.mask)) continue; // nested
      const word = ((a.value | b.value) >>> 0).toString(16).padStart(8, '0');
      problems.push(`${encodings[i]!.name} ('${a.spec}') and ${encodings[j]!.name} ('${b.spec}') both match 0x${word}`);
    }
  }
  return problems;
}

export class Decoder<E extends Encoding> {
  private rootOrNull: Node<E> | null = null;
  private readonly shared: Shared<E> = { ids: new Map(), nodes: new Map() };

  constructor(readonly encodings: readonly E[]) {}

  /** Throws, naming them, when two encodings overlap; builds the tree's root. */
  private build(): Node<E> {
    const problems = findOverlaps(this.encodings);
    if (problems.length > 0) throw new Error(`overlapping encodings:\n  ${problems.join('\n  ')}`);
    const bySpecificity = [...this.encodings].sort((a, b) => b.pattern.fixedBits - a.pattern.fixedBits);
    bySpecificity.forEach((e, i) => this.shared.ids.set(e, i));
    return (this.rootOrNull = node(bySpecificity, 0, this.shared));
  }

  /** The most specific encoding of the word, or undefined when none matches (unallocated). */
  decode(word: number): E | undefined {
    let node = this.rootOrNull ?? this.build();
    while (!('leaf' in node)) {
      const v = (word >>> node.shift) & ((1 << node.width) - 1);
      node = node.children[v] ?? this.child(node, v);
    }
    for (const e of node.leaf) {
      if (((word & e.pattern.mask) >>> 0) === e.pattern.value) return e;
    }
    return undefined;
  }

  /** Builds child v of an inner node from the encodings whose fixed run bits agree with v. */
  private child(parent: Inner<E>, v: number): Node<E> {
    const { shift: lo, width } = parent;
    const ones = 2 ** width - 1;
    const runMask = (ones * 2 ** lo) >>> 0;
    // An encoding goes to every child whose value agrees with the run bits it fixes.
    const sub = parent.encs.filter((e) => ((((e.pattern.value >>> lo) ^ v) & (e.pattern.mask >>> lo) & ones) === 0));
    const c = node(sub, (parent.tested | runMask) >>> 0, this.shared);
    parent.children[v] = c;
    return c;
  }
}

/**
 * The node for encodings (most specific first) under a node that has already switched on the
 * `tested` bits. It switches on the untested bit fixed by the most encodings, widened to
 * neighbouring bits; an encoding goes to every child whose run value agrees with the run bits it
 * fixes (all children if it fixes none). Nodes of equal candidate lists are shared.
 */
function node<E extends Encoding>(encs: readonly E[], tested: number, shared: Shared<E>): Node<E> {
  const key = `${tested}:${encs.map((e) => shared.ids.get(e)).join(',')}`;
  const known = shared.nodes.get(key);
  if (known) return known;
  let n: Node<E> = { leaf: encs };
  const best = encs.length > 1 ? bestBit(encs, tested) : -1;
  if (best >= 0) {
    // The run widens over neighbouring bits that at least half as many encodings fix as the best
    // bit: fewer levels for tables whose encodings fix different neighbouring bits (A64's FP and
    // SIMD groups), at the price of larger nodes.
    const count = (bit: number): number => encs.reduce((n, e) => n + ((e.pattern.mask >>> bit) & 1), 0);
    const need = count(best) / 2;
    let lo = best, hi = best;
    const free = (bit: number): boolean => bit >= 0 && bit < 32 && ((tested >>> bit) & 1) === 0 && count(bit) >= need;
    while (hi - lo + 1 < MAX_RUN && free(hi + 1)) hi++;
    while (hi - lo + 1 < MAX_RUN && free(lo - 1)) lo--;
    const width = hi - lo + 1;
    n = { shift: lo, width, children: new Array<Node<E> | undefined>(2 ** width).fill(undefined), encs, tested };
  }
  shared.nodes.set(key, n);
  return n;
}

/** The untested bit that most encodings fix, or -1 when they fix none. */
function bestBit(encs: readonly Encoding[], tested: number): number {
  let best = -1, bestCount = 0;
  for (let bit = 31; bit >= 0; bit--) {
    if ((tested >>> bit) & 1) continue;
    let count = 0;
    for (const e of encs) count += (e.pattern.mask >>> bit) & 1;
    if (count > bestCount) { best = bit; bestCount = count; }
  }
  return best;
}
