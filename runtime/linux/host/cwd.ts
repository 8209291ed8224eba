// The cwd as libc sees it: guest chdir goes through libc, which Node's cached process.cwd() misses.
import { libc } from './libc.js';
import { scratch } from './scratch.js';

export function hostCwd(): string {
  if (libc.getcwd(scratch.addr, 4096) === 0) return '/';
  const end = scratch.u8.indexOf(0);
  return Buffer.from(scratch.u8.subarray(0, end)).toString('latin1');
}
