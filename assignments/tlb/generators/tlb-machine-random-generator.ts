import { MachineProbe } from '../../../observe/probe-types';
import { generateScenario } from '../../../reference/scenario/generate';
import { Random } from '../../../reference/scenario/random';
import { ProbeGenerator } from '../../generators/generator';
import { Params, checkParamNames, integerParam, requirePositiveCount } from '../../generators/generator-params';

/** A small TLB, so that fills evict and the replacement policy shows. */
const SMALL_TLB = Object.freeze({ entries: 16, ways: 4 });

/**
 * Random guest workloads (`vmlab generate`'s: two VMs whose processes spawn,
 * fork, map, unmap, protect, read and write) in ept mode on the machine
 * built with the student's TLB, a small one, with VPIDs on or off. Meant to
 * be judged by invariants (`"check": "invariant"`): any replacement policy
 * passes, as long as every access does what the reference's does and no
 * TLB entry outlives the translation it caches (a stale entry after an
 * unmap, a protect or a VM switch without VPIDs).
 */
export const machineRandomGenerator: ProbeGenerator = {
  name: 'tlb-machine-random',
  component: 'tlb',
  description: "random two-VM workloads in ept mode on a small TLB, VPIDs on or off, for invariant checks: any replacement policy, no stale entry",
  generate({ seed, count, params }) {
    checkParamNames(params, ['events']);
    requirePositiveCount(count);
    const events = eventsParam(params);
    const random = new Random(seed);
    return Array.from({ length: count }, (_, index): MachineProbe => {
      const vpid = index % 2 === 0;
      const scenario = generateScenario({
        seed: random.int(0, 0xffffffff),
        vms: 2,
        events,
        name: `tlb-machine-random-${index + 1}`,
        machine: { mode: 'ept', vpid, tlb: SMALL_TLB },
      });
      return { kind: 'machine', scenario, snapshots: 'every-event' };
    });
  },
};

function eventsParam(params: Params): number {
  return integerParam(params, 'events', 150, 10, 2000);
}
