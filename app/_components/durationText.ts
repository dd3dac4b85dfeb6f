/**
 * A duration as people read it: milliseconds below a second, then seconds,
 * minutes, hours, with the reader's decimal separator.
 */
export function durationText(ms: number, locale: string): string {
  const number = (value: number, digits: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
  if (ms < 1000) return `${number(ms, 0)} ms`;
  if (ms < 60_000) return `${number(ms / 1000, 1)} s`;
  if (ms < 3_600_000) return `${number(ms / 60_000, 1)} min`;
  return `${number(ms / 3_600_000, 1)} h`;
}

/** A share from 0 to 1 as a percentage. */
export function percentText(share: number, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(share);
}
