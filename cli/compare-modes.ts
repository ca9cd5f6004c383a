import { SimulationResult } from '../reference/hardware/stats';
import { Mode, Outcome } from '../reference/scenario/types';

/** Where the outcome lists of several modes first part. */
export interface OutcomeDifference {
  /** Position in the outcome lists. */
  readonly position: number;
  /** The event the differing outcomes belong to. */
  readonly event: number;
  /** Each mode's outcome at that position (null when its list is shorter). */
  readonly outcomes: Partial<Record<Mode, Outcome | null>>;
}

/**
 * The first position where the modes' outcomes are not all equal, or null if
 * the lists are identical. Outcomes are compared by content, whatever the
 * order of their keys.
 */
export function firstOutcomeDifference(results: readonly SimulationResult[]): OutcomeDifference | null {
  const length = Math.max(0, ...results.map((result) => result.outcomes.length));
  for (let position = 0; position < length; position++) {
    const texts = results.map((result) => canonical(result.outcomes[position]));
    if (texts.every((text) => text === texts[0])) continue;
    const outcomes: Partial<Record<Mode, Outcome | null>> = {};
    for (const result of results) outcomes[result.mode] = result.outcomes[position] ?? null;
    const event = results.map((result) => result.outcomes[position]).find((outcome) => outcome !== undefined)?.event ?? -1;
    return { position, event, outcomes };
  }
  return null;
}

function canonical(outcome: Outcome | undefined): string {
  if (outcome === undefined) return '(none)';
  return JSON.stringify(outcome, (_key, value: unknown) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : value,
  );
}
