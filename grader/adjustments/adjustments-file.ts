import { readFileSync } from 'fs';
import { CsvError, parse } from 'csv-parse/sync';
import { VmlabError } from '../../reference/errors';
import { describeFsError } from '../../io/fs-errors';
import { Adjustment, parseChange } from './adjustment';

/** One row of an adjustments file, with where it is, for the errors a later check finds. */
export interface AdjustmentRow extends Adjustment {
  readonly student: string;
  /** "adjustments.csv:4" */
  readonly where: string;
}

const COLUMNS = ['student', 'target', 'points', 'reason', 'who'] as const;
type Column = (typeof COLUMNS)[number];

/** The most characters kept of a reason or a name: they are shown in reports and the summary. */
const MAX_TEXT = 500;

export function readAdjustmentsFile(file: string): AdjustmentRow[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new VmlabError('IO', `${file}: cannot read the adjustments: ${describeFsError(error)}`);
  }
  return parseAdjustments(text, file);
}

/**
 * An adjustments file: CSV with a header row naming the columns `student`,
 * `target` (a test id, a part id or `total`), `points` (`+2`, `-1`, `=7`),
 * `reason` and `who`, in any order, any case; then one row per adjustment,
 * applied in file order. Refused with file and line: a missing or repeated
 * column, a row without a student, target, reason or who, points that are
 * not a change, text that is not CSV. Whether the student and the target
 * exist is checked against the class (checkAdjustments).
 */
export function parseAdjustments(text: string, file: string): AdjustmentRow[] {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, trim: true, info: true, relax_column_count: true }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (error) {
    if (error instanceof CsvError) throw new VmlabError('INPUT_INVALID', `${file}:${(error as CsvError & { lines?: number }).lines ?? 1}: not CSV: ${error.message}`);
    throw error;
  }
  if (records.length === 0) throw new VmlabError('INPUT_INVALID', `${file}: empty (expected a header row: ${COLUMNS.join(',')})`);
  const [{ record: header, info: headerInfo }, ...rows] = records;
  const index = columnsOf(header, `${file}:${headerInfo.lines}`);
  return rows.map(({ record, info }) => {
    const where = `${file}:${info.lines}`;
    if (record.length !== header.length) throw new VmlabError('INPUT_INVALID', `${where}: ${record.length} fields where the header has ${header.length}`);
    const cell = (column: Column) => record[index[column]];
    for (const column of COLUMNS) {
      if (cell(column) === '') throw new VmlabError('INPUT_INVALID', `${where}: no ${column} (every adjustment says whose, what, how many points, why and who made it)`);
    }
    const change = parseChange(cell('points'));
    if (change === undefined) throw new VmlabError('INPUT_INVALID', `${where}: points ${JSON.stringify(cell('points').slice(0, 40))} is not a change (expected +2, -1.5 or =7)`);
    return { where, student: cell('student'), target: cell('target'), change, reason: cell('reason').slice(0, MAX_TEXT), who: cell('who').slice(0, MAX_TEXT) };
  });
}

function columnsOf(header: readonly string[], where: string): Record<Column, number> {
  const found = new Map<string, number>();
  header.forEach((heading, column) => {
    const name = heading.toLowerCase();
    if (found.has(name)) throw new VmlabError('INPUT_INVALID', `${where}: the column ${JSON.stringify(heading)} is there twice`);
    found.set(name, column);
  });
  const missing = COLUMNS.filter((column) => !found.has(column));
  if (missing.length > 0) throw new VmlabError('INPUT_INVALID', `${where}: no ${missing.join(', ')} column (expected a header row: ${COLUMNS.join(',')})`);
  return Object.fromEntries(COLUMNS.map((column) => [column, found.get(column)!])) as Record<Column, number>;
}
