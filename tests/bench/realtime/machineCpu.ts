import { readFileSync } from 'node:fs';

/**
 * CPU seconds the whole machine has spent busy since boot (all cores, from
 * /proc/stat; NaN where there is none). The benchmark subtracts its own
 * processes' time from the difference over a phase: what is left is other
 * work on the machine, which the figures then have to be read against.
 */
export function machineBusySeconds(): number {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
    return (user + nice + system + irq + softirq + steal) / 100;
  } catch {
    return Number.NaN;
  }
}
