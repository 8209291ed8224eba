// The functions region modules call outside themselves (helpers, storeSlow, atomicSlow, and the
// region table's `chain`), in one funcref table that region modules import and reach with
// call_indirect. Importing them as functions instead cost about 150 us of compile time per
// distinct signature in every module: V8 compiles a wasm-to-JS wrapper for each imported
// function's signature when it compiles the module, whatever will be passed in at instantiation.
// The region modules of `python3 -c pass` spent about half of their Liftoff time on those wrappers
// (docs/PERFORMANCE.md, "Compile cost of regions").
//
// The table only grows (doubling) and its entries never change once set: V8 keeps a copy of an
// imported table's dispatch entries in every instance that imports it, so each set or grow costs
// time linear in the number of instances (the reason the region table is not imported, see
// region-table.ts). A few dozen entries are copied per instantiation.
//
// A name's slot is its place in a fixed list (the runtime's functions, then every registered
// helper by name), not the order of first use, so the slots a module's code calls are the same in
// every process of one build: the persistent code cache runs a module saved by another process.
import type { Ty } from '../../ir/types.js';

export interface HostFunction {
  readonly slot: number;
  readonly params: readonly Ty[];
  readonly results: readonly Ty[];
}

export class HostTable {
  readonly table = new WebAssembly.Table({ element: 'anyfunc', initial: 16 });
  private readonly fns = new Map<string, HostFunction>();
  private readonly fixed: Map<string, number>;
  /** Slots of names outside the fixed list, in order of first use. */
  private extra = 0;

  /** `names`: the fixed slot order. */
  constructor(names: readonly string[]) {
    this.fixed = new Map(names.map((n, i) => [n, i]));
  }

  get(name: string): HostFunction | undefined { return this.fns.get(name); }

  /** Puts fn (a wasm function) in the slot of name, which must have none yet. */
  add(name: string, fn: WebAssembly.ImportValue, params: readonly Ty[], results: readonly Ty[]): void {
    const slot = this.fixed.get(name) ?? this.fixed.size + this.extra++;
    this.reserve(slot + 1);
    this.table.set(slot, fn as (...args: unknown[]) => unknown);
    this.fns.set(name, { slot, params, results });
  }

  get length(): number { return this.table.length; }

  /** Grows the table to at least n slots (a saved module's import asks for its length then). */
  reserve(n: number): void {
    while (this.table.length < n) this.table.grow(this.table.length);
  }
}
