import { mkdir } from 'fs/promises';
import * as path from 'path';
import { CliIo, processIo } from '../../io/cli-io';
import { EXIT } from '../../io/exit-codes';
import { reportError } from '../../io/report-error';
import { writeFileAtomically } from '../../io/write-file-atomically';
import { judgeTest } from '../../observe/judge-test';
import { GoldenTest } from '../../observe/test-case';
import { VmlabError } from '../../reference/errors';
import { PUBLIC_REPORT_FOLDER } from './public-report-files';
import { renderStepThrough } from '../report/step-through/render-step-through';
import { stepProbe } from '../report/step-through/step-probe';
import { stepPagePath } from '../results/step-page-path';
import { IsolatedRunner } from '../../starter/harness/isolated-runner';
import { loadGoldens } from '../../starter/harness/load-goldens';
import { GOLDENS_FILE, MEMORY_MIB, TEST_SECONDS } from '../../starter/harness/public-suite-settings';
import { GENERATED_COMPONENTS_FILE } from '../compile/handout-wiring';

/**
 * `npm run step -- <test-id> [case-number]` in a handout: run one case of a
 * public test on your code (in a worker thread, stopped at the test's time
 * limit, as `npm test` runs it) and write a page that steps through it, your
 * run beside the reference's recorded one, the first difference marked.
 * The case is the one given (numbered from 1, as the report numbers them),
 * else the test's first failing case, else its first.
 */
export async function runStep(args: readonly string[], io: CliIo = processIo(), handoutRoot: string = path.resolve(__dirname, '..', '..')): Promise<number> {
  const runner = new IsolatedRunner({ handoutRoot, componentsModule: path.join(handoutRoot, GENERATED_COMPONENTS_FILE), limitSeconds: TEST_SECONDS, memoryMiB: MEMORY_MIB });
  try {
    const goldens = loadGoldens(handoutRoot, GOLDENS_FILE);
    const { test, caseNumber } = chosenCase(goldens.tests, args);
    const chosen = caseNumber ?? (await firstFailingCase(test, runner));
    const { probe, expected } = test.cases[chosen - 1];
    const shownProbe = stepProbe(probe);
    // The graded probe is judged against its golden; the page draws the step probe's run (a snapshot after every event).
    const outcome = await runner.run(shownProbe === probe ? [probe] : [probe, shownProbe]);
    const title = `test ${test.id} (${test.title}), case ${chosen}`;
    const got = outcome.kind === 'stopped' ? { missing: `your code was stopped: ${outcome.reason}` } : { observation: outcome.observations[outcome.observations.length - 1] };
    const difference = outcome.kind === 'stopped' ? null : (judgeTest(test.check, test.points, [{ expected, got: outcome.observations[0] }], test.scoring).firstFailure?.difference ?? null);
    const out = path.join(handoutRoot, PUBLIC_REPORT_FOLDER, stepPagePath(test.id));
    await mkdir(path.dirname(out), { recursive: true });
    await writeFileAtomically(out, renderStepThrough({ title, probe: shownProbe, check: test.check, expected, got, difference }));
    const verdict = outcome.kind === 'stopped' ? `your code was stopped (${outcome.reason})` : difference === null ? 'your run and the reference\'s agree' : 'the first difference is marked';
    io.stdout.write(`Wrote ${shownPath(out)}: ${title}; ${verdict}. Open it in a browser.\n`);
    return EXIT.ok;
  } catch (error) {
    return reportError(error, io);
  } finally {
    await runner.close();
  }
}

function chosenCase(tests: readonly GoldenTest[], args: readonly string[]): { test: GoldenTest; caseNumber: number | undefined } {
  const ids = tests.map((candidate) => candidate.id);
  const usage = `usage: npm run step -- <test-id> [case-number]; the public tests are: ${ids.join(', ')}`;
  if (args.length < 1 || args.length > 2) throw new VmlabError('OPTION_INVALID', usage);
  const test = tests.find((candidate) => candidate.id === args[0]);
  if (test === undefined) throw new VmlabError('OPTION_INVALID', `${args[0]}: no such public test (${usage})`);
  if (args[1] === undefined) return { test, caseNumber: undefined };
  const caseNumber = /^[0-9]{1,6}$/.test(args[1]) ? Number(args[1]) : NaN;
  if (!(caseNumber >= 1 && caseNumber <= test.cases.length)) throw new VmlabError('OPTION_INVALID', `case ${args[1]}: test ${test.id} has cases 1 to ${test.cases.length}`);
  return { test, caseNumber };
}

/** The test's first failing case on your code, numbered from 1; the first case when all pass or the run is stopped. */
async function firstFailingCase(test: GoldenTest, runner: IsolatedRunner): Promise<number> {
  const outcome = await runner.run(test.cases.map(({ probe }) => probe));
  if (outcome.kind === 'stopped') return 1;
  const cases = test.cases.map(({ expected }, index) => ({ expected, got: outcome.observations[index] }));
  const failure = judgeTest(test.check, test.points, cases, test.scoring).firstFailure;
  return failure === null ? 1 : failure.caseIndex + 1;
}

/** A path as short as it can be said from where the command was run. */
function shownPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}
