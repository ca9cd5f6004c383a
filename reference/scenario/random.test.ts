import { Random } from './random';

function sequence(seed: number, length: number): number[] {
  const random = new Random(seed);
  return Array.from({ length }, () => random.uint32());
}

describe('Random', () => {
  it('gives the same sequence for the same seed', () => {
    expect(sequence(42, 100)).toEqual(sequence(42, 100));
  });

  it('gives different sequences for different seeds, including neighbouring ones', () => {
    const first = sequence(0, 8);
    for (const seed of [1, 2, 0xffffffff]) expect(sequence(seed, 8)).not.toEqual(first);
  });

  it('produces 32-bit unsigned integers that use the whole range', () => {
    const values = sequence(7, 10_000);
    expect(values.every((value) => Number.isInteger(value) && value >= 0 && value <= 0xffffffff)).toBe(true);
    expect(Math.max(...values)).toBeGreaterThan(0xf0000000);
    expect(Math.min(...values)).toBeLessThan(0x10000000);
    expect(new Set(values).size).toBeGreaterThan(9_990);
  });

  it('int(min, max) stays within bounds and hits every value about equally often', () => {
    const random = new Random(3);
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 60_000; i++) {
      const value = random.int(1, 6);
      expect(value >= 1 && value <= 6).toBe(true);
      counts[value - 1]++;
    }
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });

  it('weighted() follows the weights and never draws a zero weight', () => {
    const random = new Random(11);
    const counts = { a: 0, b: 0, never: 0 };
    for (let i = 0; i < 40_000; i++) counts[random.weighted<keyof typeof counts>([['a', 1], ['never', 0], ['b', 3]])]++;
    expect(counts.never).toBe(0);
    expect(counts.b / counts.a).toBeGreaterThan(2.7);
    expect(counts.b / counts.a).toBeLessThan(3.3);
  });

  it('chance(p) is true about p of the time', () => {
    const random = new Random(5);
    let hits = 0;
    for (let i = 0; i < 20_000; i++) if (random.chance(0.25)) hits++;
    expect(Math.abs(hits / 20_000 - 0.25)).toBeLessThan(0.02);
  });
});
