import { describe, expect, it } from 'vitest';
import { translate } from '@/i18n/translate';
import { decideUpload, sniffKind, UploadRefusedError } from '@/server/documents/upload';
import { passwordProtectedDocx } from '@/tests/fixtures/documents/makeFixtures';
import { docxArchive } from '@/tests/support/zipArchive';

const pdf = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
const text = Buffer.from('Hello.\nThis is a note.\n');
const csv = Buffer.from('name,city\nAna,Lima\nLuis,Quito\n');
const latin1 = Buffer.from('Año nuevo, vida nueva.\n', 'latin1');
const oldDoc = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(2048)]);
const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
const wordType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

function decide(bytes: Buffer, fileName: string, declaredType = 'application/octet-stream') {
  const decided = decideUpload(sniffKind(bytes, fileName), { fileName, declaredType, sizeBytes: bytes.length });
  return decided instanceof UploadRefusedError ? { status: decided.status, reason: decided.reason, params: decided.params } : decided.kind;
}

const mismatch = (name: string, claimed: string, actual: string) => ({ status: 422, reason: 'nameMismatch', params: { name, claimed, actual } });
const refused = (status: number, reason: string) => ({ status, reason, params: {} });

/** [what, bytes, file name, declared type or undefined, the kind kept or the refusal] */
const table: [string, Buffer, string, string | undefined, unknown][] = [
  // A .pdf or .docx name must hold that kind: it is kept and served with the file.
  ['text named .pdf', text, 'fake.pdf', undefined, mismatch('fake.pdf', 'pdf', 'txt')],
  ['CSV named .pdf', csv, 'data.pdf', undefined, mismatch('data.pdf', 'pdf', 'csv')],
  ['text named .docx', text, 'notes.docx', undefined, mismatch('notes.docx', 'docx', 'txt')],
  ['a PDF named .docx', pdf, 'report.docx', undefined, mismatch('report.docx', 'docx', 'pdf')],
  ['a DOCX named .pdf', docxArchive(), 'letter.pdf', undefined, mismatch('letter.pdf', 'pdf', 'docx')],
  ['a PDF named .PDF', pdf, 'REPORT.PDF', undefined, 'pdf'],
  ['a DOCX named .docx', docxArchive(), 'letter.docx', undefined, 'docx'],
  // Text names stay hints: the content decides, as before.
  ['a PDF named .txt', pdf, 'notes.txt', undefined, 'pdf'],
  ['text named .pdf.txt', text, 'fake.pdf.txt', undefined, 'txt'],
  ['CSV named .txt', csv, 'data.txt', undefined, 'txt'],
  ['CSV named .md', csv, 'data.md', undefined, 'md'],
  ['text with no name', text, 'document', undefined, 'txt'],
  // Text in another encoding is told to be saved as UTF-8 — unless its name says it was never text.
  ['Latin-1 text named .txt', latin1, 'notes.txt', undefined, refused(415, 'notUtf8')],
  ['Latin-1 text named .csv', latin1, 'notes.csv', undefined, refused(415, 'notUtf8')],
  ['Latin-1 text with no extension', latin1, 'notes', undefined, refused(415, 'notUtf8')],
  ['Latin-1 text named .pdf', latin1, 'notes.pdf', undefined, refused(415, 'unsupportedType')],
  // An encrypted Office document is told about its password only when it is presented as Word.
  ['an encrypted DOCX named .docx', passwordProtectedDocx(), 'secret.docx', undefined, refused(415, 'docxEncrypted')],
  ['an encrypted DOCX named .DOCX', passwordProtectedDocx(), 'SECRET.DOCX', undefined, refused(415, 'docxEncrypted')],
  ['an encrypted DOCX with no extension, sent as a Word document', passwordProtectedDocx(), 'secret', `${wordType}; charset=binary`, refused(415, 'docxEncrypted')],
  ['an encrypted workbook named .xlsx', passwordProtectedDocx(), 'budget.xlsx', undefined, refused(415, 'unsupportedType')],
  ['an encrypted file named .doc', passwordProtectedDocx(), 'secret.doc', undefined, refused(415, 'unsupportedType')],
  ['an old .doc renamed .docx (no EncryptionInfo)', oldDoc, 'old.docx', undefined, refused(415, 'unsupportedType')],
  ['an old .doc', oldDoc, 'old.doc', 'application/msword', refused(415, 'unsupportedType')],
  ['a PNG named .pdf', png, 'scan.pdf', undefined, refused(415, 'unsupportedType')],
];

describe('decideUpload: the content decides the kind, the name may only refine a refusal or contradict it', () => {
  it.each(table.map(([what, bytes, fileName, declaredType, expected]) => ({ what, bytes, fileName, declaredType, expected })))(
    '$what',
    ({ bytes, fileName, declaredType, expected }) => {
      expect(decide(bytes, fileName, declaredType)).toEqual(expected);
    },
  );

  it('names the file and both kinds in the mismatch message, in English and Spanish', () => {
    const params = { name: 'fake.pdf', claimed: 'pdf', actual: 'txt' };
    expect(translate('en', 'documents.upload.nameMismatch', params)).toBe(
      'fake.pdf is named as a PDF, but its content is plain text. Rename it so its extension matches its content, or upload the right file.',
    );
    expect(translate('es', 'documents.upload.nameMismatch', { name: 'carta.docx', claimed: 'docx', actual: 'pdf' })).toBe(
      'carta.docx tiene extensión de documento de Word, pero su contenido es un PDF. Cámbiale el nombre para que la extensión coincida con el contenido o sube el archivo correcto.',
    );
  });

  it('keeps the file name and size on the refusal, for DocumentUploadFailed', () => {
    const decided = decideUpload(sniffKind(latin1, 'notes.txt'), { fileName: 'notes.txt', declaredType: 'text/plain', sizeBytes: latin1.length });
    expect(decided).toMatchObject({ messageKey: 'documents.upload.notUtf8', fileName: 'notes.txt', sizeBytes: latin1.length, field: 'file' });
  });
});
