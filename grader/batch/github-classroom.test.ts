import { spawnSync } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { findSubmissions } from './find-submissions';
import { assignmentSlug, loginOf, repositorySubmittedAt } from './github-classroom';

const WALK_FILES = ['starter/src/walker.ts'];
const GIT_AVAILABLE = spawnSync('git', ['--version']).status === 0;

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'vmlab-classroom-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A student's folder holding walker.ts at its handout path, last modified at `time`; with a bare `.git` folder when `repository`. */
function student(dir: string, time: Date, repository = true): string {
  mkdirSync(path.join(dir, 'starter', 'src'), { recursive: true });
  const file = path.join(dir, 'starter', 'src', 'walker.ts');
  writeFileSync(file, 'export {};\n');
  utimesSync(file, time, time);
  if (repository) mkdirSync(path.join(dir, '.git'));
  return dir;
}

/** `git` in `dir`, which must succeed. */
function git(dir: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): void {
  const run = spawnSync('git', ['-C', dir, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
}

describe('the student id of a repository', () => {
  it('is the login: the slug comes from the <slug>-submissions folder gh writes, so hyphens in the slug and in logins stay apart', () => {
    const repositories = ['page-walk-ada', 'page-walk-bruno-k', 'page-walk-chen'];
    const slug = assignmentSlug('page-walk-submissions', repositories);
    expect(slug).toBe('page-walk');
    expect(repositories.map((name) => loginOf(name, slug))).toEqual(['ada', 'bruno-k', 'chen']);
  });

  it('without that folder name, the slug is the prefix every repository shares, cut at a hyphen', () => {
    // Common prefix "walk-a": the slug stops at the last hyphen in it.
    expect(assignmentSlug('class', ['walk-ada', 'walk-alan', 'walk-amir'])).toBe('walk');
    expect(assignmentSlug('walk-submissions', ['tlb-ada', 'tlb-bruno'])).toBe('tlb');
  });

  it('keeps the whole name when there is no slug to strip, or the name does not start with it', () => {
    expect(assignmentSlug('class', ['walk-ada'])).toBeUndefined();
    expect(assignmentSlug('class', ['ada', 'bruno'])).toBeUndefined();
    expect(loginOf('ada', undefined)).toBe('ada');
    expect(loginOf('tlb-ada', 'walk')).toBe('tlb-ada');
    expect(loginOf('walk-', 'walk')).toBe('walk-');
  });
});

describe('findSubmissions on GitHub Classroom clones', () => {
  it('takes the login as the id, keeps a plain folder whole, and dates each repository (by its student files when git cannot read it)', () => {
    const dir = path.join(scratch, 'walk-submissions');
    const adaTime = new Date('2024-03-01T10:00:00.000Z');
    student(path.join(dir, 'walk-ada'), adaTime);
    student(path.join(dir, 'walk-bruno-k'), new Date('2024-03-02T10:00:00.000Z'));
    student(path.join(dir, 'late-upload'), new Date('2024-03-03T10:00:00.000Z'), false);
    expect(findSubmissions(dir, WALK_FILES)).toEqual([
      { student: 'ada', outFolder: 'ada', dir: path.join(dir, 'walk-ada'), partners: [], submittedAt: adaTime.toISOString() },
      { student: 'bruno-k', outFolder: 'bruno-k', dir: path.join(dir, 'walk-bruno-k'), partners: [], submittedAt: '2024-03-02T10:00:00.000Z' },
      // Not a clone: a folder named by its student, as in the plain layout, with no time.
      { student: 'late-upload', outFolder: 'late-upload', dir: path.join(dir, 'late-upload'), partners: [] },
    ]);
  });

  it('refuses a repository whose login is another folder\'s name: two submissions of one student', () => {
    const dir = path.join(scratch, 'twice-submissions');
    student(path.join(dir, 'twice-ada'), new Date());
    student(path.join(dir, 'ada'), new Date(), false);
    expect(() => findSubmissions(dir, WALK_FILES)).toThrow(/both belong to student "ada"; keep one/);
  });
});

describe("a repository's submission time", () => {
  (GIT_AVAILABLE ? it : it.skip)("is its last commit's, in UTC, not the files' time", () => {
    const repo = student(path.join(scratch, 'committed'), new Date('2030-01-01T00:00:00.000Z'), false);
    git(repo, ['init', '-q']);
    git(repo, ['add', '.']);
    const identity = { GIT_AUTHOR_NAME: 'Ada', GIT_AUTHOR_EMAIL: 'ada@example.edu', GIT_COMMITTER_NAME: 'Ada', GIT_COMMITTER_EMAIL: 'ada@example.edu' };
    git(repo, ['commit', '-q', '-m', 'walker'], { ...identity, GIT_COMMITTER_DATE: '2024-03-01T23:59:30+01:00' });
    expect(repositorySubmittedAt(repo, WALK_FILES)).toBe('2024-03-01T22:59:30.000Z');
    // Without git, the student files' time stands in.
    expect(repositorySubmittedAt(repo, WALK_FILES, { git: path.join(scratch, 'no-such-git') })).toBe('2030-01-01T00:00:00.000Z');
  });

  it('is unknown, not an error, when git cannot tell and there is no student file', () => {
    const empty = path.join(scratch, 'empty-repo');
    mkdirSync(path.join(empty, '.git'), { recursive: true });
    expect(repositorySubmittedAt(empty, WALK_FILES)).toBeUndefined();
  });
});
