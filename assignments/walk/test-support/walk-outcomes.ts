import { observe } from '../../../observe/observe';
import { Probe, WalkProbe } from '../../../observe/probe-types';
import { WalkObservation } from '../../../observe/walk-probe';
import { REFERENCE_COMPONENTS } from '../../../reference/reference-components';

/** A walk's outcome in one short line: `ok 0x5abc`, `not-present@4`, `non-canonical`. */
export function outcomeLine(observation: WalkObservation): string {
  const { result } = observation;
  if (result.ok) return `ok ${result.address}`;
  return result.level === undefined ? result.fault : `${result.fault}@${result.level}`;
}

/** The outcome kind alone: `ok`, `protection@1`, ... (the address dropped). */
export function outcomeKind(observation: WalkObservation): string {
  return outcomeLine(observation).replace(/ .*/, '');
}

/** The reference's observation of a walk probe; throws if the probe is not a walk or the reference failed on it. */
export function referenceWalk(probe: Probe): WalkObservation {
  const observation = observe(probe, REFERENCE_COMPONENTS);
  if (observation.kind !== 'walk') throw new Error(`expected a walk observation, got ${JSON.stringify(observation)}`);
  return observation;
}

export function asWalkProbe(probe: Probe): WalkProbe {
  if (probe.kind !== 'walk') throw new Error(`expected a walk probe, got a ${probe.kind} probe`);
  return probe;
}

/** How many of `items` fall in each class, as a plain object for readable test failures. */
export function tally<T>(items: readonly T[], classify: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) {
    const key = classify(item);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
