import { readFileSync } from 'fs';
import { VmlabError } from '../../reference/errors';
import { describeFsError } from '../../io/fs-errors';
import { instantOf } from './recorded-instant';
import { Extension } from './extension';

/** What late work needs of Gradescope's /autograder/submission_metadata.json. */
export interface GradescopeSubmissionTimes {
  /** `created_at`: when the submission was made (ISO 8601, UTC). */
  readonly submittedAt?: string;
  /** `assignment.due_date`: the assignment's due date on Gradescope (ISO 8601, UTC), which late work uses over the manifest's. */
  readonly dueAt?: string;
  /** The ids of the submitters (sid, else email), first first. */
  readonly students: readonly string[];
  /**
   * The extension Gradescope granted: how much later the submitters' own due
   * date (`users[].assignment.due_date`, the latest of the group's) is than the
   * assignment's (`assignment.due_date`); undefined when it is not later.
   */
  readonly extension?: Extension;
}

/**
 * Read the submission metadata Gradescope gives run_autograder
 * (https://gradescope-autograders.readthedocs.io/en/latest/submission_metadata/):
 *
 *     { "created_at": "2018-07-01T14:22:32.365935-07:00",
 *       "assignment": { "due_date": "2018-07-31T23:00:00.000000-07:00", "late_due_date": null, ... },
 *       "users": [ { "email": ..., "name": ..., "sid": ...,
 *                    "assignment": { "due_date": ..., "late_due_date": ..., "release_date": ... } } ] }
 *
 * A missing field is no time; a time that is not one is refused, naming the file and the field.
 */
export function readGradescopeSubmissionMetadata(file: string): GradescopeSubmissionTimes {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new VmlabError('INPUT_INVALID', `${file}: cannot read Gradescope's submission metadata: ${error instanceof SyntaxError ? error.message : describeFsError(error)}`);
  }
  return gradescopeSubmissionTimes(parsed, file);
}

export function gradescopeSubmissionTimes(metadata: unknown, file: string): GradescopeSubmissionTimes {
  if (!isRecord(metadata)) throw new VmlabError('INPUT_INVALID', `${file}: not Gradescope's submission metadata (expected a JSON object)`);
  const time = (value: unknown, field: string): number | undefined => {
    if (value === undefined || value === null || value === '') return undefined;
    const instant = typeof value === 'string' ? instantOf(value) : undefined;
    if (instant === undefined) throw new VmlabError('INPUT_INVALID', `${file}: ${field}: ${JSON.stringify(value).slice(0, 60)} is not a time with its zone`);
    return Date.parse(instant);
  };
  const submitted = time(metadata.created_at, 'created_at');
  const assignmentDue = time(isRecord(metadata.assignment) ? metadata.assignment.due_date : undefined, 'assignment.due_date');
  const users = Array.isArray(metadata.users) ? metadata.users.filter(isRecord) : [];
  const text = (value: unknown) => (typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '');
  const students = users.map((user) => text(user.sid) || text(user.email)).filter((id) => id !== '');
  const userDues = users.flatMap((user, index) => {
    const due = time(isRecord(user.assignment) ? user.assignment.due_date : undefined, `users[${index}].assignment.due_date`);
    return due === undefined ? [] : [due];
  });
  const latest = userDues.length === 0 ? undefined : Math.max(...userDues);
  const extra = assignmentDue === undefined || latest === undefined ? 0 : latest - assignmentDue;
  return {
    ...(submitted === undefined ? {} : { submittedAt: new Date(submitted).toISOString() }),
    ...(assignmentDue === undefined ? {} : { dueAt: new Date(assignmentDue).toISOString() }),
    students,
    ...(extra > 0 ? { extension: { student: students[0] ?? '', change: { kind: 'extra', ms: extra }, reason: 'extension granted on Gradescope' } } : {}),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
