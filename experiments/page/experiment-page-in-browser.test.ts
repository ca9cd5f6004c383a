import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { chromiumMissing, launchChromium } from '../../grader/report/test-support/chromium';
import { INERT, SCREENSHOTS, activeContent, horizontalOverflow, openOffline, screenshot } from '../../grader/report/test-support/offline-page';
import { EXIT_REASONS } from '../../reference/hardware/stats';
import { renderExperimentPage } from './render-experiment-page';
import { HOSTILE_TEXT, experimentFixture } from './test-support/experiment-fixture';

/**
 * The experiment page as a browser shows it: the fixture's page opened in
 * Chromium with the network cut off must render with no console error, no
 * script and no request, draw every bar the data has, fit a phone's width,
 * and leave screenshots in out/screenshots/ for review.
 */

const RESULTS = experimentFixture();
const RUNS = RESULTS.workloads.flatMap((workload) => workload.runs);
const VIRTUALIZED = RUNS.filter((run) => run.mode !== 'native');
const EXIT_REASONS_MET = EXIT_REASONS.filter((reason) => VIRTUALIZED.some((run) => run.vmExitsByReason[reason] > 0));

/** The bars each chart must draw, from the data: one per run, and for stacks one per run and series. */
const EXPECTED_BARS: ReadonlyArray<readonly [string, number]> = [
  ['cycles-per-access', RUNS.length],
  // The TLB-miss workload alone.
  ['walk-references', RESULTS.workloads.find((workload) => workload.workload === 'tlb-miss')?.runs.length ?? 0],
  ['vm-exits', VIRTUALIZED.length * EXIT_REASONS_MET.length],
  // Per workload, native, shadow, and one bar for the two EPT configurations (same tables); guest, shadow and EPT pages each.
  ['page-tables', RESULTS.workloads.length * 3 * 3],
];

const missing = chromiumMissing();
if (missing !== undefined) {
  test.skip(`the experiment page in a browser: skipped, ${missing}`, () => undefined);
} else {
  describe('the experiment page in a browser', () => {
    let scratch: string;
    let file: string;
    let browser: Browser;

    beforeAll(async () => {
      scratch = mkdtempSync(path.join(tmpdir(), 'vmlab-experiment-page-'));
      file = path.join(scratch, 'index.html');
      writeFileSync(file, renderExperimentPage(RESULTS));
      browser = await launchChromium();
      mkdirSync(SCREENSHOTS, { recursive: true });
    });
    afterAll(async () => {
      await browser?.close();
      rmSync(scratch, { recursive: true, force: true });
    });

    test('inert, and every chart drawn with the bars of its data, filled with patterns the page defines', async () => {
      const opened = await openOffline(browser, file);
      const { page } = opened;
      expect(await activeContent(opened)).toEqual(INERT);
      expect(await page.locator('h1').count()).toBe(1);
      const patterns = await page.locator('pattern').evaluateAll((elements) => elements.map((element) => element.id));
      for (const [chart, bars] of EXPECTED_BARS) {
        const section = page.locator(`section[aria-labelledby="chart-${chart}"]`);
        expect([chart, await section.locator('figure.bar-panel svg rect.bar').count()]).toEqual([chart, bars]);
        const fills = await section.locator('rect.bar').evaluateAll((rects) => rects.map((rect) => rect.getAttribute('fill')));
        expect(fills.every((fill) => patterns.includes(/^url\(#(.*)\)$/.exec(fill ?? '')?.[1] ?? ''))).toBe(true);
        // Drawn at a readable size, not collapsed.
        const box = await section.locator('figure.bar-panel svg').first().boundingBox();
        expect(box?.width).toBeGreaterThan(300);
        expect(box?.height).toBeGreaterThan(100);
        expect(await section.locator('details table').count()).toBe(1);
      }
      const text = await page.locator('body').innerText();
      expect(text).toContain(HOSTILE_TEXT);
      for (const claim of RESULTS.claims) expect(text).toContain(claim.claim);
      await screenshot(page, 'experiment');
      await page.close();
    });

    test('at a phone’s width the page never scrolls sideways, and the charts fit the screen', async () => {
      const { page } = await openOffline(browser, file, { width: 390, height: 844 });
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(1);
      const widths = await page.locator('figure.bar-panel svg').evaluateAll((svgs) => svgs.map((svg) => svg.getBoundingClientRect().width));
      expect(widths.length).toBeGreaterThan(0);
      expect(widths.every((width) => width > 250 && width <= 390)).toBe(true);
      await screenshot(page, 'experiment-phone');
      await page.close();
    });
  });
}
