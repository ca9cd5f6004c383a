import { expandSuite } from '../framework/expand-tests';
import { loadAssignment } from '../framework/load-assignment';
import { observedOnReference } from '../framework/observed-tests';
import { itCostsEveryRealisticBugEnough } from '../framework/test-support/realistic-bugs';
import { REALISTIC_BUGS } from './bugs';

// Requirement 4 of the realistic bugs, over every suite of the nested assignment.
const assignment = loadAssignment(__dirname);
itCostsEveryRealisticBugEnough({ assignment, tests: assignment.suites.flatMap((suite) => observedOnReference(expandSuite(suite))), bugs: REALISTIC_BUGS });
