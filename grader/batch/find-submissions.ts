import { readFileSync, readdirSync, statSync } from 'fs';
import * as path from 'path';
import { VmlabError } from '../../reference/errors';
import { describeFsError } from '../../io/fs-errors';
import { GradescopeSubmission, gradescopeSubmissions } from './gradescope-metadata';
import { assignmentSlug, isGitRepository, loginOf, repositorySubmittedAt } from './github-classroom';
import { isStaffFolder } from '../staff/staff-page-paths';

/** A student of the class: their id, and their folder under OUT. */
export interface BatchStudent {
  /** The student id: shown in results, the CSV and the summary. */
  readonly student: string;
  /** The name of the student's folder under OUT: the student id, made safe as one path segment. */
  readonly outFolder: string;
}

/**
 * One submission to grade. A group submission is graded once, as its first
 * submitter (whose id seeds the generated tests), and every partner gets the
 * same grade in their own folder and row.
 */
export interface BatchSubmission extends BatchStudent {
  /** The submission folder. */
  readonly dir: string;
  /** The other members of a group submission; empty for one student. */
  readonly partners: readonly BatchStudent[];
  /**
   * When it was submitted (ISO 8601, UTC): a Gradescope export's `:created_at:`, or a repository's last commit
   * (its student files' newest time when git cannot tell); absent for a plain folder.
   */
  readonly submittedAt?: string;
}

export const GRADESCOPE_METADATA = 'submission_metadata.yml';

/**
 * The submissions of a class, sorted by student id. One subfolder per
 * student, named by the student id (dot-folders skipped); a Gradescope
 * submissions export: `submission_metadata.yml` next to one folder per
 * submission, the students taken from the metadata (the folder name when the
 * metadata names none); or GitHub Classroom's clones (github-classroom.ts):
 * one `<assignment>-<login>` repository per student, whose id is the login
 * and whose time is its last commit's. A folder without a submission in it,
 * an unreadable or malformed metadata file, or a student with two
 * submissions is refused before anything is graded. `studentFiles` (the
 * manifest's) date a repository git cannot read.
 */
export function findSubmissions(dir: string, studentFiles: readonly string[] = []): BatchSubmission[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => !name.startsWith('.') && statSync(path.join(dir, name)).isDirectory());
  } catch (error) {
    throw new VmlabError('IO', `${dir}: cannot list the submissions: ${describeFsError(error)}`);
  }
  if (names.length === 0) throw new VmlabError('IO', `${dir}: no submissions (expected one folder per student, GitHub Classroom's repositories, or a Gradescope submissions export)`);
  const submittersOf = readMetadata(path.join(dir, GRADESCOPE_METADATA));
  // Without Gradescope's metadata, the folders that are clones are GitHub Classroom's repositories.
  const repositories = new Set(submittersOf.size === 0 ? names.filter((name) => isGitRepository(path.join(dir, name))) : []);
  const slug = assignmentSlug(path.basename(path.resolve(dir)), [...repositories]);
  const submissions = names.map((name): BatchSubmission => {
    const metadata = submittersOf.get(name);
    const repository = repositories.has(name);
    const ids = metadata?.submitters ?? [repository ? loginOf(name, slug) : name];
    const [student, ...partners] = ids.map((id) => ({ student: id, outFolder: safeFolderName(id) }));
    const submittedAt = metadata?.submittedAt ?? (repository ? repositorySubmittedAt(path.join(dir, name), studentFiles) : undefined);
    return { ...student, dir: path.join(dir, name), partners, ...(submittedAt === undefined ? {} : { submittedAt }) };
  });
  // Two ids can make the same folder name ("a/b" and "a_b"), and a student can be in two groups: refuse rather than
  // let one student's results overwrite another's.
  const byFolder = new Map<string, { submission: BatchSubmission; student: BatchStudent }>();
  for (const submission of submissions) {
    for (const student of [submission, ...submission.partners]) {
      const other = byFolder.get(student.outFolder);
      if (other !== undefined) {
        throw new VmlabError(
          'IO',
          `${dir}: the submissions ${path.basename(other.submission.dir)} and ${path.basename(submission.dir)} both belong to student "${student.student}"` +
            `${other.student.student === student.student ? '' : ` (or to "${other.student.student}", whose id makes the same folder name)`}; keep one`,
        );
      }
      byFolder.set(student.outFolder, { submission, student });
    }
  }
  return submissions.sort((a, b) => (a.student < b.student ? -1 : a.student > b.student ? 1 : 0));
}

/** Folder name → submitters and time from Gradescope's metadata; empty when there is no such file (a plain class folder). */
function readMetadata(file: string): Map<string, GradescopeSubmission> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw new VmlabError('IO', `${file}: cannot read the Gradescope metadata: ${describeFsError(error)}`);
  }
  return gradescopeSubmissions(text, file);
}

/**
 * A student id as one folder name: ids from Gradescope metadata are untrusted
 * and may hold `/`, `..` or control characters. A folder name from the plain
 * layout is already safe unless it contains characters outside this set.
 */
export function safeFolderName(student: string): string {
  const safe = student.replace(/[^\p{L}\p{N}._@+=,() -]/gu, '_');
  // OUT/staff/ holds the staff pages: a student of that id gets another folder, so theirs never holds those pages.
  return safe === '' || safe.startsWith('.') || isStaffFolder(safe) ? `_${safe}` : safe;
}
