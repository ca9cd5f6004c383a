import * as path from 'path';
import { CASE_FORMAT } from '../../grader/cases/case-file';
import { writeHandoutCase } from '../../grader/cases/handout-cases';
import { failurePicture } from '../../grader/report/pictures/failure-picture';
import { describeProbe } from '../../observe/describe-probe';
import { formatDifference } from '../../observe/format-difference';
import { pictureText } from '../../grader/report/pictures/picture-text';
import { pictureView } from '../../grader/report/pictures/picture-view';
import { publicFailureDiagnoser } from './diagnose-public-failure';
import { PUBLIC_ASSIGNMENT_FILE } from '../../grader/public-report/public-report-files';
import { IsolatedRunner } from './isolated-runner';
import { loadGoldens } from './load-goldens';
import { GOLDENS_FILE, MEMORY_MIB, TEST_SECONDS } from './public-suite-settings';
import { ExplainFailure, JudgedFailure, pointsText, runPublicTest } from './run-public-test';
import { SHRINK_SECONDS_PER_RUN, shrinkPublicCase } from './shrink-public-case';

/**
 * The public tests of this assignment: every test of the public suite, run on
 * your components and compared with the reference's recorded observations.
 * Your code runs in a thread of its own, a test at a time, stopped after
 * TEST_SECONDS: a test that hangs fails, saying where, and the others go on.
 * A failure prints the first step where your code departs from the
 * reference, the rule it breaks, and the report's drawing of it in words;
 * then a smaller case that fails the same way, when one is found in a few
 * seconds, written as .vmlab/cases/<test>.json: `npm run case -- <that
 * file>` runs it alone.
 */
const HANDOUT_ROOT = path.resolve(__dirname, '..', '..');
const goldens = loadGoldens(HANDOUT_ROOT, GOLDENS_FILE);
/** What your code printed during the current test's own run (not while its case is shrunk), shown labelled after it. */
let printed: string[] | undefined;
const runner = new IsolatedRunner({
  handoutRoot: HANDOUT_ROOT,
  componentsModule: path.join(__dirname, 'assignment-components.ts'),
  limitSeconds: TEST_SECONDS,
  memoryMiB: MEMORY_MIB,
  onPrinted: (text) => printed?.push(text),
});
afterAll(() => runner.close());
const diagnose = publicFailureDiagnoser(path.join(HANDOUT_ROOT, PUBLIC_ASSIGNMENT_FILE));

/** The report's drawing of a failing case, as text; nothing when the report would draw nothing. */
function drawing(failure: JudgedFailure): string | undefined {
  const picture = failurePicture(failure);
  const view = picture === undefined ? null : pictureView(picture);
  return view === null ? undefined : pictureText(view);
}

/** Time spent shrinking so far in this run: all of it is bounded by SHRINK_SECONDS_PER_RUN. */
let shrinkingMs = 0;

/**
 * The drawing of the failing case, then a smaller case that fails the same
 * way (when one is found within this run's shrinking time) with its drawing,
 * written as .vmlab/cases/<test>.json for `npm run case` (the case as it
 * failed, when it was not shrunk). Only adds words: the verdict is decided.
 */
const explain: ExplainFailure = async (failure, test) => {
  showPrinted(test.title);
  const lines: string[] = [];
  const drawn = drawing(failure);
  if (drawn !== undefined) lines.push(drawn);
  const left = SHRINK_SECONDS_PER_RUN * 1000 - shrinkingMs;
  const started = Date.now();
  const small = left > 0 ? await shrinkPublicCase(failure, runner, started + left) : undefined;
  shrinkingMs += Date.now() - started;
  const kept = small ?? failure;
  try {
    const file = await writeHandoutCase(HANDOUT_ROOT, {
      format: CASE_FORMAT,
      test: { id: test.id, title: test.title },
      check: kept.check,
      probe: kept.probe,
      expected: kept.expected,
      ...(small === undefined ? {} : { shrunkFrom: { parts: small.shrunk.originalParts, partName: small.shrunk.partName } }),
    });
    const run = `npm run case -- ${path.relative(process.cwd(), file)}`;
    if (small !== undefined) {
      const smallDrawing = drawing(small);
      lines.push('', `A smaller case that fails the same way (${small.summary}): ${describeProbe(small.probe)}`, formatDifference(small.difference), ...(smallDrawing === undefined ? [] : ['', smallDrawing]), `Run it alone: ${run}`);
    } else {
      lines.push('', `${left > 0 ? 'No smaller case fails the same way' : `Not shrunk (this run's ${SHRINK_SECONDS_PER_RUN} s for shrinking are used up)`}; run this case alone: ${run}`);
    }
  } catch (error) {
    lines.push('', `(The case file could not be written: ${error instanceof Error ? error.message : String(error)})`);
  }
  return lines.length === 0 ? undefined : lines.join('\n');
};

/** Jest's own limit, far past the runner's: the runner stops a test, jest never has to. */
const JEST_TIMEOUT_MS = (TEST_SECONDS + 120) * 1000;

describe(`public tests of the ${goldens.assignment} assignment`, () => {
  for (const goldenTest of goldens.tests) {
    test(
      `${goldenTest.title} (${pointsText(goldenTest.points)})`,
      async () => {
        printed = [];
        const failure = await runPublicTest(goldenTest, runner, explain, diagnose);
        showPrinted(goldenTest.title);
        if (failure !== null) throw new PublicTestFailure(failure);
      },
      JEST_TIMEOUT_MS,
    );
  }
});

/** What your code printed during a test's run, under the test's name (once: the shrinking runs after are not shown). */
function showPrinted(title: string): void {
  const text = printed?.join('') ?? '';
  printed = undefined;
  if (text !== '') console.log(`Your code printed during "${title}":\n${text.replace(/\n$/, '')}`);
}

/** A failure whose message is the whole explanation: jest prints it without a misleading stack into the harness. */
class PublicTestFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Difference';
    this.stack = `${this.name}: ${message}`;
  }
}
