// Counters behind `-d stats`. Plain fields so the hot paths only pay an increment.
export class EngineStats {
  /** Blocks handed out by the frontend. */
  translated = 0;
  /** Of those, blocks the IR validator checked (-d ir-validate, $QEMU_TS_IR_VALIDATE). */
  irValidated = 0;
  /** Block executions in the interpreter. */
  interpreted = 0;
  /** Dispatcher iterations (block lookups from JS). */
  dispatches = 0;
  /** Calls from the dispatcher into compiled regions (each one is a JS<->wasm transition). */
  jitEntries = 0;
  /** Blocks compiled to wasm (a block compiled into two regions counts twice). */
  compiledBlocks = 0;
  regions = 0;
  modules = 0;
  compileMs = 0;
  /** Of the regions and compileMs: baseline regions compiled again by the optimising compiler. */
  optimizedRegions = 0;
  optimizeMs = 0;
  /** Bytes of wasm produced. */
  wasmBytes = 0;
  /** Blocks dropped by invalidation. */
  invalidatedBlocks = 0;
  /** Regions thrown away because a member block was invalidated. */
  invalidatedRegions = 0;
  /** Modules (and their regions) loaded from the persistent code cache, and the time it took (compile included). */
  savedModules = 0;
  savedRegions = 0;
  savedLoadMs = 0;
  /** Of savedModules, those whose compiled code was used (not compiled from their wasm bytes). */
  savedCodeModules = 0;
  /**
   * Blocks translated again because something needed their IR: those of saved modules (never
   * translated here) and compiled blocks whose IR was released (block-cache.ts); also in `translated`.
   */
  retranslated = 0;
  /** Translations an in-process execve kept and the new image used (code-cache.ts, parked). */
  revivedBlocks = 0;

  snapshot(cacheSize: number): Record<string, number> {
    const fields: Record<string, number> = Object.fromEntries(Object.entries(this));
    const ms = (x: number): number => Math.round(x * 1000) / 1000;
    return { ...fields, compileMs: ms(this.compileMs), optimizeMs: ms(this.optimizeMs), savedLoadMs: ms(this.savedLoadMs), cachedBlocks: cacheSize };
  }
}
