import * as path from 'path';
import { readKeptJson } from '../../io/kept-json';
import { VmlabError } from '../../reference/errors';
import { writeFileAtomically } from '../../io/write-file-atomically';
import { Roster, ROSTER_FIELDS, RosterField, RosterStudent } from './roster';

/**
 * The class roster as last given (`vmlab grade --roster`, `vmlab report
 * --class --roster`), kept in OUT so that every later regrade, redraw and
 * export joins it without being given it again: a redraw made to apply an
 * adjustment must not drop the roster's columns and rows from grades.csv.
 */
export const KEPT_ROSTER_FILE = 'roster.json';

const FORMAT = 'vmlab-roster/1';

interface StoredForm {
  readonly format: typeof FORMAT;
  /** The file it was read from, for the messages that name it. */
  readonly file: string;
  readonly fields: readonly RosterField[];
  readonly students: readonly RosterStudent[];
}

/** The roster in force for the class in `out`: the one given (then kept for next time), else the one kept, else none. */
export async function rosterInForce(out: string, given: Roster | undefined): Promise<Roster | undefined> {
  if (given === undefined) return readKeptRoster(out);
  const stored: StoredForm = { format: FORMAT, file: given.file, fields: given.fields, students: given.students };
  await writeFileAtomically(path.join(out, KEPT_ROSTER_FILE), `${JSON.stringify(stored, null, 2)}\n`);
  return given;
}

/** The roster kept in `out`, or undefined without one; a file that is not one is refused, naming it. */
export function readKeptRoster(out: string): Roster | undefined {
  const file = path.join(out, KEPT_ROSTER_FILE);
  const parsed = readKeptJson(file, 'roster');
  if (parsed === undefined) return undefined;
  const form = parsed as Partial<StoredForm> | null;
  const fieldsOk = Array.isArray(form?.fields) && form.fields.every((field) => (ROSTER_FIELDS as readonly string[]).includes(field));
  const studentsOk = Array.isArray(form?.students) && form.students.every((student) => typeof student?.id === 'string' && ROSTER_FIELDS.every((field) => student[field] === undefined || typeof student[field] === 'string'));
  if (form?.format !== FORMAT || typeof form.file !== 'string' || !fieldsOk || !studentsOk) {
    throw new VmlabError('INPUT_INVALID', `${file}: not a ${FORMAT} file (give the roster again with --roster, or delete the file to grade without one)`);
  }
  return { file: form.file, fields: form.fields!, students: form.students! };
}
