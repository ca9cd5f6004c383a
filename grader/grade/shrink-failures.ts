import { Difference } from '../../observe/difference';
import { judgeTest } from '../../observe/judge-test';
import { Observation } from '../../observe/observation';
import { Probe } from '../../observe/probe-types';
import { judgedKeys, KeyOfFailure } from '../../observe/shrink/judged-keys';
import { Verdicts } from '../../observe/shrink/verdicts';
import { describeShrink, shrinkProbe } from '../../observe/shrink/shrink-probe';
import { diagnosisKey } from '../../assignments/framework/diagnosis-key';
import { AssignmentRule, Visibility } from '../../assignments/framework/manifest-types';
import { ExpandedTest } from '../../observe/test-case';
import { Misconception } from '../../assignments/framework/misconception';
import { failurePicture } from '../report/pictures/failure-picture';
import { ShrunkFailure } from '../results/submission-results';
import { Sandbox, SandboxPlace } from '../sandbox/run-sandbox';
import { parseObservation } from './parse-observation';

/**
 * What shrinking needs besides the sandbox: the catalogue that keys failures
 * by their diagnosis, and where the expected side of candidates comes from
 * (a new ReferenceVerdicts per case, given by the caller: this module is part
 * of `npm run report` in a handout, which must not load the reference solutions).
 */
export interface ShrinkCatalogue {
  readonly misconceptions: readonly Misconception[];
  readonly rules: readonly AssignmentRule[];
  readonly verdicts: () => Verdicts;
}

/** One failing visible test's first failing case, to shrink. */
export interface CaseToShrink {
  readonly test: ExpandedTest & { readonly visibility: Visibility };
  readonly probe: Probe;
  readonly expected: Observation;
  readonly got: Observation;
  readonly difference: Difference;
}

/**
 * Shrink each failing visible test's first failing case on the student's
 * code, in the sandbox: all the shrinking of a submission runs in one
 * sandbox, each ddmin round a batch of it (Sandbox.runBatch) whose child is
 * kept from round to round, so a child's start-up is paid once per
 * submission, not once per round. Each candidate is a test of its own there,
 * so a candidate the code hangs or crashes on fails alone (it is "not the
 * same failure") and the next starts a fresh child. Each candidate has the
 * manifest's per-test limit; all the shrinking of one submission shares one
 * more submission limit (`submissionSeconds`), after which the cases are
 * kept as far as they got. Only visible tests are shrunk: a hidden case
 * stays hidden (and the children that run these visible inputs never run a
 * hidden test). Scores are never touched: this only adds to the feedback.
 */
export async function shrinkFailures(place: SandboxPlace, cases: readonly CaseToShrink[], catalogue: ShrinkCatalogue): Promise<Map<string, ShrunkFailure>> {
  const deadline = Date.now() + place.limits.submissionSeconds * 1000;
  const shrunk = new Map<string, ShrunkFailure>();
  const visible = cases.filter((failing) => failing.test.visibility === 'visible');
  if (visible.length === 0) return shrunk;
  const sandbox = Sandbox.start(place);
  try {
    for (const failing of visible) {
      if (Date.now() >= deadline) break;
      const one = await shrinkCase(sandbox, failing, diagnosisKey(catalogue.misconceptions, catalogue.rules, failing.test), catalogue.verdicts(), deadline);
      if (one !== undefined) shrunk.set(failing.test.id, one);
    }
  } finally {
    await sandbox.dispose();
  }
  return shrunk;
}

async function shrinkCase(sandbox: Sandbox, failing: CaseToShrink, keyOf: KeyOfFailure, reference: Verdicts, deadline: number): Promise<ShrunkFailure | undefined> {
  const { test } = failing;
  const gots = new Map<string, Observation>();
  const key = keyOf(failing);
  const result = await shrinkProbe(
    failing.probe,
    key,
    async (candidates) => {
      const observed = await runCandidates(sandbox, test.id, candidates, deadline);
      candidates.forEach((candidate, index) => {
        const got = observed[index];
        if (got !== undefined) gots.set(JSON.stringify(candidate), got);
      });
      return judgedKeys(test.check, candidates, observed, reference, keyOf);
    },
    { reference },
  );
  if (result.shrunkParts >= result.originalParts) return undefined;
  const expected = reference.observation(result.probe);
  const got = gots.get(JSON.stringify(result.probe));
  if (got === undefined) return undefined;
  const difference = judgeTest(test.check, test.points, [{ expected, got }]).firstFailure?.difference;
  if (difference === undefined) return undefined;
  const picture = failurePicture({ probe: result.probe, check: test.check, expected, got, difference });
  return {
    probe: result.probe,
    partName: result.partName,
    originalParts: result.originalParts,
    shrunkParts: result.shrunkParts,
    summary: describeShrink(result),
    difference,
    ...(picture === undefined ? {} : { picture }),
    expected,
  };
}

/** One batch of the sandbox for a round's candidates, each a test of its own; what each observed, parsed, or undefined when it did not answer. */
async function runCandidates(sandbox: Sandbox, testId: string, candidates: readonly Probe[], deadline: number): Promise<Array<Observation | undefined>> {
  if (Date.now() >= deadline) return candidates.map(() => undefined);
  const runs = await sandbox.runBatch(
    candidates.map((probe, index) => ({ id: `${testId}#shrink-${index}`, probes: [probe] })),
    deadline,
  );
  return candidates.map((probe, index) => {
    const run = runs[index];
    if (run === undefined || run.status !== 'ok' || run.observations.length !== 1) return undefined;
    const parsed = parseObservation(probe.kind, run.observations[0]);
    return parsed.ok ? parsed.observation : undefined;
  });
}
