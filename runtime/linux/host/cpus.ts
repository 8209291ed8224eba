import os from 'node:os';

/** Host CPUs the guest is told about (sched_getaffinity, /proc/cpuinfo, sysconf). */
export function cpuCount(): number {
  return Math.max(1, os.availableParallelism());
}
