import { invariant } from '../errors';

/**
 * A small seeded PRNG (mulberry32: a 32-bit state, one multiply-xorshift
 * round per output). It is plain 32-bit integer arithmetic, so a seed gives
 * the same sequence on every machine and Node version: generated scenarios
 * and the tests built on them are reproducible from the seed alone.
 * Statistical quality is ample for workloads, not for cryptography.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A uniformly distributed 32-bit unsigned integer. */
  uint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.uint32() / 2 ** 32;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    invariant(items.length > 0, 'pick from an empty list');
    return items[this.int(0, items.length - 1)];
  }

  /** One of `choices`, each with probability proportional to its weight (weights >= 0, not all 0). */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
    let point = this.next() * total;
    for (const [choice, weight] of choices) {
      if (point < weight) return choice;
      point -= weight;
    }
    // Rounding can leave `point` a hair above the last weight: fall back to the last choice that can be drawn.
    const drawable = choices.filter(([, weight]) => weight > 0);
    invariant(drawable.length > 0, 'weighted choice with no positive weight');
    return drawable[drawable.length - 1][0];
  }

  /** A copy of `items` in a random order (Fisher–Yates). */
  shuffled<T>(items: readonly T[]): T[] {
    const result = [...items];
    for (let i = result.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [result[i], result[j]] = [result[j], result[i]];
    }
    return result;
  }
}
