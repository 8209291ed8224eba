// Declarative decode tables: a tree of switches on instruction fields whose leaves name an
// instruction and its semantics.
import type { Sem } from './emitter.js';

export interface InsnDef {
  kind: 'insn';
  name: string;
  sem: Sem;
  /** MIPS64-only: reserved instruction on the 32-bit variants. */
  only64: boolean;
  /** Has a delay slot (so cannot sit in one). */
  branch: boolean;
}

export interface Switch {
  kind: 'switch';
  key: (word: number) => number;
  cases: Readonly<Record<number, Node>>;
}

export type Node = InsnDef | Switch;

export const insn = (name: string, sem: Sem, only64 = false): InsnDef =>
  ({ kind: 'insn', name, sem, only64, branch: false });
export const branch = (name: string, sem: Sem, only64 = false): InsnDef =>
  ({ kind: 'insn', name, sem, only64, branch: true });
export const insn64 = (name: string, sem: Sem): InsnDef => insn(name, sem, true);

/** Switch on bits [lo + width - 1 .. lo] of the word. */
export const on = (lo: number, width: number, cases: Readonly<Record<number, Node>>): Switch =>
  ({ kind: 'switch', key: (w) => (w >>> lo) & ((1 << width) - 1), cases });

export function lookup(root: Node, word: number, is64: boolean): InsnDef | null {
  let node: Node | undefined = root;
  while (node && node.kind === 'switch') node = node.cases[node.key(word)];
  if (!node || (node.only64 && !is64)) return null;
  return node;
}
