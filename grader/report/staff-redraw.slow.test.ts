import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { parse } from 'csv-parse/sync';
import { runCli } from '../../cli/test-support/run-cli';
import { vmlabRoot } from '../../io/vmlab-root';
import { readGradedResults } from '../results/read-graded-results';
import { studentTestNames } from '../results/student-facing';

/**
 * Comments and adjustments as staff use them, end to end: the example walk
 * class graded, a TA's comments (one headed by a hidden test's name as the
 * report shows it) and an adjustments file given to `report --class`, then
 * the class redrawn after the due date and regraded with --force: the
 * comments, the adjusted scores and the raw ones all survive each step.
 */
const ROOT = vmlabRoot();
const CLASS = path.join(ROOT, 'examples', 'class', 'walk');
const ASSIGNMENT = path.join(ROOT, 'assignments', 'walk');
let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'vmlab-staff-redraw-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test('grade, comment and adjust, redraw after the due date, regrade: everything the staff added survives', async () => {
  const out = path.join(scratch, 'graded');
  const grade = ['grade', '--assignment', ASSIGNMENT, '--submissions', CLASS, '--out', out, '--no-shrink', '--jobs', '2'];
  expect((await runCli(...grade)).code).toBe(0);
  const chen = readGradedResults(path.join(out, 'chen'))!;
  const hiddenIndex = chen.tests.findIndex((test) => test.visibility === 'hidden');
  const hidden = chen.tests[hiddenIndex];
  const hiddenName = studentTestNames(chen.tests, false)[hiddenIndex];

  const ta = path.join(scratch, 'ta');
  mkdirSync(ta);
  writeFileSync(path.join(ta, 'chen.md'), `CHEN-OVERALL-COMMENT\n\n## ${hiddenName}\nCHEN-HIDDEN-COMMENT\n`);
  const adjustments = path.join(scratch, 'adjustments.csv');
  writeFileSync(adjustments, `student,target,points,reason,who\nchen,total,+3,REGRADE-REQUEST-GRANTED,ada\n`);
  const commented = await runCli('report', '--class', out, '--comments', ta, '--adjustments', adjustments);
  expect(commented.code).toBe(0);
  const expected = Math.min(chen.score + 3, chen.maxScore);
  // Scores compared to the hundredth: grades.csv and the adjustments round further out than the grading does.
  const hundredths = (points: number) => Math.round(points * 100) / 100;

  const check = (step: string) => {
    const report = readFileSync(path.join(out, 'chen', 'report.html'), 'utf8');
    expect({ step, comments: /CHEN-OVERALL-COMMENT[\s\S]*CHEN-HIDDEN-COMMENT/.test(report), reason: report.includes('REGRADE-REQUEST-GRANTED') }).toEqual({ step, comments: true, reason: true });
    expect(report).not.toContain(hidden.id);
    const row = (parse(readFileSync(path.join(out, 'grades.csv'), 'utf8'), { columns: true }) as Array<Record<string, string>>).find((candidate) => candidate.student === 'chen')!;
    expect([step, hundredths(Number(row.score)), hundredths(Number(row.raw_score))]).toEqual([step, hundredths(expected), hundredths(chen.score)]);
    const json = JSON.parse(readFileSync(path.join(out, 'chen', 'results.json'), 'utf8'));
    expect([step, hundredths(json.score), json.extra_data.vmlab.score]).toEqual([step, hundredths(expected), chen.score]);
    expect(readFileSync(path.join(out, 'summary.html'), 'utf8')).toContain('REGRADE-REQUEST-GRANTED');
  };
  check('commented');

  rmSync(ta, { recursive: true, force: true });
  rmSync(adjustments);
  const redrawn = await runCli('report', '--class', out, '--after-due-date');
  expect(redrawn.code).toBe(0);
  check('redrawn after the due date');

  expect((await runCli(...grade, '--force')).code).toBe(0);
  check('regraded');

  writeFileSync(path.join(out, 'dana', 'results.json'), '{"score": 1}');
  const partial = await runCli('report', '--class', out);
  expect(partial.code).toBe(1);
  expect(partial.stderr).toContain(`${path.join(out, 'dana', 'results.json')}: not a results.json written by vmlab grade`);
  check('redrawn with one broken student');
});
