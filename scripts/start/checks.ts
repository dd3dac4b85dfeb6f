import { accessSync, constants, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** A problem `npm start` cannot get past, worded for the person who ran it. */
export class StartError extends Error {}

export function assertDataDirWritable(dataDir: string): void {
  const dir = path.resolve(dataDir);
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    const probe = path.join(dir, `.write-test-${process.pid}`);
    writeFileSync(probe, '');
    rmSync(probe);
  } catch (error) {
    throw new StartError(
      `The data directory ${dir} is not writable (${(error as NodeJS.ErrnoException).code ?? error}). ` +
        'Fix its permissions, or set DATA_DIR to a folder you can write to.',
    );
  }
}

export async function assertPortFree(port: number, name: string, variable: string): Promise<void> {
  const free = await isPortFree(port);
  if (!free) {
    throw new StartError(
      `Port ${port} (${name}) is already in use. Stop whatever is listening there, or choose another port: ${variable}=${port + 1} npm start`,
    );
  }
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '0.0.0.0', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A port the kernel considers free now; used for the embedded Postgres. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1' }, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
