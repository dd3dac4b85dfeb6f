import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';

export type Child = { name: string; process: ChildProcess; logFile: string; exited: Promise<number | null> };

/** Starts a child process whose output goes to its own log file. */
export function startChild(name: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): Child {
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { name, process: child, logFile, exited };
}

/** Asks a child to stop, and kills it if it has not within the grace period. */
export async function stopChild(child: Child, graceMs = 25_000): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.process.kill('SIGTERM');
  const timer = setTimeout(() => child.process.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}

/** Resolves once `url` answers at all, or rejects when the child exits first. */
export async function waitForHttp(url: string, child: Child, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void child.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${child.name} exited before answering; see ${child.logFile}`);
    try {
      await fetch(url, { redirect: 'manual' });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`${child.name} did not answer at ${url} within ${timeoutMs / 1000} s; see ${child.logFile}`);
}
