import type { Readable } from 'node:stream';

/** What `stage` measured while it wrote: the bytes are somewhere temporary, not yet the tenant's. */
export type StagedBlob = { stagingKey: string; sizeBytes: number; sha256: string };

/** A stored file being read, with its size known before the first byte (for Content-Length). */
export type BlobReadable = Readable & { sizeBytes: number };

/**
 * Where uploaded files live. A file is written once to a staging area while
 * it is measured, then promoted to its permanent, content-addressed key
 * `${tenantId}/${sha256}` — or discarded if it was refused. Every operation
 * streams: no driver holds a whole file in memory.
 */
export interface BlobStorage {
  /** Writes the stream to a new staging key, hashing as it goes; over `maxBytes` it stops, deletes what it wrote and throws TooLargeError. */
  stage(source: Readable, options: { maxBytes: number }): Promise<StagedBlob>;
  /** Moves a staged file to `${tenantId}/${sha256}`. Idempotent: promoting again, or content already stored, returns the same key. */
  promote(stagingKey: string, target: { tenantId: string; sha256: string }): Promise<string>;
  /** Reads a stored file; BlobNotFoundError when there is none. */
  open(storageKey: string): Promise<BlobReadable>;
  /** Deletes a staged file; discarding one that is gone is not an error. */
  discard(stagingKey: string): Promise<void>;
}

const stagingKeyPattern = /^staging\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const storageKeyPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/[0-9a-f]{64}$/;

/**
 * Keys arrive from events and URLs; each driver turns them into paths or
 * object names, so only these two exact shapes are accepted — nothing that
 * could climb out of its folder.
 */
export function checkStagingKey(key: string): string {
  if (!stagingKeyPattern.test(key)) throw new TypeError(`Not a staging key: ${JSON.stringify(key)}`);
  return key;
}

export function checkStorageKey(key: string): string {
  if (!storageKeyPattern.test(key)) throw new TypeError(`Not a storage key: ${JSON.stringify(key)}`);
  return key;
}

export function storageKeyOf(target: { tenantId: string; sha256: string }): string {
  return checkStorageKey(`${target.tenantId.toLowerCase()}/${target.sha256.toLowerCase()}`);
}
