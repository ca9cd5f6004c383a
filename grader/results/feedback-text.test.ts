import { diagnosedDifference, syntheticResults, syntheticTest } from '../batch/test-support/synthetic-results';
import { ALL_OR_NOTHING_NOTE } from '../../observe/judge-test';
import { describeDifferenceForStudent } from './feedback-text';
import { gradescopeResults } from './gradescope-results';
import { submissionResultsProblems } from './results-schema';
import { TestResult } from './submission-results';
import { gradescopeOutputText } from './test-support/gradescope-output-text';

const failing = (scoring: TestResult['scoring']): TestResult => ({ ...syntheticTest({ id: 't', passedCases: 3, totalCases: 4 }), score: 0, ...(scoring === undefined ? {} : { scoring }) });

test('a failing all-or-nothing test says why passing cases scored nothing', () => {
  expect(describeDifferenceForStudent(failing('all-or-nothing'))).toContain(`3 of 4 cases passed.\n${ALL_OR_NOTHING_NOTE}`);
});

test.each([
  ['a proportional test', failing('proportional')],
  ['a test from results without a scoring', failing(undefined)],
  ['a passing all-or-nothing test', { ...syntheticTest({ id: 't', passedCases: 4, totalCases: 4 }), scoring: 'all-or-nothing' as const }],
])('%s has no scoring note', (_what, test) => {
  expect(describeDifferenceForStudent(test)).not.toContain(ALL_OR_NOTHING_NOTE);
});

test('the Gradescope output of a failing all-or-nothing test carries the note, hidden or shown', () => {
  const hidden = failing('all-or-nothing');
  const shown: TestResult = { ...hidden, id: 'shown', suite: 'public', visibility: 'visible' };
  const results = { ...syntheticResults('student', []), tests: [hidden, shown] };
  const outputs = gradescopeResults(results, { afterDueDate: false }).tests.map((test) => gradescopeOutputText(test.output));
  expect(outputs).toHaveLength(2);
  for (const output of outputs) expect(output).toContain(ALL_OR_NOTHING_NOTE);
});

test('results carry a known scoring or none', () => {
  const withScoring = (scoring: unknown) => ({ ...syntheticResults('student', []), tests: [{ ...failing(undefined), scoring }] });
  expect(submissionResultsProblems(withScoring('all-or-nothing'))).toEqual([]);
  expect(submissionResultsProblems(syntheticResults('student', [{ id: 't', passedCases: 1, totalCases: 2 }]))).toEqual([]);
  expect(submissionResultsProblems(withScoring('best-of')).join('\n')).toMatch(/tests\/0\/scoring|tests\[0\]\.scoring/);
});

describe('diagnoses in the Gradescope results', () => {
  const hidden = syntheticTest({ id: 'secret', passedCases: 0, totalCases: 2, category: 'rights', failure: diagnosedDifference('y') });
  const shown: TestResult = { ...syntheticTest({ id: 'shown', passedCases: 1, totalCases: 2, failure: diagnosedDifference('x') }), suite: 'public', visibility: 'visible', hint: 'FIXED HINT' };
  const ruleOnly: TestResult = { ...shown, id: 'rule-only', failure: { ...diagnosedDifference('r'), diagnosis: { rule: 'r', ruleTitle: 'RULE TITLE r', component: 'walker' } } };
  const results = { ...syntheticResults('student', []), tests: [shown, hidden, ruleOnly] };
  const gradescope = gradescopeResults(results, { afterDueDate: false });
  const output = gradescopeOutputText(gradescope.output);

  it('open the top-level output, most probable first, with the rule, its spec heading, the concept and the tests showing each by their student-facing names', () => {
    expect(output.startsWith('Likely misconceptions, most probable first:\n1. MISCONCEPTION y. EXPLANATION y. (Lecture concept: CONCEPT y.)\n   The rule: RULE TITLE y (spec: SPEC HEADING y).\n   Seen in 1 test (2 points lost): Hidden test 1 (rights).\n2. MISCONCEPTION x.')).toBe(true);
    expect(output).not.toContain('secret');
  });

  it("come in each failing test's output before its hint, for a hidden test too", () => {
    const [shownOutput, hiddenOutput, ruleOnlyOutput] = gradescope.tests.map((test) => gradescopeOutputText(test.output));
    expect(shownOutput).toContain('Likely misconception: MISCONCEPTION x. EXPLANATION x. (Lecture concept: CONCEPT x.)\nThe rule this breaks: RULE TITLE x (spec: SPEC HEADING x).\nAbout this test: FIXED HINT');
    expect(hiddenOutput).toBe('Hidden test 1 (rights): 0 of 2 cases passed.\nLikely misconception: MISCONCEPTION y. EXPLANATION y. (Lecture concept: CONCEPT y.)\nThe rule this breaks: RULE TITLE y (spec: SPEC HEADING y).');
    expect(ruleOnlyOutput).toContain('The rule this breaks: RULE TITLE r.');
    expect(ruleOnlyOutput).not.toContain('Likely misconception');
  });

  it('are absent from results without diagnoses, which stay valid results', () => {
    const old = gradescopeResults(syntheticResults('student', [{ id: 't', passedCases: 1, totalCases: 2 }]), { afterDueDate: false });
    expect(gradescopeOutputText(old.output)).not.toContain('Likely misconceptions');
    expect(old.tests[0].output).not.toContain('The rule this breaks');
    expect(submissionResultsProblems(results)).toEqual([]);
    expect(submissionResultsProblems({ ...results, tests: [{ ...shown, failure: { ...diagnosedDifference('x'), diagnosis: { rule: 'r' } } }] }).join('\n')).toMatch(/diagnosis/);
  });
});
