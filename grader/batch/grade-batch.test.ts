import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { writeStudentResults } from '../report/write-student-results';
import { SubmissionResults } from '../results/submission-results';
import { vmlabRoot } from '../../io/vmlab-root';
import { batchProgress } from './batch-progress';
import { GradeBatchRequest, GradeJob, gradeBatch } from './grade-batch';
import { studentSeedFromId } from './student-seed-from-id';
import { parseRoster } from '../gradebook/roster';

/**
 * The batch's bookkeeping (resume, --force, failures, Gradescope exports,
 * seeds) with a fake grader that writes results without compiling or running
 * anything; grade-class-cli.test.ts grades for real.
 */
const WALK = path.join(vmlabRoot(), 'assignments', 'walk');
let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'vmlab-batch-test-'));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

function folders(root: string, names: readonly string[]): string {
  for (const name of names) mkdirSync(path.join(root, name), { recursive: true });
  return root;
}

/** A fake grader: scores a student by the length of their id, records every job, throws for ids in `failing`. */
function fakeGrader(failing: readonly string[] = []) {
  const jobs: GradeJob[] = [];
  const gradeOne = async (job: GradeJob): Promise<SubmissionResults> => {
    jobs.push(job);
    if (failing.includes(job.submission.student)) throw new Error('the grader fell over');
    const results = {
      assignment: { id: 'walk', title: 'Walk' },
      student: job.submission.student,
      ...(job.studentSeed === undefined ? {} : { seed: job.studentSeed }),
      // As gradeLoadedToFolder keeps it.
      ...(job.submission.submittedAt === undefined ? {} : { submittedAt: job.submission.submittedAt }),
      score: job.submission.student.length,
      maxScore: 100,
      parts: [{ id: 'translation', title: 'T', score: job.submission.student.length, points: 29 }],
      tests: [],
      compile: [],
      extraFiles: [],
      output: {},
      seconds: 0,
      gradedAt: new Date().toISOString(),
    } satisfies SubmissionResults;
    await writeStudentResults(job.out, results, { afterDueDate: false });
    return results;
  };
  return { jobs, gradeOne };
}

function request(submissionsDir: string, gradeOne: GradeBatchRequest['gradeOne'], more: Partial<GradeBatchRequest> = {}) {
  let log = '';
  const req: GradeBatchRequest = {
    assignmentDir: WALK,
    submissionsDir,
    out: path.join(scratch, 'out'),
    jobs: 2,
    force: false,
    afterDueDate: false,
    progress: (total) => batchProgress({ write: (text: string) => (log += text) }, total),
    gradeOne,
    ...more,
  };
  return { req, log: () => log };
}

test('a re-run grades only the students without results; --force grades all again', async () => {
  const submissions = folders(path.join(scratch, 'class'), ['alice', 'bob', 'carol', '.git']);
  const first = fakeGrader();
  expect(await gradeBatch(request(submissions, first.gradeOne).req)).toEqual(expect.objectContaining({ submissions: 3, graded: 3, alreadyGraded: 0, failed: [] }));
  expect(first.jobs.map((job) => job.submission.student).sort()).toEqual(['alice', 'bob', 'carol']);

  rmSync(path.join(scratch, 'out', 'bob', 'results.json'));
  writeFileSync(path.join(scratch, 'out', 'carol', 'results.json'), '{"score": 1'); // half-written: not graded
  const second = fakeGrader();
  expect(await gradeBatch(request(submissions, second.gradeOne).req)).toEqual(expect.objectContaining({ graded: 2, alreadyGraded: 1 }));
  expect(second.jobs.map((job) => job.submission.student).sort()).toEqual(['bob', 'carol']);
  // The CSV covers everyone, including alice from the first run.
  expect(readFileSync(path.join(scratch, 'out', 'grades.csv'), 'utf8').split('\r\n').slice(1, 4)).toEqual(['alice,5,100,5,,,,,', 'bob,3,100,3,,,,,', 'carol,5,100,5,,,,,']);

  const forced = fakeGrader();
  expect(await gradeBatch(request(submissions, forced.gradeOne, { force: true }).req)).toEqual(expect.objectContaining({ graded: 3, alreadyGraded: 0 }));
  expect(forced.jobs).toHaveLength(3);
});

