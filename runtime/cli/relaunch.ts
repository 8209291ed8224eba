// A launcher started as `node qemu-ts-aarch64.js ...` (not through its shebang, e.g. by a script,
// a package manager or binfmt_misc pointing at node) lacks the node flags its shebang gives, and
// without --single-threaded a guest fork would fail later. So the launcher checks its flags
// first and, where one is missing, replaces itself (execve: same pid, same stdin/out/err) with
// node started with them. Only that path loads koffi; a normal start reads its own first line.
import { launcherNodeFlags } from './launcher-flags.js';

/** The launcher's shebang flags that this node process was not started with. */
export function missingLauncherFlags(launcherPath: string, execArgv: readonly string[]): string[] {
  return launcherNodeFlags(launcherPath).filter((f) => !execArgv.includes(f));
}

/** Re-executes this launcher under node with its shebang flags when any is missing; returns otherwise. */
export async function relaunchWithLauncherFlags(launcherPath: string): Promise<void> {
  const missing = missingLauncherFlags(launcherPath, process.execArgv);
  if (missing.length === 0) return;
  const { libc } = await import('../linux/host/libc.js');
  (await import('../linux/host/runtime-fds.js')).keepStdioOnExec();
  const c = (s: string): Buffer => Buffer.from(s + '\0', 'utf8');
  // Flags given by hand come after the launcher's, so they win where the two disagree.
  const argv = [process.execPath, ...missing, ...process.execArgv, launcherPath, ...process.argv.slice(2)].map(c);
  const env = Object.entries(process.env).map(([k, v]) => c(`${k}=${v ?? ''}`));
  libc.execve(argv[0], [...argv, null], [...env, null]);
  process.stderr.write(`qemu-ts: cannot restart ${launcherPath} under ${process.execPath} with the node flags it needs (${missing.join(' ')}); run it as a program (its shebang gives them) instead\n`);
  process.exit(1);
}
