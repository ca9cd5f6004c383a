import { loadAssignment } from '../../assignments/framework/load-assignment';
import { writeFileAtomically } from '../../io/write-file-atomically';
import { VmlabError } from '../../reference/errors';
import { referenceStep, stepProbe } from '../report/step-through/observe-step';
import { studentStepOfSubmission } from './student-step';
import { renderStepThrough } from '../report/step-through/render-step-through';
import { scenarioStepSource, StepSource, testStepSource } from './step-case-source';

/** What `vmlab step` is asked for: a scenario file, or a case of a test; with a submission, the student's run beside the reference's. */
export interface StepThroughRequest {
  readonly scenario?: string;
  readonly assignmentDir?: string;
  readonly test?: string;
  readonly caseIndex?: number;
  readonly submission?: string;
  readonly out: string;
}

/** Observe the case on the reference (here) and on the submission (in the sandbox), and write the page atomically. Returns the summary line. */
export async function writeStepThrough(request: StepThroughRequest): Promise<string> {
  if ((request.scenario === undefined) === (request.test === undefined)) throw new VmlabError('OPTION_INVALID', 'give either --scenario <file> or --test <id> (with --assignment <dir>)');
  if (request.assignmentDir === undefined && (request.test !== undefined || request.submission !== undefined)) {
    throw new VmlabError('OPTION_INVALID', `${request.test !== undefined ? '--test' : '--submission'} needs --assignment <dir>`);
  }
  if (request.caseIndex !== undefined && request.test === undefined) throw new VmlabError('OPTION_INVALID', '--case needs --test <id>');
  const assignment = request.assignmentDir === undefined ? undefined : loadAssignment(request.assignmentDir);
  const source: StepSource = request.scenario !== undefined ? await scenarioStepSource(request.scenario) : testStepSource(assignment!, request.test!, request.caseIndex ?? 0);
  const probe = stepProbe(source.probe);
  const expected = referenceStep(probe);
  if (expected.kind === 'error') throw new VmlabError('INPUT_INVALID', `the reference cannot run this case: ${expected.message}`);
  const got = request.submission === undefined ? undefined : await studentStepOfSubmission(assignment!, request.submission, probe);
  await writeFileAtomically(request.out, renderStepThrough({ title: source.title, probe, check: source.check, expected, ...(got === undefined ? {} : { got }) }));
  return `Wrote ${request.out}: ${source.title}${got === undefined ? ", the reference's run" : ', your run beside the reference\'s'}.`;
}
