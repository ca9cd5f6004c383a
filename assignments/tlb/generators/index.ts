import { ProbeGenerator } from '../../generators/generator';
import { invlpgGenerator, piecesGenerator } from './tlb-invalidation-generators';
import { lookupFillGenerator, pageSizesGenerator } from './tlb-lookup-generators';
import { randomMixGenerator } from './tlb-random-generator';
import { freeWaysGenerator, lruGenerator } from './tlb-replacement-generators';
import { cleanEntriesGenerator, rightsGenerator } from './tlb-rights-generators';
import { pcidGenerator, vpidGenerator } from './tlb-tag-generators';
import { invvpidGenerator, vmTransitionsGenerator } from './tlb-vm-generators';
import { vmSwitchGenerator } from './tlb-vm-switch-generator';

/**
 * Generators of the `tlb` assignment's suites. All but the last write TLB
 * probes, each shaped around one rule (free choices from the seed: the
 * geometry, contexts, frames, orders, addresses inside pages); the last is
 * the experiment, the VM-switch ping-pong workload as machine probes in ept
 * mode, on the machine built with the student's TLB.
 */
export const GENERATORS: readonly ProbeGenerator[] = [
  lookupFillGenerator,
  pageSizesGenerator,
  lruGenerator,
  freeWaysGenerator,
  pcidGenerator,
  vpidGenerator,
  invlpgGenerator,
  piecesGenerator,
  vmTransitionsGenerator,
  invvpidGenerator,
  cleanEntriesGenerator,
  rightsGenerator,
  randomMixGenerator,
  vmSwitchGenerator,
];
