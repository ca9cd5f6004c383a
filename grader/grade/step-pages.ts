import { mkdir, rm } from 'fs/promises';
import * as path from 'path';
import { describeThrown } from '../../observe/describe-thrown';
import { Observation } from '../../observe/observation';
import { Probe } from '../../observe/probe-types';
import { writeFileAtomically } from '../../io/write-file-atomically';
import { GradedTest } from './grade-submission';
import { parseObservation } from './parse-observation';
import { STEP_PAGES_FOLDER, stepPagePath } from '../results/step-page-path';
import { StepThroughLink, SubmissionResults, TestResult } from '../results/submission-results';
import { runSandbox, SandboxPlace } from '../sandbox/run-sandbox';
import { referenceStep, stepProbe } from '../report/step-through/observe-step';
import { renderStepThrough } from '../report/step-through/render-step-through';
import { shown } from '../report/pictures/untrusted';

/** Longest sandbox reason quoted (it may carry what the student's code printed or threw). */
const MAX_REASON = 300;

/** Where the student's build is and which tests were graded: what the step-through pages of a grading are made from. */
export interface StepPagesRequest {
  /** The compiled submission the grading ran, still on disk. */
  readonly place: SandboxPlace;
  readonly tests: readonly GradedTest[];
  readonly results: SubmissionResults;
  /** The student's output folder: the pages go to its step-through/, beside report.html. */
  readonly out: string;
}

/** A failing case that gets a page: a visible test's first failing case, of a kind a page is drawn for. */
interface PageCase {
  readonly test: GradedTest;
  readonly caseIndex: number;
  readonly probe: Probe;
  readonly page: string;
}

/**
 * Write a step-through page for the first failing case of every failing
 * visible test, the student's every-event run (one sandbox run for all the
 * cases, over the build the grading compiled) beside the reference's, and
 * return the results with each such failure linking its page, or saying why
 * there is none. The grade is never changed: a case the student's code hangs
 * or crashes on this time, or anything else that goes wrong, only leaves
 * that page out. Hidden tests (and tests shown only after the due date) never
 * get one: the page shows the case's inputs.
 */
export async function writeStepPages(request: StepPagesRequest): Promise<SubmissionResults> {
  const cases = pageCases(request.tests, request.results.tests);
  // Pages of an earlier grading into this folder name failures that may be gone.
  await rm(path.join(request.out, STEP_PAGES_FOLDER), { recursive: true, force: true });
  if (cases.length === 0) return request.results;
  let links: ReadonlyMap<string, StepThroughLink>;
  try {
    links = await writePages(request, cases);
  } catch (error) {
    const missing = `No step-through page: it could not be made (${describeThrown(error)}).`;
    links = new Map(cases.map((pageCase) => [pageCase.test.id, { missing }]));
  }
  return { ...request.results, tests: request.results.tests.map((result) => withLink(result, links.get(result.id))) };
}

function pageCases(tests: readonly GradedTest[], results: readonly TestResult[]): PageCase[] {
  const byId = new Map(tests.map((test) => [test.id, test]));
  const pages = new Set<string>();
  return results.flatMap((result): PageCase[] => {
    const test = byId.get(result.id);
    const failure = result.failure;
    if (test === undefined || test.visibility !== 'visible' || failure?.kind !== 'difference') return [];
    const probe = test.probes[failure.caseIndex];
    if (probe === undefined || probe.kind === 'tlb') return [];
    let page = stepPagePath(test.id);
    // Two ids that differ only in characters a file name leaves out still get a page each.
    for (let suffix = 2; pages.has(page); suffix++) page = stepPagePath(`${test.id}-${suffix}`);
    pages.add(page);
    return [{ test, caseIndex: failure.caseIndex, probe: stepProbe(probe), page }];
  });
}

async function writePages(request: StepPagesRequest, cases: readonly PageCase[]): Promise<Map<string, StepThroughLink>> {
  const result = await runSandbox({ ...request.place, tests: cases.map((pageCase) => ({ id: pageCase.test.id, probes: [pageCase.probe] })) });
  const runs = new Map(result.runs.map((run) => [run.id, run]));
  await mkdir(path.join(request.out, STEP_PAGES_FOLDER), { recursive: true });
  const links = new Map<string, StepThroughLink>();
  for (const pageCase of cases) {
    const run = runs.get(pageCase.test.id);
    let got: { observation: Observation } | string;
    if (run === undefined) got = 'the sandbox returned no result for it';
    else if (run.status !== 'ok') got = `your code did not finish when run again to record every step (${run.status}: ${shown(run.reason, MAX_REASON)})`;
    else {
      const parsed = parseObservation(pageCase.probe.kind, run.observations[0]);
      got = parsed.ok ? { observation: parsed.observation } : `what your code returned when run again could not be read (${parsed.problem})`;
    }
    links.set(pageCase.test.id, typeof got === 'string' ? { missing: `No step-through page: ${got}.` } : await writePage(request.out, pageCase, got).catch((error: unknown) => ({ missing: `No step-through page: it could not be drawn (${describeThrown(error)}).` })));
  }
  return links;
}

async function writePage(out: string, pageCase: PageCase, got: { observation: Observation }): Promise<StepThroughLink> {
  const { test, caseIndex, probe, page } = pageCase;
  const expected = referenceStep(probe);
  if (expected.kind === 'error') return { missing: `No step-through page: the reference could not run the case again (${expected.message}).` };
  const html = renderStepThrough({ title: `test ${test.id} (${test.title}), case ${caseIndex + 1}`, probe, check: test.check, expected, got });
  await writeFileAtomically(path.join(out, page), html);
  return { page };
}

function withLink(result: TestResult, link: StepThroughLink | undefined): TestResult {
  if (link === undefined || result.failure?.kind !== 'difference') return result;
  return { ...result, failure: { ...result.failure, stepThrough: link } };
}
