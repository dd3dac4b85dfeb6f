import { z } from 'zod';
import { documentKinds, documentStatuses } from '../schema';

/** A form leaves an unused filter as ''; that means no filter, not a bad value. */
const blankAsMissing = (value: unknown) => (value === '' || value === null ? undefined : value);
const date = z.preprocess(blankAsMissing, z.coerce.date({ error: 'documents.search.dateInvalid' }).optional());

/**
 * What the search page and API accept. A blank query is refused
 * (`documents.search.queryRequired`): there is nothing to rank by, and the
 * documents list already shows everything. Dates filter on when the document
 * was uploaded: `from` inclusive, `to` exclusive.
 */
export const searchDocumentsInput = z
  .object({
    query: z
      .string({ error: 'documents.search.queryRequired' })
      .trim()
      .min(1, { error: 'documents.search.queryRequired' })
      .max(500, { error: 'documents.search.queryTooLong' }),
    status: z.preprocess(blankAsMissing, z.enum(documentStatuses, { error: 'documents.search.statusInvalid' }).optional()),
    kind: z.preprocess(blankAsMissing, z.enum(documentKinds, { error: 'documents.search.kindInvalid' }).optional()),
    from: date,
    to: date,
    page: z.coerce.number({ error: 'documents.search.pageInvalid' }).int({ error: 'documents.search.pageInvalid' }).min(1, { error: 'documents.search.pageInvalid' }).max(1000, { error: 'documents.search.pageInvalid' }).default(1),
    pageSize: z.coerce.number({ error: 'documents.search.pageSizeInvalid' }).int({ error: 'documents.search.pageSizeInvalid' }).min(1, { error: 'documents.search.pageSizeInvalid' }).max(50, { error: 'documents.search.pageSizeInvalid' }).default(20),
  })
  .refine((input) => !input.from || !input.to || input.from < input.to, { error: 'documents.search.dateRangeInvalid', path: ['to'] });

export type SearchDocumentsInput = z.input<typeof searchDocumentsInput>;
export type SearchDocumentsQuery = z.output<typeof searchDocumentsInput>;
