import 'server-only';

/**
 * Uploaded files: staged while they are checked, then kept content-addressed
 * per workspace (`${tenantId}/${sha256}`), on local disk or in S3.
 */
export { type BlobStorage, type BlobReadable, type StagedBlob, storageKeyOf } from './blobStorage';
export { TooLargeError, BlobNotFoundError } from './errors';
export { localDiskStorage } from './localDiskStorage';
export { s3Storage, type S3StorageOptions } from './s3Storage';
export { blobStorageFor, getBlobStorage } from './getBlobStorage';
export { blobResponse, contentDisposition } from './blobResponse';
