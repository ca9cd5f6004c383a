/** Milliseconds in each unit a duration may be written in. */
export const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
type Unit = keyof typeof UNIT_MS;

const UNIT_WORDS: Record<string, Unit> = {
  s: 's', sec: 's', second: 's', seconds: 's',
  m: 'm', min: 'm', minute: 'm', minutes: 'm',
  h: 'h', hour: 'h', hours: 'h',
  d: 'd', day: 'd', days: 'd',
};

/**
 * A duration as staff write it: "15m", "2h", "1d", "1h30m", "90 seconds",
 * "3 days", or "0". Returns milliseconds, or undefined when the text is not
 * one (a number without a unit other than 0, an unknown unit, a negative).
 */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === '0') return 0;
  const piece = /(\d+(?:\.\d+)?)\s*([a-z]+)\s*/y;
  let total = 0;
  let at = 0;
  while (at < trimmed.length) {
    piece.lastIndex = at;
    const match = piece.exec(trimmed);
    if (match === null) return undefined;
    const unit = UNIT_WORDS[match[2]];
    if (unit === undefined) return undefined;
    total += Number(match[1]) * UNIT_MS[unit];
    at = piece.lastIndex;
  }
  return at === 0 || !Number.isFinite(total) ? undefined : Math.round(total);
}

/** A duration in words, largest units first, to the second: "1 day 2 hours 5 minutes", "0 seconds". */
export function describeDuration(ms: number): string {
  let left = Math.round(Math.abs(ms) / 1000);
  const words: string[] = [];
  for (const [unit, seconds] of [['day', 86_400], ['hour', 3_600], ['minute', 60], ['second', 1]] as const) {
    const count = Math.floor(left / seconds);
    left -= count * seconds;
    if (count > 0) words.push(`${count} ${unit}${count === 1 ? '' : 's'}`);
  }
  return words.length === 0 ? '0 seconds' : words.join(' ');
}

/** A duration as parseDuration reads it back, compactly: "1d2h5m", "15m", "0". */
export function durationText(ms: number): string {
  let left = Math.round(ms / 1000);
  let text = '';
  for (const [unit, seconds] of [['d', 86_400], ['h', 3_600], ['m', 60], ['s', 1]] as const) {
    const count = Math.floor(left / seconds);
    left -= count * seconds;
    if (count > 0) text += `${count}${unit}`;
  }
  return text === '' ? '0' : text;
}
