import { referenceMachine } from '../reference/reference-components';
import { ScenarioBuilder } from '../reference/scenario/builder';
import { statsDelta } from '../reference/hardware/stats-delta';
import { Configuration, ConfigurationResult } from './experiment-types';
import { Workload } from './workloads/workload';

/** Run `workload` on a fresh reference machine configured as `configuration`; figures cover the measured phase. */
export function runWorkload(workload: Workload, configuration: Configuration, scale = 1): ConfigurationResult & { readonly events: number } {
  const settings = { guestLargePages: configuration.guestLargePages, scale };
  const builder = new ScenarioBuilder({ name: workload.name, machine: { ...configuration.machine, mode: configuration.mode } });
  workload.setUp(builder, settings);
  const firstMeasured = builder.length;
  workload.measured(builder, settings);
  const scenario = builder.resolve();
  const machine = referenceMachine(scenario.machine);

  for (const event of scenario.events.slice(0, firstMeasured)) machine.run(event);
  const before = structuredClone(machine.stats());
  for (const event of scenario.events.slice(firstMeasured)) machine.run(event);
  const end = machine.stats();
  const delta = statsDelta(before, end);
  return {
    configuration: configuration.id,
    label: configuration.label,
    mode: configuration.mode,
    events: scenario.events.length - firstMeasured,
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
