import { lstatSync, readdirSync, readFileSync, realpathSync, statSync } from 'fs';
import * as path from 'path';
import { describeFsError } from '../../io/fs-errors';

/** Student files larger than this are refused unread. */
export const MAX_STUDENT_FILE_BYTES = 1024 * 1024;
/** At most this many extra files are listed (a submission may hold a whole node_modules). */
export const MAX_EXTRA_FILES = 100;
/** The walk for extra files stops after this many entries. */
const MAX_ENTRIES_VISITED = 10_000;

/** A student file as found in the submission. */
export type StudentFileRead =
  | { readonly kind: 'read'; readonly source: string }
  | { readonly kind: 'missing' }
  /** Present but refused (too large, a link leading outside the submission, not a file, unreadable). */
  | { readonly kind: 'refused'; readonly why: string };

export interface SubmissionFiles {
  /** Keyed by handout-relative path, one per student file of the manifest. */
  readonly studentFiles: ReadonlyMap<string, StudentFileRead>;
  /**
   * Submission-relative paths of the files that are neither student files nor
   * files of the handout (dot-folders skipped), sorted, capped.
   */
  readonly extraFiles: readonly string[];
}

/**
 * Read a submission folder's student files, and list what else it holds.
 * Nothing outside the folder is read. A student file is looked for at its
 * handout path (`starter/src/walker.ts`), then by its name alone at the top
 * of the submission (`walker.ts`), which is how files dragged into an upload
 * form such as Gradescope's arrive. Files at a path the handout itself has
 * (`inHandout`) are not listed as extra: a submission that is the whole
 * handout (a GitHub Classroom repository, a zipped handout folder) holds them
 * all, and the grader uses its own copies.
 */
export function readSubmission(submissionDir: string, studentFiles: readonly string[], inHandout: (file: string) => boolean = () => false): SubmissionFiles {
  const root = realpathSync(submissionDir);
  const used = new Set<string>();
  const read = new Map(
    studentFiles.map((file) => {
      const found = locateStudentFile(root, file);
      used.add(found.path);
      return [file, found.read] as const;
    }),
  );
  return { studentFiles: read, extraFiles: listExtraFiles(root, (file) => used.has(file) || inHandout(file)) };
}

/**
 * Where a student file is looked for in a submission, in this order: at its
 * handout path (`starter/src/walker.ts`), then by its name alone at the top
 * (`walker.ts`). Submission-relative, with `/`.
 */
export function studentFilePlaces(file: string): readonly string[] {
  const flat = path.posix.basename(file);
  return flat === file ? [file] : [file, flat];
}

function locateStudentFile(root: string, file: string): { readonly read: StudentFileRead; readonly path: string } {
  for (const place of studentFilePlaces(file)) {
    const read = readStudentFile(root, place);
    if (read.kind !== 'missing') return { read, path: place };
  }
  return { read: { kind: 'missing' }, path: file };
}

function readStudentFile(root: string, file: string): StudentFileRead {
  const full = path.join(root, ...file.split('/'));
  let real: string;
  try {
    // realpath resolves links in every component (a linked starter/ folder too), so what is read is known to be inside.
    real = realpathSync(full);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') {
      // A dangling link is as good as missing, but say it is there.
      return isLink(full) ? { kind: 'refused', why: 'is a symbolic link to nothing in the submission' } : { kind: 'missing' };
    }
    return { kind: 'refused', why: `cannot be read: ${describeFsError(error)}` };
  }
  const inside = path.relative(root, real);
  if (inside === '..' || inside.startsWith(`..${path.sep}`) || path.isAbsolute(inside)) {
    return { kind: 'refused', why: 'is a symbolic link leading outside the submission' };
  }
  try {
    const stats = statSync(real);
    if (!stats.isFile()) return { kind: 'refused', why: 'is not a regular file' };
    if (stats.size > MAX_STUDENT_FILE_BYTES) return { kind: 'refused', why: `is ${(stats.size / 1024 / 1024).toFixed(1)} MB; files over 1 MB are refused` };
    return { kind: 'read', source: readFileSync(real, 'utf8') };
  } catch (error) {
    return { kind: 'refused', why: `cannot be read: ${describeFsError(error)}` };
  }
}

function isLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Every non-directory entry (files and links alike; links are never followed) outside dot-folders, but those `known`. */
function listExtraFiles(root: string, known: (file: string) => boolean): string[] {
  const extra: string[] = [];
  const pending = [''];
  let visited = 0;
  while (pending.length > 0 && visited < MAX_ENTRIES_VISITED) {
    const dir = pending.pop()!;
    let names: string[];
    try {
      names = readdirSync(path.join(root, dir)).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      if (++visited > MAX_ENTRIES_VISITED) break;
      const relative = dir === '' ? name : `${dir}/${name}`;
      let stats;
      try {
        stats = lstatSync(path.join(root, relative));
      } catch {
        continue;
      }
      if (stats.isDirectory()) {
        if (!name.startsWith('.')) pending.push(relative);
      } else if (!known(relative)) {
        extra.push(relative);
      }
    }
  }
  return extra.sort().slice(0, MAX_EXTRA_FILES);
}
