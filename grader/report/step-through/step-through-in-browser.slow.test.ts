import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Browser } from 'playwright-core';
import { vmlabRoot } from '../../../io/vmlab-root';
import { chromiumMissing, launchChromium } from '../test-support/chromium';
import { activeContent, horizontalOverflow, INERT, OfflinePage, openOffline, SCREENSHOTS } from '../test-support/offline-page';
import { referenceStep, stepProbe } from './observe-step';
import { renderStepThrough } from './render-step-through';
import { scenarioStepSource } from '../../grade/step-case-source';

/**
 * The step-through page in Chromium at a laptop's 1366×768: navigation is by
 * anchor alone (no script), so loading page.html#event-N must show event N
 * and hide the others, and two anchors must look different on screen.
 */

const LAPTOP = { width: 1366, height: 768 };

const missing = chromiumMissing();
if (missing !== undefined) {
  test.skip(`step-through in a browser: skipped, ${missing}`, () => undefined);
} else {
  describe('the step-through page in a browser', () => {
    let scratch: string;
    let file: string;
    let browser: Browser;

    beforeAll(async () => {
      scratch = mkdtempSync(path.join(tmpdir(), 'vmlab-step-browser-'));
      const source = await scenarioStepSource(path.join(vmlabRoot(), 'examples', 'two-vms.json'));
      const probe = stepProbe(source.probe);
      file = path.join(scratch, 'step.html');
      writeFileSync(file, renderStepThrough({ ...source, probe, expected: referenceStep(probe) }));
      browser = await launchChromium();
      mkdirSync(SCREENSHOTS, { recursive: true });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      rmSync(scratch, { recursive: true, force: true });
    });

    /** The page opened at `#anchor`: a navigation within the file, as a click on a step's link makes. */
    async function openAt(anchor: string): Promise<OfflinePage> {
      const opened = await openOffline(browser, file, LAPTOP);
      await opened.page.goto(`${pathToFileURL(file).href}#${anchor}`, { waitUntil: 'load' });
      return opened;
    }

    test('each anchor shows its own event only, and the screen changes with it', async () => {
      const third = await openAt('event-3');
      const fifth = await openAt('event-5');
      try {
        expect(await third.page.isVisible('#event-3')).toBe(true);
        expect(await third.page.isVisible('#event-5')).toBe(false);
        expect(await fifth.page.isVisible('#event-5')).toBe(true);
        expect(await fifth.page.isVisible('#event-3')).toBe(false);
        // The shown event's heading is on the first screen, below the sticky list of steps rather than under it.
        const box = await third.page.locator('#event-3-heading').boundingBox();
        const nav = await third.page.locator('.steps-nav').boundingBox();
        expect(box).not.toBeNull();
        expect(box!.y).toBeGreaterThanOrEqual(nav!.y + nav!.height);
        expect(box!.y + box!.height).toBeLessThanOrEqual(LAPTOP.height);
        const shots = await Promise.all([third, fifth].map(({ page }) => page.screenshot()));
        expect(shots[0].equals(shots[1])).toBe(false);
        writeFileSync(path.join(SCREENSHOTS, 'step-through-event-3.png'), shots[0]);
        expect(await horizontalOverflow(third.page)).toBeLessThanOrEqual(0);
        expect(await activeContent(third)).toEqual(INERT);
      } finally {
        await Promise.all([third.page.close(), fifth.page.close()]);
      }
    }, 60_000);

    test('with no anchor the first step is shown, and the links step to the next', async () => {
      const opened = await openOffline(browser, file, LAPTOP);
      try {
        expect(await opened.page.isVisible('#event-0')).toBe(true);
        expect(await opened.page.isVisible('#event-1')).toBe(false);
        await opened.page.click('#event-0 .step-links a');
        expect(await opened.page.isVisible('#event-1')).toBe(true);
        expect(await opened.page.isVisible('#event-0')).toBe(false);
      } finally {
        await opened.page.close();
      }
    }, 60_000);
  });
}
