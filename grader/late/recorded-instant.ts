/**
 * Times as submission sources record them (a Gradescope export or metadata
 * file, `git log --format=%cI`), read to one form: an ISO 8601 UTC instant.
 */

/** Gradescope's `2024-01-31 23:59:00.123456789 -08:00` (or ISO 8601 with a zone) as an ISO 8601 UTC instant; undefined when it is not one. */
export function instantOf(text: string): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(\.\d+)?\s*(Z|UTC|[+-]\d{2}:?\d{2})$/.exec(text.trim());
  if (match === null) return undefined;
  const [, date, time, fraction = '', zone] = match;
  const offset = zone === 'Z' || zone === 'UTC' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const instant = new Date(`${date}T${time}${fraction.slice(0, 4)}${offset}`);
  // Date rolls 2024-02-30 over to March: a date that does not read back the same is not one.
  if (Number.isNaN(instant.getTime()) || !sameCalendarDate(date, time, offset, instant)) return undefined;
  return instant.toISOString();
}

function sameCalendarDate(date: string, time: string, offset: string, instant: Date): boolean {
  const minutes = offset === 'Z' ? 0 : (offset.startsWith('-') ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  const local = new Date(instant.getTime() + minutes * 60_000).toISOString();
  return local.slice(0, 10) === date && local.slice(11, 19) === time;
}