test('a student whose grading throws is reported and counted; the others are graded', async () => {
  const submissions = folders(path.join(scratch, 'class'), ['alice', 'bob', 'carol']);
  const grader = fakeGrader(['bob']);
  const { req, log } = request(submissions, grader.gradeOne, { jobs: 1 });
  const outcome = await gradeBatch(req);
  expect(outcome).toEqual(expect.objectContaining({ graded: 2, failed: ['bob'] }));
  expect(log()).toBe('alice: 5 of 100\nvmlab: cannot grade bob: the grader fell over\ncarol: 5 of 100\n');
  expect(readFileSync(outcome.summaryFile, 'utf8')).toMatch(/Could not be graded[^<]* bob/);
  // bob keeps his row in the CSV, with empty scores, so a spreadsheet shows the gap.
  expect(readFileSync(outcome.csvFile, 'utf8').split('\r\n').slice(1, 4)).toEqual(['alice,5,100,5,,,,,', 'bob,,100,,,,,,', 'carol,5,100,5,,,,,']);
  // The next run tries bob again, and only bob.
  const retry = fakeGrader();
  await gradeBatch(request(submissions, retry.gradeOne).req);
  expect(retry.jobs.map((job) => job.submission.student)).toEqual(['bob']);
});

test('a Gradescope export: ids from submission_metadata.yml, the folder name when missing, unsafe ids made safe', async () => {
  const submissions = folders(path.join(scratch, 'export'), ['submission_1', 'submission_2', 'submission_3']);
  writeFileSync(
    path.join(submissions, 'submission_metadata.yml'),
    ["submission_1:\n  :submitters:\n  - :name: A\n    :sid: '42'\n", ':submission_2:\n  :submitters:\n  - :name: B\n    :sid: ../../evil\n'].join(''),
  );
  const grader = fakeGrader();
  await gradeBatch(request(submissions, grader.gradeOne).req);
  const byStudent = Object.fromEntries(grader.jobs.map((job) => [job.submission.student, [path.basename(job.submission.dir), path.relative(scratch, job.out)]]));
  expect(byStudent).toEqual({
    '42': ['submission_1', path.join('out', '42')],
    '../../evil': ['submission_2', path.join('out', '_.._.._evil')],
    submission_3: ['submission_3', path.join('out', 'submission_3')],
  });
  const summary = readFileSync(path.join(scratch, 'out', 'summary.html'), 'utf8');
  expect(summary).toContain('href="_.._.._evil/report.html"');
});

test('a group submission of two: graded once, as the first submitter; both partners get the results, the report and a row', async () => {
  const submissions = folders(path.join(scratch, 'export'), ['submission_7', 'submission_8']);
  writeFileSync(
    path.join(submissions, 'submission_metadata.yml'),
    [
      'submission_7:',
      '  :submitters:',
      '  - :name: Alice',
      "    :sid: 'alice'",
      '  - :name: Bob',
      "    :sid: 'bob'",
      '  :created_at: 2024-03-01 12:00:00.5 +01:00',
      'submission_8:',
      '  :submitters:',
      '  - :name: Carol',
      "    :sid: 'carol'",
    ].join('\n'),
  );
  const grader = fakeGrader();
  const outcome = await gradeBatch(request(submissions, grader.gradeOne, { seedSecret: 's3cret' }).req);
  expect(outcome).toEqual(expect.objectContaining({ submissions: 2, graded: 2, failed: [] }));
  expect(grader.jobs.map((job) => [job.submission.student, path.basename(job.submission.dir), job.studentSeed])).toEqual(
    expect.arrayContaining([
      ['alice', 'submission_7', studentSeedFromId('alice', 's3cret')],
      ['carol', 'submission_8', studentSeedFromId('carol', 's3cret')],
    ]),
  );
  expect(grader.jobs).toHaveLength(2);
  const bob = JSON.parse(readFileSync(path.join(scratch, 'out', 'bob', 'results.json'), 'utf8'));
  expect(bob.extra_data.vmlab).toEqual(expect.objectContaining({ student: 'bob', score: 5, seed: studentSeedFromId('alice', 's3cret'), submittedAt: '2024-03-01T11:00:00.500Z' }));
  expect(readFileSync(path.join(scratch, 'out', 'bob', 'report.html'), 'utf8')).toContain('bob');
  expect(readFileSync(outcome.csvFile, 'utf8').split('\r\n').slice(1, 4)).toEqual(['alice,5,100,5,,,,,', 'bob,5,100,5,,,,,', 'carol,5,100,5,,,,,']);
  expect(readFileSync(outcome.summaryFile, 'utf8')).toContain('href="bob/report.html"');

  // A partner whose copy went missing has the group graded again; the complete ones are left alone.
  rmSync(path.join(scratch, 'out', 'bob', 'results.json'));
  const resumed = fakeGrader();
  await gradeBatch(request(submissions, resumed.gradeOne, { seedSecret: 's3cret' }).req);
  expect(resumed.jobs.map((job) => job.submission.student)).toEqual(['alice']);
  expect(existsSync(path.join(scratch, 'out', 'bob', 'results.json'))).toBe(true);
});

