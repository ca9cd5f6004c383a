import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { loadAssignment } from '../../assignments/framework/load-assignment';
import { vmlabRoot } from '../../io/vmlab-root';
import { assignmentTests } from './assignment-tests';
import { buildPlace } from './grade-submission';
import { gradeToFolder, submissionCompiler } from './grade-to-folder';
import { sketchWalkerSource, writeWalkerSubmission } from './test-support/walker-submissions';
import { readGradedResults } from '../results/read-graded-results';
import { STEP_PAGES_FOLDER } from '../results/step-page-path';
import { SubmissionResults, TestResult } from '../results/submission-results';
import { renderStudentReport } from '../report/render-student-report';
import { writeStepPages } from './step-pages';

/**
 * The grader's step-through pages: graded with a walker that takes the
 * rights from the leaf only, every failing visible test links a page beside
 * report.html; hidden tests get none; and a re-run that fails leaves the
 * grade and the report as they were, each link replaced by why.
 */

const WALK = path.join(vmlabRoot(), 'assignments', 'walk');
let scratch: string;
let out: string;
let results: SubmissionResults;
let submission: string;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'vmlab-step-pages-'));
  submission = writeWalkerSubmission(path.join(scratch, 'chen'), sketchWalkerSource(vmlabRoot(), ['rightsFromLeafOnly']));
  out = path.join(scratch, 'out');
  await gradeToFolder({ assignmentDir: WALK, submission, out, afterDueDate: false });
  results = readGradedResults(out)!;
}, 180_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const differing = (visibility: string) => results.tests.filter((test) => test.visibility === visibility && test.failure?.kind === 'difference');
const linkOf = (test: TestResult) => (test.failure?.kind === 'difference' ? test.failure.stepThrough : undefined);

test('each failing visible test links the page of its first failing case, written beside report.html', () => {
  const visible = differing('visible');
  expect(visible.length).toBeGreaterThan(0);
  const report = readFileSync(path.join(out, 'report.html'), 'utf8');
  for (const test of visible) {
    const link = linkOf(test);
    expect(link).toEqual({ page: expect.stringMatching(new RegExp(`^${STEP_PAGES_FOLDER}/.+\\.html$`)) });
    const page = readFileSync(path.join(out, (link as { page: string }).page), 'utf8');
    expect(page).toContain(`test ${test.id}`);
    expect(page).toContain('First difference');
    expect(report).toContain(`<a href="${(link as { page: string }).page}">Step through this case`);
  }
  expect(readdirSync(path.join(out, STEP_PAGES_FOLDER)).sort()).toEqual(visible.map((test) => path.basename((linkOf(test) as { page: string }).page)).sort());
});

test('a hidden test never gets a page, nor a link', () => {
  const hidden = differing('hidden');
  expect(hidden.length).toBeGreaterThan(0);
  expect(hidden.map(linkOf)).toEqual(hidden.map(() => undefined));
  const pages = readdirSync(path.join(out, STEP_PAGES_FOLDER)).join('\n');
  for (const test of hidden) expect(pages).not.toContain(test.id);
});

test('when the re-run fails, the grade and the report stay: each link is replaced by why, and no page is left', async () => {
  const assignment = loadAssignment(WALK);
  const compiler = submissionCompiler(assignment);
  const again = path.join(scratch, 'again');
  // A build whose code never finishes loading: every case of the re-run hangs and is stopped at the limit (short here).
  const workDir = path.join(scratch, 'hanging-work');
  const built = buildPlace(compiler, workDir);
  const place = { ...built, limits: { ...built.limits, testSeconds: 2 } };
  await compiler.compile(submission, place.root);
  writeFileSync(path.join(place.root, place.componentsModule), 'for (;;) {}\n');
  try {
    const linked = await writeStepPages({ place, tests: assignmentTests(assignment, undefined), results, out: again });
    expect(linked.score).toBe(results.score);
    expect(linked.tests.map((test) => [test.id, test.score, test.passedCases])).toEqual(results.tests.map((test) => [test.id, test.score, test.passedCases]));
    const visible = linked.tests.filter((test) => test.visibility === 'visible' && test.failure?.kind === 'difference');
    expect(visible.length).toBeGreaterThan(0);
    for (const test of visible) expect(linkOf(test)).toEqual({ missing: expect.stringMatching(/^No step-through page: your code did not finish when run again .*\(timeout/) });
    const report = renderStudentReport(linked, { afterDueDate: false });
    expect(report).toContain('No step-through page: your code did not finish when run again');
    expect(report).not.toContain(`href="${STEP_PAGES_FOLDER}/`);
    expect(existsSync(path.join(again, STEP_PAGES_FOLDER)) ? readdirSync(path.join(again, STEP_PAGES_FOLDER)) : []).toEqual([]);
  } finally {
    compiler.dispose();
  }
}, 120_000);
