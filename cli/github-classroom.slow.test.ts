import { spawnSync } from 'child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'fs';
import { parse } from 'csv-parse/sync';
import { tmpdir } from 'os';
import * as path from 'path';
import { PUBLIC_TESTS_WORKFLOW, publicTestsWorkflow } from '../grader/handout/github-workflow';
import { readGradedResults } from '../grader/results/read-graded-results';
import { vmlabRoot } from '../io/vmlab-root';
import { runCli } from './test-support/run-cli';

/**
 * The example class (examples/class/walk/) as `gh classroom clone
 * student-repos` writes it: walk-submissions/, one walk-<login> repository per
 * student holding the handout's files, the student file at its handout path.
 * `vmlab grade --submissions` grades each under its login, dated by its last
 * commit. Slow: it grades nine students for real.
 */
const CLASS = path.join(vmlabRoot(), 'examples', 'class', 'walk');
const WALK = path.join(vmlabRoot(), 'assignments', 'walk');
const STUDENT_FILE = path.join('starter', 'src', 'walker.ts');
const GIT_AVAILABLE = spawnSync('git', ['--version']).status === 0;

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'vmlab-classroom-cli-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function git(dir: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): void {
  const run = spawnSync('git', ['-C', dir, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
}

/** Each student's last commit (or, without git, their file's time): a day apart, in a zone that is not UTC. */
const commitTime = (index: number) => `2024-03-0${index + 1}T23:30:00+02:00`;

it('grades every walk-<login> repository as the student <login>, at the handout path, dated by its last commit', async () => {
  const logins = readdirSync(CLASS, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
  const submissions = path.join(scratch, 'walk-submissions');
  logins.forEach((login, index) => {
    const repo = path.join(submissions, `walk-${login}`);
    cpSync(path.join(CLASS, login), repo, { recursive: true });
    // What else a student's repository holds from the template: the handout's own files and the public-tests workflow; and a file of the student's.
    writeFileSync(path.join(repo, 'README.md'), '# walk\n');
    writeFileSync(path.join(repo, 'package.json'), '{}\n');
    writeFileSync(path.join(repo, 'NOTES.txt'), 'mine\n');
    mkdirSync(path.join(repo, '.github', 'workflows'), { recursive: true });
    writeFileSync(path.join(repo, PUBLIC_TESTS_WORKFLOW), publicTestsWorkflow('walk'));
    const time = new Date(commitTime(index));
    utimesSync(path.join(repo, STUDENT_FILE), time, time);
    if (!GIT_AVAILABLE) {
      // A clone's .git that no git reads: the file's time stands in for the commit's.
      mkdirSync(path.join(repo, '.git'));
      return;
    }
    git(repo, ['init', '-q']);
    git(repo, ['add', '.']);
    const who = { GIT_AUTHOR_NAME: login, GIT_AUTHOR_EMAIL: `${login}@example.edu`, GIT_COMMITTER_NAME: login, GIT_COMMITTER_EMAIL: `${login}@example.edu` };
    git(repo, ['commit', '-q', '-m', 'my walker'], { ...who, GIT_COMMITTER_DATE: commitTime(index) });
  });
  const out = path.join(scratch, 'out');

  const run = await runCli('grade', '--assignment', WALK, '--submissions', submissions, '--out', out, '--no-shrink', '--jobs', '2');

  expect(run.stderr).not.toMatch(/could not be graded/);
  expect(run.code).toBe(0);
  expect(run.stdout).toContain(`graded ${logins.length} of ${logins.length} submissions`);
  const rows = parse(readFileSync(path.join(out, 'grades.csv'), 'utf8'), { columns: true }) as Array<Record<string, string>>;
  expect(rows.map((row) => row.student)).toEqual(logins);
  logins.forEach((login, index) => {
    const results = readGradedResults(path.join(out, login))!;
    expect(results.student).toBe(login);
    expect(results.submittedAt).toBe(new Date(commitTime(index)).toISOString());
    // .git and .github are never looked at, nor the handout's own files; the student's own file is listed as not graded.
    expect(results.extraFiles).toEqual(['NOTES.txt']);
  });
  // The answer key of examples/class/walk/README.md: graded at the handout path, ada earns every point, ivan's does not compile.
  expect(readGradedResults(path.join(out, 'ada'))!.score).toBeCloseTo(100);
  const ivan = readGradedResults(path.join(out, 'ivan'))!;
  expect(ivan.score).toBe(0);
  expect(ivan.compile.map((report) => report.reason)).toEqual(['does-not-compile']);
  const goran = rows.find((row) => row.student === 'goran')!;
  expect(Number(goran.score)).toBeCloseTo(95);
});
