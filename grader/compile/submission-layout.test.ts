import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { VmlabError } from '../../reference/errors';
import { checkClassFolder, checkSubmissionFolder, studentFilesAtTop } from './submission-layout';

const WALK_FILES = ['starter/src/walker.ts'];
const SHADOW_FILES = ['starter/src/shadow-sync.ts', 'starter/src/hidden-fault-handler.ts'];

let scratch: string;
/** A fresh folder under scratch holding `files` (paths relative to it; a path ending in / is an empty folder). */
function folder(name: string, files: readonly string[]): string {
  const dir = path.join(scratch, name);
  mkdirSync(dir, { recursive: true });
  for (const file of files) {
    const full = path.join(dir, ...file.split('/'));
    mkdirSync(file.endsWith('/') ? full : path.dirname(full), { recursive: true });
    if (!file.endsWith('/')) writeFileSync(full, 'export {};\n');
  }
  return dir;
}

/** The message of the VmlabError `run` throws; fails the test if it throws nothing or something else. */
function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(VmlabError);
    expect((error as VmlabError).code).toBe('IO');
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'vmlab-layout-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('studentFilesAtTop', () => {
  it('finds each student file at its handout path, else by name, as readSubmission looks for it', () => {
    const dir = folder('mixed', ['starter/src/shadow-sync.ts', 'hidden-fault-handler.ts', 'notes.txt']);
    expect(studentFilesAtTop(dir, SHADOW_FILES)).toEqual(['starter/src/shadow-sync.ts', 'hidden-fault-handler.ts']);
    expect(studentFilesAtTop(dir, WALK_FILES)).toEqual([]);
  });

  it('counts a dangling link: something was put there', () => {
    const dir = folder('dangling', []);
    symlinkSync('/nowhere/walker.ts', path.join(dir, 'walker.ts'));
    expect(studentFilesAtTop(dir, WALK_FILES)).toEqual(['walker.ts']);
  });
});

describe('checkClassFolder (--submissions)', () => {
  it('accepts one folder per student, whatever they hold, a Gradescope export, and GitHub Classroom clones', () => {
    expect(() => checkClassFolder(folder('class', ['alice/starter/src/walker.ts', 'bob/', 'README.md']), WALK_FILES)).not.toThrow();
    expect(() => checkClassFolder(folder('export', ['submission_metadata.yml', 'submission_1/walker.ts']), WALK_FILES)).not.toThrow();
    const clones = ['walk-ada/.git/HEAD', 'walk-ada/.github/workflows/public-tests.yml', 'walk-ada/starter/src/walker.ts', 'walk-bruno/.git/HEAD', 'walk-bruno/README.md'];
    expect(() => checkClassFolder(folder('walk-submissions', clones), WALK_FILES)).not.toThrow();
  });

  it.each([
    ['at its handout path', ['starter/src/walker.ts'], 'starter/src/walker.ts'],
    ['flat', ['walker.ts', 'README.md'], 'walker.ts'],
  ])('refuses one student\'s submission, its files %s, saying what it holds and what was expected', (name, files, found) => {
    const dir = folder(`one-student-${name}`, files);
    const message = refusal(() => checkClassFolder(dir, WALK_FILES));
    expect(message).toContain(`${dir}: looks like one student's submission, not a class: it holds ${found} itself`);
    expect(message).toContain(`expected one folder per student, named by the student id, each holding the student files (e.g. ${path.join(dir, 'alice', 'starter/src/walker.ts')})`);
    expect(message).toContain('the folder `gh classroom clone student-repos` writes (one <assignment>-<login> repository per student');
    expect(message).toContain('or a Gradescope submissions export');
    expect(message).toContain(`use --submission ${dir}`);
  });

  it('refuses an empty folder, and one with files or dot-folders only, listing what it holds', () => {
    const empty = folder('empty-class', []);
    expect(refusal(() => checkClassFolder(empty, WALK_FILES))).toContain(`${empty}: no submissions: it is empty; expected one folder per student`);
    // A name with a terminal escape in it, shown among the first: it is made printable.
    const names = ['.git/', 'a.zip', 'a\u001b[2J.zip', 'b.zip', 'c.zip', 'd.zip', 'e.zip'];
    const filesOnly = folder('files-only', names);
    const message = refusal(() => checkClassFolder(filesOnly, WALK_FILES));
    expect(message).toContain(`${filesOnly}: no submissions: it holds no student folder, only .git, a?[2J.zip, a.zip, b.zip, c.zip and 2 more; expected`);
    expect(message).not.toContain('\u001b');
  });

  it('leaves a folder it cannot list to findSubmissions', () => {
    expect(() => checkClassFolder(path.join(scratch, 'nope'), WALK_FILES)).not.toThrow();
  });
});

describe('checkSubmissionFolder (--submission)', () => {
  it('accepts a submission with a student file, at its handout path or flat, without a warning', () => {
    expect(checkSubmissionFolder(folder('alice', ['starter/src/walker.ts', 'starter/README.md']), WALK_FILES)).toBeUndefined();
    expect(checkSubmissionFolder(folder('flat', ['walker.ts']), WALK_FILES)).toBeUndefined();
    // One of two student files is enough: the other is missing, as grading reports.
    expect(checkSubmissionFolder(folder('half', ['shadow-sync.ts']), SHADOW_FILES)).toBeUndefined();
  });

  it.each([
    ['a class', ['alice/starter/src/walker.ts', 'bob/walker.ts', 'chen/'], 'alice, bob'],
    ['a Gradescope export', ['submission_metadata.yml', 'submission_1/walker.ts', 'submission_2/walker.ts', 'submission_3/walker.ts'], 'submission_1, submission_2, submission_3'],
  ])('refuses %s, naming the folders that hold the student files and what was expected', (name, files, holders) => {
    const dir = folder(`as-class-${name}`, files);
    const message = refusal(() => checkSubmissionFolder(dir, WALK_FILES));
    expect(message).toContain(`${dir}: looks like a class, not one submission: it holds none of the student files itself, but its folders ${holders} each hold them`);
    expect(message).toContain("expected one student's folder holding starter/src/walker.ts or walker.ts at its top");
    expect(message).toContain(`use --submissions ${dir}`);
  });

  it('warns about a folder with none of the student files, and points at the one subfolder that has them', () => {
    const empty = folder('nothing', ['README.md']);
    expect(checkSubmissionFolder(empty, SHADOW_FILES)).toBe(
      `${empty} holds none of the student files (expected one student's folder holding starter/src/shadow-sync.ts or shadow-sync.ts, ` +
        'and starter/src/hidden-fault-handler.ts or hidden-fault-handler.ts at its top): it is graded, and every test of a missing file fails',
    );
    const wrapped = folder('wrapped', ['walk-handout/starter/src/walker.ts']);
    const warning = checkSubmissionFolder(wrapped, WALK_FILES);
    expect(warning).toContain(`${wrapped} holds none of the student files`);
    expect(warning?.endsWith(`every test of a missing file fails; its folder walk-handout does: is that the submission (${path.join(wrapped, 'walk-handout')})?`)).toBe(true);
  });

  it('leaves a folder it cannot list to grading, which says why', () => {
    expect(checkSubmissionFolder(path.join(scratch, 'nope'), WALK_FILES)).toBeUndefined();
  });
});
