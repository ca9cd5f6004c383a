import { referenceMachine } from '../reference/reference-components';
import { resolveMachine } from '../reference/scenario/resolve';
import { ResolvedEvent } from '../reference/scenario/types';
import { statsDelta } from '../reference/hardware/stats-delta';
import { Configuration, ConfigurationResult } from './experiment-types';
import { Workload, WorkloadEvent } from './workloads/workload';

/** Run `workload` on a fresh reference machine configured as `configuration`; figures cover the measured phase. */
export function runWorkload(workload: Workload, configuration: Configuration, scale = 1): ConfigurationResult & { readonly events: number } {
  const machine = referenceMachine(resolveMachine({ ...configuration.machine, mode: configuration.mode }));
  const settings = { guestLargePages: configuration.guestLargePages, scale };
  let index = 0;
  const play = (event: WorkloadEvent) => machine.run({ ...event, index: index++ } as ResolvedEvent);

  for (const event of workload.setUp(settings)) play(event);
  const before = structuredClone(machine.stats());
  const firstMeasured = index;
  for (const event of workload.measured(settings)) play(event);
  const end = machine.stats();
  const delta = statsDelta(before, end);
  return {
    configuration: configuration.id,
    label: configuration.label,
    mode: configuration.mode,
    events: index - firstMeasured,
    accesses: delta.accesses,
    cycles: delta.cycles,
    cyclesPerAccess: delta.accesses === 0 ? 0 : delta.cycles / delta.accesses,
    cyclesBy: delta.cyclesBy,
    tlbMisses: delta.tlbMisses,
    walks: delta.walks,
    walkMemRefs: delta.walkMemRefs,
    refsPerWalk: delta.walks === 0 ? 0 : delta.walkMemRefs / delta.walks,
    guestPageFaults: delta.guestPageFaults,
    hiddenPageFaults: delta.hiddenPageFaults,
    vmExits: delta.vmExits,
    vmExitsByReason: delta.vmExitsByReason,
    walkCacheHits: delta.walkCacheHits,
    peakPageTablePages: end.peakPageTablePages,
  };
}
