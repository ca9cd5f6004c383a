import { BitSide, BitTableView, entryTable, registerTable } from './bit-view';
import { EntryPicture, MachinePicture } from './picture-types';
import { PairView, pairView } from './walk-view';

/** What templates/partials/student-machine-run.hbs draws. */
export interface MachineRunView {
  readonly caption: string;
  readonly explanation: string;
  readonly columns: readonly string[];
  readonly events: readonly { readonly what: string; readonly first: boolean; readonly cells: readonly PairView[] }[];
  readonly stats: { readonly explanation: string; readonly rows: readonly (PairView & { readonly name: string })[] } | null;
  readonly entry: { readonly shadow: boolean; readonly bits: BitTableView } | null;
  readonly codeBits: BitTableView | null;
}

export function machineRunView(picture: MachinePicture): MachineRunView {
  const withExits = picture.events.some((event) => event.exits !== undefined);
  const withCounter = picture.counter !== undefined && picture.events.some((event) => event.counter !== undefined);
  const firstIndex = picture.first.at === 'event' ? picture.first.index : undefined;
  const before =
    picture.eventsBefore === 0 ? '' : ` ${picture.eventsBefore === 1 ? 'Event 0 ran' : `Events 0 to ${picture.eventsBefore - 1} ran`} the same on both machines and ${picture.eventsBefore === 1 ? 'is' : 'are'} left out.`;
  return {
    caption: 'The events up to the first difference',
    explanation: `The scenario on the reference's machine and on yours (${picture.mode} mode), event by event up to the first difference; where yours differs, it is shown under the reference's.${before}`,
    columns: ['Event', 'What the guest saw', 'Page faults handled', ...(withExits ? ['VM exits'] : []), ...(withCounter ? [capitalised(picture.counter ?? '')] : [])],
    events: picture.events.map((event, index) => ({
      what: event.what,
      first: index === firstIndex,
      cells: [event.outcome, event.faults, ...(withExits ? [event.exits ?? { expected: '' }] : []), ...(withCounter ? [event.counter ?? { expected: '' }] : [])].map((pair) => pairView(pair)),
    })),
    stats:
      picture.stats === undefined
        ? null
        : {
            explanation: `The counters at the end of the run, after all ${picture.eventsBefore} events; the ones that differ are marked.`,
            rows: picture.stats.map((stat) => ({ name: stat.name, ...pairView(stat) })),
          },
    entry: picture.entry === undefined ? null : { shadow: picture.entry.table === 'shadow', bits: entryBits(picture.entry) },
    codeBits: picture.code === undefined ? null : registerTable(picture.code),
  };
}

/** The entry the difference is about, field by field: the guest entry a shadow entry derives from, the reference's, and yours. */
function entryBits(entry: EntryPicture): BitTableView {
  const sides: BitSide[] = [
    ...(entry.guest === undefined ? [] : [{ label: 'guest entry', value: entry.guest }]),
    ...(entry.expected === undefined ? [] : [{ label: 'reference', value: entry.expected }]),
    { label: 'yours', value: entry.got },
  ];
  const compare = entry.expected === undefined ? null : ([sides.length - 2, sides.length - 1] as const);
  const table = entryTable(`The ${entry.title}, field by field`, entry.table === 'shadow' ? 'x86-flags' : 'x86', sides, compare);
  return entry.breaks === undefined || compare !== null ? table : markBrokenFlags(table, entry.breaks);
}

/**
 * Under an invariant check there is no reference entry to compare with: the
 * fields marked are the flags of yours that break the rule ("writable though
 * clean" marks RW), and the summary says so.
 */
function markBrokenFlags(table: BitTableView, breaks: readonly string[]): BitTableView {
  const rows = table.rows.map((row) => ({ ...row, differs: breaks.some((flag) => row.name.startsWith(`${flag}:`)) }));
  const marked = rows.filter((row) => row.differs);
  if (marked.length === 0) return table;
  return { ...table, rows, summary: `Yours breaks the rule in ${marked.map((row) => `bit ${row.bits} (${row.name})`).join('; ')}.` };
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
