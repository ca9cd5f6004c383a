import { lstatSync, readdirSync, statSync } from 'fs';
import * as path from 'path';
import { VmlabError } from '../../reference/errors';
import { printable } from '../../io/printable';
import { studentFilePlaces } from './read-submission';

/**
 * Telling one submission from a class before grading, so that a folder given
 * to the wrong option is refused with what was found and what was expected
 * instead of grading 0 for everyone. A submission holds the student files at
 * its top, where readSubmission looks for them (at their handout paths, or by
 * name); a class holds one folder per student, each holding them.
 */

/** Names shown when listing what a folder holds; the rest are counted. */
const NAMES_SHOWN = 5;
/** A submission folder's subfolders looked into for student files: enough to see a class, bounded for a huge folder. */
const MAX_SUBFOLDERS_EXAMINED = 1000;

/** What `--submissions` takes, in words, naming the assignment's first student file as the example. */
function expectedClass(dir: string, studentFiles: readonly string[]): string {
  return (
    `expected one folder per student, named by the student id, each holding the student files ` +
    `(e.g. ${path.join(dir, 'alice', studentFiles[0])}), the folder \`gh classroom clone student-repos\` writes ` +
    '(one <assignment>-<login> repository per student, the student files at their handout paths), ' +
    'or a Gradescope submissions export (submission_metadata.yml beside one submission_NNN folder per submission)'
  );
}

/** What `--submission` takes, in words. */
function expectedSubmission(studentFiles: readonly string[]): string {
  const places = studentFiles.map((file) => studentFilePlaces(file).join(' or '));
  return `expected one student's folder holding ${places.join(', and ')} at its top`;
}

/** The student files a folder holds at its top, as a submission does: each at the place it was found. */
export function studentFilesAtTop(dir: string, studentFiles: readonly string[]): string[] {
  return studentFiles.flatMap((file) => studentFilePlaces(file).filter((place) => exists(path.join(dir, ...place.split('/')))).slice(0, 1));
}

/**
 * Refuse a `--submissions` folder that is no class: one that holds student
 * files itself (one student's submission), or holds no student folder at all
 * (empty, or only files). A folder that cannot be listed is left to
 * findSubmissions, which says why.
 */
export function checkClassFolder(dir: string, studentFiles: readonly string[]): void {
  const names = listNames(dir);
  if (names === undefined) return;
  const own = studentFilesAtTop(dir, studentFiles);
  if (own.length > 0) {
    throw new VmlabError(
      'IO',
      `${dir}: looks like one student's submission, not a class: it holds ${own.join(', ')} itself; ${expectedClass(dir, studentFiles)}. ` +
        `To grade this one submission, use --submission ${dir}`,
    );
  }
  if (studentFolders(dir, names).length === 0) {
    const holds = names.length === 0 ? 'it is empty' : `it holds no student folder, only ${shown(names)}`;
    throw new VmlabError('IO', `${dir}: no submissions: ${holds}; ${expectedClass(dir, studentFiles)}`);
  }
}

/**
 * Check a `--submission` folder. One that holds no student file itself but
 * has several subfolders that each hold one is a class, and is refused. One
 * that holds none of the student files is graded (every test of a missing
 * file fails), and the warning returned says so; undefined when the folder
 * holds a student file, or cannot be listed (grading says why).
 */
export function checkSubmissionFolder(dir: string, studentFiles: readonly string[]): string | undefined {
  const names = listNames(dir);
  if (names === undefined || studentFilesAtTop(dir, studentFiles).length > 0) return undefined;
  const holders = studentFolders(dir, names)
    .slice(0, MAX_SUBFOLDERS_EXAMINED)
    .filter((name) => studentFilesAtTop(path.join(dir, name), studentFiles).length > 0);
  if (holders.length >= 2) {
    throw new VmlabError(
      'IO',
      `${dir}: looks like a class, not one submission: it holds none of the student files itself, but its folders ${shown(holders)} each hold them; ` +
        `${expectedSubmission(studentFiles)}. To grade them all, use --submissions ${dir}`,
    );
  }
  const inside = holders.length === 1 ? `; its folder ${printable(holders[0])} does: is that the submission (${path.join(dir, printable(holders[0]))})?` : '';
  return `${dir} holds none of the student files (${expectedSubmission(studentFiles)}): it is graded, and every test of a missing file fails${inside}`;
}

/** The folder's entries, or undefined when it cannot be listed (missing, a file, unreadable). */
function listNames(dir: string): string[] | undefined {
  try {
    return readdirSync(dir).sort();
  } catch {
    return undefined;
  }
}

/** The subfolders a class's students would be in: as findSubmissions takes them, links followed, dot-folders skipped. */
function studentFolders(dir: string, names: readonly string[]): string[] {
  return names.filter((name) => {
    if (name.startsWith('.')) return false;
    try {
      return statSync(path.join(dir, name)).isDirectory();
    } catch {
      return false;
    }
  });
}

/** A dangling link counts: something was put there. */
function exists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/** A few names, made printable, and how many more there are. */
function shown(names: readonly string[]): string {
  const listed = names.slice(0, NAMES_SHOWN).map(printable).join(', ');
  return names.length > NAMES_SHOWN ? `${listed} and ${names.length - NAMES_SHOWN} more` : listed;
}
