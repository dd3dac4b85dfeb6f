/**
 * Collects document ids from live hints for a short window, then hands them
 * over once. A workflow commits several times a second per document, and an
 * upload of many files multiplies that: one refetch of the list per window
 * instead of one per hint.
 */
export function hintBatcher(flush: (documentIds: Set<string>) => void, windowMs = 150) {
  let pending: Set<string> | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return {
    add(documentId: string) {
      if (!pending) {
        pending = new Set();
        timer = setTimeout(() => {
          const ids = pending!;
          pending = null;
          flush(ids);
        }, windowMs);
      }
      pending.add(documentId);
    },
    cancel() {
      clearTimeout(timer);
      pending = null;
    },
  };
}
