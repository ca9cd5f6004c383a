import { itNamesTheRealisticBugs } from '../framework/test-support/realistic-bugs';
import { REALISTIC_BUGS } from './bugs';
import { loadTlbAssignment } from './test-support/tlb-assignment';

// The naming target over every suite of the TLB assignment (its machine workloads included): the diagnosis names the bugs it catches.
const { assignment, tests } = loadTlbAssignment();
itNamesTheRealisticBugs({ assignment, tests, bugs: REALISTIC_BUGS });
