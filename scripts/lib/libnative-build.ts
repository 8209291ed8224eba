// Builds one target's libnative.so: generate the stub assembly from the IDL, configure and
// build the CMake project with the target's toolchain file, copy the result to
// <buildDir>/<target>/libnative.so and verify it.
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { $ } from 'zx';
import { loadFunctionTable } from '../../runtime/libnative/functions.js';
import { builtLibnativePath } from '../../runtime/libnative/locations.js';
import { verifyLibnative } from '../../runtime/libnative/verify.js';
import { packagePath } from '../../runtime/package-root.js';
import type { Target } from '../../runtime/targets.js';
import { generateStubAssembly } from './stub-asm.js';
import { missingCompilerMessage, onPath, ToolchainMissingError, compilerCommand } from './toolchains.js';

export interface BuildOptions {
  /** Root of the build tree; default <package>/build. */
  buildDir?: string;
  log?: (line: string) => void;
}

function defaultBuildDir(): string {
  return packagePath('build');
}


/** Writes only when the content changed, so make sees no new input on rebuilds. */
async function writeIfChanged(path: string, text: string): Promise<void> {
  const old = await readFile(path, 'utf8').catch(() => null);
  if (old !== text) await writeFile(path, text);
}

/** Runs cmake; on failure keeps its whole output in <targetDir>/cmake-error.log and says so in one line. */
async function cmake(target: Target, targetDir: string, step: string, args: string[]): Promise<void> {
  const r = await $({ quiet: true, nothrow: true, env: { ...process.env, LC_ALL: 'C' } })`cmake ${args}`;
  if (r.exitCode === 0) return;
  const logFile = join(targetDir, 'cmake-error.log');
  await writeFile(logFile, `$ cmake ${args.join(' ')}\n${r.stdout}${r.stderr}`);
  const lastLine = r.stderr.trim().split('\n').filter((l) => /error/i.test(l)).at(-1)?.trim() ?? `exit ${r.exitCode}`;
  throw new Error(`${target.name}: cmake ${step} failed (${lastLine}); full output in ${logFile}`);
}

export async function buildLibnative(target: Target, options: BuildOptions = {}): Promise<string> {
  const log = options.log ?? (() => {});
  const buildDir = options.buildDir ?? defaultBuildDir();
  if (!onPath(compilerCommand(target))) throw new ToolchainMissingError(missingCompilerMessage(target));
  if (!onPath('cmake')) throw new ToolchainMissingError('cmake not found: install the Debian package cmake (apt-get install cmake)');
  const table = loadFunctionTable();
  const targetDir = join(buildDir, target.name);
  const stubs = join(targetDir, 'gen', 'stubs.S');
  const cmakeDir = join(targetDir, 'cmake');
  await mkdir(join(targetDir, 'gen'), { recursive: true });
  await writeIfChanged(stubs, generateStubAssembly(target, table));
  log(`[${target.name}] configure`);
  await cmake(target, targetDir, 'configure', ['-S', packagePath('libnative'), '-B', cmakeDir, `-DCMAKE_TOOLCHAIN_FILE=${packagePath('toolchains', `${target.name}.cmake`)}`, `-DLIBNATIVE_STUBS=${stubs}`]);
  log(`[${target.name}] build`);
  await cmake(target, targetDir, 'build', ['--build', cmakeDir]);
  const output = builtLibnativePath(target, buildDir);
  await copyFile(join(cmakeDir, 'libnative.so'), output);
  verifyLibnative(await readFile(output), target, table, output);
  log(`[${target.name}] ok ${output}`);
  return output;
}
