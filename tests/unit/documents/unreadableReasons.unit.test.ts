import { describe, expect, it } from 'vitest';
import { UnreadableDocumentError } from '@/server/documents/processing';
import { isUnreadableFileReason, unreadableReasons } from '@/server/documents/processing/unreadableReasons';

describe('isUnreadableFileReason', () => {
  it('is true for the reason every unreadable file records, and for nothing else', () => {
    for (const reason of unreadableReasons) expect(isUnreadableFileReason(new UnreadableDocumentError(reason).messageKey)).toBe(true);
    // A failure resuming may cure: a step's own error text, another message key, a made-up reason under the same prefix.
    for (const reason of ['Storage unavailable.', 'documents.notFailed', 'documents.reasons.somethingElse', 'documents.reasons.', '', null, undefined]) {
      expect(isUnreadableFileReason(reason)).toBe(false);
    }
  });
});
