import { referenceMachine } from '../../reference/reference-components';
import { SimulationStats } from '../../reference/hardware/stats';
import { StatsDelta, statsDelta } from '../../reference/hardware/stats-delta';
import { ScenarioBuilder } from '../../reference/scenario/builder';
import { MachineOptions, Mode, ScenarioEvent } from '../../reference/scenario/types';

export interface PhasedRun {
  /** What each phase added to the counters, by phase name. */
  phases: Record<string, StatsDelta>;
  /** The counters as they stood at the end of each phase. */
  after: Record<string, SimulationStats>;
  /** The counters at the end of the whole run (page-table pages and the like included). */
  final: SimulationStats;
  /** Page-table pages (guest's own, and shadow) after every event. */
  samples: Array<{ event: number; guest: number; shadow: number }>;
}

/**
 * Play named phases of events, one after the other, on one machine, and
 * report what each phase cost. Laws are stated about a phase ("the reads after
 * the warm-up"), so the warm-up's own costs never blur the figure under test.
 * The laws are about the machine, so their scenarios skip the validator: a
 * validator bug cannot hide or fake a law failure.
 */
export function runPhases(mode: Mode, phases: ReadonlyArray<readonly [string, readonly ScenarioEvent[]]>, machine: MachineOptions = {}): PhasedRun {
  const builder = new ScenarioBuilder({ name: phases.map(([name]) => name).join('+'), machine });
  for (const [, events] of phases) builder.add(events);
  const scenario = builder.resolve();
  const simulated = referenceMachine({ ...scenario.machine, mode });
  const result: PhasedRun = { phases: {}, after: {}, final: simulated.stats(), samples: [] };
  let next = 0;
  for (const [name, events] of phases) {
    const before = structuredClone(simulated.stats());
    for (let i = 0; i < events.length; i++, next++) {
      simulated.run(scenario.events[next]);
      const pages = simulated.stats().pageTablePages;
      result.samples.push({ event: next, guest: pages.guest, shadow: pages.shadow });
    }
    result.after[name] = structuredClone(simulated.stats());
    result.phases[name] = statsDelta(before, result.after[name]);
  }
  result.final = structuredClone(simulated.stats());
  return result;
}
