import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import S3rver from '@20minutes/s3rver';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3Storage, TooLargeError, type BlobStorage, type S3StorageOptions } from '@/server/documents/storage';
import { blobStorageContract, generatedStream } from '@/tests/support/blobStorageContract';

/**
 * The S3 driver against a real S3-compatible server on loopback
 * (@20minutes/s3rver, with signatures checked). For bucket-level requests
 * (here only the test's own listing) s3rver computes the signature over
 * `/bucket` where the SDK signs `/bucket/`, so the test's client drops that
 * slash; the driver only makes object requests, on which both agree.
 */
const bucket = 'tramite-test';
const directory = mkdtempSync(path.join(os.tmpdir(), 'tramite-s3-'));
const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: bucket, configs: [] }] });
let options: S3StorageOptions;
let client: S3Client;

beforeAll(async () => {
  const { port } = await server.run();
  options = { bucket, region: 'us-east-1', endpoint: `http://127.0.0.1:${port}`, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } };
  client = new S3Client({ region: options.region, endpoint: options.endpoint, forcePathStyle: true, credentials: options.credentials });
  client.middlewareStack.add(
    (next) => (args) => {
      const request = args.request as { path?: string };
      if (request.path && /^\/[^/]+\/$/.test(request.path)) request.path = request.path.slice(0, -1);
      return next(args);
    },
    { step: 'build', name: 'bucketPathWithoutSlash' },
  );
});
afterAll(async () => {
  await server.close();
  rmSync(directory, { recursive: true, force: true });
});

async function stagedKeys(): Promise<string[]> {
  const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'staging/' }));
  return (listed.Contents ?? []).map((object) => object.Key!);
}

blobStorageContract('S3', () => ({ storage: s3Storage(options), stagedKeys }));

describe('S3 beyond the contract', () => {
  let storage: BlobStorage;
  beforeAll(() => {
    storage = s3Storage(options);
  });

  it('streams a file larger than one part as a multipart upload and reads it back intact', async () => {
    const size = 12 * 1024 * 1024 + 123;
    const staged = await storage.stage(generatedStream(size), { maxBytes: 25 * 1024 * 1024 });
    const expected = await buffer(generatedStream(size));
    expect(staged.sizeBytes).toBe(size);
    const key = await storage.promote(staged.stagingKey, { tenantId: randomUUID(), sha256: staged.sha256 });
    const blob = await storage.open(key);
    expect(blob.sizeBytes).toBe(size);
    expect((await buffer(blob)).equals(expected)).toBe(true);
  });

  it('a too-large file refused after its first parts went up leaves no object behind', async () => {
    const before = await stagedKeys();
    const error = await storage.stage(generatedStream(12 * 1024 * 1024), { maxBytes: 11 * 1024 * 1024 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TooLargeError);
    expect(await stagedKeys()).toEqual(before);
  });
});
