import { readFileSync } from 'fs';
import { CsvError, parse } from 'csv-parse/sync';
import { VmlabError } from '../reference/errors';
import { describeFsError } from './fs-errors';

/** A CSV file the staff wrote (a roster, adjustments, extensions): its header and rows, each with the line it starts on. */
export interface StaffCsv {
  readonly header: readonly string[];
  readonly headerLine: number;
  readonly rows: ReadonlyArray<{ readonly record: readonly string[]; readonly line: number }>;
}

/** A staff CSV file's text; one that cannot be read is refused naming it and what it was to hold ("the roster"). */
export function readStaffCsvFile(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new VmlabError('IO', `${file}: cannot read ${what}: ${describeFsError(error)}`);
  }
}

/**
 * Parse a staff CSV (RFC 4180 with csv-parse: a BOM, blank lines and spaces
 * around cells are forgiven). Text that is not CSV is refused with its file
 * and line, an empty file with `expectedHeader` (what the first row should
 * name); rows may differ in length, for the caller to say so by line.
 */
export function parseStaffCsv(text: string, file: string, expectedHeader: string, code: 'IO' | 'INPUT_INVALID' = 'INPUT_INVALID'): StaffCsv {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, trim: true, info: true, relax_column_count: true }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (error) {
    if (error instanceof CsvError) throw new VmlabError(code, `${file}:${(error as CsvError & { lines?: number }).lines ?? 1}: not CSV: ${error.message}`);
    throw error;
  }
  if (records.length === 0) throw new VmlabError(code, `${file}: empty (expected a header row: ${expectedHeader})`);
  const [{ record: header, info }, ...rows] = records;
  return { header, headerLine: info.lines, rows: rows.map(({ record, info: rowInfo }) => ({ record, line: rowInfo.lines })) };
}

/** The header's columns by lowercase name; a name given twice is refused at `where` (the header's file and line). */
export function headerColumns(header: readonly string[], where: string): Map<string, number> {
  const columns = new Map<string, number>();
  header.forEach((heading, column) => {
    const name = heading.toLowerCase();
    if (columns.has(name)) throw new VmlabError('INPUT_INVALID', `${where}: the column ${JSON.stringify(heading)} is there twice`);
    columns.set(name, column);
  });
  return columns;
}
