import { VmlabError } from '../../reference/errors';
import { headerColumns, parseStaffCsv, readStaffCsvFile } from '../../io/staff-csv';
import { parseDateTime } from './date-time';
import { parseDuration } from './durations';
import { Extension } from './extension';

/** One row of an extensions file, with where it is. */
export interface ExtensionRow extends Extension {
  /** "extensions.csv:4" */
  readonly where: string;
}

/** The most characters kept of a reason: it is shown in the report and the summary. */
const MAX_REASON = 500;

export function readExtensionsFile(file: string, timeZone: string | undefined): ExtensionRow[] {
  return parseExtensions(readStaffCsvFile(file, 'the extensions'), file, timeZone);
}

/**
 * An extensions file: CSV with a header row naming `student`, `reason` and one
 * or both of `due` (a new due date, read as the policy's due date is, with
 * `timeZone` for one without an offset) and `extra` (time added to the
 * policy's due date: 2d, 36h), in any order, any case; then one row per
 * extension, each with exactly one of due and extra. Refused with file and
 * line: a missing or repeated column, a row without a student or a reason,
 * with both or neither of due and extra, a date or duration that is not one,
 * a student twice, text that is not CSV. Whether the student is in the class
 * is checked against it (unknown ones are warned about).
 */
export function parseExtensions(text: string, file: string, timeZone: string | undefined): ExtensionRow[] {
  const expected = 'student,due,reason or student,extra,reason';
  const { header, headerLine, rows } = parseStaffCsv(text, file, expected);
  const columns = headerColumns(header, `${file}:${headerLine}`);
  const missing = ['student', 'reason'].filter((name) => !columns.has(name));
  if (!columns.has('due') && !columns.has('extra')) missing.push('due or extra');
  if (missing.length > 0) throw new VmlabError('INPUT_INVALID', `${file}:${headerLine}: no ${missing.join(', ')} column (expected a header row: ${expected})`);
  const seen = new Map<string, string>();
  return rows.map(({ record, line }): ExtensionRow => {
    const where = `${file}:${line}`;
    if (record.length !== header.length) throw new VmlabError('INPUT_INVALID', `${where}: ${record.length} fields where the header has ${header.length}`);
    const cell = (name: string) => (columns.has(name) ? record[columns.get(name)!] : '');
    const [student, reason, due, extra] = [cell('student'), cell('reason'), cell('due'), cell('extra')];
    if (student === '') throw new VmlabError('INPUT_INVALID', `${where}: no student`);
    if (reason === '') throw new VmlabError('INPUT_INVALID', `${where}: no reason (every extension says why)`);
    if ((due === '') === (extra === '')) throw new VmlabError('INPUT_INVALID', `${where}: give exactly one of due (a new due date) and extra (time added, e.g. 2d)`);
    const earlier = seen.get(student);
    if (earlier !== undefined) throw new VmlabError('INPUT_INVALID', `${where}: ${JSON.stringify(student)} already has an extension at ${earlier}`);
    seen.set(student, where);
    const base = { where, student, reason: reason.slice(0, MAX_REASON) };
    if (due !== '') return { ...base, change: { kind: 'due', dueMs: parseDateTime(due, timeZone, `${where}: due`) } };
    const ms = parseDuration(extra);
    if (ms === undefined || ms === 0) throw new VmlabError('INPUT_INVALID', `${where}: extra ${JSON.stringify(extra.slice(0, 40))} is not a duration (expected e.g. 2d, 36h or 1d12h)`);
    return { ...base, change: { kind: 'extra', ms } };
  });
}
