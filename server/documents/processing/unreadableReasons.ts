/**
 * Why a file's bytes cannot be read as its kind. No imports: the pages use
 * `isUnreadableFileReason` to leave out a Resume that could only fail again.
 */
export const unreadableReasons = ['pdfEncrypted', 'pdfCorrupt', 'docxEncrypted', 'docxCorrupt', 'notUtf8'] as const;
export type UnreadableReason = (typeof unreadableReasons)[number];

const messageKeyPrefix = 'documents.reasons.';

/** The message key an unreadable file's failure records as its reason. */
export const unreadableReasonKey = (reason: UnreadableReason) => `${messageKeyPrefix}${reason}`;

/**
 * Whether a recorded failure says the file itself cannot be read: running
 * the step again reads the same bytes and fails the same way, so only a new
 * upload helps, and the workflow is not offered to resume.
 */
export function isUnreadableFileReason(reason: string | null | undefined): boolean {
  return !!reason?.startsWith(messageKeyPrefix) && (unreadableReasons as readonly string[]).includes(reason.slice(messageKeyPrefix.length));
}
