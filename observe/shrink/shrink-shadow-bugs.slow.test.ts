import { median, shrinkRealisticBugs } from '../../bench/shrink-figure';

/**
 * The benchmark's shrink figure (`npm run bench -- shrink`), held: over the
 * shadow assignment's realistic bugs, the first failing visible test's case
 * shrunk. Most bugs first fail a hand-written 4-event public test
 * (first-read), whose floor is 3 events (spawn, mmap, access): over all of
 * them the median ratio is near 1/2 (0.48), over the cases of ten events or
 * more 0.4 (mostly 10 → 4): the target of a quarter is not met by
 * these suites, and this test holds today's figures against regressions.
 * The 60-event random cases shrink to a tenth (shrink-probe.test.ts).
 */
test('the shadow bugs\' first failing visible cases shrink: at most half, never larger', async () => {
  const cases = await shrinkRealisticBugs('shadow');
  expect(cases.length).toBeGreaterThanOrEqual(40);
  expect(cases.every((one) => one.shrunkParts <= one.originalParts && one.shrunkParts > 0)).toBe(true);
  const long = cases.filter((one) => one.originalParts >= 10);
  expect(long.length).toBeGreaterThanOrEqual(10);
  expect(median(long.map((one) => one.shrunkParts / one.originalParts))).toBeLessThanOrEqual(0.5);
  expect(median(cases.map((one) => one.shrunkParts / one.originalParts))).toBeLessThanOrEqual(0.5);
}, 600_000);
