#!/usr/bin/env node
// npm run binfmt -- install|uninstall|status [--target <name>|all] [--flags PO] [--force]
// (installed copies: qemu-ts-binfmt-conf ...). Registers qemu-ts with the kernel's binfmt_misc,
// as Debian's qemu-user-binfmt does for qemu-user, so foreign programs run as ./prog. As root.
import { parseArgs } from 'node:util';
import { linuxArch } from '../runtime/linux/arch/index.js';
import { findTarget, TARGETS, type Target } from '../runtime/targets.js';
import { buildShim, DEFAULT_FLAGS, ensureBinfmtMounted, entryFor, install, registeredEntries, sameBinaries, uninstall } from './lib/binfmt.js';
import { runMain, UsageError } from './lib/cli.js';

const USAGE = 'usage: npm run binfmt -- install|uninstall|status [--target <name>|all] [--flags PO] [--force]';

/** Targets whose frontend exists: `all` registers only what qemu-ts can run. */
async function runnableTargets(name: string): Promise<Target[]> {
  const asked = name === 'all' ? [...TARGETS] : [findTarget(name) ?? (() => { throw new UsageError(`unknown target '${name}'`); })()];
  const have = await Promise.all(asked.map(async (t) => (await linuxArch(t.name)?.loadFrontend()) != null));
  const runnable = asked.filter((_, i) => have[i]);
  if (runnable.length === 0) throw new UsageError(`qemu-ts cannot run ${name} programs yet (no frontend)`);
  return runnable;
}

runMain(async () => {
  let parsed;
  try {
    parsed = parseArgs({ args: process.argv.slice(2), allowPositionals: true, strict: true,
      options: { target: { type: 'string', default: 'all' }, flags: { type: 'string', default: DEFAULT_FLAGS }, force: { type: 'boolean', default: false } } });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}; ${USAGE}`);
  }
  const [command, ...extra] = parsed.positionals;
  if (!['install', 'uninstall', 'status'].includes(command ?? '') || extra.length > 0) throw new UsageError(USAGE);
  const targets = await runnableTargets(parsed.values.target!);
  const entries = targets.map((t) => entryFor(t, { flags: parsed.values.flags }));
  ensureBinfmtMounted((l) => console.log(l));
  if (command === 'install') {
    buildShim(targets);
    for (const e of entries) console.log(`${e.name}: ${install(e, parsed.values.force)} (${e.interpreter}, flags ${e.flags || 'none'})`);
  } else if (command === 'uninstall') {
    for (const e of entries) console.log(`${e.name}: ${uninstall(e.name) ? 'removed' : 'was not registered'}`);
  } else {
    const all = registeredEntries();
    for (const e of entries) {
      const r = all.find((x) => x.name === e.name);
      const others = all.filter((x) => x.name !== e.name && sameBinaries(x, e));
      console.log(`${e.name}: ${r ? `${r.enabled ? 'enabled' : 'disabled'}, ${r.interpreter}, flags ${r.flags || 'none'}` : 'not registered'}` +
        (others.length ? `; also for these binaries: ${others.map((o) => `${o.name} (${o.interpreter})`).join(', ')}` : ''));
    }
  }
});
