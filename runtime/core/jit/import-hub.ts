// Wasm forwarders of the JS functions compiled regions call (storeSlow, atomicSlow, JS helpers).
// V8 compiles a wasm-to-JS wrapper for every JS function a module imports, per module, with
// TurboFan: about a quarter of the instantiation time of our many small modules went there. A
// module that imports a wasm function needs no wrapper, so each JS function is imported once, by
// a small module of its own that exports a wasm function calling it, and region modules import
// that instead. The extra wasm-to-wasm call costs about 1.5 ns.
import type { Ty } from '../../ir/types.js';
import { FuncEmitter } from './func-emitter.js';
import { WasmModule } from './wasm-module.js';

export interface HostImport {
  readonly params: readonly Ty[];
  readonly results: readonly Ty[];
  readonly fn: (...args: any[]) => unknown;
}

export class ImportHub {
  private readonly forwarders = new Map<HostImport['fn'], WebAssembly.ImportValue>();

  /** The wasm forwarder of each import (compiled once per function, batched). */
  forward(imports: readonly HostImport[]): WebAssembly.ImportValue[] {
    const missing = [...new Set(imports.filter((i) => !this.forwarders.has(i.fn)))];
    if (missing.length !== 0) this.build(missing);
    return imports.map((i) => this.forwarders.get(i.fn)!);
  }

  private build(imports: HostImport[]): void {
    const mod = new WasmModule();
    const targets = imports.map((im, k) => mod.importFunc('js', `f${k}`, [...im.params], [...im.results]));
    imports.forEach((im, k) => {
      const e = new FuncEmitter(im.params.length);
      for (let p = 0; p < im.params.length; p++) e.get(p);
      e.call(targets[k]!);
      mod.export(`f${k}`, mod.func([...im.params], [...im.results], { locals: e.locals, code: e.code }));
    });
    const js = Object.fromEntries(imports.map((im, k) => [`f${k}`, im.fn]));
    const exports = new WebAssembly.Instance(new WebAssembly.Module(mod.encode()), { js }).exports;
    imports.forEach((im, k) => this.forwarders.set(im.fn, exports[`f${k}`] as WebAssembly.ImportValue));
  }
}
