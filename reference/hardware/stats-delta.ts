import { SimulationStats } from './stats';

const COUNTERS = [
  'accesses',
  'tlbHits',
  'tlbMisses',
  'walks',
  'walkMemRefs',
  'guestPageFaults',
  'hiddenPageFaults',
  'vmExits',
  'tlbFlushes',
  'contextSwitches',
  'vmSwitches',
  'cycles',
] as const;

/** The counters that accumulate over a run, as the difference between two moments. */
export type StatsDelta = Pick<SimulationStats, (typeof COUNTERS)[number] | 'vmExitsByReason' | 'cyclesBy' | 'walkCacheHits'>;

/** What happened between `before` and `after` (two snapshots of one machine's stats). */
export function statsDelta(before: SimulationStats, after: SimulationStats): StatsDelta {
  const counters = Object.fromEntries(COUNTERS.map((name) => [name, after[name] - before[name]])) as Pick<StatsDelta, (typeof COUNTERS)[number]>;
  return {
    ...counters,
    vmExitsByReason: subtractEach(before.vmExitsByReason, after.vmExitsByReason),
    cyclesBy: subtractEach(before.cyclesBy, after.cyclesBy),
    walkCacheHits: subtractEach(before.walkCacheHits, after.walkCacheHits),
  };
}

function subtractEach<K extends string>(before: Readonly<Record<K, number>>, after: Readonly<Record<K, number>>): Record<K, number> {
  const result = {} as Record<K, number>;
  for (const key of Object.keys(after) as K[]) result[key] = after[key] - before[key];
  return result;
}
