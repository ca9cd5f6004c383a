import { readFileSync } from 'fs';
import { CsvError, parse } from 'csv-parse/sync';
import { VmlabError } from '../../reference/errors';
import { describeFsError } from '../../io/fs-errors';

/** The columns a roster may have besides the id (whose spellings include Gradescope's SID), as vmlab names them. */
export const ROSTER_FIELDS = ['name', 'email', 'sisId', 'sisLoginId', 'section'] as const;
export type RosterField = (typeof ROSTER_FIELDS)[number];

/** One student of the roster: the id the submissions use, and what else the roster says about them. */
export interface RosterStudent {
  readonly id: string;
  readonly name?: string;
  readonly email?: string;
  readonly sisId?: string;
  readonly sisLoginId?: string;
  readonly section?: string;
}

export interface Roster {
  readonly file: string;
  /** The optional columns the roster has, in ROSTER_FIELDS order. */
  readonly fields: readonly RosterField[];
  /** In the roster's order. */
  readonly students: readonly RosterStudent[];
}

/** Each column's spellings, compared after lower-casing and folding runs of spaces, _ - . into one space. */
const HEADER_SPELLINGS: Readonly<Record<'id' | RosterField, readonly string[]>> = {
  id: ['id', 'sid', 'student id', 'studentid', 'login', 'username', 'user name', 'github', 'github username', 'github login'],
  name: ['name', 'student', 'student name', 'full name', 'display name'],
  email: ['email', 'e mail', 'email address', 'mail'],
  sisId: ['sis user id', 'sis id', 'sisid', 'sis', 'student number', 'id number'],
  sisLoginId: ['sis login id', 'login id'],
  section: ['section', 'sections', 'section name'],
};

/** A roster column's heading as written in grades.csv and the summary. */
export const FIELD_HEADINGS: Readonly<Record<RosterField, string>> = {
  name: 'name',
  email: 'email',
  sisId: 'sis_id',
  sisLoginId: 'sis_login_id',
  section: 'section',
};

/** The key a student id is matched by: ids are logins, emails, SIS ids, which their systems compare without case. */
export function rosterKey(id: string): string {
  return id.trim().toLowerCase();
}

/** Read and check a roster file (see parseRoster); an unreadable file is refused with its path. */
export function readRoster(file: string): Roster {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new VmlabError('IO', `${file}: cannot read the roster: ${describeFsError(error)}`);
  }
  return parseRoster(text, file);
}

/**
 * A class roster from CSV: a header row naming an id column (the id the
 * submissions use: their folder name, Gradescope :sid: or :email:) and any of
 * name, email, SIS user id, SIS login id and section, in common spellings
 * ("SIS User ID", "sis_id", "Email", "Section"); other columns are ignored.
 * Refused with the file and line: no id column, a column named twice, a row
 * of another length, a row without an id, an id given twice (ids compare
 * without case), text that is not CSV.
 */
export function parseRoster(text: string, file: string): Roster {
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, trim: true, info: true }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (error) {
    if (error instanceof CsvError) throw new VmlabError('IO', `${file}:${(error as CsvError & { lines?: number }).lines ?? 1}: not a CSV roster: ${error.message}`);
    throw error;
  }
  if (records.length === 0) throw new VmlabError('IO', `${file}: the roster is empty (expected a header row with an id column, then one row per student)`);
  const [{ record: header, info: headerInfo }, ...rows] = records;
  const columns = columnsOf(header, `${file}:${headerInfo.lines}`);

  const students: RosterStudent[] = [];
  const lineOfKey = new Map<string, number>();
  for (const { record, info } of rows) {
    const where = `${file}:${info.lines}`;
    const id = record[columns.id];
    if (id === '') throw new VmlabError('IO', `${where}: this row has no ${JSON.stringify(header[columns.id])} (every student needs an id)`);
    const earlier = lineOfKey.get(rosterKey(id));
    if (earlier !== undefined) throw new VmlabError('IO', `${where}: the id ${JSON.stringify(id)} is already on line ${earlier}; keep one row per student`);
    lineOfKey.set(rosterKey(id), info.lines);
    const student: { -readonly [key in keyof RosterStudent]: RosterStudent[key] } = { id };
    for (const field of ROSTER_FIELDS) {
      const index = columns[field];
      if (index !== undefined && record[index] !== '') student[field] = record[index];
    }
    students.push(student);
  }
  return { file, fields: ROSTER_FIELDS.filter((field) => columns[field] !== undefined), students };
}

/** Which column holds what, from the header; the id column is required, a field named by two columns refused. */
function columnsOf(header: readonly string[], where: string): { id: number } & Partial<Record<RosterField, number>> {
  const found = new Map<'id' | RosterField, number>();
  header.forEach((heading, index) => {
    const spelling = heading.toLowerCase().replace(/[\s_\-.]+/g, ' ').trim();
    const field = (Object.keys(HEADER_SPELLINGS) as Array<'id' | RosterField>).find((candidate) => HEADER_SPELLINGS[candidate].includes(spelling));
    if (field === undefined) return;
    const other = found.get(field);
    if (other !== undefined) throw new VmlabError('IO', `${where}: the columns ${JSON.stringify(header[other])} and ${JSON.stringify(heading)} both name the ${field === 'id' ? 'student id' : FIELD_HEADINGS[field]}; keep one`);
    found.set(field, index);
  });
  const id = found.get('id');
  if (id === undefined) {
    throw new VmlabError(
      'IO',
      `${where}: the roster has no id column (its header is ${header.map((heading) => JSON.stringify(heading)).join(', ')}; ` +
        `expected one of ${HEADER_SPELLINGS.id.map((spelling) => JSON.stringify(spelling)).join(', ')}: the ids the submissions are under)`,
    );
  }
  return { id, ...Object.fromEntries(ROSTER_FIELDS.filter((field) => found.has(field)).map((field) => [field, found.get(field)!])) };
}
