import Handlebars from 'handlebars';
import { readFileSync, mkdtempSync, rmSync, writeFileSync, existsSync, readdirSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { runCli } from '../../cli/test-support/run-cli';
import { vmlabRoot } from '../../io/vmlab-root';
import { readGradedResults } from '../results/read-graded-results';
import { GRID_BY_SCORE_PAGE, GRID_BY_STUDENT_PAGE, MISTAKES_PAGE, STAFF_FOLDER, STAFF_STUDENTS_FOLDER } from './staff-page-paths';

/**
 * The staff views as staff use them, end to end: the bundled example class of
 * the walk assignment graded (a correct walker, six with one mistake each, one
 * that does not compile, an unfinished one), then read in OUT/staff/: the
 * grid, the students by mistake, each student's page with hidden tests in
 * full; then a student's results damaged and the class redrawn (a row saying
 * so), and `vmlab similarity` run (the summary then links its page).
 */
const ROOT = vmlabRoot();
const CLASS = path.join(ROOT, 'examples', 'class', 'walk');
const ASSIGNMENT = path.join(ROOT, 'assignments', 'walk');
const STUDENTS = readdirSync(CLASS, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();
const escaped = (text: string) => Handlebars.Utils.escapeExpression(text);

let scratch: string;
let out: string;
const staffPage = (page: string) => readFileSync(path.join(out, STAFF_FOLDER, page), 'utf8');

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'vmlab-class-views-'));
  out = path.join(scratch, 'graded');
  const graded = await runCli('grade', '--assignment', ASSIGNMENT, '--submissions', CLASS, '--out', out, '--no-shrink', '--jobs', '2');
  expect(graded.stderr).not.toMatch(/error/i);
  expect(graded.code).toBe(0);
}, 600_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

