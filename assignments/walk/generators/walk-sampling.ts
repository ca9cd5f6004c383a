import { Random } from '../../../reference/scenario/random';

/**
 * How the walk generators turn (seed, count) into cases. Most of them
 * enumerate a space of cases (flag combinations × accesses × controls) in a
 * fixed order; `count` picks a sample of it and the seed picks which one and
 * the details of each case (addresses, frames, which reserved bit).
 */

/** A space of cases, enumerated in a fixed order without materializing it. */
export interface CaseSpace<C> {
  readonly size: number;
  at(index: number): C;
}

export function listSpace<C>(items: readonly C[]): CaseSpace<C> {
  return { size: items.length, at: (index) => items[index] };
}

/** Every pair, the inner space varying fastest: a slice of consecutive indices covers all of `inner`. */
export function productSpace<A, B, C>(outer: CaseSpace<A>, inner: CaseSpace<B>, combine: (a: A, b: B) => C): CaseSpace<C> {
  return {
    size: outer.size * inner.size,
    at: (index) => combine(outer.at(Math.floor(index / inner.size)), inner.at(index % inner.size)),
  };
}

/**
 * Indices of the cases to generate, ascending. `count` 0, or at least the
 * size of the space: all of them. Otherwise a stratified sample: the space is
 * cut into `count` slices of consecutive indices and one index is drawn from
 * each, so every region of the enumeration is visited whatever the seed (a
 * plain random sample could miss a whole corner of the matrix).
 */
export function sampleIndices(size: number, count: number, random: Random): number[] {
  if (count === 0 || count >= size) return Array.from({ length: size }, (_, index) => index);
  return Array.from({ length: count }, (_, slice) => {
    const start = Math.floor((slice * size) / count);
    const end = Math.floor(((slice + 1) * size) / count);
    return random.int(start, end - 1);
  });
}

/**
 * The randomness of one case, derived from the seed and the case's index
 * alone: a case has the same addresses whichever other cases are sampled with
 * it, so "case 1234 of seed 7" means one thing.
 */
export function caseRandom(seed: number, index: number): Random {
  return new Random((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
}

/** Draw the sample of `space` for (seed, count) and build each case. */
export function generateFromSpace<C, P>(space: CaseSpace<C>, seed: number, count: number, build: (item: C, random: Random) => P): P[] {
  return sampleIndices(space.size, count, new Random(seed)).map((index) => build(space.at(index), caseRandom(seed, index)));
}
