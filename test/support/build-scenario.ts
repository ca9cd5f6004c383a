import { DEFAULT_MACHINE, ResolvedEvent, ResolvedMachineOptions, ResolvedScenario, ScenarioEvent } from '../../reference/scenario/types';

/** Machine options a test may override; the TLB is replaced whole. */
export type MachineOverrides = Partial<ResolvedMachineOptions>;

/**
 * A ResolvedScenario built directly from document-style events (vm and pid
 * default to 1, addresses become bigints, `index` is the position). The laws
 * are about the machine, so their scenarios skip the validator: a validator
 * bug cannot hide or fake a law failure.
 */
export function buildScenario(name: string, events: readonly ScenarioEvent[], machine: MachineOverrides = {}): ResolvedScenario {
  return {
    name,
    machine: { ...DEFAULT_MACHINE, tlb: { ...DEFAULT_MACHINE.tlb }, ...machine },
    events: events.map((event, index) => {
      const resolved = { ...event, vm: event.vm ?? 1, pid: event.pid ?? 1, index };
      return ('va' in event ? { ...resolved, va: BigInt(event.va) } : resolved) as ResolvedEvent;
    }),
  };
}

