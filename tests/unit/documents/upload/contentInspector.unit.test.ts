import { describe, expect, it } from 'vitest';
import { ContentInspector, type UnacceptedContent } from '@/server/documents/upload/contentInspector';
import { passwordProtectedDocx } from '@/tests/fixtures/documents/makeFixtures';
import { zipArchive } from '@/tests/support/zipArchive';

const latin1 = (s: string) => Buffer.from(s, 'latin1');
const compoundFile = (...parts: Buffer[]) => Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), ...parts]);
const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
const kib = 1024;

/** Writes `bytes` in chunks of `size` (the whole at once without one) and returns the verdict. */
function inspect(bytes: Buffer, size = bytes.length || 1) {
  const inspector = new ContentInspector();
  for (let at = 0; at < bytes.length; at += size) inspector.write(bytes.subarray(at, at + size));
  return inspector.end('file');
}

/** [what, bytes, what the refusal says they look like] */
const table: [string, Buffer, UnacceptedContent['looksLike']][] = [
  ['Latin-1 text', latin1('Año nuevo, canción nueva.\n'), 'textNotUtf8'],
  ['Windows-1252 text with curly quotes and CRLF', Buffer.concat([latin1('He said '), Buffer.from([0x93]), latin1('yes'), Buffer.from([0x94]), latin1('.\r\n')]), 'textNotUtf8'],
  ['UTF-8 for 100 KiB, then a Latin-1 line', Buffer.concat([Buffer.alloc(100 * kib, 'a'), latin1('\nSeñal\n')]), 'textNotUtf8'],
  ['a UTF-8 text whose last character is cut short', Buffer.from('Canció').subarray(0, -1), 'textNotUtf8'],
  ['Latin-1 with terminal colours and a DOS end mark', Buffer.concat([latin1('\x1b[1mAño\x1b[0m\r\n'), Buffer.from([0x1a])]), 'textNotUtf8'],
  ['Latin-1 at the start, then binary control bytes', Buffer.concat([latin1('Año'), Buffer.from([1, 2, 3])]), 'other'],
  ['a PNG: not UTF-8 from its first byte, control bytes soon after', png, 'other'],
  ['UTF-16 text (NUL bytes)', Buffer.from('Hello there\n', 'utf16le'), 'other'],
  ['a password-protected Office document', passwordProtectedDocx(), 'encryptedOffice'],
  ['a compound file with no EncryptionInfo stream (an old .doc or .xls)', compoundFile(Buffer.alloc(4 * kib)), 'other'],
  ['a zip that is not a DOCX', zipArchive([{ name: 'xl/workbook.xml', content: '<workbook/>' }]), 'other'],
  ['nothing at all', Buffer.alloc(0), 'other'],
];

describe('ContentInspector tells refused bytes apart as far as the refusal needs', () => {
  it.each(table.flatMap(([what, bytes, looksLike]) => [1, 7, 16 * kib, undefined].map((size) => ({ what, bytes, looksLike, size }))))(
    '$what → $looksLike (chunks of $size)',
    ({ bytes, looksLike, size }) => {
      expect(inspect(bytes, size)).toEqual({ kind: null, looksLike });
    },
  );

  it('stops Latin-1 text 64 KiB past its first invalid byte, long before its end', () => {
    const inspector = new ContentInspector();
    const chunk = latin1('Ñandú, pingüino y cigüeña.\n'.repeat(600)); // about 16 KiB
    let written = 0;
    while (!inspector.refusal && written < 25 * 1024 * kib) {
      inspector.write(chunk);
      written += chunk.length;
    }
    expect(inspector.refusal).toEqual({ kind: null, looksLike: 'textNotUtf8' });
    expect(written).toBeLessThan(100 * kib);
  });

  it('refuses a compound file at its first bytes when it was not presented as Word, rather than reading it to its end', () => {
    const inspector = new ContentInspector({ readCompoundFiles: false });
    inspector.write(compoundFile(Buffer.alloc(64 * kib)));
    expect(inspector.refusal).toEqual({ kind: null, looksLike: 'other' });
    // Presented as Word, the same bytes are read on for an EncryptionInfo stream.
    const reading = new ContentInspector({ readCompoundFiles: true });
    reading.write(compoundFile(Buffer.alloc(64 * kib)));
    expect(reading.refusal).toBeNull();
  });

  it('settles on binary at the first control byte, however the bytes are cut', () => {
    const inspector = new ContentInspector();
    inspector.write(png.subarray(0, 5)); // not UTF-8 already, but nothing binary yet
    inspector.write(png.subarray(5, 8));
    expect(inspector.refusal).toBeNull();
    inspector.write(png.subarray(8));
    expect(inspector.refusal).toEqual({ kind: null, looksLike: 'other' });
  });

  it('reads a compound file on until the EncryptionInfo name goes by, even split across two chunks', () => {
    const inspector = new ContentInspector();
    const name = Buffer.from('EncryptionInfo', 'utf16le');
    inspector.write(compoundFile(Buffer.alloc(512 * kib), name.subarray(0, 9)));
    expect(inspector.refusal).toBeNull(); // an old .doc so far: the refusal is sure, its message is not
    inspector.write(name.subarray(9));
    expect(inspector.refusal).toEqual({ kind: null, looksLike: 'encryptedOffice' });
  });

  it('looks for binary control bytes only in text that is not UTF-8: valid UTF-8 is refused for NUL alone, as before', () => {
    expect(inspect(Buffer.from('\x1b[1mAño\x1b[0m\r\n\x01'))).toMatchObject({ kind: 'txt' });
  });
});
