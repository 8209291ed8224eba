// Registry of helpers callable from IR ('call' ops): semantics too large or too rare for IR
// (FMA, rounding-mode conversions, crypto rounds, CRC32...). Both tiers call the same function.
import type { Ty } from './types.js';

/** What a helper sees besides its arguments: the calling thread's guest state. */
export interface HelperContext {
  /** DataView over the guest state struct of the calling thread (little-endian fields). */
  readonly state: DataView;
  /** Guest memory as bytes (guest address = index). */
  readonly mem: Uint8Array;
  /**
   * Discard translated code overlapping [addr, addr+len) (instruction-cache maintenance such as
   * AArch64 IC IVAU). Optional: absent means the tier detects code writes by itself.
   */
  readonly invalidateCode?: (addr: number, len: number) => void;
}

export interface HelperDef {
  name: string;
  params: Ty[];
  result?: Ty;
  /**
   * 'pure': depends on args only. 'state': may read/write guest state through ctx (tiers spill/reload
   * registers around it). 'fault': touches guest memory but not the state, and may throw GuestFault
   * (compiled code keeps registers in locals across the call and checks for a fault after it).
   */
  effects: 'pure' | 'state' | 'fault';
  /** i64 arguments and results are bigint, i32 are int32 numbers, floats are numbers. */
  fn: (ctx: HelperContext, ...args: any[]) => number | bigint | void;
  /**
   * The same helper as a wasm function (stateAddr, ...args) over the guest memory, which compiled
   * code calls without leaving wasm. It reports a fault through the thread's control page
   * (CTL_HELPER_FAULT, CTL_FAULT_ADDR) instead of throwing; `fn` must then throw the GuestFault.
   */
  wasm?: (...args: any[]) => any;
}

const registry = new Map<string, HelperDef>();

export function registerHelper(def: HelperDef): void {
  const old = registry.get(def.name);
  if (old && old !== def) throw new Error(`IR helper '${def.name}' registered twice`);
  registry.set(def.name, def);
}

/** The helper registered under `name`, if any. */
export function findHelper(name: string): HelperDef | undefined {
  return registry.get(name);
}

export function getHelper(name: string): HelperDef {
  const def = registry.get(name);
  if (!def) throw new Error(`unknown IR helper '${name}'`);
  return def;
}

export function allHelpers(): HelperDef[] { return [...registry.values()]; }
