import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { batchProgress } from '../batch/batch-progress';
import { safeFolderName } from '../batch/find-submissions';
import { gradeBatch } from '../batch/grade-batch';
import { vmlabRoot } from '../../io/vmlab-root';
import { chromiumMissing, launchChromium } from './test-support/chromium';
import { INERT, OfflinePage, SCREENSHOTS, activeContent, horizontalOverflow, openOffline, screenshot } from './test-support/offline-page';

/**
 * The reports as a browser shows them: pages from the bundled example class
 * (a correct walker, one with a mistake, one that does not compile, an
 * unfinished one) and a hostile submission whose output and error messages
 * are markup, opened in Chromium with the network cut off. Each page must
 * render with no console error, no script of any kind, no request leaving the
 * file, and its content in place; a screenshot of each page type, at laptop
 * and phone widths, is written to out/screenshots/ for review.
 */

const ROOT = vmlabRoot();
const EXAMPLE_CLASS = path.join(ROOT, 'examples', 'class', 'walk');
const STUDENTS = ['ada', 'chen', 'ivan', 'bruno'];

/** Markup a student controls: printed, and thrown as the error message of every walk. */
const HOSTILE_TEXT = `<script>window.__injected = 1</script>"><img src=x onerror="window.__injected = 2"></title></style></textarea><svg onload="window.__injected = 3">`;
const HOSTILE_WALKER = `import { Walker } from '../../reference/paging/walker';
console.log(${JSON.stringify(HOSTILE_TEXT)});
export const walker: Walker = {
  walk() {
    console.error(${JSON.stringify(HOSTILE_TEXT)});
    throw new Error(${JSON.stringify(HOSTILE_TEXT)});
  },
};
`;

const HOSTILE_STUDENT = 'mallory"><b>x';

const missing = chromiumMissing();
if (missing !== undefined) {
  test.skip(`reports in a browser: skipped, ${missing}`, () => undefined);
} else {
  describe('reports in a browser', () => {
    let scratch: string;
    let out: string;
    let browser: Browser;

    beforeAll(async () => {
      scratch = mkdtempSync(path.join(tmpdir(), 'vmlab-browser-'));
      const submissions = path.join(scratch, 'submissions');
      for (const student of STUDENTS) cpSync(path.join(EXAMPLE_CLASS, student), path.join(submissions, student), { recursive: true });
      const hostile = path.join(submissions, HOSTILE_STUDENT);
      mkdirSync(path.join(hostile, 'starter', 'src'), { recursive: true });
      writeFileSync(path.join(hostile, 'starter', 'src', 'walker.ts'), HOSTILE_WALKER);
      out = path.join(scratch, 'out');
      const outcome = await gradeBatch({
        assignmentDir: path.join(ROOT, 'assignments', 'walk'),
        submissionsDir: submissions,
        out,
        jobs: 2,
        force: true,
        afterDueDate: false,
        progress: (total) => batchProgress({ write: () => true }, total),
      });
      expect(outcome.failed).toEqual([]);
      browser = await launchChromium();
      mkdirSync(SCREENSHOTS, { recursive: true });
    });
    afterAll(async () => {
      await browser?.close();
      rmSync(scratch, { recursive: true, force: true });
    });

    const open = (file: string, viewport?: { width: number; height: number }): Promise<OfflinePage> => openOffline(browser, file, viewport);
    const expectInert = async (opened: OfflinePage): Promise<void> => expect(await activeContent(opened)).toEqual(INERT);

    test('the class summary: every student linked, the histogram drawn', async () => {
      const opened = await open(path.join(out, 'summary.html'));
      const { page } = opened;
      await expectInert(opened);
      expect(await page.locator('h1').count()).toBe(1);
      const links = await page.locator('a[href$="report.html"]').evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href')));
      expect(links).toHaveLength(STUDENTS.length + 1);
      // One bar per bin, and the bars' heights add up to a drawn class: every graded student is in some bar.
      const bars = await page.locator('svg rect title').allTextContents();
      expect(bars.length).toBeGreaterThanOrEqual(5);
      const counted = bars.map((title) => Number(/(\d+) students?/.exec(title)?.[1] ?? 0)).reduce((a, b) => a + b, 0);
      expect(counted).toBe(STUDENTS.length + 1);
      const heights = await page.locator('svg rect[height]').evaluateAll((rects) => rects.map((rect) => Number(rect.getAttribute('height'))));
      expect(heights.filter((height) => height > 0).length).toBeGreaterThan(0);
      await screenshot(page, 'summary');
      await page.setViewportSize({ width: 390, height: 844 });
      await screenshot(page, 'summary-phone');
      await page.close();
    });

    test.each(STUDENTS)('the report of %s: the score and every test', async (student) => {
      const opened = await open(path.join(out, student, 'report.html'));
      const { page } = opened;
      await expectInert(opened);
      expect(await page.locator('h1').count()).toBe(1);
      const text = await page.locator('body').innerText();
      expect(text).toContain(student);
      expect(text).toMatch(/of 100/);
      await page.close();
    });

    test('the report of a submission that does not compile shows the file and line', async () => {
      const { page } = await open(path.join(out, 'ivan', 'report.html'));
      expect(await page.locator('body').innerText()).toMatch(/starter\/src\/walker\.ts.*75/s);
      await screenshot(page, 'student-report-compile-error');
      await page.close();
    });

    test('the report of a walker with a mistake, at laptop and phone widths', async () => {
      const { page } = await open(path.join(out, 'chen', 'report.html'));
      await screenshot(page, 'student-report');
      await page.setViewportSize({ width: 390, height: 844 });
      // On a phone the page itself never scrolls sideways: wide tables scroll inside their own box.
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(1);
      await screenshot(page, 'student-report-phone');
      await page.close();
    });

    test('a submission that prints and throws markup: the markup shows as text and nothing of it runs', async () => {
      const opened = await open(path.join(out, safeFolderName(HOSTILE_STUDENT), 'report.html'));
      const { page } = opened;
      await expectInert(opened);
      expect(await page.locator('img').count()).toBe(0);
      const text = await page.locator('body').innerText();
      expect(text).toContain(HOSTILE_STUDENT);
      expect(text).toContain('<script>window.__injected = 1</script>');
      await screenshot(page, 'student-report-hostile');
      await page.close();
    });

    test.each(['grid-by-student.html', 'grid-by-score.html', 'mistakes.html', `students/${safeFolderName(HOSTILE_STUDENT)}.html`])('the staff page %s: inert, one heading, student ids shown as text', async (page) => {
      const opened = await open(path.join(out, 'staff', page));
      await expectInert(opened);
      expect(await opened.page.locator('h1').count()).toBe(1);
      expect(await opened.page.locator('img').count()).toBe(0);
      if (!page.startsWith('mistakes')) expect(await opened.page.locator('body').innerText()).toContain(HOSTILE_STUDENT);
      await screenshot(opened.page, `staff-${path.basename(page, '.html').replace(/[^a-z-]/g, '_')}`);
      await opened.page.close();
    });

    test('the staff grid: a cell per student and test, each with a symbol and a title', async () => {
      const { page } = await open(path.join(out, 'staff', 'grid-by-student.html'));
      const cells = await page.locator('td.cell').evaluateAll((tds) => tds.map((td) => ({ symbol: td.textContent, title: td.getAttribute('title') ?? '' })));
      expect(cells.length).toBeGreaterThan(STUDENTS.length);
      for (const cell of cells) {
        expect(['✓', '◐', '✗', '∅', '·']).toContain(cell.symbol);
        expect(cell.title).toMatch(/^T\d+ /);
      }
      await page.close();
    });
  });
}
