import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sniffKind } from '@/server/documents/upload';
import { passwordProtectedDocx } from '@/tests/fixtures/documents/makeFixtures';
import { docxArchive, zipArchive } from '@/tests/support/zipArchive';

const pdf = Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n', 'latin1');
const text = (s: string) => Buffer.from(s, 'utf8');
const markdown = '# Minutes\n\nWe agreed on **three** things:\n\n- the budget\n- the [plan](https://example.com)\n';
const csv = 'name,city,amount\nAna,"Lima, Peru",10\nLuis,Quito,20\n';
const bom = Buffer.from([0xef, 0xbb, 0xbf]);

/** [what, bytes, file name, expected kind or null for refused] */
const table: [string, Buffer, string, string | null][] = [
  ['a PDF', pdf, 'report.pdf', 'pdf'],
  ['PDF bytes named .txt', pdf, 'notes.txt', 'pdf'],
  ['PDF bytes with no name', pdf, '', 'pdf'],
  ['a DOCX', docxArchive(), 'letter.docx', 'docx'],
  ['a DOCX named .zip', docxArchive(), 'letter.zip', 'docx'],
  ['a DOCX whose main part comes after 200 KB of media', docxArchive([{ name: 'word/media/image1.png', content: randomBytes(200 * 1024) }]), 'photo.docx', 'docx'],
  ['a zip that is not a DOCX, named .docx', zipArchive([{ name: 'xl/workbook.xml', content: '<workbook/>' }]), 'sheet.docx', null],
  ['a zip holding a file named like the main part in another folder', zipArchive([{ name: 'notword/document.xml', content: 'x' }]), 'trick.docx', null],
  ['a zip whose only mention of word/document.xml is inside a file', zipArchive([{ name: 'readme.txt', content: 'see word/document.xml' }]), 'trick.docx', null],
  ['plain text', text('Hello.\nThis is a note.\n'), 'note.txt', 'txt'],
  ['text named .pdf', text('Hello.\nThis is a note.\n'), 'fake.pdf', 'txt'],
  ['text with a UTF-8 byte-order mark', Buffer.concat([bom, text('Año nuevo, vida nueva.\n')]), 'note', 'txt'],
  ['a text shorter than any magic number', text('ok'), 'x', 'txt'],
  ['Markdown named .md', text(markdown), 'minutes.md', 'md'],
  ['Markdown with no extension', text(markdown), 'minutes', 'md'],
  ['Markdown named .txt (the name settles txt against md)', text(markdown), 'minutes.txt', 'txt'],
  ['a single heading named .markdown', text('# Title\n'), 'a.markdown', 'md'],
  ['CSV named .csv', text(csv), 'data.csv', 'csv'],
  ['CSV named .pdf', text(csv), 'data.pdf', 'csv'],
  ['CSV named .txt', text(csv), 'data.txt', 'txt'],
  ['semicolon CSV with no name', text('a;b;c\n1;2;3\n4;5;6\n'), '', 'csv'],
  ['a one-column file named .csv', text('name\nAna\nLuis\n'), 'names.csv', 'csv'],
  ['prose with commas named .csv', text('Dear Ana, thanks.\nThe meeting, as agreed, is on Monday, at ten.\n'), 'letter.csv', 'txt'],
  ['two lines of prose with one comma each', text('Hello, world.\nGoodbye, moon.\n'), 'x', 'txt'],
  ['an HTML page', text('<!DOCTYPE html>\n<html><body><p>Hi</p></body></html>'), 'page.html', 'html'],
  ['HTML after a BOM, whitespace and a comment', Buffer.concat([bom, text('\n  <!-- saved -->\n<html lang="es"><body>Hola</body></html>')]), 'page.htm', 'html'],
  ['XHTML with an XML declaration', text('<?xml version="1.0"?>\n<!doctype html><html></html>'), 'page.xhtml', 'html'],
  ['HTML named .txt', text('<html><body>x</body></html>'), 'page.txt', 'html'],
  ['text that mentions <html> later', text('Use the <html> element.\n'), 'tip.html', 'txt'],
  ['a JSON object', text('{"name": "Ana", "tags": ["a", "b"], "n": -1.5e3}'), 'data.json', 'json'],
  ['a JSON array named .txt', text('[1, 2, {"a": null}]\n'), 'data.txt', 'json'],
  ['a JSON number named .json', text('42'), 'answer.json', 'json'],
  ['a JSON number named .txt', text('42'), 'answer.txt', 'txt'],
  ['broken JSON named .json', text('{"name": "Ana",}'), 'data.json', 'txt'],
  ['Latin-1 text (not UTF-8)', Buffer.from('Año nuevo\n', 'latin1'), 'note.txt', null],
  ['UTF-16 text (NUL bytes)', Buffer.from('Hello there\n', 'utf16le'), 'note.txt', null],
  ['text with a NUL byte', Buffer.concat([text('abc'), Buffer.from([0]), text('def')]), 'note.txt', null],
  ['a PNG', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), 'image.png', null],
  ['an executable', Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), randomBytes(64)]), 'program.pdf', null],
  ['random bytes', Buffer.concat([Buffer.from([0xff, 0xfe, 0x00]), randomBytes(4096)]), 'garbage.txt', null],
  ['a lone zip signature', Buffer.from('PK\x03\x04', 'latin1'), 'x.docx', null],
  ['a password-protected DOCX (an OLE compound file, not a zip)', passwordProtectedDocx(), 'secret.docx', null],
  ['an old binary .doc (a compound file too)', Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(1024)]), 'old.docx', null],
  ['nothing at all', Buffer.alloc(0), 'empty.txt', null],
];

describe('sniffKind judges by content, using the name only within the text family', () => {
  it.each(table.map(([what, bytes, fileName, expected]) => ({ what, bytes, fileName, expected })))('$what → $expected', ({ bytes, fileName, expected }) => {
    expect(sniffKind(bytes, fileName).kind).toBe(expected);
  });

  it('gives the content type each kind is stored and served as', () => {
    expect(sniffKind(pdf, 'a.pdf')).toEqual({ kind: 'pdf', contentType: 'application/pdf' });
    expect(sniffKind(docxArchive(), 'a.docx')).toMatchObject({ contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
    expect(sniffKind(text(csv), 'a.csv')).toMatchObject({ contentType: 'text/csv; charset=utf-8' });
  });

  it('refuses a text whose last character is cut short, unless told the bytes are only the start', () => {
    const cut = text('Canció').subarray(0, -1); // half of the ó
    expect(sniffKind(cut, 'song.txt').kind).toBeNull();
    expect(sniffKind(cut, 'song.txt', { complete: false }).kind).toBe('txt');
  });

  it('takes the start of a JSON document as JSON when told it is only the start', () => {
    expect(sniffKind(text('{"rows": [1, 2, '), 'big.json', { complete: false }).kind).toBe('json');
    expect(sniffKind(text('{"rows": [1, 2, '), 'big.json').kind).toBe('txt');
  });
});
