/**
 * Looks for a byte sequence anywhere in a stream as it goes by. Keeps only
 * the end of the previous chunk that could hold the sequence's start (one
 * split across two chunks), never the chunks themselves.
 */
export class ByteSequenceScanner {
  private tail = Buffer.alloc(0);
  found = false;

  constructor(private readonly sequence: Buffer) {}

  write(chunk: Buffer): void {
    if (this.found) return;
    const window = this.tail.length ? Buffer.concat([this.tail, chunk]) : chunk;
    this.found = window.includes(this.sequence);
    // A copy, so the tail does not keep the whole chunk it was cut from alive.
    this.tail = Buffer.from(window.subarray(Math.max(0, window.length - (this.sequence.length - 1))));
  }
}
