/** What stepName needs of a translator of the `documents` messages (next-intl's, on the server or in the browser). */
type Translator = { (key: never): string; has: (key: never) => boolean };

/** A step's name for people: the document steps are translated; a step of another workflow shows as declared. */
export function stepName(t: Translator, step: string | null): string {
  if (!step) return '—';
  const key = `steps.${step}` as never;
  return t.has(key) ? t(key) : step;
}
