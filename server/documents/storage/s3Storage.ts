import { randomUUID } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CopyObjectCommand, DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { checkStagingKey, checkStorageKey, storageKeyOf, type BlobReadable, type BlobStorage } from './blobStorage';
import { BlobNotFoundError } from './errors';
import { MeasuringStream } from './measure';

export type S3StorageOptions = {
  bucket: string;
  region: string;
  /** An S3-compatible server (MinIO, R2, …); AWS itself when absent. */
  endpoint?: string;
  forcePathStyle?: boolean;
  /** Without them the SDK's default chain applies (environment, profile, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
};

/** S3's smallest part; with one part in flight an upload holds at most ~2 parts in memory whatever the file's size. */
const partSize = 5 * 1024 * 1024;

const isMissing = (error: unknown) =>
  error instanceof S3ServiceException && (error.name === 'NotFound' || error.name === 'NoSuchKey' || error.$metadata.httpStatusCode === 404);

/**
 * Objects in one bucket: `staging/<uuid>` while an upload is checked (a
 * lifecycle rule on that prefix can expire abandoned ones),
 * `<tenantId>/<sha256>` once promoted by a server-side copy.
 */
export function s3Storage(options: S3StorageOptions, client = s3Client(options)): BlobStorage {
  const { bucket } = options;

  async function exists(key: string): Promise<boolean> {
    try {
      await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  return {
    async stage(source: Readable, { maxBytes }) {
      const stagingKey = `staging/${randomUUID()}`;
      const meter = new MeasuringStream(maxBytes);
      const body = new PassThrough();
      const upload = new Upload({ client, params: { Bucket: bucket, Key: stagingKey, Body: body }, partSize, queueSize: 1, leavePartsOnError: false });
      const uploaded = upload.done();
      // If S3 fails first, nothing reads `body` any more: end the pipeline rather than wait on it forever.
      uploaded.catch((error) => body.destroy(error));
      try {
        await pipeline(source, meter, body);
        await uploaded;
      } catch (error) {
        await upload.abort().catch(() => {});
        await uploaded.catch(() => {});
        // A small file may have gone up as a single PUT before the failure was seen.
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: stagingKey })).catch(() => {});
        throw error;
      }
      return { stagingKey, ...meter.result() };
    },

    async promote(stagingKey, target) {
      checkStagingKey(stagingKey);
      const storageKey = storageKeyOf(target);
      if (!(await exists(storageKey))) {
        try {
          await client.send(new CopyObjectCommand({ Bucket: bucket, Key: storageKey, CopySource: `${bucket}/${stagingKey}` }));
        } catch (error) {
          if (!isMissing(error)) throw error;
          // A retry after the staged object was already promoted and removed.
          if (await exists(storageKey)) return storageKey;
          throw new BlobNotFoundError(stagingKey);
        }
      }
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: stagingKey }));
      return storageKey;
    },

    async open(storageKey) {
      checkStorageKey(storageKey);
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: storageKey }));
        const body = object.Body instanceof Readable ? object.Body : Readable.fromWeb(object.Body as never);
        return Object.assign(body, { sizeBytes: object.ContentLength ?? 0 }) as BlobReadable;
      } catch (error) {
        if (isMissing(error)) throw new BlobNotFoundError(storageKey);
        throw error;
      }
    },

    async discard(stagingKey) {
      // Deleting an absent object succeeds in S3.
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: checkStagingKey(stagingKey) }));
    },
  };
}

function s3Client(options: S3StorageOptions): S3Client {
  return new S3Client({
    region: options.region,
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle,
    credentials: options.credentials,
    // Not every S3-compatible server accepts the SDK's default extra checksums; send them only where S3 requires them.
    ...(options.endpoint ? { requestChecksumCalculation: 'WHEN_REQUIRED' as const, responseChecksumValidation: 'WHEN_REQUIRED' as const } : {}),
  });
}