test('the grid: a row per student, a cell per test with its symbol, by id and by score; names link to reports', () => {
  const chen = readGradedResults(path.join(out, 'chen'))!;
  const rowOf = (html: string, student: string) => new RegExp(`<tr><th scope="row"><a href="\\.\\./${student}/report\\.html">${student}</a>.*?</tr>`).exec(html)?.[0] ?? '';
  const byId = staffPage(GRID_BY_STUDENT_PAGE);
  const byScore = staffPage(GRID_BY_SCORE_PAGE);
  for (const student of STUDENTS) expect((rowOf(byId, student).match(/<td class="cell /g) ?? []).length).toBe(chen.tests.length);
  const order = (html: string) => [...html.matchAll(/<tr><th scope="row"><a href="\.\.\/([^/]+)\/report\.html">/g)].map((match) => match[1]);
  expect(order(byId)).toEqual(STUDENTS);
  const scores = new Map(STUDENTS.map((student) => [student, readGradedResults(path.join(out, student))!.score]));
  expect(order(byScore).map((student) => scores.get(student))).toEqual([...scores.values()].sort((a, b) => b - a));
  // The student who does not compile has every test not run; chen fails some, hidden ones among them, each titled with its diagnosis.
  expect(rowOf(byId, 'ivan')).not.toMatch(/class="cell (pass|partial|fail)"/);
  const chenHiddenFailure = chen.tests.findIndex((test) => test.visibility === 'hidden' && test.failure?.kind === 'difference');
  expect(chenHiddenFailure).toBeGreaterThanOrEqual(0);
  expect(rowOf(byId, 'chen')).toContain(`title="T${chenHiddenFailure + 1} ${escaped(chen.tests[chenHiddenFailure].id)}: `);
  expect(rowOf(byId, 'chen')).toMatch(/class="cell fail" title="[^"]*misconception: [^"]+">✗/);
});

test("the students by mistake: shared mistakes grouped, largest first, each with an example in full (its case and drawing)", () => {
  const html = staffPage(MISTAKES_PAGE);
  const counts = [...html.matchAll(/<strong>(\d+) students, \d+ failed tests?<\/strong>/g)].map((match) => Number(match[1]));
  expect(counts.length).toBeGreaterThan(0);
  const sections = html.split('<h2 id="by-difference">');
  for (const section of sections) {
    const inSection = [...section.matchAll(/<strong>(\d+) students/g)].map((match) => Number(match[1]));
    expect(inSection).toEqual([...inSection].sort((a, b) => b - a));
  }
  expect((html.match(/An example in full/g) ?? []).length).toBe(counts.length);
  expect(html.match(/The first difference, drawn/g)?.length).toBeGreaterThan(0);
  expect(html).toMatch(/<h3 id="[^"]+-example">[^<]*\)<\/h3>[\s\S]*?First failing case[\s\S]*?The first difference, drawn/);
});

test("a student's staff page: every test, the hidden ones' cases and pictures in full, outside the student's folder; the student's report withholds them", () => {
  const chen = readGradedResults(path.join(out, 'chen'))!;
  const page = staffPage(`${STAFF_STUDENTS_FOLDER}/chen.html`);
  const report = readFileSync(path.join(out, 'chen', 'report.html'), 'utf8');
  const hidden = chen.tests.filter((test) => test.visibility === 'hidden' && test.failure?.kind === 'difference');
  expect(hidden.length).toBeGreaterThan(0);
  for (const test of hidden) {
    const failure = test.failure!;
    if (failure.kind !== 'difference') continue;
    expect(failure.picture).toBeDefined();
    expect(page).toContain(escaped(failure.caseSummary));
    expect(report).not.toContain(escaped(failure.caseSummary));
    expect(page).toContain(escaped(test.id));
  }
  expect((page.match(/<tr><td class="number">T\d+<\/td>/g) ?? []).length).toBe(chen.tests.length);
  expect(page).toContain('href="../../chen/report.html"');
  expect(staffPage(`${STAFF_STUDENTS_FOLDER}/ivan.html`)).toMatch(/starter\/src\/walker\.ts:75/);
  expect(readdirSync(path.join(out, 'chen'))).not.toContain(STAFF_FOLDER);
});

test('the summary links the staff views and each student\'s page; a damaged student is a row of its own after a redraw; vmlab similarity makes the summary link its page', async () => {
  const summary = () => readFileSync(path.join(out, 'summary.html'), 'utf8');
  for (const page of [GRID_BY_STUDENT_PAGE, GRID_BY_SCORE_PAGE, MISTAKES_PAGE]) expect(summary()).toContain(`href="${STAFF_FOLDER}/${page}"`);
  for (const student of STUDENTS) expect(summary()).toContain(`href="${STAFF_FOLDER}/${STAFF_STUDENTS_FOLDER}/${student}.html"`);
  expect(summary()).toContain('Similar submissions: not checked yet');

  writeFileSync(path.join(out, 'hana', 'results.json'), '{ damaged');
  const redrawn = await runCli('report', '--class', out);
  expect(redrawn.code).toBe(1);
  expect(staffPage(GRID_BY_STUDENT_PAGE)).toMatch(/<tr><th scope="row">hana<\/th><td class="number">–<\/td><td class="cell not-run" colspan="\d+">not graded/);
  expect(existsSync(path.join(out, STAFF_FOLDER, STAFF_STUDENTS_FOLDER, 'hana.html'))).toBe(false);
  // The staff folder is not a student: the redraw does not name it.
  expect(redrawn.stderr).not.toMatch(/\bstaff\b/);

  const similarity = await runCli('similarity', '--assignment', ASSIGNMENT, '--submissions', CLASS, '--class', out);
  expect(similarity.code).toBe(0);
  expect(similarity.stdout).toContain('linked it from');
  expect(summary()).toContain('<a href="similarity.html">Similar submissions</a>');
  expect(summary()).not.toContain('not checked yet');
  // And a later redraw keeps the link: the page is there.
  await runCli('report', '--class', out);
  expect(summary()).toContain('<a href="similarity.html">Similar submissions</a>');
}, 600_000);
