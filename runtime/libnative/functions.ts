// The runtime's table of bypassed functions, read from libnative/functions.idl at run time so
// the guest stubs and the host side can never disagree about ids or argument meanings.
import { readFileSync } from 'node:fs';
import { packagePath } from '../package-root.js';
import { parseIdl, type FunctionSpec } from './idl.js';
import { sha256 } from './sha256.js';

export type { Access, Extent, FunctionSpec, IntSize, ParamSpec, ReturnSemantics, ValueType } from './idl.js';

export interface FunctionTable {
  /** Indexed by function id. */
  readonly functions: readonly FunctionSpec[];
  /** First 8 bytes of sha256 over the canonical signatures, one per line, in id order. */
  readonly digest: Uint8Array;
  byName(name: string): FunctionSpec | undefined;
  byId(id: number): FunctionSpec | undefined;
}

export function defaultIdlPath(): string {
  return packagePath('libnative', 'functions.idl');
}

export function interfaceDigest(functions: readonly FunctionSpec[]): Uint8Array {
  const text = functions.map((f) => f.signature).join('\n');
  return sha256(new TextEncoder().encode(text)).subarray(0, 8);
}

export function functionTableFromText(text: string, fileName?: string): FunctionTable {
  const functions = parseIdl(text, fileName);
  const byName = new Map(functions.map((f) => [f.name, f]));
  return {
    functions,
    digest: interfaceDigest(functions),
    byName: (name) => byName.get(name),
    byId: (id) => functions[id],
  };
}

let cached: FunctionTable | undefined;

/** The table from the package's own functions.idl (parsed once), or from another IDL file. */
export function loadFunctionTable(path?: string): FunctionTable {
  if (path !== undefined) return functionTableFromText(readFileSync(path, 'utf8'), path);
  cached ??= functionTableFromText(readFileSync(defaultIdlPath(), 'utf8'), defaultIdlPath());
  return cached;
}
