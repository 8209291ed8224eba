// Assembles a WebAssembly module: types, function imports, one imported memory, one funcref
// table (its own or imported), mutable i32 globals, functions, exports.
import type { Ty } from '../../ir/types.js';
import { ByteBuf, u32Size } from './wasm-bytes.js';
import { Op, VALTYPE } from './opcodes.js';

export interface FuncBody {
  /** Local types after the parameters, in index order. */
  locals: Ty[];
  code: ByteBuf;
}

export class WasmModule {
  private readonly types: string[] = [];
  private readonly typeBytes: ByteBuf[] = [];
  private readonly imports: { module: string; name: string; type: number }[] = [];
  private readonly funcs: { type: number; body: FuncBody }[] = [];
  private readonly exports: { name: string; kind: 'func' | 'table'; index: number }[] = [];
  private readonly globals: number[] = [];
  private readonly globalImports: { module: string; name: string }[] = [];
  private memory: { module: string; name: string; shared: boolean } | null = null;
  private tableSize = -1;
  private tableImport: { module: string; name: string; min: number } | null = null;

  type(params: Ty[], results: Ty[]): number {
    const key = `${params.join(',')}>${results.join(',')}`;
    let i = this.types.indexOf(key);
    if (i < 0) {
      const b = new ByteBuf().u8(0x60).u32(params.length);
      for (const p of params) b.u8(VALTYPE[p]);
      b.u32(results.length);
      for (const r of results) b.u8(VALTYPE[r]);
      i = this.types.push(key) - 1;
      this.typeBytes.push(b);
    }
    return i;
  }

  /** Imports must all be added before any function: function indices start after them. */
  importFunc(module: string, name: string, params: Ty[], results: Ty[]): number {
    if (this.funcs.length > 0) throw new Error('wasm: imports after functions');
    return this.imports.push({ module, name, type: this.type(params, results) }) - 1;
  }

  importMemory(module: string, name: string, shared: boolean): void { this.memory = { module, name, shared }; }

  /** Table 0: an imported funcref table of at least `min` entries. */
  importTable(module: string, name: string, min: number): void { this.tableImport = { module, name, min }; }

  /** A funcref table (table 0) of `initial` entries, growable. */
  defineTable(initial: number): void { this.tableSize = initial; }

  /** An imported immutable i32 global; all must be imported before any globalI32. */
  importGlobalI32(module: string, name: string): number {
    if (this.globals.length > 0) throw new Error('wasm: global imports after globals');
    return this.globalImports.push({ module, name }) - 1;
  }

  /** A mutable i32 global of this module, starting at `init`; returns its index. */
  globalI32(init: number): number { return this.globalImports.length + this.globals.push(init) - 1; }

  func(params: Ty[], results: Ty[], body: FuncBody): number {
    return this.imports.length + this.funcs.push({ type: this.type(params, results), body }) - 1;
  }

  export(name: string, func: number): void { this.exports.push({ name, kind: 'func', index: func }); }

  exportTable(name: string): void { this.exports.push({ name, kind: 'table', index: 0 }); }

  encode(): Uint8Array {
    const out = new ByteBuf().bytes(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
    const section = (id: number, content: ByteBuf): void => { out.u8(id).sized(content); };

    const types = new ByteBuf().u32(this.typeBytes.length);
    for (const t of this.typeBytes) types.bytes(t.view());
    section(1, types);

    const imports = new ByteBuf().u32(this.imports.length + (this.memory ? 1 : 0) + (this.tableImport ? 1 : 0) + this.globalImports.length);
    for (const im of this.imports) imports.name(im.module).name(im.name).u8(0x00).u32(im.type);
    if (this.memory) {
      // 65536 pages = the whole 4 GiB guest space; flag 3 = shared with maximum.
      imports.name(this.memory.module).name(this.memory.name).u8(0x02)
        .u8(this.memory.shared ? 0x03 : 0x01).u32(65536).u32(65536);
    }
    // funcref (0x70), limits without maximum.
    if (this.tableImport) imports.name(this.tableImport.module).name(this.tableImport.name).u8(0x01).u8(0x70).u8(0x00).u32(this.tableImport.min);
    // Immutable i32 (mut flag 0).
    for (const g of this.globalImports) imports.name(g.module).name(g.name).u8(0x03).u8(VALTYPE.i32).u8(0x00);
    section(2, imports);

    const funcs = new ByteBuf().u32(this.funcs.length);
    for (const f of this.funcs) funcs.u32(f.type);
    section(3, funcs);

    // funcref (0x70), limits without maximum.
    if (this.tableSize >= 0) section(4, new ByteBuf().u32(1).u8(0x70).u8(0x00).u32(this.tableSize));

    if (this.globals.length > 0) {
      const globals = new ByteBuf().u32(this.globals.length);
      for (const init of this.globals) globals.u8(VALTYPE.i32).u8(0x01).u8(Op.i32_const).s32(init).u8(Op.end);
      section(6, globals);
    }

    const exports = new ByteBuf().u32(this.exports.length);
    for (const e of this.exports) exports.name(e.name).u8(e.kind === 'func' ? 0x00 : 0x01).u32(e.index);
    section(7, exports);

    // Function bodies are written straight into `out` (they are most of the module): the section
    // size is computed first instead of assembling the section and copying it.
    const headers = this.funcs.map((f) => localsHeader(f.body.locals));
    const sizes = this.funcs.map((f, k) => headers[k]!.length + f.body.code.length + 1);
    const content = u32Size(this.funcs.length) + sizes.reduce((n, size) => n + u32Size(size) + size, 0);
    const all = new ByteBuf(out.length + 1 + u32Size(content) + content);
    all.bytes(out.view()).u8(10).u32(content).u32(this.funcs.length);
    this.funcs.forEach((f, k) => { all.u32(sizes[k]!).bytes(headers[k]!.view()).bytes(f.body.code.view()).u8(Op.end); });
    return all.view();
  }
}

/** The local declarations of a function body: runs of one type. */
function localsHeader(locals: readonly Ty[]): ByteBuf {
  const b = new ByteBuf(64);
  const runs: [number, Ty][] = [];
  for (const ty of locals) {
    const last = runs[runs.length - 1];
    if (last && last[1] === ty) last[0]++;
    else runs.push([1, ty]);
  }
  b.u32(runs.length);
  for (const [n, ty] of runs) b.u32(n).u8(VALTYPE[ty]);
  return b;
}
