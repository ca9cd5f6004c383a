import { readFile } from 'fs/promises';
import * as path from 'path';
import { LoadedAssignment } from '../../assignments/framework/loaded-assignment';
import { CheckKind } from '../../observe/difference';
import { Probe } from '../../observe/probe-types';
import { VmlabError } from '../../reference/errors';
import { Scenario } from '../../reference/scenario/types';
import { parseScenarioText } from '../../reference/scenario/validate';
import { describeFsError } from '../../io/fs-errors';
import { assignmentTests } from './assignment-tests';

/** Which case a step-through page is of, before anything runs: its probe, how it is judged, and its title. */
export interface StepSource {
  readonly title: string;
  readonly probe: Probe;
  readonly check: CheckKind;
}

/** A scenario file (docs/scenario-format.md) as a machine probe, checked completely first: a bad file is refused with where. */
export async function scenarioStepSource(file: string): Promise<StepSource> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new VmlabError('IO', `${file}: cannot read the scenario: ${describeFsError(error)}`);
  }
  parseScenarioText(text, file);
  // parseScenarioText has just checked this very text against the scenario schema.
  const scenario = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text) as Scenario;
  return { title: `scenario ${path.basename(file)}`, probe: { kind: 'machine', scenario }, check: 'policy' };
}

/**
 * Case `caseIndex` (from 0) of test `testId` of the assignment. Only a
 * visible test gets a page: any other's inputs are not the student's to see.
 */
export function testStepSource(assignment: LoadedAssignment, testId: string, caseIndex: number): StepSource {
  const tests = assignmentTests(assignment, undefined);
  const test = tests.find((candidate) => candidate.id === testId);
  if (test === undefined) {
    const visible = tests.filter((candidate) => candidate.visibility === 'visible').map((candidate) => candidate.id);
    throw new VmlabError('OPTION_INVALID', `--test ${testId}: no such test in ${assignment.manifest.id} (visible tests: ${visible.join(', ')})`);
  }
  if (test.visibility !== 'visible') throw new VmlabError('OPTION_INVALID', `--test ${testId}: a ${test.visibility} test; only visible tests can be stepped through`);
  const probe = test.probes[caseIndex];
  if (probe === undefined) throw new VmlabError('OPTION_INVALID', `--case ${caseIndex}: test ${testId} has cases 0 to ${test.probes.length - 1}`);
  if (probe.kind === 'tlb') throw new VmlabError('OPTION_INVALID', `--test ${testId}: a TLB-operations test; step-through pages are drawn for walks, 2D walks and scenarios`);
  return { title: `test ${test.id} (${test.title}), case ${caseIndex}`, probe, check: test.check };
}
