import { MachineObservation } from '../machine/machine-observation';
import { Observation } from '../observation';
import { MachineProbe, Probe } from '../probe-types';
import { Verdicts } from './verdicts';

/**
 * The expected observations a shrink can know from one recorded observation
 * (a public test's golden) without running any reference: those of the
 * candidates the recording determines.
 *
 * - A walk (or a 2D walk) reads only some words of its memory, and absent
 *   words read as zero: a candidate that keeps every word the recorded walk
 *   read, and changes nothing else, is walked the same way.
 * - A machine runs its events in order: a candidate that is a prefix of the
 *   scenario's events ran as the recording's first events did. Its expected
 *   observation is the recording cut there (the end-of-run counters, which
 *   the cut changes, are left out: a prefix that runs to its end with no
 *   difference cannot be judged, and is not the same failure).
 * - Any other candidate (a TLB run shortened, events left out in the middle)
 *   is refused: its expected side is unknown.
 */
export class RecordedVerdicts implements Verdicts {
  constructor(
    private readonly original: Probe,
    private readonly recorded: Observation,
  ) {}

  accepts(probe: Probe): boolean {
    return this.expectedOf(probe) !== undefined;
  }

  observation(probe: Probe): Observation {
    const expected = this.expectedOf(probe);
    if (expected === undefined) throw new Error('vmlab internal error: a candidate the recording does not determine was judged');
    return expected;
  }

  private expectedOf(probe: Probe): Observation | undefined {
    const { original, recorded } = this;
    if (JSON.stringify(probe) === JSON.stringify(original)) return recorded;
    if (probe.kind === 'walk' && original.kind === 'walk' && recorded.kind === 'walk') {
      const read = recorded.steps.map((step) => step.entryAddress);
      return sameBesidesMemory(probe, original) && keepsWords(probe.memory, read) ? recorded : undefined;
    }
    if (probe.kind === 'nested-walk' && original.kind === 'nested-walk' && recorded.kind === 'nested-walk') {
      const read = recorded.references.map((reference) => reference.address);
      return sameBesidesMemory(probe, original) && keepsWords(probe.memory, read) ? recorded : undefined;
    }
    if (probe.kind === 'machine' && original.kind === 'machine' && recorded.kind === 'machine') return prefixObservation(probe, original, recorded);
    return undefined;
  }
}

function sameBesidesMemory<T extends { readonly memory: unknown }>(probe: T, original: T): boolean {
  return JSON.stringify({ ...probe, memory: null }) === JSON.stringify({ ...original, memory: null });
}

/** Whether `memory` holds every word at `addresses`, with the value the original had (addresses compared as numbers). */
function keepsWords(memory: Readonly<Record<string, string>>, addresses: readonly string[]): boolean {
  const kept = new Set(Object.keys(memory).map((address) => BigInt(address)));
  return addresses.every((address) => kept.has(BigInt(address)));
}

function prefixObservation(probe: MachineProbe, original: MachineProbe, recorded: MachineObservation): MachineObservation | undefined {
  const events = probe.scenario.events;
  const all = original.scenario.events;
  if (events.length === 0 || events.length > all.length) return undefined;
  if (JSON.stringify({ ...probe.scenario, events: null }) !== JSON.stringify({ ...original.scenario, events: null })) return undefined;
  if (JSON.stringify({ ...probe, scenario: null }) !== JSON.stringify({ ...original, scenario: null })) return undefined;
  if (!events.every((event, index) => JSON.stringify(event) === JSON.stringify(all[index]))) return undefined;
  // A recording that stopped before the cut holds no record of the events after its stop.
  if (recorded.stopped !== undefined || recorded.events.length < events.length) return undefined;
  const cut = events.length;
  const { stats: _stats, ...rest } = recorded;
  return { ...rest, events: recorded.events.filter((record) => record.event < cut), snapshots: recorded.snapshots.filter((snapshot) => snapshot.afterEvent < cut) };
}
