import * as path from 'path';
import { expandSuite } from '../../framework/expand-tests';
import { loadAssignment } from '../../framework/load-assignment';
import { LoadedAssignment } from '../../framework/loaded-assignment';
import { ExpandedTest } from '../../../observe/test-case';

export const WALK_ASSIGNMENT_DIR = path.join(__dirname, '..');

/** The walk assignment as the grader sees it: loaded, checked, every test expanded with the suite's own seeds. */
export function loadWalkAssignment(): { assignment: LoadedAssignment; tests: ExpandedTest[] } {
  const assignment = loadAssignment(WALK_ASSIGNMENT_DIR);
  return { assignment, tests: assignment.suites.flatMap((suite) => expandSuite(suite)) };
}
