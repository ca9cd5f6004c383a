import { observedOnReference } from '../framework/observed-tests';
import { itNamesTheRealisticBugs } from '../framework/test-support/realistic-bugs';
import { REALISTIC_BUGS } from './bugs';
import { loadWalkAssignment } from './test-support/walk-assignment';

// The naming target over every suite: the misconceptions a report opens with (misconceptions/) name the realistic bugs.
const { assignment, tests } = loadWalkAssignment();
itNamesTheRealisticBugs({ assignment, tests: observedOnReference(tests), bugs: REALISTIC_BUGS });
