/** Where a failing test's step-through page is written, relative to the student's report.html. */
export const STEP_PAGES_FOLDER = 'step-through';

/** What a results file may name as a step-through page: a file of that folder, nothing else. */
export const STEP_PAGE_PATTERN = '^step-through/[A-Za-z0-9][A-Za-z0-9._-]{0,150}\\.html$';

/** The page of test `testId`: its id with anything but letters, digits, '.', '_' and '-' made '_'. */
export function stepPagePath(testId: string): string {
  return `${STEP_PAGES_FOLDER}/${testId.replace(/^[^A-Za-z0-9]/, '_').replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 150)}.html`;
}
