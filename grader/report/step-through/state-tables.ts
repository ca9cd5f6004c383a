import { describeFlags, describeGuestTable, describeShadowPage } from '../../../observe/machine/machine-wording';
import { parseHex } from '../pictures/bit-view';
import { field, integer, items, shown } from '../pictures/untrusted';

/**
 * One VM's state after an event, as tables the step-through page draws side
 * by side: the TLB, the guest's tables, and the shadow tables or the EPT's
 * gPA→hPA map. Both sides are read through untrusted.ts (the student's
 * snapshot comes from the sandbox, checked against its schema only), so a
 * table is capped in rows and every value in length.
 */

/** Most rows of one table drawn; the rest are counted. */
export const MAX_STATE_ROWS = 64;
/** Most tables (guest tables, shadow pages) of one VM drawn. */
export const MAX_TABLES = 24;

export interface StateTable {
  readonly caption: string;
  readonly columns: readonly string[];
  readonly rows: readonly StateRow[];
  /** "12 more rows not drawn", or ''. */
  readonly more: string;
  /** The table's rows as text, keyed by which table it is, to mark what the other side lacks. */
  readonly lines: ReadonlySet<string>;
  readonly key: string;
}

export interface StateRow {
  readonly cells: readonly string[];
  /** The other side has no row like it. */
  readonly differs: boolean;
}

/** A part of a VM's state on both sides; `yours` is null where no student run is shown. */
export interface StatePart {
  readonly title: string;
  readonly differs: boolean;
  /** Drawn unfolded: the TLB, and any part that differs. */
  readonly open: boolean;
  readonly reference: readonly StateTable[];
  readonly yours: readonly StateTable[] | null;
}

type TableReader = (snapshot: unknown) => StateTable[];

/**
 * Which rows a page marks. Under a policy check both sides must agree entry
 * by entry, so every row the other side lacks is marked. Under an invariant
 * check host frames and the shadow tables' contents may differ by design, so
 * only the row the judge's first difference names is (if it names a row of
 * this VM after this event; else none).
 */
export type RowMarking = { readonly by: 'comparison' } | { readonly by: 'judge'; readonly row: JudgedRow | null };

/** A row the judge named: in which part, which tables (by key), and the row's first cell (an entry's index, a TLB entry's page). */
export interface JudgedRow {
  readonly part: 'tlb' | 'guest' | 'shadow';
  readonly tableKeys: readonly string[];
  readonly firstCell: string;
}

/** The row a machine difference's detail names (machine-state-difference.ts, machine-rules.ts), or null. */
export function judgedRow(detail: unknown): JudgedRow | null {
  const index = integer(field(detail, 'index'));
  const level = integer(field(detail, 'level'));
  const page = field(detail, 'page');
  const table = field(detail, 'table');
  const shadows = field(detail, 'shadows');
  if (typeof page === 'string') return { part: 'tlb', tableKeys: ['tlb'], firstCell: shown(page) };
  if (index === undefined || level === undefined) return null;
  if (typeof shadows === 'string') {
    const name = shown(shadows);
    return { part: 'shadow', tableKeys: [describeShadowPage({ shadows: name, level }), describeShadowPage({ shadows: name, level, direct: true })], firstCell: String(index) };
  }
  if (typeof table === 'string') return { part: 'guest', tableKeys: [describeGuestTable(shown(table), level)], firstCell: String(index) };
  return null;
}

/** The parts of one VM's snapshot on both sides (the student's may be undefined: not taken, or no run). */
export function stateParts(mode: string, expected: unknown, got: unknown, withStudent: boolean, marking: RowMarking): StatePart[] {
  const paging: [JudgedRow['part'] | 'backing', string, TableReader] =
    mode === 'shadow' ? ['shadow', 'Shadow tables', shadowTables] : mode === 'ept' || mode === 'npt' ? ['backing', 'EPT/NPT: gPA → hPA of every backed guest frame', backingTable] : ['backing', '(native: no second dimension)', () => []];
  const parts: [JudgedRow['part'] | 'backing', string, TableReader][] = [['tlb', 'TLB', tlbTable], ['guest', 'Guest page tables', guestTables], paging];
  return parts
    .filter(([, , read]) => read(expected).length > 0 || (withStudent && read(got).length > 0))
    .map(([kind, title, read]) => {
      const reference = read(expected);
      const yours = withStudent ? read(got) : null;
      if (marking.by === 'comparison') return comparedPart(title, reference, yours);
      return judgedPart(title, reference, yours, marking.row !== null && marking.row.part === kind ? marking.row : null);
    })
    .map((part) => ({ ...part, open: part.differs || part.title === 'TLB' }));
}

function judgedPart(title: string, reference: StateTable[], yours: StateTable[] | null, row: JudgedRow | null): Omit<StatePart, 'open'> {
  const mark = (tables: StateTable[]) =>
    tables.map((table) => ({ ...table, rows: table.rows.map((candidate) => ({ ...candidate, differs: row !== null && row.tableKeys.includes(table.key) && candidate.cells[0] === row.firstCell })) }));
  const markedReference = mark(reference);
  const markedYours = yours === null ? null : mark(yours);
  const differs = [...markedReference, ...(markedYours ?? [])].some((table) => table.rows.some((candidate) => candidate.differs));
  return { title, differs, reference: markedReference, yours: markedYours };
}

