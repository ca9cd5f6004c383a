import { tableName } from '../../../observe/level-names';
import { BitTableView, registerTable } from './bit-view';
import { TwoDPicture, TwoDRead, TwoDReferencePair } from './picture-types';
import { adText, entryBitsOf, PairView, pairView } from './walk-view';

/** What templates/partials/student-2d-grid.hbs draws: the (n+1)×(m+1) grid of the lecture, one cell per reference, the last cell the final hPA. */
export interface GridView {
  readonly caption: string;
  readonly explanation: string;
  readonly columns: readonly string[];
  readonly rows: readonly { readonly label: string; readonly cells: readonly GridCellView[] }[];
  /** The student's references past the end of the reference's walk, which have no cell of their own. */
  readonly beyond: readonly { readonly text: string; readonly first: boolean }[];
  readonly outcome: PairView;
  readonly entryBits: BitTableView | null;
  readonly codeBits: BitTableView | null;
}

export interface GridCellView {
  readonly reached: boolean;
  /** Why a cell has no reference: the walk stopped before it, or a large page made it skip the cell. */
  readonly empty: string;
  readonly final: boolean;
  /** The reference's number in hardware order, from 1 ('' for the final cell). */
  readonly number: string;
  readonly what: string;
  readonly address: string;
  readonly entry: string;
  readonly adBits: string;
  /** The student's reference in this place where it differs ('' where it is the same, or not compared). */
  readonly got: string;
  readonly first: boolean;
}

export function gridView(picture: TwoDPicture): GridView {
  const n = picture.guestLevels;
  const m = picture.nestedLevels;
  const nested = picture.format === 'ept' ? 'EPT' : 'NPT';
  const byCell = new Map<string, { pair: TwoDReferencePair; index: number }>();
  picture.references.forEach((pair, index) => {
    if (pair.expected !== undefined) byCell.set(`${pair.row},${pair.column}`, { pair, index });
  });
  const lastCell = Math.max(-1, ...[...byCell.values()].map(({ pair }) => pair.row * (m + 1) + pair.column));
  const firstIndex = picture.first.at === 'reference' ? picture.first.index : undefined;
  const firstCell = picture.first.cell;
  const isFirst = (row: number, column: number, index: number | undefined) =>
    firstIndex !== undefined ? index === firstIndex : firstCell !== undefined && firstCell.row === row && firstCell.column === column;

  const rows = [];
  for (let row = 0; row <= n; row++) {
    const cells: GridCellView[] = [];
    for (let column = 0; column <= m; column++) {
      if (row === n && column === m) {
        cells.push({ reached: true, empty: '', final: true, number: '', what: 'final hPA', address: picture.translation.expected, entry: '', adBits: '', got: picture.translation.got ?? '', first: picture.first.at === 'outcome' && firstCell === undefined });
        continue;
      }
      const found = byCell.get(`${row},${column}`);
      if (found === undefined) {
        const skipped = row * (m + 1) + column < lastCell;
        cells.push({ reached: false, empty: skipped ? 'skipped: a large page ends this walk earlier' : 'not reached', final: false, number: '', what: '', address: '', entry: '', adBits: '', got: '', first: false });
        continue;
      }
      const { pair, index } = found;
      const read = pair.expected!;
      cells.push({
        reached: true,
        empty: '',
        final: false,
        number: String(index + 1),
        what: column === m ? `guest ${tableName(n - row)}E at gPA ${read.gpa ?? '?'}` : `${nested} ${tableName(m - column)}E`,
        address: read.address,
        entry: read.entry,
        adBits: read.adBits === undefined ? '' : adText(read.adBits),
        got: index < picture.compared ? gotText(pair) : '',
        first: isFirst(row, column, index),
      });
    }
    rows.push({ label: rowLabel(row, n), cells });
  }

  const beyond = picture.references.flatMap((pair, index) =>
    pair.expected === undefined && pair.got !== undefined ? [{ text: `reference ${index + 1}: ${describeRead(pair.got)}`, first: index === firstIndex }] : [],
  );
  const references = picture.references.filter((pair) => pair.expected !== undefined).length;
  const marked = firstIndex === undefined ? undefined : picture.references[firstIndex];
  const entryAt = (read: TwoDRead | undefined) => read && { at: read.address, entry: read.entry };
  const format = marked !== undefined && marked.column < m && picture.format === 'ept' ? 'ept' : 'x86';
  const entryBits = marked && entryBitsOf(entryAt(marked.expected), entryAt(marked.got), `The entry read at reference ${(firstIndex ?? 0) + 1}, bit by bit`, format);
  return {
    caption: 'The 2D walk, cell by cell',
    explanation:
      `The 2D walk: ${n + 1} rows (one per guest level, then the data gPA) by ${m + 1} columns (one per ${nested} level, then the guest entry). ` +
      `The reference's walk makes ${references} memory references, numbered in hardware order; the last cell is the final hPA. ${firstText(picture, firstIndex)}`,
    columns: [...Array.from({ length: m }, (_, column) => `${nested} level ${m - column} (${tableName(m - column)}E)`), 'Guest entry; final hPA'],
    rows,
    beyond,
    outcome: pairView(picture.outcome, picture.first.at === 'outcome'),
    entryBits: entryBits ?? null,
    codeBits: picture.code === undefined ? null : registerTable(picture.code),
  };
}

function rowLabel(row: number, guestLevels: number): string {
  if (row === guestLevels) return `Row ${row}: the data gPA through the nested tables`;
  const level = guestLevels - row;
  const source = row === 0 ? "guest CR3's gPA" : `the gPA in the guest ${tableName(level + 1)}E`;
  return `Row ${row}: ${source} through the nested tables, then the guest ${tableName(level)}E`;
}

function firstText(picture: TwoDPicture, firstIndex: number | undefined): string {
  if (firstIndex !== undefined) return `The first difference is at reference ${firstIndex + 1}.`;
  switch (picture.first.at) {
    case 'outcome':
      return 'Every reference is the same; the first difference is in the outcome.';
    case 'guest-ad-writes':
      return 'Every reference is the same; the first difference is in the guest A/D writes (the marked cell reads the entry written).';
    default:
      return 'Every reference is the same; the first difference is in the nested A/D writes (the marked cell reads the entry written).';
  }
}

/** What the student's reference in this place was, naming only what differs from the reference's. */
function gotText(pair: TwoDReferencePair): string {
  if (pair.gotNone) return 'no reference: your walk had stopped';
  const got = pair.got;
  const expected = pair.expected;
  if (got === undefined || expected === undefined) return '';
  const differences: string[] = [];
  if (got.placed !== undefined) differences.push(got.placed);
  if (got.gpa !== expected.gpa) differences.push(`gPA ${got.gpa ?? 'none'}`);
  if (got.address !== expected.address) differences.push(`hPA ${got.address}`);
  if (got.entry !== expected.entry) differences.push(`entry ${got.entry}`);
  if (got.adBits !== expected.adBits) differences.push(`A/D set ${got.adBits === undefined ? 'none' : adText(got.adBits)}`);
  return differences.join(', ');
}

function describeRead(read: TwoDRead): string {
  return `${read.placed ?? 'a reference'}: hPA ${read.address}${read.gpa === undefined ? '' : ` (gPA ${read.gpa})`}, entry ${read.entry}`;
}
