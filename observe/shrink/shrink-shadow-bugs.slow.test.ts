import { median, shrinkRatio, shrinkRealisticBugs } from '../../bench/shrink-figure';

/**
 * The benchmark's shrink figure (`npm run bench -- shrink`), held: over every
 * visible test each realistic shadow bug fails, the test's first failing
 * case shrunk as the grader shrinks it. The target is a median of at
 * most a quarter of the original events; these suites give 0.31 (446 cases:
 * the public tests are mostly 6 to 16 events, and a case cannot go below the
 * 3 events of spawn, mmap and an access, so a 10-event test stops at 0.3;
 * the 60-event random cases shrink to a tenth). The target is not met, and
 * this test holds today's figure against regressions, with the first
 * failing test of each bug alone (0.48, mostly 4- to 7-event tests) as
 * context.
 */
test('the shadow bugs\' failing visible cases shrink: median at most 0.31 of their events, never larger', async () => {
  const cases = await shrinkRealisticBugs('shadow');
  expect(cases.length).toBeGreaterThanOrEqual(400);
  expect(cases.every((one) => one.shrunkParts <= one.originalParts && one.shrunkParts > 0)).toBe(true);
  expect(median(cases.map(shrinkRatio))).toBeLessThanOrEqual(0.31);
  const firsts = cases.filter((one) => one.firstOfBug);
  expect(firsts.length).toBeGreaterThanOrEqual(40);
  expect(median(firsts.map(shrinkRatio))).toBeLessThanOrEqual(0.5);
  const random = cases.filter((one) => one.originalParts >= 60);
  expect(random.length).toBeGreaterThan(0);
  expect(median(random.map(shrinkRatio))).toBeLessThanOrEqual(0.15);
}, 600_000);
