import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { loadAssignment } from '../../assignments/framework/load-assignment';
import { misconceptionsOf } from '../../assignments/framework/misconceptions';
import { partCount } from '../../observe/shrink/probe-parts';
import { ReferenceVerdicts } from '../../observe/shrink/reference-verdicts';
import { vmlabRoot } from '../../io/vmlab-root';
import { parseCaseText } from '../cases/case-file';
import { writeStudentResults } from '../report/write-student-results';
import { renderStudentReport } from '../report/render-student-report';
import { describeDifferenceForStudent } from '../results/feedback-text';
import { assignmentTests } from './assignment-tests';
import { gradeSubmission } from './grade-submission';
import { submissionCompiler } from './grade-to-folder';
import { ReferenceObservations } from './reference-observations';
import { sketchWalkerSource, writeWalkerSubmission } from './test-support/walker-submissions';

// Shrinking in the grader: a realistic walker bug graded in the sandbox, with and without shrinking.
const ROOT = vmlabRoot();
const assignment = loadAssignment(path.join(ROOT, 'assignments', 'walk'));
const reference = new ReferenceObservations();
const compiler = submissionCompiler(assignment);
let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'vmlab-shrink-test-'));
});
afterAll(() => {
  compiler.dispose();
  rmSync(scratch, { recursive: true, force: true });
});

test('failing visible tests get a shrunk case (report, Gradescope text, case file); hidden ones none; the score is the same', async () => {
  const dir = writeWalkerSubmission(path.join(scratch, 'submission'), sketchWalkerSource(ROOT, ['ignoresUser', 'dirtyOnEveryAccess', 'indexShiftOffByOne']));
  const tests = assignmentTests(assignment, undefined);
  const request = { compiler, submissionDir: dir, student: 'bug', tests, reference };
  const plain = await gradeSubmission({ ...request, workDir: path.join(scratch, 'work-plain') });
  const shrunk = await gradeSubmission({ ...request, workDir: path.join(scratch, 'work-shrunk'), shrink: { misconceptions: misconceptionsOf('walk'), rules: assignment.manifest.rules ?? [], verdicts: () => new ReferenceVerdicts() } });

  expect(shrunk.score).toBe(plain.score);
  expect(shrunk.tests.map((test) => test.score)).toEqual(plain.tests.map((test) => test.score));
  const withShrunk = shrunk.tests.filter((test) => test.failure?.kind === 'difference' && test.failure.shrunk !== undefined);
  expect(withShrunk.length).toBeGreaterThan(0);
  expect(withShrunk.every((test) => test.visibility === 'visible')).toBe(true);
  for (const test of withShrunk) {
    const failure = test.failure!.kind === 'difference' ? test.failure! : undefined;
    const { shrunk: one } = failure as { shrunk: NonNullable<Extract<typeof failure, { kind: 'difference' }>>['shrunk'] };
    expect(one!.shrunkParts).toBeLessThan(one!.originalParts);
    expect(partCount(one!.probe)).toBe(one!.shrunkParts);
    expect(describeDifferenceForStudent(test)).toContain(one!.summary);
  }

  const out = path.join(scratch, 'out');
  await writeStudentResults(out, shrunk, { afterDueDate: false });
  const first = withShrunk[0];
  const caseFile = path.join(out, 'cases', `${first.id}.json`);
  expect(existsSync(caseFile)).toBe(true);
  expect(parseCaseText(readFileSync(caseFile, 'utf8'), caseFile).test.id).toBe(first.id);
  expect(renderStudentReport(shrunk, { afterDueDate: false })).toContain('A smaller case that fails the same way');
}, 600_000);
