import { Difference } from '../../observe/difference';
import { judgeTest } from '../../observe/judge-test';
import { Observation } from '../../observe/observation';
import { Probe } from '../../observe/probe-types';
import { judgedKeys, KeyOfFailure } from '../../observe/shrink/judged-keys';
import { ReferenceVerdicts } from '../../observe/shrink/reference-verdicts';
import { describeShrink, shrinkProbe } from '../../observe/shrink/shrink-probe';
import { diagnosisKey } from '../../assignments/framework/diagnosis-key';
import { Visibility } from '../../assignments/framework/manifest-types';
import { DiagnosisCatalogue } from '../../assignments/framework/diagnose';
import { ExpandedTest } from '../../observe/test-case';
import { failurePicture } from '../report/pictures/failure-picture';
import { ShrunkFailure } from '../results/submission-results';
import { Sandbox, SandboxPlace } from '../sandbox/run-sandbox';
import { parseObservation } from './parse-observation';

/** What shrinking needs besides the sandbox: the catalogue that keys failures by their diagnosis. */
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
 * code, in the sandbox: each ddmin round is one sandbox run, each candidate a
 * test of its own there, so a candidate the code hangs or crashes on fails
 * alone (it is "not the same failure") and the next starts a fresh child.
 * Each candidate has the manifest's per-test limit; all the shrinking of one
 * submission shares one more submission limit (`submissionSeconds`), after
 * which the cases are kept as far as they got. Only visible tests are shrunk:
 * a hidden case stays hidden. Scores are never touched: this only adds to the
 * feedback. `observeReference` runs the reference on a candidate, in the
 * grader's process.
 */
export async function shrinkFailures(place: SandboxPlace, cases: readonly CaseToShrink[], catalogue: DiagnosisCatalogue, observeReference: (probe: Probe) => Observation): Promise<Map<string, ShrunkFailure>> {
  const deadline = Date.now() + place.limits.submissionSeconds * 1000;
  const shrunk = new Map<string, ShrunkFailure>();
  for (const failing of cases) {
    if (failing.test.visibility !== 'visible' || Date.now() >= deadline) continue;
    const one = await shrinkCase(place, failing, diagnosisKey(catalogue.misconceptions, catalogue.rules, failing.test), deadline, observeReference);
    if (one !== undefined) shrunk.set(failing.test.id, one);
  }
  return shrunk;
}

async function shrinkCase(place: SandboxPlace, failing: CaseToShrink, keyOf: KeyOfFailure, deadline: number, observeReference: (probe: Probe) => Observation): Promise<ShrunkFailure | undefined> {
  const { test } = failing;
  const reference = new ReferenceVerdicts(observeReference);
  const gots = new Map<string, Observation>();
  const key = keyOf(failing);
  const result = await shrinkProbe(
    failing.probe,
    key,
    async (candidates) => {
      const observed = await runCandidates(place, test.id, candidates, deadline);
      candidates.forEach((candidate, index) => {
        const got = observed[index];
        if (got !== undefined) gots.set(JSON.stringify(candidate), got);
      });
      return judgedKeys(test.check, candidates, observed, reference, keyOf);
    },
    reference,
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
  };
}

/** One sandbox run of a round's candidates, each a test of its own; what each observed, parsed, or undefined when it did not answer. */
async function runCandidates(place: SandboxPlace, testId: string, candidates: readonly Probe[], deadline: number): Promise<Array<Observation | undefined>> {
  if (Date.now() >= deadline) return candidates.map(() => undefined);
  const sandbox = Sandbox.start(place);
  const { runs } = await sandbox.run(
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
