const localHeader = 0x04034b50; // PK\3\4, then the entry's name at offset 30 (its length at 26)
const centralHeader = 0x02014b50; // PK\1\2, then the name at offset 46 (its length at 28)

/**
 * Looks through a zip as it streams by for an entry with the given name, in
 * the local headers before each entry and in the central directory at the
 * end, so an entry is found wherever it sits in the archive. Keeps only a
 * tail of the previous chunk (a header split across two chunks).
 */
export class ZipEntryScanner {
  private readonly name: Buffer;
  private tail = Buffer.alloc(0);
  found = false;

  constructor(entryName: string) {
    this.name = Buffer.from(entryName, 'utf8');
  }

  write(chunk: Buffer): void {
    if (this.found) return;
    const window = this.tail.length ? Buffer.concat([this.tail, chunk]) : chunk;
    for (let at = window.indexOf(this.name); at !== -1; at = window.indexOf(this.name, at + 1)) {
      if (this.isEntryName(window, at)) {
        this.found = true;
        return;
      }
    }
    this.tail = Buffer.from(window.subarray(Math.max(0, window.length - (46 + this.name.length - 1))));
  }

  private isEntryName(window: Buffer, at: number): boolean {
    const n = this.name.length;
    if (at >= 30 && window.readUInt32LE(at - 30) === localHeader && window.readUInt16LE(at - 4) === n) return true;
    return at >= 46 && window.readUInt32LE(at - 46) === centralHeader && window.readUInt16LE(at - 18) === n;
  }
}
