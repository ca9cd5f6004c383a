import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { syntheticResults } from '../batch/test-support/synthetic-results';
import { storeAdjustments } from '../adjustments/stored-adjustments';
import { parseLatePolicy } from '../late/late-policy';
import { storeLateWork } from '../late/late-work-file';
import { gradescopeOutputText } from '../results/test-support/gradescope-output-text';
import { GradescopeResults } from '../results/gradescope-types';
import { writeStudentResults } from './write-student-results';

/**
 * On Gradescope a student sees results.json's text, not the report: when
 * the staff's adjustments or a late penalty changed the score, the text
 * says so under the score, with the reasons and the rule.
 */
// t1: 4 of 4 cases of 2 points, p1: 0 of 2 of 2 points: 2 points graded.
const graded = { ...syntheticResults('chen', [
  { id: 't1', part: 'translation', points: 2, passedCases: 4, totalCases: 4 },
  { id: 'p1', part: 'permissions', points: 2, passedCases: 0, totalCases: 2 },
]), submittedAt: '2024-03-03T05:30:00.000Z' };

let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'vmlab-score-notes-'));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

async function gradescopeText(): Promise<{ output: string; html: string; score: number }> {
  await writeStudentResults(scratch, graded, { afterDueDate: false });
  const written = JSON.parse(readFileSync(path.join(scratch, 'results.json'), 'utf8')) as GradescopeResults;
  return { output: gradescopeOutputText(written.output), html: written.output, score: written.score };
}

test('an adjustment, then a late penalty: each said under the score, with its reason and the rule', async () => {
  await storeAdjustments(scratch, [{ target: 'p1', change: { kind: 'delta', points: 1 }, reason: 'regrade: <WP> was ambiguous', who: 'ada', where: 'adj.csv:2' }]);
  // Due 2024-03-02 04:59 UTC; submitted a day and 31 minutes later: 2 started days at 10% of the adjusted 3 points.
  await storeLateWork(scratch, { policy: parseLatePolicy({ due: '2024-03-02T04:59:00Z', penalty: '10%/day' }, 'test'), extensions: [] });
  const { output, html, score } = await gradescopeText();
  expect(score).toBeCloseTo(2.4, 9);
  // The reason is the staff's text: escaped like every text in Gradescope's HTML.
  expect(html).toContain('regrade: &lt;WP&gt; was ambiguous');
  expect(output).toContain('Walk: 2.4 of 10 points.\nGraded 2 points, then:\nAdjusted by the course staff: p1 +1, 0 → 1 points (regrade: <WP> was ambiguous).\nLate work: submitted');
  expect(output).toMatch(/late by 1 day 31 minutes\. The rule: 10% of the score per day late \(each started day counts\)\. 2 started days late cost 0\.6 points\./);
});

test('nothing is added when nothing changed the score', async () => {
  await storeLateWork(scratch, { policy: parseLatePolicy({ due: '2024-03-04T00:00:00Z', penalty: '10%/day' }, 'test'), extensions: [] });
  const { output, score } = await gradescopeText();
  expect(score).toBe(2);
  expect(output).not.toMatch(/Graded .* then|Late work|Adjusted/);
});
