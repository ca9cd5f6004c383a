import { sketchWalker } from '../../assignments/walk/test-support/sketch-walker';
import { syntheticResults, syntheticTest } from '../batch/test-support/synthetic-results';
import { failurePicture } from '../report/pictures/failure-picture';
import { failedCases } from '../report/test-support/failed-cases';
import { FULL_REPORT_TEXT, gradescopeResults } from './gradescope-results';
import { CompileReport, SubmissionResults, TestResult } from './submission-results';
import { gradescopeOutputText } from './test-support/gradescope-output-text';

const BROKEN: CompileReport = {
  component: 'walker',
  reason: 'does-not-compile',
  problems: [{ file: 'starter/src/walker.ts', line: 12, column: 9, message: "Type 'string' is not assignable to type 'bigint'.", sourceLine: '  const x: bigint = "<img src=x onerror=alert(1)>";' }],
};
const notRun = { kind: 'not-run', reason: 'Not run: walker does not compile.' } as const;

function withTests(tests: TestResult[], extra: Partial<SubmissionResults> = {}): SubmissionResults {
  return { ...syntheticResults('student', []), tests, ...extra };
}

describe('a submission that does not compile', () => {
  const shown: TestResult = { ...syntheticTest({ id: 'shown', passedCases: 0, totalCases: 3, failure: notRun }), suite: 'public', visibility: 'visible' };
  const hidden = syntheticTest({ id: 'secret', passedCases: 0, totalCases: 3, failure: notRun, category: 'rights' });
  const gradescope = gradescopeResults(withTests([shown, hidden], { compile: [BROKEN] }), { afterDueDate: false });
  const where = 'starter/src/walker.ts:12:9: Type \'string\' is not assignable to type \'bigint\'.\n  const x: bigint = "<img src=x onerror=alert(1)>";\n        ^';

  test('the top-level output gives each error with file, line, column, the offending line and a caret, escaped', () => {
    expect(gradescopeOutputText(gradescope.output)).toContain(`walker does not compile (1 error):\n${where}`);
    expect(gradescope.output).not.toContain('<img');
  });

  test.each([
    ['visible', 0],
    ['hidden', 1],
  ])('so does every %s test it kept from running', (_what, index) => {
    expect(gradescopeOutputText(gradescope.tests[index].output)).toContain(where);
  });
});

test('outputs are HTML, names plain text, as Gradescope is told per test and at the top level', () => {
  const gradescope = gradescopeResults(withTests([syntheticTest({ id: 't', passedCases: 1, totalCases: 2 })]), { afterDueDate: false });
  expect(gradescope).toMatchObject({ output_format: 'html', test_output_format: 'html', test_name_format: 'text' });
  expect(gradescope.tests[0]).toMatchObject({ output_format: 'html', name_format: 'text' });
});

test('the top-level output says where the full report is and links nothing', () => {
  const gradescope = gradescopeResults(withTests([syntheticTest({ id: 't', passedCases: 1, totalCases: 2 })]), { afterDueDate: false });
  expect(gradescopeOutputText(gradescope.output)).toContain(FULL_REPORT_TEXT);
  expect(gradescope.output).not.toMatch(/<a\b|https?:|href|src=/i);
});

describe("a visible test's failure, from a real walk that sets D on a read", () => {
  const found = failedCases('walk', { walker: sketchWalker(['dirtyOnEveryAccess']) }, (suite) => suite === 'public').find(({ test }) => test.id === 'walk.public.accessed-bits');
  if (found === undefined) throw new Error('walk.public.accessed-bits does not fail with dirtyOnEveryAccess');
  const picture = failurePicture(found.failed);
  const difference = { kind: 'difference' as const, caseIndex: 0, caseSummary: 'a read', difference: found.failed.difference, picture };
  const shrunk = { probe: found.failed.probe, partName: 'table entries' as const, originalParts: 9, shrunkParts: 2, summary: 'shrunk from 9 table entries to 2', difference: found.failed.difference, picture };
  const failing: TestResult = { ...syntheticTest({ id: 'walk.public.accessed-bits', passedCases: 0, totalCases: 1, failure: { ...difference, shrunk } }), suite: 'public', visibility: 'visible', hint: 'A/D bits' };

  test('carries the first difference, the drawing as text, the shrunk case with its drawing, and the hint', () => {
    const text = gradescopeOutputText(gradescopeResults(withTests([failing]), { afterDueDate: false }).tests[0].output);
    expect(text.match(/^The walk of 0x7f1234567abc, level by level$/gm)).toHaveLength(2);
    expect(text).toMatch(/^ {8}yours {6}PTE \(level 1\) .* \*0x60 \(A\|D\)$/m);
    expect(text).toContain('The same failure, shrunk from 9 table entries to 2 (cases/walk.public.accessed-bits.json, run it with npm run case):');
    expect(text).toContain('About this test: A/D bits');
  });

  test('is not drawn for a hidden test', () => {
    const text = gradescopeOutputText(gradescopeResults(withTests([{ ...failing, suite: 'hidden', visibility: 'hidden' }]), { afterDueDate: false }).tests[0].output);
    expect(text).not.toContain('level by level');
    expect(text).not.toContain('0x7f1234567abc');
  });
});

test('what the code printed is quoted preformatted and escaped', () => {
  const output = { visible: { stdout: '<script>x</script>\n', stderr: '', truncated: false, seconds: 1 } };
  const gradescope = gradescopeResults(withTests([{ ...syntheticTest({ id: 't', passedCases: 1, totalCases: 1 }), visibility: 'visible' }], { output }), { afterDueDate: false });
  expect(gradescope.output).toContain('<pre>&lt;script&gt;x&lt;/script&gt;\n</pre>');
});
