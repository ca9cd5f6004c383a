import { expandSuite } from '../framework/expand-tests';
import { loadAssignment } from '../framework/load-assignment';
import { observedOnReference } from '../framework/observed-tests';
import { itCostsEveryRealisticBugEnough, itNamesTheRealisticBugs } from '../framework/test-support/realistic-bugs';
import { REALISTIC_BUGS } from './bugs';

// Over every suite of the nested assignment: requirement 4 of the realistic bugs, and the diagnosis naming them.
const assignment = loadAssignment(__dirname);
const tests = assignment.suites.flatMap((suite) => observedOnReference(expandSuite(suite)));
itCostsEveryRealisticBugEnough({ assignment, tests, bugs: REALISTIC_BUGS });
itNamesTheRealisticBugs({ assignment, tests, bugs: REALISTIC_BUGS });
