import { MachineProbe, MemoryImage, Probe } from '../probe-types';
import { scenarioNeeds, withNeeds } from './scenario-needs';

/** What a probe is shrunk over, as a reader counts it: "40 events", "12 table entries". */
export type PartName = 'events' | 'operations' | 'table entries';

/**
 * A probe seen as a list of parts that can be left out: a machine scenario's
 * events, a TLB probe's operations, a walk's (or a 2D walk's) memory words,
 * the table entries. `rebuild` makes the probe of some of them, with what
 * they need added back (the events that make a kept event's process and map
 * its page), and says which parts it holds.
 */
export interface ProbeParts {
  readonly name: PartName;
  readonly count: number;
  rebuild(kept: readonly number[]): { readonly probe: Probe; readonly parts: readonly number[] };
}

export function probeParts(probe: Probe): ProbeParts {
  switch (probe.kind) {
    case 'machine':
      return machineParts(probe);
    case 'tlb':
      return {
        name: 'operations',
        count: probe.operations.length,
        rebuild: (kept) => ({ probe: { ...probe, operations: kept.map((index) => probe.operations[index]) }, parts: kept }),
      };
    case 'walk':
    case 'nested-walk': {
      const words = Object.keys(probe.memory);
      const memoryOf = (kept: readonly number[]): MemoryImage => Object.fromEntries(kept.map((index) => [words[index], probe.memory[words[index]]]));
      return { name: 'table entries', count: words.length, rebuild: (kept) => ({ probe: { ...probe, memory: memoryOf(kept) }, parts: kept }) };
    }
  }
}

function machineParts(probe: MachineProbe): ProbeParts {
  const { events } = probe.scenario;
  const needs = scenarioNeeds(events);
  return {
    name: 'events',
    count: events.length,
    rebuild: (kept) => {
      const parts = withNeeds(kept, needs);
      return { probe: { ...probe, scenario: { ...probe.scenario, events: parts.map((index) => events[index]) } }, parts };
    },
  };
}

/** How many parts a probe has, as shrinking counts them. */
export function partCount(probe: Probe): number {
  return probeParts(probe).count;
}
