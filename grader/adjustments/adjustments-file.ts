import { VmlabError } from '../../reference/errors';
import { headerColumns, parseStaffCsv, readStaffCsvFile } from '../../io/staff-csv';
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
  return parseAdjustments(readStaffCsvFile(file, 'the adjustments'), file);
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
  const { header, headerLine, rows } = parseStaffCsv(text, file, COLUMNS.join(','));
  const index = columnsOf(header, `${file}:${headerLine}`);
  return rows.map(({ record, line }) => {
    const where = `${file}:${line}`;
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
  const found = headerColumns(header, where);
  const missing = COLUMNS.filter((column) => !found.has(column));
  if (missing.length > 0) throw new VmlabError('INPUT_INVALID', `${where}: no ${missing.join(', ')} column (expected a header row: ${COLUMNS.join(',')})`);
  return Object.fromEntries(COLUMNS.map((column) => [column, found.get(column)!])) as Record<Column, number>;
}
