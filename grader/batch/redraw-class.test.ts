import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { parse } from 'csv-parse/sync';
import { syntheticResults } from './test-support/synthetic-results';
import { SubmissionResults } from '../results/submission-results';
import { redrawClass } from './redraw-class';

let out: string;
let ta: string;

/** walk.public.a (visible, 1 of 2 points), walk.hidden.b (hidden, category rights, 0 of 2). */
const resultsOf = (student: string): SubmissionResults => {
  const results = syntheticResults(student, [
    { id: 'walk.public.a', part: 'translation', points: 2, passedCases: 1, totalCases: 2 },
    { id: 'walk.hidden.b', part: 'permissions', points: 2, passedCases: 0, totalCases: 2, category: 'rights' },
  ]);
  return { ...results, tests: results.tests.map((test, index) => (index === 0 ? { ...test, visibility: 'visible' as const } : test)) };
};

const writeResults = (student: string, results: unknown) => {
  mkdirSync(path.join(out, student), { recursive: true });
  writeFileSync(path.join(out, student, 'results.json'), JSON.stringify(results));
};
const report = (student: string) => readFileSync(path.join(out, student, 'report.html'), 'utf8');
const grades = () => parse(readFileSync(path.join(out, 'grades.csv'), 'utf8'), { columns: true }) as Array<Record<string, string>>;

beforeEach(() => {
  out = mkdtempSync(path.join(tmpdir(), 'vmlab-redraw-'));
  ta = mkdtempSync(path.join(tmpdir(), 'vmlab-ta-'));
  for (const student of ['chen', 'lee']) writeResults(student, { score: 1, tests: [], extra_data: { vmlab: resultsOf(student) } });
  writeResults('broken', { score: 3, tests: [] });
});
afterEach(() => {
  rmSync(out, { recursive: true, force: true });
  rmSync(ta, { recursive: true, force: true });
});

test('comments and adjustments are drawn, kept, and survive a later redraw after the due date; a broken student is reported, the others redrawn', async () => {
  mkdirSync(path.join(ta, 'comments'));
  writeFileSync(path.join(ta, 'comments', 'chen.md'), 'CHEN-OVERALL\n\n## Hidden test 1 (rights)\nCHEN-ON-HIDDEN\n');
  writeFileSync(path.join(ta, 'adj.csv'), 'student,target,points,reason,who\nchen,walk.hidden.b,+2,REGRADE-REASON,ada\nlee,total,=0,copied,bob\n');
  const first = await redrawClass({ classDir: out, afterDueDate: false, commentsDir: path.join(ta, 'comments'), adjustmentsFile: path.join(ta, 'adj.csv') });
  expect(first.redrawn).toBe(2);
  expect(first.problems.map((problem) => problem.student)).toEqual(['broken']);
  expect(first.problems[0].message).toContain(`${path.join(out, 'broken', 'results.json')}: not a results.json written by vmlab grade`);

  rmSync(ta, { recursive: true, force: true }); // The TA's files are gone: what was kept must do.
  const second = await redrawClass({ classDir: out, afterDueDate: true });
  expect(second.redrawn).toBe(2);
  const chen = report('chen');
  expect(chen).toMatch(/CHEN-OVERALL[\s\S]*Hidden test 1 \(rights\)[\s\S]*CHEN-ON-HIDDEN/);
  expect(chen).toMatch(/adjusted your score from the grading(&#x27;|')s 1 to 3 of 10 points/);
  expect(chen).toContain('REGRADE-REASON');
  expect(chen).not.toContain('walk.hidden.b'); // The hidden test is named as the student sees it.
  const chenJson = JSON.parse(readFileSync(path.join(out, 'chen', 'results.json'), 'utf8'));
  expect(chenJson.score).toBe(3);
  expect(chenJson.extra_data.vmlab.score).toBe(1);
  expect(grades().map((row) => [row.student, row.score, row.raw_score, row.translation, row.permissions])).toEqual([
    ['broken', '', '', '', ''],
    ['chen', '3', '1', '1', '2'],
    ['lee', '0', '1', '1', '0'],
  ]);
  const summary = readFileSync(path.join(out, 'summary.html'), 'utf8');
  expect(summary).toMatch(/Adjustments[\s\S]*chen[\s\S]*walk\.hidden\.b[\s\S]*REGRADE-REASON[\s\S]*ada/);
});

test('an adjustment or comments file that does not fit the class is refused with file and line before anything is written', async () => {
  const before = statSync(path.join(out, 'chen', 'results.json')).mtimeMs;
  const adj = path.join(ta, 'adj.csv');
  writeFileSync(adj, 'student,target,points,reason,who\nchen,walk.public.a,+1,ok,ada\nchen,walk.nope,+1,typo,ada\n');
  await expect(redrawClass({ classDir: out, afterDueDate: false, adjustmentsFile: adj })).rejects.toThrow(`${adj}:3: no test or part "walk.nope" in chen's results`);
  writeFileSync(adj, 'student,target,points,reason,who\nzed,total,+1,who is this,ada\n');
  await expect(redrawClass({ classDir: out, afterDueDate: false, adjustmentsFile: adj })).rejects.toThrow(`${adj}:2: no student "zed" in the class`);
  mkdirSync(path.join(ta, 'c'));
  writeFileSync(path.join(ta, 'c', 'lee.md'), 'fine\n\n## Overall thoughts\nfolded?\n');
  await expect(redrawClass({ classDir: out, afterDueDate: false, commentsDir: path.join(ta, 'c') })).rejects.toThrow(`${path.join(ta, 'c', 'lee.md')}:3: ## Overall thoughts: no such test in the results`);
  expect(statSync(path.join(out, 'chen', 'results.json')).mtimeMs).toBe(before);
  expect(() => statSync(path.join(out, 'grades.csv'))).toThrow();
});
