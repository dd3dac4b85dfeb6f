import { readFileSync } from 'node:fs';
import type { ServerProcess } from './processes';

/** CPU used during a phase, in shares of one core (1 = one core busy throughout; the machine has two); `other` is everything else on the machine. */
export type CpuSplit = { server: number; clients: number; trigger: number; other: number };

/**
 * CPU seconds the whole machine has spent busy since boot (all cores, from
 * /proc/stat; NaN where there is none). The benchmark subtracts its own
 * processes' time from the difference over a phase: what is left is other
 * work on the machine, which the figures then have to be read against.
 */
function machineBusySeconds(): number {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
    return (user + nice + system + irq + softirq + steal) / 100;
  } catch {
    return Number.NaN;
  }
}

/** CPU time of the server, the clients (as they report it), this process and the machine over one phase. */
export class CpuMeter {
  private constructor(
    private readonly server: ServerProcess,
    private readonly serverBefore: number,
    private readonly ownBefore: NodeJS.CpuUsage,
    private readonly machineBefore: number,
    private readonly started: number,
  ) {}

  static async start(server: ServerProcess): Promise<CpuMeter> {
    return new CpuMeter(server, await server.cpuMicroseconds(), process.cpuUsage(), machineBusySeconds(), performance.now());
  }

  async stop(clientsMicroseconds: number): Promise<{ split: CpuSplit; seconds: number; serverMicroseconds: number }> {
    const seconds = (performance.now() - this.started) / 1000;
    const serverMicroseconds = (await this.server.cpuMicroseconds()) - this.serverBefore;
    const own = process.cpuUsage(this.ownBefore);
    const share = (busySeconds: number) => Number((busySeconds / seconds).toFixed(2));
    const ours = (serverMicroseconds + clientsMicroseconds + own.user + own.system) / 1e6;
    const split = {
      server: share(serverMicroseconds / 1e6),
      clients: share(clientsMicroseconds / 1e6),
      trigger: share((own.user + own.system) / 1e6),
      other: share(Math.max(0, machineBusySeconds() - this.machineBefore - ours)),
    };
    return { split, seconds, serverMicroseconds };
  }
}
