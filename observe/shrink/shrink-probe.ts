import { Probe } from '../probe-types';
import { ddmin, DEFAULT_SHRINK_BUDGET, ShrinkBudget } from './ddmin';
import { FailureKey } from './failure-key';
import { PartName, probeParts } from './probe-parts';
import { Verdicts } from './verdicts';

/**
 * Runs a round's candidates on the code under test and says, for each, the
 * key of its failure (failure-key.ts), or null when it passes, or fails in a
 * way that cannot be judged (the code hung or crashed on it). Called once per
 * ddmin round with all of that round's candidates.
 */
export type FailureKeys = (candidates: readonly Probe[]) => Promise<ReadonlyArray<FailureKey | null>>;

export interface ShrinkOptions {
  readonly budget?: ShrinkBudget;
  /**
   * The expected side of candidates, shared with the caller's judging (each
   * candidate runs on the reference once): ReferenceVerdicts in the grader,
   * RecordedVerdicts in a handout, which must not load the reference solutions.
   */
  readonly reference: Verdicts;
}

/** A failing case shrunk: the smaller probe, and how much smaller. */
export interface ShrunkCase {
  readonly probe: Probe;
  readonly partName: PartName;
  readonly originalParts: number;
  readonly shrunkParts: number;
  readonly rounds: number;
  readonly candidates: number;
  /** False when the budget stopped the shrink before it was done: a smaller case may exist. */
  readonly complete: boolean;
}

/**
 * Shrink a failing probe to a smallest one that still fails with the same key
 * (`key`, the original's): ddmin over its parts (probe-parts.ts), bounded by
 * the budget (by default 400 candidates in 40 rounds). Candidates the
 * verdicts refuse (a scenario whose events no longer make a valid run, or
 * whose expected side is unknown) are dropped without running; the others go to `failureKeys` a round at a time.
 */
export async function shrinkProbe(probe: Probe, key: FailureKey, failureKeys: FailureKeys, options: ShrinkOptions): Promise<ShrunkCase> {
  const parts = probeParts(probe);
  const { reference } = options;
  const result = await ddmin(
    parts.count,
    async (candidates) => {
      const rebuilt = candidates.map((kept) => parts.rebuild(kept));
      // Candidates that rebuild to the same probe (what they need added back made them equal) run once.
      const runnable = new Map<string, Probe>();
      for (const candidate of rebuilt) if (candidate.parts.length > 0 && reference.accepts(candidate.probe)) runnable.set(JSON.stringify(candidate.probe), candidate.probe);
      const probes = [...runnable.values()];
      const keys = probes.length === 0 ? [] : await failureKeys(probes);
      const keyOf = new Map([...runnable.keys()].map((text, index) => [text, keys[index] ?? null]));
      return rebuilt.map((candidate) => (keyOf.get(JSON.stringify(candidate.probe)) === key ? candidate.parts : null));
    },
    options.budget ?? DEFAULT_SHRINK_BUDGET,
  );
  return {
    probe: parts.rebuild(result.parts).probe,
    partName: parts.name,
    originalParts: parts.count,
    shrunkParts: result.parts.length,
    rounds: result.rounds,
    candidates: result.candidates,
    complete: result.complete,
  };
}

/** "shrunk from 40 events to 6". */
export function describeShrink(shrunk: Pick<ShrunkCase, 'partName' | 'originalParts' | 'shrunkParts'>): string {
  return `shrunk from ${shrunk.originalParts} ${shrunk.partName} to ${shrunk.shrunkParts}`;
}
