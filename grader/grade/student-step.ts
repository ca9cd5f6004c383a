import { mkdtemp, rm } from 'fs/promises';
import { tmpdir } from 'os';
import * as path from 'path';
import { LoadedAssignment } from '../../assignments/framework/loaded-assignment';
import { Probe } from '../../observe/probe-types';
import { buildPlace } from './grade-submission';
import { submissionCompiler } from './grade-to-folder';
import { parseObservation } from './parse-observation';
import { runSandbox, SandboxPlace } from '../sandbox/run-sandbox';
import { StepCase } from '../report/step-through/step-through-view';

/** The student's side of a step-through page: their observation, or why there is none. */
export type StudentStep = NonNullable<StepCase['got']>;

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
    const place = buildPlace(compiler, workDir);
    const compiled = await compiler.compile(path.resolve(submissionDir), place.root);
    const broken = [...compiled.brokenComponents].map(([component, why]) => `${component} ${why.reason === 'missing' ? 'is missing' : 'does not compile'}`);
    if (broken.length > 0) return { missing: `not run: ${broken.join(', ')}` };
    return await studentStepInSandbox(place, probe);
  } finally {
    compiler.dispose();
    await rm(workDir, { recursive: true, force: true });
  }
}
