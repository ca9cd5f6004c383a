import { observedOnReference } from '../framework/observed-tests';
import { itCostsEveryRealisticBugEnough } from '../framework/test-support/realistic-bugs';
import { REALISTIC_BUGS } from './bugs';
import { loadWalkAssignment } from './test-support/walk-assignment';

// Requirement 4 of the realistic bugs: a walker that checks US at the leaf alone must not pass with 96.
const { assignment, tests } = loadWalkAssignment();
itCostsEveryRealisticBugEnough({ assignment, tests: observedOnReference(tests), bugs: REALISTIC_BUGS });
