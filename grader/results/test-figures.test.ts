import { syntheticResults, syntheticTest } from '../batch/test-support/synthetic-results';
import { gradescopeResults } from './gradescope-results';
import { gradescopeOutputText } from './test-support/gradescope-output-text';
import { submissionResultsProblems } from './results-schema';
import { TestResult } from './submission-results';
import { describeFigures, describeMemory, FIGURES_NOT_GRADED, TestFigures } from './test-figures';

const FIGURES: TestFigures = {
  casesCounted: 2,
  values: [
    { figure: 'hiddenPageFaults', yours: 40, reference: 31 },
    { figure: 'exits.pt-write', yours: 9, reference: 12 },
    { figure: 'pageTablePages.guest', yours: 11, reference: 11 },
    { figure: 'pageTablePages.shadow', yours: 12, reference: 10 },
  ],
};

const withFigures = (test: TestResult, figures: unknown = FIGURES) => ({ ...syntheticResults('student', []), tests: [{ ...test, figures }] });

test('page-table memory as the lecture states it: the hypervisor\'s pages for the guest\'s, with the ratio', () => {
  expect(describeMemory({ kind: 'shadow', tables: 12, guest: 11 })).toBe("shadow page-table pages 12 for the guest's 11 (1.1×)");
  expect(describeMemory({ kind: 'shadow', tables: 22, guest: 11 })).toBe("shadow page-table pages 22 for the guest's 11 (2×)");
  expect(describeMemory({ kind: 'EPT/NPT', tables: 3, guest: 0 })).toBe("EPT/NPT page-table pages 3 for the guest's 0");
});

test('the plain-text figures say they are not graded, then each figure and the memory of each side', () => {
  const lines = describeFigures(FIGURES);
  expect(lines[0]).toContain(FIGURES_NOT_GRADED);
  expect(lines[0]).toContain('summed over 2 cases');
  expect(lines).toContain('  hidden page faults: yours 40, the reference\'s 31');
  expect(lines).toContain("  Page-table memory: yours shadow page-table pages 12 for the guest's 11 (1.1×); the reference's shadow page-table pages 10 for the guest's 11 (0.9×)");
});

test('Gradescope shows the figures of a test shown in full, passed or failed, and never of one that is not', () => {
  const passed = { ...syntheticTest({ id: 'shown', passedCases: 2, totalCases: 2 }), suite: 'public', visibility: 'visible' as const, figures: FIGURES };
  const failed = { ...syntheticTest({ id: 'failed', passedCases: 1, totalCases: 2 }), suite: 'public', visibility: 'visible' as const, figures: FIGURES };
  const later = { ...passed, id: 'later', visibility: 'after_due_date' as const };
  const results = { ...syntheticResults('student', []), tests: [passed, failed, later] };
  const before = gradescopeResults(results, { afterDueDate: false }).tests.map((test) => gradescopeOutputText(test.output));
  expect(before[0]).toMatch(/^Passed \(2 cases\)\.\nYour design's figures/);
  expect(before[1]).toContain('hidden page faults: yours 40');
  expect(before[2]).not.toContain(FIGURES_NOT_GRADED);
  expect(gradescopeOutputText(gradescopeResults(results, { afterDueDate: true }).tests[2].output)).toContain(FIGURES_NOT_GRADED);
});

test('results carry figures of known names and plain counts, or none', () => {
  const test = syntheticTest({ id: 't', passedCases: 1, totalCases: 2 });
  expect(submissionResultsProblems(withFigures(test))).toEqual([]);
  const problems = (figures: unknown) => submissionResultsProblems(withFigures(test, figures)).join('\n');
  expect(problems({ casesCounted: 1, values: [{ figure: 'cycles', yours: 1, reference: 1 }] })).toMatch(/tests\[0\]\.figures\.values\[0\]\.figure: must be one of/);
  expect(problems({ casesCounted: 1, values: [{ figure: 'tlbFlushes', yours: -1, reference: 1 }] })).toMatch(/tests\[0\]\.figures\.values\[0\]\.yours/);
  expect(problems({ casesCounted: 1, values: [{ figure: 'tlbFlushes', yours: '<b>9</b>', reference: 1 }] })).toMatch(/tests\[0\]\.figures\.values\[0\]\.yours/);
  expect(problems({ values: [] })).toMatch(/tests\[0\]\.figures.*casesCounted/);
});
