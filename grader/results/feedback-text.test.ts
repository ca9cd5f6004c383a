import { syntheticResults, syntheticTest } from '../batch/test-support/synthetic-results';
import { ALL_OR_NOTHING_NOTE } from '../../observe/judge-test';
import { describeDifferenceForStudent } from './feedback-text';
import { gradescopeResults } from './gradescope-results';
import { submissionResultsProblems } from './results-schema';
import { TestResult } from './submission-results';

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
  const outputs = gradescopeResults(results, { afterDueDate: false }).tests.map((test) => test.output);
  expect(outputs).toHaveLength(2);
  for (const output of outputs) expect(output).toContain(ALL_OR_NOTHING_NOTE);
});

test('results carry a known scoring or none', () => {
  const withScoring = (scoring: unknown) => ({ ...syntheticResults('student', []), tests: [{ ...failing(undefined), scoring }] });
  expect(submissionResultsProblems(withScoring('all-or-nothing'))).toEqual([]);
  expect(submissionResultsProblems(syntheticResults('student', [{ id: 't', passedCases: 1, totalCases: 2 }]))).toEqual([]);
  expect(submissionResultsProblems(withScoring('best-of')).join('\n')).toMatch(/tests\/0\/scoring|tests\[0\]\.scoring/);
});
