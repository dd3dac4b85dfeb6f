import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { localDiskStorage } from '@/server/documents/storage';
import { blobStorageContract } from '@/tests/support/blobStorageContract';

const root = mkdtempSync(path.join(os.tmpdir(), 'tramite-blobs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

blobStorageContract('local disk', () => ({
  storage: localDiskStorage(root),
  stagedKeys: async () => {
    try {
      return readdirSync(path.join(root, 'staging')).map((name) => `staging/${name}`);
    } catch {
      return [];
    }
  },
}));
