import * as path from 'path';
import { diagnosisKey } from '../assignments/framework/diagnosis-key';
import { expandSuite } from '../assignments/framework/expand-tests';
import { loadAssignment } from '../assignments/framework/load-assignment';
import { misconceptionsOf } from '../assignments/framework/misconceptions';
import { observedOnReference } from '../assignments/framework/observed-tests';
import { realisticBugsOf } from '../assignments/framework/realistic-bugs';
import { judgeCase } from '../observe/judge';
import { observe } from '../observe/observe';
import { ReferenceVerdicts } from '../observe/shrink/reference-verdicts';
import { shrinkInProcess } from '../observe/shrink/shrink-in-process';
import { vmlabRoot } from '../io/vmlab-root';
import { REFERENCE_COMPONENTS } from '../reference/reference-components';
import { Figure } from './measure';

/** One failing visible test of a realistic bug: its first failing case, before and after shrinking. */
export interface ShrunkBugCase {
  readonly bug: string;
  readonly test: string;
  /** Whether this is the bug's first failing visible test (in suite order). */
  readonly firstOfBug: boolean;
  readonly originalParts: number;
  readonly shrunkParts: number;
}

/**
 * Shrink, for every realistic bug of the assignment and every visible test
 * it fails, the test's first failing case, as the grader shrinks it for a
 * student: the same key (the diagnosis' rule and misconception, else the
 * first difference's field and kind of place), the default budget. Bugs no
 * visible test catches have no cases.
 */
export async function shrinkRealisticBugs(assignmentId: string): Promise<ShrunkBugCase[]> {
  const assignment = loadAssignment(path.join(vmlabRoot(), 'assignments', assignmentId));
  const visible = observedOnReference(assignment.suites.filter((suite) => suite.reference.visibility === 'visible').flatMap((suite) => expandSuite(suite)));
  const catalogue = misconceptionsOf(assignmentId);
  const rules = assignment.manifest.rules ?? [];
  const reference = new ReferenceVerdicts();
  const shrunk: ShrunkBugCase[] = [];
  for (const bug of realisticBugsOf(assignmentId)) {
    const components = { ...REFERENCE_COMPONENTS, ...bug.components };
    const failingTests = visible.flatMap((test) => {
      const failing = test.cases.find(({ probe, expected }) => judgeCase(test.check, expected, observe(probe, components)) !== null);
      return failing === undefined ? [] : [{ test, failing }];
    });
    for (const [index, { test, failing }] of failingTests.entries()) {
      const result = await shrinkInProcess(failing.probe, test.check, components, { keyOf: diagnosisKey(catalogue, rules, test), reference });
      if (result === undefined) throw new Error(`the case of ${bug.id} in ${test.id} fails, then does not`);
      shrunk.push({ bug: bug.id, test: test.id, firstOfBug: index === 0, originalParts: result.originalParts, shrunkParts: result.shrunkParts });
    }
  }
  return shrunk;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The median shrunk / original events over every failing visible test of the shadow bugs: target at most 1/4 (issue 14). */
export const SHRINK_RATIO_TARGET = 0.25;

export function shrinkRatio(one: ShrunkBugCase): number {
  return one.shrunkParts / one.originalParts;
}

export async function shrinkFigures(): Promise<Figure[]> {
  const cases = await shrinkRealisticBugs('shadow');
  const firsts = cases.filter((one) => one.firstOfBug);
  return [
    { name: 'shadow bugs, every failing visible test: shrunk / original events, median', value: median(cases.map(shrinkRatio)), unit: '', target: { value: SHRINK_RATIO_TARGET, better: 'lower' } },
    { name: 'shadow bugs, failing visible tests shrunk', value: cases.length, unit: 'cases' },
    { name: 'shadow bugs, each bug\'s first failing test only: shrunk / original, median', value: median(firsts.map(shrinkRatio)), unit: '' },
    { name: 'shadow bugs, every failing visible test: original events, median', value: median(cases.map((one) => one.originalParts)), unit: 'events' },
    { name: 'shadow bugs, every failing visible test: shrunk events, median', value: median(cases.map((one) => one.shrunkParts)), unit: 'events' },
  ];
}
