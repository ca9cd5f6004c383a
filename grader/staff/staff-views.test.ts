import Handlebars from 'handlebars';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { sketchWalker } from '../../assignments/walk/test-support/sketch-walker';
import { vmlabTemplate } from '../../io/templates';
import { renderClassSummary } from '../batch/render-class-summary';
import { StaffStudent } from './staff-student';
import { diagnosedDifference, fourStudents, syntheticResults, SyntheticTest } from '../batch/test-support/synthetic-results';
import { failurePicture } from '../report/pictures/failure-picture';
import { failedCases } from '../report/test-support/failed-cases';
import { SubmissionResults, TestFailure } from '../results/submission-results';
import { mistakeGroups } from './mistake-groups';
import { linkSimilarityInSummary, SIMILARITY_MARKERS } from './similarity-link';
import { gridPageView } from './staff-class-views';
import { GRID_BY_SCORE_PAGE, GRID_BY_STUDENT_PAGE, MISTAKES_PAGE, STAFF_FOLDER, STAFF_STUDENTS_FOLDER } from './staff-page-paths';
import { studentTestGrid } from './student-test-grid';
import { writeStaffPages } from './write-staff-pages';

const graded = (results: SubmissionResults): StaffStudent => ({ results, outFolder: results.student });
const ASSIGNMENT = { id: 'walk', title: 'Walk' };

/** A real failing walk case with its picture, as a hidden test's failure (the grader keeps hidden tests' pictures for the staff). */
const [LEAF_RIGHTS] = failedCases('walk', { walker: sketchWalker(['rightsFromLeafOnly']) }, (suite) => suite === 'public');
const PICTURED: TestFailure = { ...diagnosedDifference('leaf-only'), caseSummary: 'user read of 0x7f1234567abc', difference: LEAF_RIGHTS.failed.difference, picture: failurePicture(LEAF_RIGHTS.failed) };

