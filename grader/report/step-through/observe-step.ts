import { mkdtemp, rm } from 'fs/promises';
import { tmpdir } from 'os';
import * as path from 'path';
import { LoadedAssignment } from '../../../assignments/framework/loaded-assignment';
import { observe } from '../../../observe/observe';
import { Observation } from '../../../observe/observation';
import { Probe } from '../../../observe/probe-types';
import { REFERENCE_COMPONENTS } from '../../../reference/reference-components';
import { COMPILED_COMPONENTS_MODULE } from '../../compile/compile-submission';
import { submissionCompiler } from '../../grade/grade-to-folder';
import { parseObservation } from '../../grade/parse-observation';
import { runSandbox, SandboxPlace } from '../../sandbox/run-sandbox';
import { StepCase } from './step-through-view';

/** The student's side of a step-through page: their observation, or why there is none. */
export type StudentStep = NonNullable<StepCase['got']>;

/**
 * The probe a step-through page observes: a machine probe records the state
 * after every event (the graded one may record it at the end only), each TLB
 * entry with its tags; a walk is the same probe, its steps are its references.
 */
export function stepProbe(probe: Probe): Probe {
  return probe.kind === 'machine' ? { ...probe, snapshots: 'every-event', tlbTags: true } : probe;
}

/** The reference's observation of a step probe, in this process: the reference is vmlab's own code. */
export function referenceStep(probe: Probe): Observation {
  return observe(probe, REFERENCE_COMPONENTS);
}

/**
 * The student's observation of a step probe, run in the grader's sandbox
 * over a build already compiled at `place.root` (never in this process),
 * parsed against its schema like a graded one.
 */
export async function studentStepInSandbox(place: SandboxPlace, probe: Probe): Promise<StudentStep> {
  const result = await runSandbox({ ...place, tests: [{ id: 'step-through', probes: [probe] }] });
  const run = result.runs[0];
  if (run === undefined) return { missing: 'the sandbox returned no result' };
  if (run.status !== 'ok') return { missing: `your code did not finish (${run.status}): ${run.reason}` };
  const parsed = parseObservation(probe.kind, run.observations[0]);
  return parsed.ok ? { observation: parsed.observation } : { missing: `your code returned something unreadable: ${parsed.problem}` };
}

/** The student's observation of a step probe, from their submission folder: compiled over the handout, then run in the sandbox. */
export async function studentStepOfSubmission(assignment: LoadedAssignment, submissionDir: string, probe: Probe): Promise<StudentStep> {
  const compiler = submissionCompiler(assignment);
  const workDir = await mkdtemp(path.join(tmpdir(), 'vmlab-step-'));
  try {
    const buildDir = path.join(workDir, 'build');
    const compiled = await compiler.compile(path.resolve(submissionDir), buildDir);
    const broken = [...compiled.brokenComponents].map(([component, why]) => `${component} ${why.reason === 'missing' ? 'is missing' : 'does not compile'}`);
    if (broken.length > 0) return { missing: `not run: ${broken.join(', ')}` };
    return await studentStepInSandbox(
      { root: buildDir, componentsModule: COMPILED_COMPONENTS_MODULE, sharedFolders: compiler.sharedFolders(), preloadFrom: compiler.writtenSubstrate(), limits: assignment.manifest.limits },
      probe,
    );
  } finally {
    compiler.dispose();
    await rm(workDir, { recursive: true, force: true });
  }
}
