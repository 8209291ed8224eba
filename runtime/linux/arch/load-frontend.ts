// Frontends are loaded by name at run time so a target whose frontend is not written yet still
// type-checks and fails with a clear message instead of an import error.

/** The frontend module's exports (`<name>Frontend`, `<name>Hwcaps`), or null when it does not exist. */
export async function loadFrontendModule(name: string): Promise<Record<string, any> | null> {
  try {
    // A relative template literal, not a URL: the runtime bundle (scripts/bundle-runtime.ts)
    // then holds every frontend and resolves the name among them.
    return (await import(`../../frontend/${name}/index.js`)) as Record<string, any>;
  } catch (e) {
    const code = (e as { code?: string }).code;
    const message = String((e as Error).message);
    // Node's loader, or the runtime bundle's (esbuild's glob import: a plain Error).
    const missing = code === 'ERR_MODULE_NOT_FOUND' || message.startsWith('Module not found in bundle');
    if (missing && message.includes(`frontend/${name}/index`)) return null;
    throw e;
  }
}
