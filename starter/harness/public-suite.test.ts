import * as path from 'path';
import { COMPONENTS, GOLDENS_FILE } from './assignment-components';
import { loadGoldens } from './load-goldens';
import { pointsText, runPublicTest } from './run-public-test';

/**
 * The public tests of this assignment: every test of the public suite, run on
 * your components and compared with the reference's recorded observations.
 * A failure prints the first step where your code departs from the reference.
 */
const HANDOUT_ROOT = path.resolve(__dirname, '..', '..');
const goldens = loadGoldens(HANDOUT_ROOT, GOLDENS_FILE);

describe(`public tests of the ${goldens.assignment} assignment`, () => {
  for (const goldenTest of goldens.tests) {
    test(`${goldenTest.title} (${pointsText(goldenTest.points)})`, () => {
      const failure = runPublicTest(goldenTest, COMPONENTS);
      if (failure !== null) throw new PublicTestFailure(failure);
    });
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
