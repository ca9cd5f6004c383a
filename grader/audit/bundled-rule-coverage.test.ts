import * as path from 'path';
import { assignmentFolders } from '../../assignments/assignment-folders';
import { loadAssignment } from '../../assignments/framework/load-assignment';
import { vmlabRoot } from '../../io/vmlab-root';
import { ruleCoverage } from './rule-coverage';

// The audit's rule coverage, for every bundled assignment: each rule its spec states has a test that exercises it.
test.each(assignmentFolders(path.join(vmlabRoot(), 'assignments')).map((folder) => [path.basename(folder), folder] as const))('every rule of %s is exercised by a test', (_id, folder) => {
  const coverage = ruleCoverage(loadAssignment(folder));
  expect({ declared: coverage.declared, uncovered: coverage.uncovered, unknownRules: coverage.unknownRules }).toEqual({ declared: true, uncovered: [], unknownRules: [] });
});
