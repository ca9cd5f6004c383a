/**
 * Reading the student's side of a case. An observation from the sandbox is
 * checked for a `kind` and nothing more, so any field may be missing, of the
 * wrong type or a megabyte long: pictures read it through these, which never
 * throw and cut every value to a length a table cell can hold.
 */

/** Longest text kept of one value the student's process returned. */
export const MAX_VALUE_TEXT = 40;

/** Longest text of a list of values (an event's page faults, a walk's stray A/D writes), either side's. */
export const MAX_LIST_TEXT = 600;

/** A value as text: strings and numbers as they are, anything else by what it is; cut at `max` characters. */
export function shown(value: unknown, max: number = MAX_VALUE_TEXT): string {
  const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint' ? String(value) : describeKind(value);
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function describeKind(value: unknown): string {
  if (value === undefined) return 'none';
  if (value === null) return 'null';
  return Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** The field of an object; undefined for anything that is not a plain object. */
export function field(value: unknown, name: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return Object.prototype.hasOwnProperty.call(value, name) ? (value as Record<string, unknown>)[name] : undefined;
}

/** The first `max` items of a list; [] for anything that is not one. */
export function items(value: unknown, max: number): readonly unknown[] {
  return Array.isArray(value) ? value.slice(0, max) : [];
}

/** How many items a list has; 0 for anything that is not one. */
export function count(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}

/** A safe integer as itself; undefined for anything else. */
export function integer(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined;
}

/** `describe(value)` for a value of the student's, which may not have the shape `describe` expects: 'unreadable' when it throws. */
export function describeUntrusted<T>(value: unknown, describe: (value: T) => string): string {
  try {
    return shown(describe(value as T), MAX_VALUE_TEXT * 4);
  } catch {
    return 'unreadable';
  }
}

/** `got` left out where it equals `expected`. */
export function pair(expected: string, got: string): { readonly expected: string; readonly got?: string } {
  return got === expected ? { expected } : { expected, got };
}

/** Item `index` of a list; undefined for anything that is not one. */
export function item(value: unknown, index: number): unknown {
  return Array.isArray(value) ? value[index] : undefined;
}

/** The two sides of one step, or of one reference of a 2D walk, with the student's left out where it is the same. */
export function stepPair<T extends object>(want: T | undefined, have: T | undefined): { expected?: T; got?: T; gotNone?: boolean } {
  const expected = want === undefined ? {} : { expected: want };
  if (have === undefined) return { ...expected, gotNone: true };
  return JSON.stringify(have) === JSON.stringify(want) ? expected : { ...expected, got: have };
}
