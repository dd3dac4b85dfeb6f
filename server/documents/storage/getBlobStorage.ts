import path from 'node:path';
import { getConfig, type Config } from '@/server/config';
import type { BlobStorage } from './blobStorage';
import { localDiskStorage } from './localDiskStorage';
import { s3Storage } from './s3Storage';

/** The driver a configuration asks for: S3 when S3_BUCKET is set, local disk under DATA_DIR/blobs otherwise. */
export function blobStorageFor(config: Config): BlobStorage {
  if (!config.S3_BUCKET) return localDiskStorage(path.resolve(config.DATA_DIR, 'blobs'));
  return s3Storage({
    bucket: config.S3_BUCKET,
    region: config.S3_REGION,
    endpoint: config.S3_ENDPOINT,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    credentials:
      config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY ? { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY } : undefined,
  });
}

let cached: BlobStorage | undefined;

/** This process's storage, made once from its configuration. */
export function getBlobStorage(): BlobStorage {
  cached ??= blobStorageFor(getConfig());
  return cached;
}