function comparedPart(title: string, reference: StateTable[], yours: StateTable[] | null): Omit<StatePart, 'open'> {
  if (yours === null) return { title, differs: false, reference, yours: null };
  const referenceLines = allLines(reference);
  const yourLines = allLines(yours);
  const mark = (tables: StateTable[], other: ReadonlySet<string>) =>
    tables.map((table) => ({ ...table, rows: table.rows.map((row) => ({ ...row, differs: !other.has(lineKey(table.key, row.cells)) })) }));
  const markedReference = mark(reference, yourLines);
  const markedYours = mark(yours, referenceLines);
  const differs = [...markedReference, ...markedYours].some((table) => table.rows.some((row) => row.differs)) || referenceLines.size !== yourLines.size;
  return { title, differs, reference: markedReference, yours: markedYours };
}

function allLines(tables: readonly StateTable[]): Set<string> {
  return new Set(tables.flatMap((table) => [...table.lines]));
}

function lineKey(caption: string, cells: readonly string[]): string {
  return `${caption}\u0000${cells.join('\u0000')}`;
}

/** `key` names the table on both sides (its caption may say what differs, a count). */
function table(key: string, caption: string, columns: readonly string[], list: unknown, row: (item: unknown) => string[]): StateTable {
  const all = Array.isArray(list) ? list.length : 0;
  const rows = items(list, MAX_STATE_ROWS).map((item) => ({ cells: row(item), differs: false }));
  return { key, caption: shown(caption, 160), columns, rows, more: all > rows.length ? `${all - rows.length} more rows not drawn` : '', lines: new Set(rows.map((r) => lineKey(key, r.cells))) };
}

function tlbTable(snapshot: unknown): StateTable[] {
  const entries = field(snapshot, 'tlb');
  if (!Array.isArray(entries)) return [];
  return [
    table('tlb', `${entries.length} cached translation${entries.length === 1 ? '' : 's'}`, ['Page', 'Size', 'Frame', 'Rights', 'Writes use it', 'VPID', 'PCID', 'Global'], entries, (entry) => [
      shown(field(entry, 'page')),
      field(entry, 'size') === undefined ? '4 KiB' : shown(field(entry, 'size')),
      shown(field(entry, 'frame')),
      shown(field(entry, 'rights')),
      field(entry, 'dirty') === true ? 'yes (dirty)' : 'no',
      ...tlbTags(entry),
    ]),
  ];
}

/** The entry's tags (MachineProbe.tlbTags), '?' where the snapshot did not record them. */
function tlbTags(entry: unknown): string[] {
  const global = field(entry, 'global');
  return [integer(field(entry, 'vpid'))?.toString() ?? '?', integer(field(entry, 'pcid'))?.toString() ?? '?', global === true ? 'yes (G)' : global === false ? 'no' : '?'];
}

/** Entries of a sparse table (index → hex) as rows: index, value, flags. */
function entryRows(entries: unknown): unknown[] {
  if (typeof entries !== 'object' || entries === null || Array.isArray(entries)) return [];
  return Object.entries(entries as Record<string, unknown>)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([index, value]) => ({ index, value }));
}

const ENTRY_COLUMNS = ['Index', 'Entry', 'Flags'];

function entryCells(row: unknown): string[] {
  const value = shown(field(row, 'value'));
  const parsed = typeof field(row, 'value') === 'string' ? parseHex(value) : undefined;
  return [shown(field(row, 'index')), value, parsed === undefined ? '?' : describeFlags(parsed)];
}

function guestTables(snapshot: unknown): StateTable[] {
  return items(field(snapshot, 'guestTables'), MAX_TABLES).map((dump) => {
    const level = integer(field(dump, 'level')) ?? 0;
    const name = describeGuestTable(shown(field(dump, 'table')), level);
    return table(name, name, ENTRY_COLUMNS, entryRows(field(dump, 'entries')), entryCells);
  });
}

function shadowTables(snapshot: unknown): StateTable[] {
  const shadow = field(snapshot, 'shadow');
  if (shadow === undefined) return [];
  return items(field(shadow, 'pages'), MAX_TABLES).map((page) => {
    const level = integer(field(page, 'level')) ?? 0;
    const title = describeShadowPage({ shadows: shown(field(page, 'shadows')), level, direct: field(page, 'direct') === true });
    const flags = field(page, 'unsync') === true ? ', out of sync' : '';
    return table(title, `${title} (at hPA ${shown(field(page, 'table'))}${flags})`, ENTRY_COLUMNS, entryRows(field(page, 'entries')), entryCells);
  });
}

function backingTable(snapshot: unknown): StateTable[] {
  const backing = field(snapshot, 'backing');
  if (typeof backing !== 'object' || backing === null || Array.isArray(backing)) return [];
  const pairs = Object.entries(backing as Record<string, unknown>).map(([guest, host]) => ({ guest, host }));
  return [table('backing', `${pairs.length} backed guest frame${pairs.length === 1 ? '' : 's'}`, ['gPA', 'hPA'], pairs, (pair) => [shown(field(pair, 'guest')), shown(field(pair, 'host'))])];
}
