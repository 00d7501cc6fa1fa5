const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    // Throws RangeError for a zone the runtime does not know: a wrong business date is worse than a loud failure.
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The store's local calendar date (YYYY-MM-DD) at the UTC instant `occurredAt`: the day a sale counts towards. */
export function businessDate(occurredAt: string, timeZone: string): string {
  const parts = formatterFor(timeZone).formatToParts(new Date(occurredAt));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}
