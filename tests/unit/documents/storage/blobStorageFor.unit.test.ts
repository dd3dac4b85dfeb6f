import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '@/server/config';
import { blobStorageFor } from '@/server/documents/storage';

const secret = 'x'.repeat(32);
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tramite-data-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('storage configuration', () => {
  it('defaults to a 25 MB limit and local disk under DATA_DIR/blobs', async () => {
    const config = parseConfig({ NEXTAUTH_SECRET: secret, DATA_DIR: dataDir });
    expect(config).toMatchObject({ MAX_UPLOAD_MB: 25, S3_REGION: 'us-east-1', S3_FORCE_PATH_STYLE: false });
    expect(config.S3_BUCKET).toBeUndefined();
    const staged = await blobStorageFor(config).stage(Readable.from([Buffer.from('x')]), { maxBytes: 10 });
    expect(existsSync(path.join(dataDir, 'blobs', staged.stagingKey))).toBe(true);
  });

  it('reads the S3 settings', () => {
    const config = parseConfig({
      NEXTAUTH_SECRET: secret,
      MAX_UPLOAD_MB: '50',
      S3_BUCKET: 'tramite-files',
      S3_REGION: 'eu-west-1',
      S3_ENDPOINT: 'http://127.0.0.1:9000',
      S3_ACCESS_KEY_ID: 'key',
      S3_SECRET_ACCESS_KEY: 'secret',
      S3_FORCE_PATH_STYLE: 'true',
    });
    expect(config).toMatchObject({ MAX_UPLOAD_MB: 50, S3_BUCKET: 'tramite-files', S3_ENDPOINT: 'http://127.0.0.1:9000', S3_FORCE_PATH_STYLE: true });
  });

  it('refuses half a pair of S3 credentials, a limit that is not a whole number, and a non-boolean path style', () => {
    expect(() => parseConfig({ NEXTAUTH_SECRET: secret, S3_BUCKET: 'b-1', S3_ACCESS_KEY_ID: 'key' })).toThrow(/S3_SECRET_ACCESS_KEY \(not set\): S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together/);
    expect(() => parseConfig({ NEXTAUTH_SECRET: secret, MAX_UPLOAD_MB: '2.5' })).toThrow(/MAX_UPLOAD_MB/);
    expect(() => parseConfig({ NEXTAUTH_SECRET: secret, S3_FORCE_PATH_STYLE: 'sometimes' })).toThrow(/S3_FORCE_PATH_STYLE: expected true or false/);
  });
});
