import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { TooLargeError } from './errors';

/**
 * Passes bytes through unchanged while counting and hashing them, and fails
 * with TooLargeError on the first chunk that takes the count past `maxBytes`
 * (so at most one chunk more than the limit is ever read).
 */
export class MeasuringStream extends Transform {
  private readonly hash = createHash('sha256');
  private bytes = 0;

  constructor(private readonly maxBytes: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) return callback(new TooLargeError(this.maxBytes));
    this.hash.update(chunk);
    callback(null, chunk);
  }

  /** Call once the stream has finished. */
  result(): { sizeBytes: number; sha256: string } {
    return { sizeBytes: this.bytes, sha256: this.hash.digest('hex') };
  }
}
