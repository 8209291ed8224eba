// The function table of compiled regions, owned by a small module of its own that also exports
// `chain(state, block, fuel, tableIndex)`: a tail call through the table. Region modules import
// `chain` and tail-call it, instead of importing the table: V8 gives every instance that imports
// a table its own copy of the table's dispatch entries, so each instantiation cost time linear in
// the table's size (about 35 ns an entry) and each table.set time linear in the number of
// instances. With a few thousand regions in a few hundred modules, that was 1.3 of the ~9 CPU-s
// of `python3 -c pass` (docs/PERFORMANCE.md, "Cold code").
import { FuncEmitter } from './func-emitter.js';
import { Op } from './opcodes.js';
import type { RegionFn } from './region.js';
import { WasmModule } from './wasm-module.js';

export const REGION_PARAMS = ['i32', 'i32', 'i32'] as const;

export class RegionTable {
  /** (state, block, fuel, tableIndex) -> site id: enters the region in slot tableIndex. */
  readonly chain: (state: number, block: number, fuel: number, tableIndex: number) => number;
  private readonly table: WebAssembly.Table;
  private readonly free: number[] = [];
  private used = 0;

  constructor() {
    const mod = new WasmModule();
    const regionType = mod.type([...REGION_PARAMS], ['i32']);
    const e = new FuncEmitter(4);
    e.get(0).get(1).get(2).get(3);
    e.op(Op.return_call_indirect).code.u32(regionType).u32(0);
    mod.defineTable(64);
    mod.exportTable('table');
    mod.export('chain', mod.func([...REGION_PARAMS, 'i32'], ['i32'], { locals: e.locals, code: e.code }));
    const exports = new WebAssembly.Instance(new WebAssembly.Module(mod.encode()), {}).exports;
    this.table = exports.table as WebAssembly.Table;
    this.chain = exports.chain as RegionTable['chain'];
  }

  add(fn: RegionFn): number {
    let i = this.free.pop();
    if (i === undefined) {
      i = this.used++;
      if (i >= this.table.length) this.table.grow(this.table.length);
    }
    this.table.set(i, fn);
    return i;
  }

  remove(i: number): void {
    this.table.set(i, null);
    this.free.push(i);
  }
}
