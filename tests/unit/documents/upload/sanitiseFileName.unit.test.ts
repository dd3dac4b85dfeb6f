import { describe, expect, it } from 'vitest';
import { fileNameSchema, sanitiseFileName, uploadFileSchema } from '@/server/documents/upload';
import { maxFileNameLength } from '@/server/documents/upload/rules';

describe('sanitiseFileName', () => {
  it.each([
    ['report.pdf', 'report.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\ana\\Desktop\\informe.docx', 'informe.docx'],
    ['/tmp/notes.txt', 'notes.txt'],
    ['  spaced   out  name .md  ', 'spaced out name .md'],
    ['tab\tand\nnewline.txt', 'tab and newline.txt'],
    ['bell\u0007\u0000.txt', 'bell.txt'],
    ['what?<is>:this|"*.csv', 'what__is__this___.csv'],
    ['evil\u202efdp.exe', 'evilfdp.exe'],
    ['trailing dots...', 'trailing dots'],
    ['.hidden', 'document.hidden'],
    ['.pdf', 'document.pdf'],
    ['...', 'document'],
    ['', 'document'],
    ['////', 'document'],
    ['CON.txt', '_CON.txt'],
    ['lpt1', '_lpt1'],
    ['Informe año 2024 — versión final.pdf', 'Informe año 2024 — versión final.pdf'],
    ['Cafe\u0301.txt', 'Café.txt'], // decomposed é becomes one character
  ])('%j → %j', (raw, expected) => {
    expect(sanitiseFileName(raw)).toBe(expected);
  });

  it('shortens a long name but keeps its extension', () => {
    const name = sanitiseFileName(`${'a'.repeat(300)}.pdf`);
    expect(name).toHaveLength(maxFileNameLength);
    expect(name.endsWith('aaa.pdf')).toBe(true);
  });

  it('never cuts a character made of two UTF-16 units in half', () => {
    const name = sanitiseFileName(`${'📄'.repeat(200)}.txt`);
    expect(Array.from(name)).toHaveLength(maxFileNameLength);
    expect(name.endsWith('📄.txt')).toBe(true);
    expect(name).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/); // no lone surrogate
  });

  it('is also a zod rule', () => {
    expect(fileNameSchema.parse('../x/y.txt')).toBe('y.txt');
  });
});

describe('the form’s file rule', () => {
  const rule = uploadFileSchema(25 * 1024 * 1024);

  it('accepts a file within the limit', () => {
    expect(rule.safeParse({ name: 'a.pdf', size: 25 * 1024 * 1024 }).success).toBe(true);
  });

  it('refuses an empty file and one over the limit, with the i18n keys the server uses', () => {
    expect(rule.safeParse({ name: 'a.pdf', size: 0 }).error?.issues[0]?.message).toBe('documents.upload.empty');
    expect(rule.safeParse({ name: 'a.pdf', size: 25 * 1024 * 1024 + 1 }).error?.issues[0]?.message).toBe('documents.upload.tooLarge');
  });
});