describe('the student × test grid', () => {
  const students = fourStudents().map(graded);
  const statusRow = (grid: ReturnType<typeof studentTestGrid>, student: string) => {
    const row = grid.rows.find((candidate) => candidate.student === student)!;
    return row.kind === 'graded' ? row.cells.map((cell) => `${cell.status}${cell.symbol}`) : 'ungraded';
  };

  test.each([
    ['alice', ['pass✓', 'pass✓', 'pass✓']],
    ['bob', ['pass✓', 'partial◐', 'not-run∅']],
    ['carol', ['partial◐', 'fail✗', 'pass✓']],
    ['dave', ['not-run∅', 'not-run∅', 'not-run∅']],
    ['erin', 'ungraded'],
  ])('%s: each cell a status with its symbol', (student, expected) => {
    expect(statusRow(studentTestGrid(students, ['erin'], 'student'), student)).toEqual(expected);
  });

  test('rows by student id or by score (best first), the ungraded last in both; columns in suite order under their parts', () => {
    const byId = studentTestGrid([...students].reverse(), ['erin', 'aaron'], 'student');
    expect(byId.rows.map((row) => row.student)).toEqual(['alice', 'bob', 'carol', 'dave', 'aaron', 'erin']);
    expect(studentTestGrid(students, ['aaron'], 'score').rows.map((row) => row.student)).toEqual(['alice', 'carol', 'bob', 'dave', 'aaron']);
    expect(byId.columns.map((column) => `${column.number}:${column.id}`)).toEqual(['1:t1', '2:t2', '3:t3']);
    expect(byId.parts).toEqual([
      { id: 'translation', title: 'Translations', columns: 2 },
      { id: 'permissions', title: 'Access rights', columns: 1 },
    ]);
  });

  test("a cell's title gives the test, the score and the diagnosis or why it did not run; a test missing from a student's results is absent", () => {
    const ada = syntheticResults('ada', [{ id: 'a', passedCases: 0, totalCases: 2, failure: diagnosedDifference('us-leaf') }, { id: 'b', passedCases: 1, totalCases: 1 }]);
    const ben = syntheticResults('ben', [{ id: 'a', passedCases: 0, totalCases: 2, failure: { kind: 'sandbox', status: 'timeout', reason: 'over 5 s' } }]);
    const grid = studentTestGrid([graded(ada), graded(ben)], [], 'student');
    const cells = (student: string) => (grid.rows.find((row) => row.student === student) as Extract<(typeof grid.rows)[number], { kind: 'graded' }>).cells;
    expect(cells('ada').map((cell) => cell.title)).toEqual(['T1 a: 0 of 2 points, failed; misconception: MISCONCEPTION us-leaf', 'T2 b: 2 of 2 points, passed']);
    expect(cells('ben').map((cell) => cell.title)).toEqual(['T1 a: 0 of 2 points, not run (compile or sandbox); sandbox: timeout', 'T2 b: not in this student’s results']);
    expect(cells('ben')[1].status).toBe('absent');
  });

  test('a class of 300 students and 80 tests: each grid page stays a few MB at most (measured, not guessed)', () => {
    const tests = (student: number): SyntheticTest[] =>
      Array.from({ length: 80 }, (_, index) => {
        const failing = (student + index) % 3 === 0;
        return { id: `walk.hidden.generated-case-${index}`, part: index < 40 ? 'translation' : 'permissions', passedCases: failing ? (index % 2) : 4, totalCases: 4, ...(failing ? { failure: diagnosedDifference(`misconception-${index % 7}`) } : {}) };
      });
    const class300 = Array.from({ length: 300 }, (_, index) => graded(syntheticResults(`student-${String(index).padStart(3, '0')}@example.edu`, tests(index))));
    const html = vmlabTemplate('staff-grid')(gridPageView(ASSIGNMENT, class300, [], 'score'));
    const bytes = Buffer.byteLength(html);
    expect(html.match(/<td class="cell /g)).toHaveLength(300 * 80);
    // 2.8 MB at this writing (about 115 bytes a cell, most of it the title): the grid is a staff page of its own, not part of the summary.
    expect(bytes).toBeLessThan(4_000_000);
  });
});

describe('students grouped by the same mistake', () => {
  const fail = (id: string, failure: TestFailure): SyntheticTest => ({ id, passedCases: 0, totalCases: 2, failure });
  const other = { ...diagnosedDifference('dirty-bit'), difference: { where: 'step 4: the PTE (level 1)', field: 'dirty bit', expected: '1', got: '0', message: 'Set D.' } };
  const otherPlace = { ...other, difference: { ...other.difference, where: 'step 2: the PDE (level 2)' } };
  const undiagnosed: TestFailure = { ...other, diagnosis: undefined };
  const students = [
    syntheticResults('cy', [fail('t1', diagnosedDifference('us-leaf')), fail('t2', other)]),
    syntheticResults('ab', [fail('t1', diagnosedDifference('us-leaf')), fail('t2', PICTURED)]),
    syntheticResults('bo', [fail('t1', diagnosedDifference('us-leaf')), fail('t2', otherPlace), fail('t3', undiagnosed)]),
    syntheticResults('dee', [fail('t1', { kind: 'not-run', reason: 'Not run: walker does not compile.' })]),
  ].map(graded);
  const groups = mistakeGroups(students);

  test('by first difference: the component, field and kind of place, numbers blanked; largest groups first, students by id', () => {
    // The real leaf-rights case differs at the outcome's fault too, so it joins the hand-built ones there.
    expect(`${LEAF_RIGHTS.failed.difference.field} at ${LEAF_RIGHTS.failed.difference.where}`).toBe('fault at outcome');
    expect(groups.byDifference.map((group) => [group.label, group.students.map((entry) => entry.student), group.failures])).toEqual([
      ['walker: fault at outcome', ['ab', 'bo', 'cy'], 4],
      ['walker: dirty bit at step #: the PTE (level #)', ['bo', 'cy'], 2],
      ['walker: dirty bit at step #: the PDE (level #)', ['bo'], 1],
    ]);
  });

  test('by misconception, else by rule alone; a failure not judged (compile, sandbox) is in no group', () => {
    expect(groups.byMisconception.map((group) => [group.key, group.students.map((entry) => entry.student), group.tests])).toEqual([
      ['misconception us-leaf', ['ab', 'bo', 'cy'], ['t1']],
      ['misconception dirty-bit', ['bo', 'cy'], ['t2']],
      ['misconception leaf-only', ['ab'], ['t2']],
    ]);
    expect(groups.byDifference.flatMap((group) => group.students.map((entry) => entry.student))).not.toContain('dee');
    const rulesOnly = mistakeGroups([graded(syntheticResults('x', [fail('t1', { ...other, diagnosis: { ...other.diagnosis!, misconception: undefined } })]))]);
    expect(rulesOnly.byMisconception.map((group) => group.label)).toEqual(['No misconception recognised; the rule: RULE TITLE dirty-bit']);
  });

  test('the example is the first student by id with a drawn failure, else the first', () => {
    const withPicture = mistakeGroups([graded(syntheticResults('aa', [fail('t2', { ...PICTURED, picture: undefined })])), graded(syntheticResults('zz', [fail('t2', PICTURED)]))]);
    expect(withPicture.byMisconception[0].example.student).toBe('zz');
    expect(groups.byMisconception[0].example.student).toBe('ab');
  });
});

/** Markup a student controls (their id, what their code returned, printed, or failed to compile with), meant to break out of every context. */
const HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "'><svg onload=alert(1)>", `${SIMILARITY_MARKERS.end}</title>`];
const HOSTILE_TEXT = HOSTILE.join(' ');

function expectInert(html: string): void {
  for (const attack of HOSTILE) expect(html).not.toContain(attack);
  expect(html).not.toMatch(/<script|<img|<svg|onerror=|onload=/i);
  expect(html.match(/<\/title>/g)).toHaveLength(1);
}

describe('the staff pages on disk', () => {
  let scratch: string;
  beforeEach(() => {
    scratch = mkdtempSync(path.join(tmpdir(), 'vmlab-staff-'));
  });
  afterEach(() => rmSync(scratch, { recursive: true, force: true }));

  test('hostile ids, difference texts, compile messages and output are text on every page; ids are relative links only', async () => {
    const hostileFailure: TestFailure = { ...PICTURED, caseSummary: HOSTILE_TEXT, difference: { ...PICTURED.difference, got: HOSTILE_TEXT, message: HOSTILE_TEXT } };
    const student = `evil${HOSTILE[1]}`;
    const results: SubmissionResults = {
      ...syntheticResults(student, [
        { id: `t1${HOSTILE[0]}`, title: HOSTILE_TEXT, passedCases: 0, totalCases: 2, failure: hostileFailure },
        { id: 't2', passedCases: 0, totalCases: 2, failure: { kind: 'sandbox', status: 'exited', reason: HOSTILE_TEXT } },
      ]),
      compile: [{ component: 'walker', reason: 'does-not-compile', problems: [{ file: HOSTILE_TEXT, line: 1, column: 2, message: HOSTILE_TEXT, sourceLine: HOSTILE_TEXT }] }],
      output: { hidden: { stdout: HOSTILE_TEXT, stderr: HOSTILE_TEXT, truncated: false, seconds: 1 } },
    };
    // The folder name is the student's own (a Gradescope id or an email): here a plain one, the id in the page hostile.
    const students = [{ results, outFolder: 'evil' }, { results: syntheticResults('ok', [{ id: `t1${HOSTILE[0]}`, passedCases: 0, totalCases: 2, failure: hostileFailure }]), outFolder: 'ok' }];
    await writeStaffPages({ out: scratch, assignment: { id: HOSTILE_TEXT, title: HOSTILE_TEXT }, students, ungraded: [HOSTILE_TEXT] });
    const staff = path.join(scratch, STAFF_FOLDER);
    const pages = [GRID_BY_STUDENT_PAGE, GRID_BY_SCORE_PAGE, MISTAKES_PAGE, `${STAFF_STUDENTS_FOLDER}/evil.html`].map((page) => readFileSync(path.join(staff, page), 'utf8'));
    for (const html of pages) {
      expectInert(html);
      for (const href of html.match(/href="[^"]*"/g) ?? []) expect(href).toMatch(/^href="(#|\.\.\/|students\/|grid-|mistakes)[^":]*"$/);
    }
    const [grid, , mistakes, evil] = pages;
    expect(grid).toContain(Handlebars.Utils.escapeExpression(student));
    expect(grid).toContain('not graded: the grading failed');
    // The staff page shows what the student page withholds for a hidden test: the case, the difference, the reason, the output.
    expect(evil).toContain(Handlebars.Utils.escapeExpression(HOSTILE_TEXT));
    expect(evil).toContain('The first difference, drawn');
    expect(evil).toContain('During the hidden tests');
    expect(mistakes).toContain('An example in full');
  });

  test('a page of a student no longer graded is removed; the pages of the class are rewritten whole', async () => {
    const students = fourStudents().map(graded);
    await writeStaffPages({ out: scratch, assignment: ASSIGNMENT, students, ungraded: [] });
    const studentsDir = path.join(scratch, STAFF_FOLDER, STAFF_STUDENTS_FOLDER);
    expect(readdirSync(studentsDir).sort()).toEqual(['alice.html', 'bob.html', 'carol.html', 'dave.html']);
    await writeStaffPages({ out: scratch, assignment: ASSIGNMENT, students: students.slice(0, 2), ungraded: ['carol'] });
    expect(readdirSync(studentsDir).sort()).toEqual(['alice.html', 'bob.html']);
    expect(readFileSync(path.join(scratch, STAFF_FOLDER, GRID_BY_STUDENT_PAGE), 'utf8')).toMatch(/<th scope="row">carol<\/th>.*not graded/);
    expect(readdirSync(path.join(scratch, STAFF_FOLDER)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  test("the summary points to similarity.html: a sentence while there is none, a link once vmlab similarity has written it", async () => {
    // A student id holding the end marker cannot cut the summary short: handlebars escapes it.
    const students = [graded(syntheticResults(SIMILARITY_MARKERS.end, [{ id: 't1', passedCases: 1, totalCases: 1 }]))];
    const summaryFile = path.join(scratch, 'summary.html');
    writeFileSync(summaryFile, renderClassSummary(ASSIGNMENT, students, [], undefined, { similarity: false }));
    const before = readFileSync(summaryFile, 'utf8');
    expect(before).toContain('Similar submissions: not checked yet');
    expect(before).not.toContain('href="similarity.html"');
    expect(before).toContain(`href="${STAFF_FOLDER}/${STAFF_STUDENTS_FOLDER}/${encodeURIComponent(SIMILARITY_MARKERS.end)}.html"`);
    writeFileSync(path.join(scratch, 'similarity.html'), 'page');
    expect(await linkSimilarityInSummary(scratch)).toBe(true);
    const after = readFileSync(summaryFile, 'utf8');
    expect(after).toContain('<a href="similarity.html">Similar submissions</a>');
    expect(after).not.toContain('not checked yet');
    // Only the pointer changed.
    expect(after.replace(/<!-- vmlab:similarity -->[\s\S]*?<!-- \/vmlab:similarity -->/, '')).toBe(before.replace(/<!-- vmlab:similarity -->[\s\S]*?<!-- \/vmlab:similarity -->/, ''));
    expect(renderClassSummary(ASSIGNMENT, students, [], undefined, { similarity: true })).toContain('<a href="similarity.html">Similar submissions</a>');
  });

  test('no summary, or one without the markers: the pointer is left alone, and said so', async () => {
    expect(await linkSimilarityInSummary(scratch)).toBe(false);
    mkdirSync(path.join(scratch, 'x'));
    writeFileSync(path.join(scratch, 'summary.html'), '<p>old</p>');
    expect(await linkSimilarityInSummary(scratch)).toBe(false);
    expect(readFileSync(path.join(scratch, 'summary.html'), 'utf8')).toBe('<p>old</p>');
    expect(existsSync(path.join(scratch, 'similarity.html'))).toBe(false);
  });
});
