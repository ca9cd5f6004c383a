import { expandSuite } from '../framework/expand-tests';
import { loadAssignment } from '../framework/load-assignment';
import { observedOnReference } from '../framework/observed-tests';
import { itNamesTheRealisticBugs } from '../framework/test-support/realistic-bugs';
import { REALISTIC_BUGS } from './bugs';

/** The diagnosis a student reads names the realistic bugs of the shadow assignment, graded over every suite. */

const assignment = loadAssignment(__dirname);

itNamesTheRealisticBugs({ assignment, tests: observedOnReference(assignment.suites.flatMap((suite) => expandSuite(suite))), bugs: REALISTIC_BUGS });
