import * as buggyNestedWalkers from '../../../assignments/nested/test-support/buggy-nested-walkers';
import { REALISTIC_BUGS as SHADOW_BUGS } from '../../../assignments/shadow/bugs';
import { sketchWalker, WalkerBug } from '../../../assignments/walk/test-support/sketch-walker';
import { Components } from '../../../reference/components';
import { NestedWalker } from '../../../reference/nested/nested-walker';
import { renderStudentReport } from '../render-student-report';
import { failedCases } from '../test-support/failed-cases';
import { studentResults } from '../test-support/student-results';
import { failurePicture, MAX_PICTURE_CHARACTERS } from './failure-picture';
import { isFailurePicture } from './picture-schema';

/**
 * Every mistake the suites are built to catch (the sketch walker's bugs, the
 * deliberately wrong nested walkers, the shadow variants), on every suite
 * (the shadow assignment's public one: its hidden suites run long scenarios
 * of the same kinds): the first failing case of each failing test has a picture that fits the
 * schema and the size cap, and the report draws it with the first difference
 * marked.
 */

const WALKER_BUGS: readonly WalkerBug[] = ['ignoresUser', 'rightsFromLeafOnly', 'offsetAlways4K', 'alwaysFourLevels', 'skipsCanonicalCheck', 'dirtyOnEveryAccess', 'rewritesSetBits', 'indexShiftOffByOne'];

const MISTAKES: readonly (readonly [string, 'walk' | 'shadow' | 'nested', Partial<Components>])[] = [
  ...WALKER_BUGS.map((bug) => [`walker: ${bug}`, 'walk', { walker: sketchWalker([bug]) }] as const),
  ...Object.entries(buggyNestedWalkers).map(([name, walker]) => [`nested walker: ${name}`, 'nested', { nestedWalker: walker as NestedWalker }] as const),
  ...SHADOW_BUGS.filter((bug) => ['cleanPageWritable', 'injectWithoutUser', 'noAccessedDirty', 'guestFrameAsHostFrame', 'leafDropsUser', 'neverZaps', 'invlpgKeepsTlb', 'tablesNotProtected', 'rootsLeak', 'neverEmulates'].includes(bug.id)).map(
    (bug) => [`shadow: ${bug.id}`, 'shadow', bug.components] as const,
  ),
];

test.each(MISTAKES)('%s', (_name, assignment, components) => {
  const failed = failedCases(assignment, components, (suite) => assignment !== 'shadow' || suite === 'public');
  expect(failed.length).toBeGreaterThan(0);
  let drawn = 0;
  for (const { test, failed: failedCase } of failed) {
    const picture = failurePicture(failedCase);
    if (failedCase.got.kind === 'error') {
      expect(picture).toBeUndefined();
      continue;
    }
    expect([test.id, picture === undefined]).toEqual([test.id, false]);
    expect(isFailurePicture(picture)).toBe(true);
    expect(JSON.stringify(picture).length).toBeLessThanOrEqual(MAX_PICTURE_CHARACTERS);
    const html = renderStudentReport(
      studentResults([{ id: test.id, failure: { kind: 'difference', caseIndex: 0, caseSummary: 'the case', difference: failedCase.difference, picture } }]),
      { afterDueDate: false },
    );
    expect([test.id, failedCase.difference.where, html.includes('<strong class="marker">First difference</strong>')]).toEqual([test.id, failedCase.difference.where, true]);
    drawn++;
  }
  expect(drawn).toBeGreaterThan(0);
});
