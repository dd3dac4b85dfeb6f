import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { assertDataDirWritable, assertPortFree, findFreePort, StartError } from '@/scripts/start/checks';

describe('npm start checks', () => {
  it('names a busy port, the variable to change and a command that avoids it', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
    const { port } = server.address() as net.AddressInfo;
    try {
      const error = await assertPortFree(port, 'web server', 'PORT').catch((e) => e);
      expect(error).toBeInstanceOf(StartError);
      expect(error.message).toBe(
        `Port ${port} (web server) is already in use. Stop whatever is listening there, or choose another port: PORT=${port + 1} npm start`,
      );
    } finally {
      server.close();
    }
  });

  it('accepts a free port', async () => {
    await expect(assertPortFree(await findFreePort(), 'web server', 'PORT')).resolves.toBeUndefined();
  });

  it('names a data directory that cannot be written and says what to do', () => {
    // A path below a regular file cannot be created, even by root.
    expect(() => assertDataDirWritable('package.json/data')).toThrow(
      /The data directory .*package\.json\/data is not writable \(ENOTDIR\)\. Fix its permissions, or set DATA_DIR/,
    );
  });
});
