import { ProbeGenerator } from '../../generators/generator';
import { invlpgGenerator, piecesGenerator } from './tlb-invalidation-generators';
import { lookupFillGenerator, pageSizesGenerator } from './tlb-lookup-generators';
import { randomMixGenerator } from './tlb-random-generator';
import { freeWaysGenerator, lruGenerator } from './tlb-replacement-generators';
import { cleanEntriesGenerator, rightsGenerator } from './tlb-rights-generators';
import { pcidGenerator, vpidGenerator } from './tlb-tag-generators';
import { invvpidGenerator, vmTransitionsGenerator } from './tlb-vm-generators';
import { machineRandomGenerator } from './tlb-machine-random-generator';
import { vmSwitchGenerator } from './tlb-vm-switch-generator';

/**
 * Generators of the `tlb` assignment's suites. All but the last two write
 * TLB probes, each shaped around one rule (free choices from the seed: the
 * geometry, contexts, frames, orders, addresses inside pages); the last two
 * write machine probes in ept mode, on the machine built with the student's
 * TLB: the experiment (the VM-switch ping-pong workload) and random
 * workloads for invariant checks.
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
  machineRandomGenerator,
];
