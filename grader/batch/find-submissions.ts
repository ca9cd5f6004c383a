import { existsSync, readFileSync, readdirSync, statSync } from 'fs';
import * as path from 'path';
import { VmlabError } from '../../reference/errors';
import { describeFsError } from '../cli/fs-errors';
import { studentIdsFromMetadata } from './gradescope-metadata';

export interface BatchSubmission {
  /** The student id: shown in results, the CSV and the summary. */
  readonly student: string;
  /** The submission folder. */
  readonly dir: string;
  /** The name of the student's folder under OUT: the student id, made safe as one path segment. */
  readonly outFolder: string;
}

export const GRADESCOPE_METADATA = 'submission_metadata.yml';

/**
 * The submissions of a class, sorted by student id. Either one subfolder per
 * student, named by the student id (dot-folders skipped), or a Gradescope
 * submissions export: `submission_metadata.yml` next to one folder per
 * submission, the student id taken from the metadata (the folder name when
 * the metadata does not name one).
 */
export function findSubmissions(dir: string): BatchSubmission[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => !name.startsWith('.') && statSync(path.join(dir, name)).isDirectory());
  } catch (error) {
    throw new VmlabError('IO', `${dir}: cannot list the submissions: ${describeFsError(error)}`);
  }
  const metadataFile = path.join(dir, GRADESCOPE_METADATA);
  const ids = existsSync(metadataFile) ? studentIdsFromMetadata(readFileSync(metadataFile, 'utf8')) : new Map<string, string>();
  const submissions = names.map((name) => {
    const student = ids.get(name) ?? name;
    return { student, dir: path.join(dir, name), outFolder: safeFolderName(student) };
  });
  // Two ids can make the same folder name ("a/b" and "a_b"): refuse rather than let one student's results overwrite another's.
  const byFolder = new Map<string, BatchSubmission>();
  for (const submission of submissions) {
    const other = byFolder.get(submission.outFolder);
    if (other !== undefined) {
      throw new VmlabError('IO', `${dir}: the submissions ${path.basename(other.dir)} and ${path.basename(submission.dir)} both belong to student "${submission.student}" (or to ids with the same folder name); keep one`);
    }
    byFolder.set(submission.outFolder, submission);
  }
  return submissions.sort((a, b) => (a.student < b.student ? -1 : a.student > b.student ? 1 : 0));
}

/**
 * A student id as one folder name: ids from Gradescope metadata are untrusted
 * and may hold `/`, `..` or control characters. A folder name from the plain
 * layout is already safe unless it contains characters outside this set.
 */
export function safeFolderName(student: string): string {
  const safe = student.replace(/[^\p{L}\p{N}._@+=,() -]/gu, '_');
  return safe === '' || safe.startsWith('.') ? `_${safe}` : safe;
}
