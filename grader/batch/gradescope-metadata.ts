import { LineCounter, parseDocument } from 'yaml';
import { VmlabError } from '../../reference/errors';
import { instantOf } from '../late/recorded-instant';

/**
 * The students of each submission in a Gradescope submissions export, read
 * from its `submission_metadata.yml` (Ruby-flavoured YAML: keys are symbols
 * such as `:submitters:`):
 *
 *     submission_123456:            # or :submission_123456:
 *       :submitters:
 *       - :name: Alice Doe
 *         :sid: '12345'
 *         :email: alice@example.edu
 *       - :name: Bob Roe            # a group partner
 *         :sid: '12346'
 *       :created_at: ...
 *
 * Each submitter's id is their `:sid:`, or their `:email:` when the sid is
 * empty; a submitter with neither is left out. Read with the failsafe schema:
 * every scalar stays the text Gradescope wrote (an sid of `00123` keeps its
 * zeros). Returns folder name (e.g. `submission_123456`) → the ids of its
 * submitters, first submitter first; submissions without any id are left out.
 * A file that is not YAML, or not a mapping of submissions, is an error
 * located by file and line.
 */
export function submittersFromMetadata(text: string, fileName: string): Map<string, string[]> {
  return new Map([...gradescopeSubmissions(text, fileName)].map(([folder, submission]) => [folder, [...submission.submitters]]));
}

/** One submission of a Gradescope export: its submitters' ids, first submitter first, and when it was submitted. */
export interface GradescopeSubmission {
  readonly submitters: readonly string[];
  /** `:created_at:` as an ISO 8601 instant (UTC); absent when the metadata has none. */
  readonly submittedAt?: string;
}

/**
 * Folder name → submission, as submittersFromMetadata reads it, with each
 * submission's `:created_at:` (Ruby's `2024-01-01 09:30:00.123456 -08:00`)
 * as an instant. A time that is not one, or has no zone, is refused with the
 * file and the submission, for late work counts on it.
 */
export function gradescopeSubmissions(text: string, fileName: string): Map<string, GradescopeSubmission> {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { schema: 'failsafe', prettyErrors: false, lineCounter });
  const [error] = document.errors;
  if (error !== undefined) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    throw new VmlabError('INPUT_INVALID', `${fileName}:${line}:${col}: not valid YAML: ${error.message}`);
  }
  const root = document.toJS({ maxAliasCount: 100 }) as unknown;
  if (root === null || root === undefined) return new Map();
  if (!isRecord(root)) {
    throw new VmlabError('INPUT_INVALID', `${fileName}: not Gradescope submission metadata (expected a mapping from submission folders to their submitters)`);
  }
  const submissions = new Map<string, GradescopeSubmission>();
  for (const [key, entry] of Object.entries(root)) {
    const list = isRecord(entry) ? entry[':submitters'] : undefined;
    const ids = Array.isArray(list) ? list.filter(isRecord).map(submitterId).filter((id) => id !== '') : [];
    if (ids.length === 0) continue;
    const folder = key.replace(/^:/, '');
    const created = isRecord(entry) ? entry[':created_at'] : undefined;
    if (created === undefined || created === null || created === '' || created === '~' || created === 'null') {
      submissions.set(folder, { submitters: ids });
      continue;
    }
    const submittedAt = typeof created === 'string' ? instantOf(created) : undefined;
    if (submittedAt === undefined) {
      throw new VmlabError('INPUT_INVALID', `${fileName}: ${folder}: :created_at: ${JSON.stringify(created)} is not a time with its zone (expected like 2024-01-31 23:59:00.000000000 -08:00)`);
    }
    submissions.set(folder, { submitters: ids, submittedAt });
  }
  return submissions;
}

function submitterId(submitter: Record<string, unknown>): string {
  const text = (value: unknown) => (typeof value === 'string' && value !== '~' && value !== 'null' ? value.trim() : '');
  return text(submitter[':sid']) || text(submitter[':email']);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