test('a roster: joined into grades.csv for every member of a group; the summary names who submitted nothing and who is not listed', async () => {
  const submissions = folders(path.join(scratch, 'export'), ['submission_7', 'submission_8', 'submission_9']);
  writeFileSync(
    path.join(submissions, 'submission_metadata.yml'),
    "submission_7:\n  :submitters:\n  - :sid: 'alice'\n  - :sid: 'Bob'\nsubmission_8:\n  :submitters:\n  - :sid: 'carol'\nsubmission_9:\n  :submitters:\n  - :sid: 'dan'\n",
  );
  const roster = parseRoster('SIS User ID,ID,Name,Section\nS1,alice,Alice A,L1\nS2,bob,"Bob, B",L2\nS4,dan,Dan,L1\nS5,eve,<b>Eve</b>,L2\n', 'roster.csv');
  const outcome = await gradeBatch(request(submissions, fakeGrader(['dan']).gradeOne, { roster }).req);
  expect(readFileSync(outcome.csvFile, 'utf8')).toBe(
    [
      'student,name,sis_id,section,roster_status,score,max,translation,permissions,malformed,accessed-dirty,tlb,protections',
      // Ids sort by code unit, as without a roster.
      'Bob,"Bob, B",S2,L2,submitted,5,100,5,,,,,',
      'alice,Alice A,S1,L1,submitted,5,100,5,,,,,',
      'carol,,,,not in roster,5,100,5,,,,,',
      'dan,Dan,S4,L1,submitted,,100,,,,,,',
      'eve,<b>Eve</b>,S5,L2,no submission,,100,,,,,,',
      '',
    ].join('\r\n'),
  );
  const summary = readFileSync(outcome.summaryFile, 'utf8');
  const rosterSection = summary.slice(summary.indexOf('id="roster"'));
  expect(rosterSection).toContain('The roster lists 4 students: 3 submitted, 1 did not; 1 submission came from ids it does not list.');
  expect(rosterSection).toContain('<tr><th scope="row">eve</th><td>&lt;b&gt;Eve&lt;/b&gt;</td><td>L2</td></tr>');
  expect(rosterSection).toMatch(/the roster does not list[^:]*: carol</);
  expect(summary).toContain('<a href="Bob/report.html">Bob</a> <span class="muted">Bob, B</span>');
});

test('a failed group submission leaves every member ungraded, with a row each', async () => {
  const submissions = folders(path.join(scratch, 'export'), ['submission_7']);
  writeFileSync(path.join(submissions, 'submission_metadata.yml'), "submission_7:\n  :submitters:\n  - :sid: 'alice'\n  - :sid: 'bob'\n");
  const outcome = await gradeBatch(request(submissions, fakeGrader(['alice']).gradeOne).req);
  expect([...outcome.failed].sort()).toEqual(['alice', 'bob']);
  expect(readFileSync(outcome.csvFile, 'utf8').split('\r\n').slice(1, 3)).toEqual(['alice,,100,,,,,,', 'bob,,100,,,,,,']);
});

