/**
 * Delta debugging (Zeller and Hildebrandt's ddmin) over the parts of a
 * failing input, numbered 0..count-1: it looks for a smallest set of parts
 * that still fails, trying halves, then quarters, and so on, subsets before
 * their complements. Each round's candidates are tested together in one call,
 * so a caller that must run them somewhere costly (a sandbox child, a worker
 * thread) pays its start-up once per round. Deterministic: the same answers
 * give the same rounds.
 */

/** How much a shrink may try: candidates tested in all, and rounds (one batch each). */
export interface ShrinkBudget {
  readonly maxCandidates: number;
  readonly maxRounds: number;
}

/** 400 candidates in at most 40 rounds: a 60-event scenario shrinks to a handful well inside it. */
export const DEFAULT_SHRINK_BUDGET: ShrinkBudget = { maxCandidates: 400, maxRounds: 40 };

/**
 * Tests a round's candidates (each a sorted list of part numbers): for each,
 * the parts that still fail the same way (the candidate itself, or the
 * candidate with what it needs added back: a scenario's spawns, say), or null.
 */
export type TestParts = (candidates: readonly (readonly number[])[]) => Promise<ReadonlyArray<readonly number[] | null>>;

export interface DdminResult {
  /** The smallest failing set found, sorted. */
  readonly parts: readonly number[];
  readonly rounds: number;
  /** Candidates tested (answers taken from the cache of earlier rounds not counted). */
  readonly candidates: number;
  /** True when ddmin ran to its end (1-minimal: no single chunk of the last granularity can go); false when the budget stopped it. */
  readonly complete: boolean;
}

export async function ddmin(count: number, test: TestParts, budget: ShrinkBudget = DEFAULT_SHRINK_BUDGET): Promise<DdminResult> {
  let current = Array.from({ length: count }, (_, index) => index);
  let granularity = 2;
  let rounds = 0;
  let candidates = 0;
  // Answers already known, by candidate: ddmin comes back to the same subsets after a reduction.
  const known = new Map<string, readonly number[] | null>();

  while (current.length >= 2) {
    const chunks = split(current, granularity);
    const subsets = chunks;
    // With two chunks each complement is the other chunk: tested once.
    const complements = granularity === 2 ? [] : chunks.map((_, skip) => chunks.filter((__, index) => index !== skip).flat());
    const round = [...subsets, ...complements];
    const fresh = unique(round.filter((candidate) => !known.has(keyOf(candidate))));
    const room = budget.maxCandidates - candidates;
    if (rounds >= budget.maxRounds || (fresh.length > 0 && room <= 0)) return { parts: current, rounds, candidates, complete: false };
    const asked = fresh.slice(0, room);
    if (asked.length > 0) {
      rounds++;
      candidates += asked.length;
      const answers = await test(asked);
      asked.forEach((candidate, index) => known.set(keyOf(candidate), answers[index] ?? null));
    }
    const passing = (candidate: readonly number[]) => known.get(keyOf(candidate)) ?? null;
    const subset = subsets.map(passing).find(smallerThan(current));
    const complement = complements.map(passing).find(smallerThan(current));
    if (subset !== undefined) {
      current = [...subset];
      granularity = 2;
    } else if (complement !== undefined) {
      current = [...complement];
      granularity = Math.max(granularity - 1, 2);
    } else if (asked.length < fresh.length) {
      // The budget cut this round short: what was not tried may still have shrunk it.
      return { parts: current, rounds, candidates, complete: false };
    } else if (granularity < current.length) {
      granularity = Math.min(granularity * 2, current.length);
    } else {
      break;
    }
  }
  return { parts: current, rounds, candidates, complete: true };
}

/** A failing answer that is a real reduction (what was added back may make it as large as before). */
function smallerThan(current: readonly number[]): (answer: readonly number[] | null) => answer is readonly number[] {
  return (answer): answer is readonly number[] => answer !== null && answer.length < current.length;
}

/** `items` in `parts` chunks of near-equal size, in order. */
function split(items: readonly number[], parts: number): number[][] {
  const chunks: number[][] = [];
  let start = 0;
  for (let index = 0; index < parts; index++) {
    const end = start + Math.floor((items.length - start) / (parts - index));
    chunks.push(items.slice(start, end));
    start = end;
  }
  return chunks.filter((chunk) => chunk.length > 0);
}

function unique(candidates: readonly (readonly number[])[]): (readonly number[])[] {
  const seen = new Set<string>();
  return candidates.filter((candidate) => {
    const key = keyOf(candidate);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function keyOf(candidate: readonly number[]): string {
  return candidate.join(',');
}
