import { TlbEntryObservation } from './tlb-observation';

/**
 * The canonical order of cached entries. Which way a fill takes and the
 * order entries() returns are the TLB's own choice, so resident sets are
 * sorted before they are recorded and compared as sets.
 */

/** Which translation an entry is (its context and page), apart from what it translates to. */
export function entryIdentity(entry: TlbEntryObservation): string {
  return [entry.vpid.toString(16).padStart(4, '0'), entry.pcid.toString(16).padStart(3, '0'), padHex(entry.page), padHex(entry.pageSize)].join(' ');
}

/** The whole entry as one sortable key: its identity, then everything else it holds. */
export function entryKey(entry: TlbEntryObservation): string {
  return [entryIdentity(entry), entry.global ? 'g' : '-', padHex(entry.frame), entry.rights.padEnd(4, '.'), entry.dirty ? 'd' : '-', padHex(entry.mappedPageSize ?? '0x0')].join(' ');
}

/** A copy of `entries` in canonical order. */
export function canonicalOrder(entries: readonly TlbEntryObservation[]): TlbEntryObservation[] {
  return entries
    .map((entry) => [entryKey(entry), entry] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, entry]) => entry);
}

/** hex() text, zero-padded to 16 digits so that text order is numeric order. */
function padHex(value: string): string {
  return value.slice(2).padStart(16, '0');
}
