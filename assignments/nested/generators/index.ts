import { ProbeGenerator } from '../../generators/generator';
import { nestedAccessedDirtyGenerator } from './nested-accessed-dirty-generator';
import { nestedAddressZeroGenerator } from './nested-address-zero-generator';
import { nestedEptMisconfigGenerator } from './nested-ept-misconfig-generator';
import { nestedEptViolationGenerator } from './nested-ept-violation-generator';
import { nestedGuestFaultGenerator } from './nested-guest-fault-generator';
import { nestedLevelMixGenerator } from './nested-level-mix-generator';
import { nestedNptGenerator } from './nested-npt-generator';
import { nestedRandomGenerator } from './nested-random-generator';
import { nestedRightsGenerator } from './nested-rights-generator';
import { nestedTwoLevelTableGenerator } from './nested-two-level-table-generator';

/** Generators of the `nested` assignment's suites. */
export const GENERATORS: readonly ProbeGenerator[] = [
  nestedLevelMixGenerator,
  nestedEptViolationGenerator,
  nestedEptMisconfigGenerator,
  nestedAccessedDirtyGenerator,
  nestedGuestFaultGenerator,
  nestedNptGenerator,
  nestedRandomGenerator,
  nestedAddressZeroGenerator,
  nestedTwoLevelTableGenerator,
  nestedRightsGenerator,
];
