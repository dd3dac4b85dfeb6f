import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { link, mkdir, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { checkStagingKey, checkStorageKey, storageKeyOf, type BlobReadable, type BlobStorage } from './blobStorage';
import { BlobNotFoundError } from './errors';
import { MeasuringStream } from './measure';

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException)?.code === 'ENOENT';

/**
 * Files on local disk under `root` (by default `${DATA_DIR}/blobs`):
 * `staging/<uuid>` while an upload is checked, `<tenantId>/<sha256>` once
 * promoted. Staging and stored files share one file system, so promoting is
 * a link, never a copy.
 */
export function localDiskStorage(root: string): BlobStorage {
  const pathOf = (key: string) => path.join(root, ...key.split('/'));

  return {
    async stage(source: Readable, { maxBytes }) {
      const stagingKey = `staging/${randomUUID()}`;
      const file = pathOf(stagingKey);
      await mkdir(path.dirname(file), { recursive: true });
      const meter = new MeasuringStream(maxBytes);
      try {
        // `flush`: once the upload is acknowledged the workflow counts on these bytes, so they are synced before the file closes.
        await pipeline(source, meter, createWriteStream(file, { flags: 'wx', mode: 0o600, flush: true }));
      } catch (error) {
        await rm(file, { force: true });
        throw error;
      }
      return { stagingKey, ...meter.result() };
    },

    async promote(stagingKey, target) {
      const staged = pathOf(checkStagingKey(stagingKey));
      const storageKey = storageKeyOf(target);
      const stored = pathOf(storageKey);
      await mkdir(path.dirname(stored), { recursive: true });
      try {
        // link() fails if the target exists, so a stored file is never replaced, even by a concurrent promote.
        await link(staged, stored);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') {
          // A retry after the staged file was already promoted and removed.
          if (await exists(stored)) return storageKey;
          throw new BlobNotFoundError(stagingKey);
        }
        if (code !== 'EEXIST') throw error;
      }
      await unlink(staged).catch((error) => {
        if (!isMissing(error)) throw error;
      });
      return storageKey;
    },

    async open(storageKey) {
      const file = pathOf(checkStorageKey(storageKey));
      let sizeBytes: number;
      try {
        sizeBytes = (await stat(file)).size;
      } catch (error) {
        if (isMissing(error)) throw new BlobNotFoundError(storageKey);
        throw error;
      }
      return Object.assign(createReadStream(file), { sizeBytes }) as BlobReadable;
    },

    async discard(stagingKey) {
      await rm(pathOf(checkStagingKey(stagingKey)), { force: true });
    },
  };
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}
