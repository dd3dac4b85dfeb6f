/**
 * The search form's "To" names the last day to include, as a person means
 * it; the search's `to` is the first moment left out. So a day (YYYY-MM-DD)
 * becomes the day after it, and From and To on the same day find that day's
 * documents. Anything else is passed on for the search's own validation.
 */
export function throughDay(to: string | undefined): string | undefined {
  if (!to || !/^\d{4}-\d{2}-\d{2}$/.test(to)) return to;
  const day = new Date(`${to}T00:00:00Z`);
  if (Number.isNaN(day.getTime())) return to;
  day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}
