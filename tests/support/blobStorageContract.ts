import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { BlobNotFoundError, TooLargeError, type BlobStorage } from '@/server/documents/storage';

/** A stream of `size` bytes made as it is read (never one big buffer), optionally failing after `failAfter` bytes. */
export function generatedStream(size: number, { chunkSize = 64 * 1024, failAfter }: { chunkSize?: number; failAfter?: number } = {}): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (failAfter !== undefined && sent >= failAfter) return this.destroy(new Error('the client went away'));
      if (sent >= size) return this.push(null);
      const length = Math.min(chunkSize, size - sent);
      const chunk = Buffer.alloc(length, (sent / chunkSize) % 251);
      sent += length;
      this.push(chunk);
    },
  });
}

export const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * What every BlobStorage driver must do, run against each one. `stagedKeys`
 * lists what is left in the staging area, to prove refusals leave nothing.
 */
export function blobStorageContract(driver: string, setup: () => { storage: BlobStorage; stagedKeys: () => Promise<string[]> }) {
  describe(`${driver}: the BlobStorage contract`, () => {
    const tenantId = randomUUID();

    it('stages a stream, measuring its size and SHA-256 as it writes', async () => {
      const { storage } = setup();
      const bytes = Buffer.from('hello, tramite\n');
      const staged = await storage.stage(Readable.from([bytes]), { maxBytes: 1024 });
      expect(staged).toEqual({ stagingKey: expect.stringMatching(/^staging\/[0-9a-f-]{36}$/), sizeBytes: bytes.length, sha256: sha256Of(bytes) });
    });

    it('promotes a staged file to tenant/sha256 and opens it as a stream with its size', async () => {
      const { storage, stagedKeys } = setup();
      const bytes = Buffer.from(`promoted ${randomUUID()}`);
      const staged = await storage.stage(Readable.from([bytes]), { maxBytes: 1024 });
      const storageKey = await storage.promote(staged.stagingKey, { tenantId, sha256: staged.sha256 });
      expect(storageKey).toBe(`${tenantId}/${staged.sha256}`);
      expect(await stagedKeys()).not.toContain(staged.stagingKey);
      const blob = await storage.open(storageKey);
      expect(blob.sizeBytes).toBe(bytes.length);
      expect(await buffer(blob)).toEqual(bytes);
    });

    it('promoting again after success (a retried step) returns the same key', async () => {
      const { storage } = setup();
      const staged = await storage.stage(Readable.from([Buffer.from(`retry ${randomUUID()}`)]), { maxBytes: 1024 });
      const target = { tenantId, sha256: staged.sha256 };
      const first = await storage.promote(staged.stagingKey, target);
      expect(await storage.promote(staged.stagingKey, target)).toBe(first);
    });

    it('promoting content that is already stored keeps one copy and removes the staged one', async () => {
      const { storage, stagedKeys } = setup();
      const bytes = Buffer.from(`twice ${randomUUID()}`);
      const first = await storage.stage(Readable.from([bytes]), { maxBytes: 1024 });
      const second = await storage.stage(Readable.from([bytes]), { maxBytes: 1024 });
      const key = await storage.promote(first.stagingKey, { tenantId, sha256: first.sha256 });
      expect(await storage.promote(second.stagingKey, { tenantId, sha256: second.sha256 })).toBe(key);
      expect(await stagedKeys()).not.toContain(second.stagingKey);
      expect(await buffer(await storage.open(key))).toEqual(bytes);
    });

    it('the same content in two workspaces is stored under each workspace', async () => {
      const { storage } = setup();
      const bytes = Buffer.from(`shared ${randomUUID()}`);
      const otherTenant = randomUUID();
      const a = await storage.stage(Readable.from([bytes]), { maxBytes: 1024 });
      const b = await storage.stage(Readable.from([bytes]), { maxBytes: 1024 });
      const keys = [await storage.promote(a.stagingKey, { tenantId, sha256: a.sha256 }), await storage.promote(b.stagingKey, { tenantId: otherTenant, sha256: b.sha256 })];
      expect(keys).toEqual([`${tenantId}/${a.sha256}`, `${otherTenant}/${a.sha256}`]);
    });

    it('refuses a stream over the limit with TooLargeError and leaves nothing staged', async () => {
      const { storage, stagedKeys } = setup();
      const before = await stagedKeys();
      const error = await storage.stage(generatedStream(300 * 1024), { maxBytes: 200 * 1024 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TooLargeError);
      expect(error).toMatchObject({ messageKey: 'documents.upload.tooLarge', maxBytes: 200 * 1024 });
      expect(await stagedKeys()).toEqual(before);
    });

    it('accepts a stream of exactly the limit', async () => {
      const { storage } = setup();
      expect((await storage.stage(generatedStream(200 * 1024), { maxBytes: 200 * 1024 })).sizeBytes).toBe(200 * 1024);
    });

    it('a source that fails half-way leaves nothing staged', async () => {
      const { storage, stagedKeys } = setup();
      const before = await stagedKeys();
      await expect(storage.stage(generatedStream(1024 * 1024, { failAfter: 256 * 1024 }), { maxBytes: 10 * 1024 * 1024 })).rejects.toThrow('the client went away');
      expect(await stagedKeys()).toEqual(before);
    });

    it('discards a staged file, and discarding it again is not an error', async () => {
      const { storage, stagedKeys } = setup();
      const staged = await storage.stage(Readable.from([Buffer.from('refused')]), { maxBytes: 1024 });
      expect(await stagedKeys()).toContain(staged.stagingKey);
      await storage.discard(staged.stagingKey);
      await storage.discard(staged.stagingKey);
      expect(await stagedKeys()).not.toContain(staged.stagingKey);
    });

    it('says BlobNotFoundError for a stored key that has no file, and for promoting a staged file that is gone', async () => {
      const { storage } = setup();
      await expect(storage.open(`${tenantId}/${'0'.repeat(64)}`)).rejects.toBeInstanceOf(BlobNotFoundError);
      await expect(storage.promote(`staging/${randomUUID()}`, { tenantId, sha256: 'a'.repeat(64) })).rejects.toBeInstanceOf(BlobNotFoundError);
    });

    it('refuses keys of any other shape, so none can reach outside its folder', async () => {
      const { storage } = setup();
      for (const key of ['../secrets.json', `${tenantId}/../../x`, 'staging/../x', `${tenantId}/${'a'.repeat(63)}`, '']) {
        await expect(storage.open(key)).rejects.toThrow(TypeError);
        await expect(storage.discard(key)).rejects.toThrow(TypeError);
      }
      await expect(storage.promote('staging/x', { tenantId: '../x', sha256: 'a'.repeat(64) })).rejects.toThrow(TypeError);
    });
  });
}
