// Bundles the compiled runtime (out/runtime, ~180 ES modules) into one CommonJS script,
// out/bundle/runtime.cjs, which the qemu-ts-* launchers and their guest threads' workers run
// instead (runtime/cli/bundle-loader.cts, with a V8 code cache) while it is newer than tsc's last
// build (runtime/cli/load-main.ts). Node 20 spends about 1 ms of CPU per ES module it resolves and
// loads, which made loading the runtime a fifth of the cost of a dynamically linked hello world.
// The bundle is a build product (npm run build, prepare, test, bench), never committed.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Plugin } from 'esbuild';
import { BUNDLE_FILE, RUNTIME_DIR } from '../runtime/cli/bundle-location.js';

/**
 * Each module's import.meta.url becomes the URL of its unbundled file, so code that finds files
 * relative to itself (the package root, the thread worker's module) finds the same ones. The
 * bundle's loader gives it __dirname, the bundle's directory.
 */
function ownModuleUrls(bundleFile: string): Plugin {
  return {
    name: 'own-module-urls',
    setup(b) {
      b.onLoad({ filter: /\.js$/ }, (args) => {
        const text = readFileSync(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return undefined;
        const rel = path.relative(path.dirname(bundleFile), args.path);
        const url = `require('node:url').pathToFileURL(require('node:path').join(__dirname, ${JSON.stringify(rel)})).href`;
        return { contents: text.replaceAll('import.meta.url', url), loader: 'js' };
      });
    },
  };
}

/** Writes the bundle; false (and the launchers keep using the modules) when esbuild is not installed. */
export async function bundleRuntime(bundleFile = BUNDLE_FILE, runtimeDir = RUNTIME_DIR): Promise<boolean> {
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch {
    console.error('bundle-runtime: esbuild is not installed; the launchers load the runtime module by module');
    return false;
  }
  const r = await esbuild.build({
    entryPoints: [path.join(runtimeDir, 'cli', 'bundle-entry.js')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['koffi'], // a native addon that finds its binary relative to its own files
    plugins: [ownModuleUrls(bundleFile)],
    outfile: bundleFile,
    write: false,
    logLevel: 'warning',
  });
  // Written aside and renamed: a launcher starting meanwhile sees the old bundle or the new one.
  const dir = path.dirname(bundleFile);
  mkdirSync(dir, { recursive: true });
  const tmp = `${bundleFile}.${process.pid}.tmp`;
  writeFileSync(tmp, r.outputFiles[0]!.contents);
  renameSync(tmp, bundleFile);
  // Code caches of earlier bundles no longer fit (their headers say so); tidy them away.
  const base = path.basename(bundleFile);
  for (const f of readdirSync(dir)) {
    if (f.startsWith(`${base}.`) && f.endsWith('.cache')) rmSync(path.join(dir, f), { force: true });
  }
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) await bundleRuntime();
