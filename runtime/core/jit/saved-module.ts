// A compiled module as the persistent code cache keeps it: the wasm bytes and what is needed to
// run them in another process of the same build. Nothing in the bytes depends on the process that
// made them except what is recorded here and checked before use: exit-site ids are relative to
// an imported base (compile-region.ts), host-table slots are fixed per name (host-table.ts), and
// the dispatch cache's address and the hot budget are compared. Guest addresses are absolute: a
// module is only offered for the same code at the same address (runtime/linux/code-cache).
import type { ExitEvent } from '../api.js';
import type { Site } from './region.js';
import type { WasmTier } from './wasm-tier.js';

/** A Site with its region (for 'hot') as the region's index in the module. */
export type SavedSite =
  | Exclude<Site, { kind: 'hot' } | { kind: 'exit' }>
  | { kind: 'exit'; pc: number; event: ExitEvent }
  | { kind: 'hot'; pc: number; region: number };

/** A module's compiled code as V8 serialised it (compiled-code.ts), and the V8 version that did. */
export interface SavedCode {
  readonly v8: string;
  readonly bytes: Uint8Array;
}

export interface SavedModule {
  readonly tier: WasmTier;
  readonly bytes: Uint8Array;
  /** TurboFan code of an optimised module, which a process of the same V8 can use instead of compiling bytes. */
  readonly code?: SavedCode;
  /** Per region (export r<k>), its member blocks' [pc, end) in member order. */
  readonly regions: [number, number][][];
  /** The module's exit sites, by module-local id. */
  readonly sites: SavedSite[];
  /** Host functions the code calls and the table slots it calls them at. */
  readonly host: [string, number][];
  /** The host table's length when it was compiled (the minimum its table import asks for). */
  readonly hostTableMin: number;
  readonly dispatchBase: number;
  readonly optBudget: number;
  /**
   * The module as this process compiled it: instantiated again, without compiling, by the image
   * an in-process execve starts (not saved; a forked child, which cannot compile eagerly, only
   * instantiates).
   */
  readonly compiled?: WebAssembly.Module;
}
