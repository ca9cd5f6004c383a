import * as path from 'path';
import { diagnosisKey } from '../assignments/framework/diagnosis-key';
import { expandSuite } from '../assignments/framework/expand-tests';
import { loadAssignment } from '../assignments/framework/load-assignment';
import { misconceptionsOf } from '../assignments/framework/misconceptions';
import { observedOnReference } from '../assignments/framework/observed-tests';
import { realisticBugsOf } from '../assignments/framework/realistic-bugs';
import { judgeCase } from '../observe/judge';
import { observe } from '../observe/observe';
import { shrinkInProcess } from '../observe/shrink/shrink-in-process';
import { REFERENCE_COMPONENTS } from '../reference/reference-components';
import { Figure } from './measure';

/** One realistic bug's first failing visible case, before and after shrinking. */
export interface ShrunkBugCase {
  readonly bug: string;
  readonly test: string;
  readonly originalParts: number;
  readonly shrunkParts: number;
}

/**
 * Shrink, for every realistic bug of the assignment, the first failing case
 * of its first failing visible test, as the grader shrinks it for a student:
 * the same key (the diagnosis' rule and misconception, else the first
 * difference's field and kind of place), the default budget. Bugs no visible
 * test catches are left out.
 */
export async function shrinkRealisticBugs(assignmentId: string): Promise<ShrunkBugCase[]> {
  const assignment = loadAssignment(path.join(__dirname, '..', 'assignments', assignmentId));
  const visible = observedOnReference(assignment.suites.filter((suite) => suite.reference.visibility === 'visible').flatMap((suite) => expandSuite(suite)));
  const catalogue = misconceptionsOf(assignmentId);
  const rules = assignment.manifest.rules ?? [];
  const shrunk: ShrunkBugCase[] = [];
  for (const bug of realisticBugsOf(assignmentId)) {
    const components = { ...REFERENCE_COMPONENTS, ...bug.components };
    const first = visible
      .map((test) => ({ test, failing: test.cases.find(({ probe, expected }) => judgeCase(test.check, expected, observe(probe, components)) !== null) }))
      .find(({ failing }) => failing !== undefined);
    if (first === undefined) continue;
    const { test, failing } = first;
    const result = await shrinkInProcess(failing!.probe, test.check, components, { keyOf: diagnosisKey(catalogue, rules, test) });
    if (result === undefined) throw new Error(`the case of ${bug.id} in ${test.id} fails, then does not`);
    shrunk.push({ bug: bug.id, test: test.id, originalParts: result.originalParts, shrunkParts: result.shrunkParts });
  }
  return shrunk;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The median shrunk / original size of the shadow bugs' first failing visible cases: target at most 1/4 (issue 14). */
export const SHRINK_RATIO_TARGET = 0.25;

export async function shrinkFigures(): Promise<Figure[]> {
  const cases = await shrinkRealisticBugs('shadow');
  return [
    { name: 'shadow bugs: shrunk / original events, median', value: median(cases.map((one) => one.shrunkParts / one.originalParts)), unit: '', target: { value: SHRINK_RATIO_TARGET, better: 'lower' } },
    {
      name: 'shadow bugs, cases of 10+ events: shrunk / original, median',
      value: median(cases.filter((one) => one.originalParts >= 10).map((one) => one.shrunkParts / one.originalParts)),
      unit: '',
      target: { value: SHRINK_RATIO_TARGET, better: 'lower' },
    },
    { name: 'shadow bugs: original events, median', value: median(cases.map((one) => one.originalParts)), unit: 'events' },
    { name: 'shadow bugs: shrunk events, median', value: median(cases.map((one) => one.shrunkParts)), unit: 'events' },
  ];
}
