import { cpSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { parse } from 'csv-parse/sync';
import { runCli } from '../../cli/test-support/run-cli';
import { vmlabRoot } from '../../io/vmlab-root';
import { readGradedResults } from '../results/read-graded-results';

/**
 * Late work as staff use it, end to end: three students of the example walk
 * class dated by their files (--submitted-time file), graded under a policy
 * given on the command line with an extension for one of them; redrawn
 * without the flags (the policy kept in OUT applies again); then the due
 * date moved with `report --class --due` and the class regraded with --force
 * (the moved due date still applies).
 */
const ROOT = vmlabRoot();
const ASSIGNMENT = path.join(ROOT, 'assignments', 'walk');
const HOUR = 3_600_000;
// 2024-03-01 23:59 in New York is 2024-03-02T04:59Z.
const DUE = Date.parse('2024-03-02T04:59:00Z');
let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'vmlab-late-work-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test('grade with a late policy and an extension, redraw, move the due date, regrade', async () => {
  const submitted: Record<string, number> = { ada: DUE - HOUR, chen: DUE + 26 * HOUR, dana: DUE + 10 * 60_000 };
  const submissions = path.join(scratch, 'class');
  for (const [student, time] of Object.entries(submitted)) {
    cpSync(path.join(ROOT, 'examples', 'class', 'walk', student), path.join(submissions, student), { recursive: true });
    utimesSync(path.join(submissions, student, 'starter', 'src', 'walker.ts'), time / 1000, time / 1000);
  }
  const extensions = path.join(scratch, 'extensions.csv');
  writeFileSync(extensions, 'student,extra,reason\nchen,1d,CHEN-EXTENSION-REASON\nnobody,2d,not in the class\n');
  const out = path.join(scratch, 'graded');
  const policy = ['--due', '2024-03-01T23:59', '--time-zone', 'America/New_York', '--late-penalty', '10%/day', '--late-cap', '50%', '--grace', '15m'];
  const grade = ['grade', '--assignment', ASSIGNMENT, '--submissions', submissions, '--out', out, '--no-shrink', '--jobs', '2', '--submitted-time', 'file'];
  const graded = await runCli(...grade, ...policy, '--extensions', extensions);
  expect(graded.code).toBe(0);
  expect(graded.stderr).toContain('vmlab: warning: extensions for students with no submission in the class, not applied: nobody');
  const raw = Object.fromEntries(Object.keys(submitted).map((student) => [student, readGradedResults(path.join(out, student))!.score]));
  expect(raw.chen).toBeGreaterThan(0);
  const hundredths = (points: number) => Math.round(points * 100) / 100;

  const check = (step: string, chen: { score: number; late: string; lateHours: string }, dana: string) => {
    const rows = parse(readFileSync(path.join(out, 'grades.csv'), 'utf8'), { columns: true }) as Array<Record<string, string>>;
    const row = (student: string) => rows.find((candidate) => candidate.student === student)!;
    expect([step, row('chen').late, row('chen').late_hours, hundredths(Number(row('chen').score)), hundredths(Number(row('chen').raw_score))]).toEqual([step, chen.late, chen.lateHours, hundredths(chen.score), hundredths(raw.chen)]);
    expect([step, row('ada').late, hundredths(Number(row('ada').score))]).toEqual([step, 'on time', hundredths(raw.ada)]);
    expect([step, row('dana').late, hundredths(Number(row('dana').score))]).toEqual([step, dana, hundredths(raw.dana)]);
    expect(row('chen').submitted_at).toBe(new Date(submitted.chen).toISOString());

    const report = readFileSync(path.join(out, 'chen', 'report.html'), 'utf8');
    expect([step, report.includes('CHEN-EXTENSION-REASON'), report.includes('Late work'), report.includes(`Your submission was ${chen.late}.`)]).toEqual([step, true, true, true]);
    const json = JSON.parse(readFileSync(path.join(out, 'chen', 'results.json'), 'utf8'));
    expect([step, hundredths(json.score), json.extra_data.vmlab.score]).toEqual([step, hundredths(chen.score), raw.chen]);
    expect(readFileSync(path.join(out, 'summary.html'), 'utf8')).toContain('Late work');
  };
  // Due with the extension 2024-03-02 23:59 New York; submitted 2 hours after: one started day, 10% of the score.
  const late = { score: raw.chen * 0.9, late: 'late by 2 hours', lateHours: '2' };
  const inGrace = 'on time (within the grace period, 10 minutes after the due date)';
  check('graded', late, inGrace);
  expect(readFileSync(path.join(out, 'chen', 'report.html'), 'utf8')).toContain('1 started day late cost');

  const redrawn = await runCli('report', '--class', out, '--after-due-date');
  expect(redrawn.code).toBe(0);
  check('redrawn without the flags', late, inGrace);

  const moved = await runCli('report', '--class', out, '--due', '2024-03-02T23:59-05:00');
  expect(moved.code).toBe(0);
  const onTime = { score: raw.chen, late: 'on time', lateHours: '0' };
  check('due date moved a day', onTime, 'on time');

  expect((await runCli(...grade, '--force')).code).toBe(0);
  check('regraded', onTime, 'on time');

  // A local due date is read in the kept time zone; a penalty that is not one is refused before anything is written.
  const before = readFileSync(path.join(out, 'grades.csv'), 'utf8');
  const bad = await runCli('report', '--class', out, '--due', '2024-03-01T23:59', '--late-penalty', '10%');
  expect(bad.code).not.toBe(0);
  expect(bad.stderr).toContain('the late policy given: penalty: "10%" is not a penalty');
  expect(readFileSync(path.join(out, 'grades.csv'), 'utf8')).toBe(before);
});

