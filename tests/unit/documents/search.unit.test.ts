import { describe, expect, it } from 'vitest';
import { throughDay } from '@/app/t/[tenant]/search/throughDay';
import { searchConfigFor, searchDocumentsInput } from '@/server/documents/search';
import { prefixWithin } from '@/server/documents/search/indexDocumentText';
import { matchEnd, matchStart, snippetParts } from '@/server/documents/search/snippet';

describe('searchConfigFor', () => {
  it('stems English and Spanish, and indexes anything else word for word', () => {
    expect([searchConfigFor('en'), searchConfigFor('es'), searchConfigFor('other')]).toEqual(['english', 'spanish', 'simple']);
  });
});

describe('snippetParts', () => {
  it('splits a headline into plain and matched parts', () => {
    expect(snippetParts(`the ${matchStart}invoice${matchEnd} was ${matchStart}paid${matchEnd}`)).toEqual([
      { text: 'the ', match: false },
      { text: 'invoice', match: true },
      { text: ' was ', match: false },
      { text: 'paid', match: true },
    ]);
  });

  it('collapses line breaks and trims the ends', () => {
    expect(snippetParts(`\n  first\nline ${matchStart}match${matchEnd}\n`)).toEqual([
      { text: 'first line ', match: false },
      { text: 'match', match: true },
    ]);
  });

  it('returns no parts for an empty headline', () => {
    expect(snippetParts('')).toEqual([]);
  });
});

describe('prefixWithin', () => {
  it('keeps a text that fits as it is', () => {
    expect(prefixWithin('año nuevo', 100)).toBe('año nuevo');
  });

  it('cuts at a word boundary and never inside a character', () => {
    const text = 'ñandú '.repeat(100);
    const prefix = prefixWithin(text, 50);
    expect(Buffer.byteLength(prefix)).toBeLessThanOrEqual(50);
    expect(prefix).toBe('ñandú ñandú ñandú ñandú ñandú ñandú');
  });
});

describe('searchDocumentsInput', () => {
  it('refuses a blank query with its own message key', () => {
    const result = searchDocumentsInput.safeParse({ query: '  \n ' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([['query', 'documents.search.queryRequired']]);
  });

  it('fills in the first page of 20 and takes form values as strings', () => {
    expect(searchDocumentsInput.parse({ query: ' budget ', status: '', kind: 'pdf', from: '2024-01-01', to: '', page: '2' })).toEqual({
      query: 'budget',
      kind: 'pdf',
      from: new Date('2024-01-01'),
      page: 2,
      pageSize: 20,
    });
  });

  it('refuses unknown filters, a reversed date range and oversized pages, each with a message key', () => {
    const messages = (input: object) => searchDocumentsInput.safeParse({ query: 'x', ...input }).error?.issues.map((issue) => issue.message);
    expect(messages({ status: 'archived' })).toEqual(['documents.search.statusInvalid']);
    expect(messages({ kind: 'exe' })).toEqual(['documents.search.kindInvalid']);
    expect(messages({ from: 'soon' })).toEqual(['documents.search.dateInvalid']);
    expect(messages({ from: '2024-02-01', to: '2024-01-01' })).toEqual(['documents.search.dateRangeInvalid']);
    expect(messages({ pageSize: 500 })).toEqual(['documents.search.pageSizeInvalid']);
    expect(messages({ page: 0 })).toEqual(['documents.search.pageInvalid']);
    expect(messages({ query: 'x'.repeat(501) })).toEqual(['documents.search.queryTooLong']);
  });
});

describe('the search form\'s To day', () => {
  it('includes the day it names: the search stops at the start of the next one, across month and year ends', () => {
    expect(throughDay('2024-02-28')).toBe('2024-02-29');
    expect(throughDay('2024-02-29')).toBe('2024-03-01');
    expect(throughDay('2024-12-31')).toBe('2025-01-01');
  });

  it('lets From and To name the same day, and still reports a To before From', () => {
    const form = (from: string, to: string) => searchDocumentsInput.safeParse({ query: 'x', from, to: throughDay(to) }).error?.issues.map((issue) => issue.message);
    expect(form('2024-02-01', '2024-02-01')).toBeUndefined();
    expect(form('2024-02-02', '2024-02-01')).toEqual(['documents.search.dateRangeInvalid']);
  });

  it('passes on what is not a day, for the search to refuse or ignore', () => {
    expect(throughDay(undefined)).toBeUndefined();
    expect(throughDay('')).toBe('');
    expect(throughDay('soon')).toBe('soon');
    expect(throughDay('2024-13-40')).toBe('2024-13-40');
  });
});
