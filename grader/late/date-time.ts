import { VmlabError } from '../../reference/errors';

/**
 * A date-time as staff write it (a due date, an extension, the last moment
 * late work is accepted), as an instant in milliseconds. It must say where it
 * is: an ISO 8601 offset or Z (`2024-03-01T23:59:00-05:00`,
 * `2024-03-01 23:59Z`), or a local date-time (`2024-03-01T23:59`) with an IANA
 * time zone given beside it (`America/New_York`), which also settles daylight
 * saving time. Refused, saying why and with `what` naming where it came from:
 * a date-time without either (ambiguous: the grader's own zone is nobody's
 * due date), a date without a time, a date that does not exist (Feb 30), an
 * unknown time zone, a local time a daylight-saving change skips or repeats.
 */
export function parseDateTime(text: string, timeZone: string | undefined, what: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/i.exec(text.trim());
  if (match === null) {
    const hint = /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? ' (a date alone is ambiguous: give the time too, e.g. 2024-03-01T23:59-05:00)' : ' (expected ISO 8601, e.g. 2024-03-01T23:59:00-05:00)';
    throw new VmlabError('INPUT_INVALID', `${what}: ${JSON.stringify(text.slice(0, 60))} is not a date-time${hint}`);
  }
  const [, year, month, day, hour, minute, second = '00', fraction = '', zone] = match;
  const fields = [year, month, day, hour, minute, second].map(Number);
  const localAsUtc = Date.UTC(fields[0], fields[1] - 1, fields[2], fields[3], fields[4], fields[5]) + Math.round(Number(`0${fraction}`) * 1000);
  if (!sameFields(new Date(localAsUtc), fields)) throw new VmlabError('INPUT_INVALID', `${what}: ${JSON.stringify(text)} is not a date that exists`);
  if (zone !== undefined) return localAsUtc - offsetMinutes(zone) * 60_000;
  if (timeZone === undefined) {
    throw new VmlabError('INPUT_INVALID', `${what}: ${JSON.stringify(text)} has no time zone, so it is ambiguous: add an offset (e.g. ${text.trim()}-05:00, or Z for UTC) or give a time zone (e.g. America/New_York)`);
  }
  checkTimeZone(timeZone, what);
  // The instants whose wall-clock time in the zone is the one written: one normally, none in a spring-forward gap,
  // two in a fall-back hour. The zone's offset within a day either side covers every change there is.
  const candidates = new Set([-86_400_000, 0, 86_400_000].map((shift) => localAsUtc - zoneOffsetMs(timeZone, localAsUtc + shift)));
  const matching = [...candidates].filter((instant) => instant + zoneOffsetMs(timeZone, instant) === localAsUtc);
  if (matching.length === 0) throw new VmlabError('INPUT_INVALID', `${what}: ${JSON.stringify(text)} does not happen in ${timeZone} (the clocks skip it for daylight saving time); give an offset`);
  if (matching.length > 1) throw new VmlabError('INPUT_INVALID', `${what}: ${JSON.stringify(text)} happens twice in ${timeZone} (the clocks go back for daylight saving time); give an offset to say which`);
  return matching[0];
}

/** An IANA time zone this Node knows, else refused with `what`. */
export function checkTimeZone(timeZone: string, what: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new VmlabError('INPUT_INVALID', `${what}: unknown time zone ${JSON.stringify(timeZone.slice(0, 60))} (expected an IANA name, e.g. America/New_York or Europe/Paris)`);
  }
}

/**
 * An instant as staff and students read it: in the time zone given, with its
 * offset ("2024-03-01 23:59:00 America/New_York (UTC-05:00)"), else in UTC
 * ("2024-03-02 04:59:00 UTC").
 */
export function formatInstant(ms: number, timeZone?: string): string {
  if (timeZone === undefined) return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  const local = new Date(ms + zoneOffsetMs(timeZone, ms)).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '');
  const offset = zoneOffsetMs(timeZone, ms) / 60_000;
  const sign = offset < 0 ? '-' : '+';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${local} ${timeZone} (UTC${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)})`;
}

/** How far the zone's wall clock is ahead of UTC at this instant, in milliseconds (to the second). */
function zoneOffsetMs(timeZone: string, instant: number): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' }).formatToParts(new Date(instant));
  const field = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const wall = Date.UTC(field('year'), field('month') - 1, field('day'), field('hour'), field('minute'), field('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

function offsetMinutes(zone: string): number {
  if (/^(z|utc)$/i.test(zone)) return 0;
  const digits = zone.replace(':', '');
  return (digits.startsWith('-') ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
}

function sameFields(date: Date, [year, month, day, hour, minute, second]: number[]): boolean {
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && date.getUTCHours() === hour && date.getUTCMinutes() === minute && date.getUTCSeconds() === second;
}