test("one submission graded as run_autograder does, timed and extended by Gradescope's submission metadata; its report redrawn alone", async () => {
  const metadata = path.join(scratch, 'submission_metadata.json');
  writeFileSync(
    metadata,
    JSON.stringify({
      created_at: '2024-03-03T05:59:00.000000-05:00',
      assignment: { due_date: '2024-03-01T23:59:00.000000-05:00', late_due_date: null },
      users: [{ name: 'Chen', sid: 'chen', email: 'chen@example.edu', assignment: { due_date: '2024-03-02T23:59:00.000000-05:00', late_due_date: null } }],
    }),
  );
  const out = path.join(scratch, 'one');
  const submission = path.join(ROOT, 'examples', 'class', 'walk', 'chen');
  const graded = await runCli('grade', '--assignment', ASSIGNMENT, '--submission', submission, '--out', out, '--no-shrink', '--student', 'chen', '--due', '2024-03-01T23:59-05:00', '--late-penalty', '10%/day', '--submission-metadata', metadata);
  expect(graded.code).toBe(0);
  const raw = readGradedResults(out)!.score;
  const check = (step: string) => {
    const json = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
    // Due 2024-03-02 23:59 with Gradescope's extension; submitted 6 hours later: one started day.
    expect([step, Math.round(json.score * 100), json.extra_data.vmlab.submittedAt]).toEqual([step, Math.round(raw * 90), '2024-03-03T10:59:00.000Z']);
    const report = readFileSync(path.join(out, 'report.html'), 'utf8');
    expect([step, report.includes('extension granted on Gradescope'), report.includes('Your submission was late by 6 hours.')]).toEqual([step, true, true]);
  };
  check('graded');
  expect((await runCli('report', '--results', path.join(out, 'results.json'))).code).toBe(0);
  check('redrawn');
});

test("on Gradescope the due date is Gradescope's, and a metadata file that is not one does not stop the grading", async () => {
  const metadata = path.join(scratch, 'submission_metadata.json');
  // Due (on Gradescope) 2024-03-02 23:59 -05:00, submitted 6 hours later: one started day, with no --due given.
  writeFileSync(metadata, JSON.stringify({ created_at: '2024-03-03T05:59:00-05:00', assignment: { due_date: '2024-03-02T23:59:00-05:00' }, users: [{ sid: 'chen' }] }));
  const submission = path.join(ROOT, 'examples', 'class', 'walk', 'chen');
  const out = path.join(scratch, 'gradescope-due');
  expect((await runCli('grade', '--assignment', ASSIGNMENT, '--submission', submission, '--out', out, '--no-shrink', '--student', 'chen', '--late-penalty', '10%/day', '--submission-metadata', metadata)).code).toBe(0);
  const raw = readGradedResults(out)!.score;
  expect(Math.round(JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')).score * 100)).toBe(Math.round(raw * 90));

  writeFileSync(metadata, '{"created_at": "yesterday"}');
  const broken = path.join(scratch, 'gradescope-broken');
  const run = await runCli('grade', '--assignment', ASSIGNMENT, '--submission', submission, '--out', broken, '--no-shrink', '--student', 'chen', '--late-penalty', '10%/day', '--due', '2024-03-01T23:59-05:00', '--submission-metadata', metadata);
  expect(run.code).toBe(0);
  expect(run.stderr).toContain('created_at: "yesterday" is not a time with its zone; graded without its submission time and due date');
  const json = JSON.parse(readFileSync(path.join(broken, 'results.json'), 'utf8'));
  expect([json.score, json.extra_data.vmlab.submittedAt]).toEqual([Math.round(raw * 10_000) / 10_000, undefined]);
  expect(readFileSync(path.join(broken, 'report.html'), 'utf8')).toContain('not known');
});
