import { hex } from '../../reference/addresses';
import { ALL_RIGHTS } from '../../reference/paging/rights';
import { TlbEntryObservation } from './tlb-observation';
import { rightsLetters } from './tlb-rights';

/**
 * Reading what a TLB under test returned. Its methods are typed, but a
 * submission can return anything at run time: every value is checked here,
 * and one that is not what the interface allows becomes a problem in the
 * observer's words (never the value's own text), so the judge reports it
 * instead of crashing on it.
 */

export type Read<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

const MAX_VPID = 0xffff;
const MAX_PCID = 0xfff;
const ADDRESS_LIMIT = 1n << 64n;

/** A count of dropped entries: a non-negative safe integer. */
export function readCount(value: unknown): Read<number> {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return { ok: true, value };
  return { ok: false, problem: `returned ${describeValue(value)}, not a count of the entries dropped` };
}

/** An entry a lookup or entries() returned. */
export function readEntry(value: unknown): Read<TlbEntryObservation> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, problem: `${describeValue(value)}, not a TLB entry` };
  const entry = value as Record<string, unknown>;
  const problems: string[] = [];
  const integer = (name: string, max: number): number => {
    const field = entry[name];
    if (typeof field === 'number' && Number.isInteger(field) && field >= 0 && field <= max) return field;
    problems.push(`${name} is ${describeValue(field)}, not an integer from 0 to ${max}`);
    return 0;
  };
  const address = (name: string, optional = false): bigint | undefined => {
    const field = entry[name];
    if (optional && field === undefined) return undefined;
    if (typeof field === 'bigint' && field >= 0n && field < ADDRESS_LIMIT) return field;
    problems.push(`${name} is ${describeValue(field)}, not a 64-bit bigint`);
    return 0n;
  };
  const flag = (name: string): boolean => {
    const field = entry[name];
    if (typeof field === 'boolean') return field;
    problems.push(`${name} is ${describeValue(field)}, not a boolean`);
    return false;
  };
  const vpid = integer('vpid', MAX_VPID);
  const pcid = integer('pcid', MAX_PCID);
  const global = flag('global');
  const page = address('pageBase')!;
  const pageSize = address('pageSize')!;
  const frame = address('physicalBase')!;
  const rights = integer('rights', ALL_RIGHTS);
  const dirty = flag('dirty');
  const mapped = address('mappedPageSize', true);
  if (problems.length > 0) return { ok: false, problem: `an entry whose ${problems[0]}` };
  return {
    ok: true,
    value: {
      vpid,
      pcid,
      global,
      page: hex(page),
      pageSize: hex(pageSize),
      frame: hex(frame),
      rights: rightsLetters(rights),
      dirty,
      ...(mapped === undefined ? {} : { mappedPageSize: hex(mapped) }),
    },
  };
}

/** A value by what it is; numbers (short) as themselves, never a string's own text. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? `the number ${String(value).slice(0, 24)}` : `the number ${String(value)}`;
  if (typeof value === 'bigint') return value >= 0n && value < ADDRESS_LIMIT ? `the bigint ${hex(value)}` : 'a bigint outside 64 bits';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
