import { stringify } from 'csv-stringify/sync';

/** A cell: text (untrusted, defused), a score (rounded), or empty. */
export type CsvCell = string | number | undefined;

/**
 * A table as CSV (RFC 4180, CRLF line ends), written with csv-stringify. Text
 * is untrusted (student ids, roster names): a cell a spreadsheet would read as
 * a formula gets a leading ' so it stays text. Numbers are scores, to 4
 * decimals as in results.json (partial credit is points × passed / cases).
 */
export function csvTable(header: readonly string[], rows: ReadonlyArray<readonly CsvCell[]>): string {
  const cells = [header, ...rows].map((row) => row.map(cellText));
  // csv-stringify quotes a line break only when it is the record delimiter itself: quote any CR or LF.
  return stringify(cells, { record_delimiter: '\r\n', quoted_match: /[\r\n]/ });
}

/** A text cell that starts with = + - @, or a tab or CR that some spreadsheets strip before looking, is made text. */
export function defuseFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function cellText(cell: CsvCell): string {
  if (cell === undefined) return '';
  if (typeof cell === 'number') return String(Math.round(cell * 10_000) / 10_000);
  return defuseFormula(cell);
}
