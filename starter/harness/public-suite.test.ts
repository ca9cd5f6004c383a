import * as path from 'path';
import { failurePicture } from '../../grader/report/pictures/failure-picture';
import { pictureText } from '../../grader/report/pictures/picture-text';
import { pictureView } from '../../grader/report/pictures/picture-view';
import { publicFailureDiagnoser } from './diagnose-public-failure';
import { IsolatedRunner } from './isolated-runner';
import { loadGoldens } from './load-goldens';
import { GOLDENS_FILE, MEMORY_MIB, TEST_SECONDS } from './public-suite-settings';
import { ExplainFailure, pointsText, runPublicTest } from './run-public-test';

/**
 * The public tests of this assignment: every test of the public suite, run on
 * your components and compared with the reference's recorded observations.
 * Your code runs in a thread of its own, a test at a time, stopped after
 * TEST_SECONDS: a test that hangs fails, saying where, and the others go on.
 * A failure prints the first step where your code departs from the
 * reference, the rule it breaks and the likely misconception, and the
 * report's drawing of it in words.
 */
const HANDOUT_ROOT = path.resolve(__dirname, '..', '..');
const goldens = loadGoldens(HANDOUT_ROOT, GOLDENS_FILE);
const runner = new IsolatedRunner({ handoutRoot: HANDOUT_ROOT, componentsModule: path.join(__dirname, 'assignment-components.ts'), limitSeconds: TEST_SECONDS, memoryMiB: MEMORY_MIB });
afterAll(() => runner.close());
const diagnose = publicFailureDiagnoser(HANDOUT_ROOT, goldens.assignment);

/** The report's drawing of the failing case, as text; nothing when the report would draw nothing. */
const drawing: ExplainFailure = (failure) => {
  const picture = failurePicture(failure);
  const view = picture === undefined ? null : pictureView(picture);
  return view === null ? undefined : pictureText(view);
};

/** Jest's own limit, far past the runner's: the runner stops a test, jest never has to. */
const JEST_TIMEOUT_MS = (TEST_SECONDS + 120) * 1000;

describe(`public tests of the ${goldens.assignment} assignment`, () => {
  for (const goldenTest of goldens.tests) {
    test(
      `${goldenTest.title} (${pointsText(goldenTest.points)})`,
      async () => {
        const failure = await runPublicTest(goldenTest, runner, drawing, diagnose);
        if (failure !== null) throw new PublicTestFailure(failure);
      },
      JEST_TIMEOUT_MS,
    );
  }
});

/** A failure whose message is the whole explanation: jest prints it without a misleading stack into the harness. */
class PublicTestFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Difference';
    this.stack = `${this.name}: ${message}`;
  }
}
