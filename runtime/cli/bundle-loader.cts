// Runs the runtime bundle (scripts/bundle-runtime.ts) as a script with a V8 code cache: Node 20
// has no compile cache for modules, and compiling the bundle's half megabyte cost about 25 ms of
// every start, again in every guest thread's worker. CommonJS, so that a worker started from a
// line of code can require it without bringing up Node's ES-module loader (~15 ms).
//
// The cache is V8's serialisation of every function compiled by the time the first run that had
// none exits, so later runs also skip compiling the functions start-up calls. V8 rejects a cache
// made by another Node version or with other V8 flags, but it checks the source only by length:
// the cache file's header names the bundle file (size and modification time) it was made from.
import { closeSync, fstatSync, openSync, readFileSync, renameSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import type * as BundleEntry from './bundle-entry.js' with { 'resolution-mode': 'import' };

export type RuntimeBundle = typeof BundleEntry;

/** Bundle size and modification time, two float64s. */
const HEADER_BYTES = 16;

/** One cache per Node version and flag set, so runs with other flags do not overwrite it. */
function cacheFileOf(bundleFile: string): string {
  const key = `${process.version} ${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
  let h = 0x811c9dc5; // FNV-1a
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return `${bundleFile}.${(h >>> 0).toString(16).padStart(8, '0')}.cache`;
}

/** The cached data made from this version of the bundle, if any. */
function readCache(cacheFile: string, bundle: Stats): Buffer | undefined {
  let data: Buffer;
  try {
    data = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  if (data.length <= HEADER_BYTES || data.readDoubleLE(0) !== bundle.size || data.readDoubleLE(8) !== bundle.mtimeMs) return undefined;
  return data.subarray(HEADER_BYTES);
}

/** Written aside and renamed, so concurrent runs read a whole cache or none. */
function writeCache(cacheFile: string, bundle: Stats, script: vm.Script): void {
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeDoubleLE(bundle.size, 0);
  header.writeDoubleLE(bundle.mtimeMs, 8);
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, Buffer.concat([header, script.createCachedData()]));
    renameSync(tmp, cacheFile);
  } catch {
    // A read-only installation runs without a cache.
    try {
      unlinkSync(tmp);
    } catch {
      // never written
    }
  }
}

export interface LoadOptions {
  /** Save a code cache when there was none that fit (the main thread; workers only read it). */
  writesCache: boolean;
}

export function loadBundle(bundleFile: string, { writesCache }: LoadOptions): RuntimeBundle {
  // Size, time and text from one open file: a rebuild renames a new bundle into place.
  const fd = openSync(bundleFile, 'r');
  let stats: Stats;
  let source: string;
  try {
    stats = fstatSync(fd);
    source = readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
  const cacheFile = cacheFileOf(bundleFile);
  const cachedData = readCache(cacheFile, stats);
  // The wrapper Node puts around a CommonJS module, on the bundle's first line so line numbers hold.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundleFile,
    cachedData,
  });
  const module = { exports: {} as RuntimeBundle };
  (script.runInThisContext() as (...args: unknown[]) => void)(
    module.exports, createRequire(bundleFile), module, bundleFile, path.dirname(bundleFile),
  );
  const bundle = module.exports;
  bundle.runWorkersFrom(`require(${JSON.stringify(__filename)}).runBundleWorker(${JSON.stringify(bundleFile)});`);
  if (writesCache && (cachedData === undefined || script.cachedDataRejected === true)) {
    const pid = process.pid;
    // Not from a forked child (fork.ts): V8 there runs without the threads the parent had.
    bundle.atExitNow(() => {
      if (process.pid === pid) writeCache(cacheFile, stats, script);
    });
  }
  return bundle;
}

/** A guest thread worker's entry when the runtime was loaded from the bundle (worker-script.ts). */
export function runBundleWorker(bundleFile: string): void {
  // Required here, not at the top: the main thread does not need the module.
  const { workerData } = require('node:worker_threads') as typeof import('node:worker_threads');
  loadBundle(bundleFile, { writesCache: false }).runWorker(workerData);
}
