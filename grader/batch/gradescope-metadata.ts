import { LineCounter, parseDocument } from 'yaml';
import { VmlabError } from '../../reference/errors';

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
  const submitters = new Map<string, string[]>();
  for (const [key, entry] of Object.entries(root)) {
    const list = isRecord(entry) ? entry[':submitters'] : undefined;
    const ids = Array.isArray(list) ? list.filter(isRecord).map(submitterId).filter((id) => id !== '') : [];
    if (ids.length > 0) submitters.set(key.replace(/^:/, ''), ids);
  }
  return submitters;
}

function submitterId(submitter: Record<string, unknown>): string {
  const text = (value: unknown) => (typeof value === 'string' && value !== '~' && value !== 'null' ? value.trim() : '');
  return text(submitter[':sid']) || text(submitter[':email']);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