test('refused before grading: an empty class, a student in two submissions, malformed metadata, an OUT under a file', async () => {
  const grader = fakeGrader();
  const empty = path.join(scratch, 'empty');
  mkdirSync(empty);
  await expect(gradeBatch(request(empty, grader.gradeOne).req)).rejects.toThrow(`${empty}: no submissions`);

  const twice = folders(path.join(scratch, 'twice'), ['submission_1', 'submission_2']);
  writeFileSync(path.join(twice, 'submission_metadata.yml'), "submission_1:\n  :submitters:\n  - :sid: 'a'\n  - :sid: 'b'\nsubmission_2:\n  :submitters:\n  - :sid: 'b'\n");
  await expect(gradeBatch(request(twice, grader.gradeOne).req)).rejects.toThrow(`${twice}: the submissions submission_1 and submission_2 both belong to student "b"`);

  const malformed = folders(path.join(scratch, 'malformed'), ['submission_1']);
  writeFileSync(path.join(malformed, 'submission_metadata.yml'), 'submission_1:\n  :submitters: [\n');
  await expect(gradeBatch(request(malformed, grader.gradeOne).req)).rejects.toThrow(new RegExp(`^${escape(malformed)}/submission_metadata\\.yml:\\d+:\\d+: not valid YAML`));

  const metadataFolder = folders(path.join(scratch, 'odd'), ['submission_1', 'submission_metadata.yml']);
  await expect(gradeBatch(request(metadataFolder, grader.gradeOne).req)).rejects.toThrow(`${path.join(metadataFolder, 'submission_metadata.yml')}: cannot read the Gradescope metadata: it is a directory`);

  const file = path.join(scratch, 'a-file');
  writeFileSync(file, '');
  const classDir = folders(path.join(scratch, 'class'), ['alice']);
  await expect(gradeBatch(request(classDir, grader.gradeOne, { out: path.join(file, 'out') }).req)).rejects.toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  expect(grader.jobs).toEqual([]);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test('--seed-from-id: each student gets the keyed hash of their id, recorded in the results', async () => {
  const submissions = folders(path.join(scratch, 'class'), ['alice', 'bob']);
  const grader = fakeGrader();
  await gradeBatch(request(submissions, grader.gradeOne, { seedSecret: 's3cret' }).req);
  const seeds = Object.fromEntries(grader.jobs.map((job) => [job.submission.student, job.studentSeed]));
  expect(seeds).toEqual({ alice: studentSeedFromId('alice', 's3cret'), bob: studentSeedFromId('bob', 's3cret') });
  expect(seeds.alice).not.toBe(seeds.bob);
  const written = JSON.parse(readFileSync(path.join(scratch, 'out', 'alice', 'results.json'), 'utf8'));
  expect(written.extra_data.vmlab.seed).toBe(seeds.alice);
});

test('a re-run that seeds differently (seeds added, or another secret) regrades; the same seeding resumes', async () => {
  const submissions = folders(path.join(scratch, 'class'), ['alice', 'bob']);
  await gradeBatch(request(submissions, fakeGrader().gradeOne).req);
  const seeded = fakeGrader();
  await gradeBatch(request(submissions, seeded.gradeOne, { seedSecret: 's3cret' }).req);
  expect(seeded.jobs.map((job) => job.submission.student).sort()).toEqual(['alice', 'bob']);
  const same = fakeGrader();
  await gradeBatch(request(submissions, same.gradeOne, { seedSecret: 's3cret' }).req);
  expect(same.jobs).toEqual([]);
  const otherSecret = fakeGrader();
  await gradeBatch(request(submissions, otherSecret.gradeOne, { seedSecret: 'another' }).req);
  expect(otherSecret.jobs).toHaveLength(2);
});

test('on a terminal, progress is one line rewritten in place', () => {
  let log = '';
  const progress = batchProgress({ write: (text: string) => (log += text), isTTY: true } as never, 2);
  progress.started('a');
  progress.started('b');
  progress.graded('a', { score: 1, maxScore: 2 } as SubmissionResults);
  progress.failed('b\x1b[2J', new Error('boom'));
  progress.done();
  expect(log.split('\r\x1b[K').filter((part) => part !== '')).toEqual([
    'graded 0/2, 1 running',
    'graded 0/2, 2 running',
    'graded 1/2, 1 running',
    'vmlab: cannot grade b?[2J: boom\n',
    'graded 2/2, 0 running\n',
  ]);
});
