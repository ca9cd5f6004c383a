import { SubmissionResults } from '../results/submission-results';
import { GradedStudent, renderClassSummary } from './render-class-summary';
import { diagnosedDifference, fourStudents, syntheticResults } from './test-support/synthetic-results';

const WALK = { id: 'walk', title: 'Walk' };

function graded(results: readonly SubmissionResults[]): GradedStudent[] {
  return results.map((result) => ({ results: result, outFolder: result.student }));
}

/** The text of the section whose h2 or h3 has this id, up to the next heading. */
function section(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  expect(start).toBeGreaterThan(-1);
  const next = html.slice(start + 1).search(/<h[23] /);
  return next === -1 ? html.slice(start) : html.slice(start, start + 1 + next);
}

test('the figures of a class of four', () => {
  const html = renderClassSummary(WALK, graded(fourStudents()), ['eve']);
  expect(html).toContain('<a href="grades.csv">grades.csv</a>');
  expect(html).toMatch(/Could not be graded[^<]*: eve</);
  expect(section(html, 'scores')).toMatch(/<th scope="row">Mean<\/th><td class="number">4.75<\/td><td class="number">47.5%<\/td>/);
  expect(section(html, 'scores')).toMatch(/<th scope="row">Median<\/th><td class="number">4.5<\/td><td class="number">45%<\/td>/);
  expect(section(html, 'parts')).toMatch(/Translations<br><code class="muted">translation<\/code><\/th><td class="number">6<\/td><td class="number">2.75<\/td><td class="number">45.8%<\/td>/);
  expect(section(html, 'categories')).toMatch(/<th scope="row">large pages<\/th><td class="number">1<\/td><td class="number">1 of 4<\/td><td class="number">25%<\/td><td class="number">37.5%<\/td>/);
  expect(section(html, 'problems')).toContain('2 of 4 submissions had tests that did not run to the end');
  expect(section(html, 'problems')).toMatch(/<th scope="row">does not compile<\/th><td>compilation<\/td><td class="number">1<\/td><td class="number">3<\/td>/);
  expect(section(html, 'problems')).toMatch(/<th scope="row">test over its time limit<\/th><td>sandbox<\/td><td class="number">1<\/td><td class="number">1<\/td>/);
});

test('the histogram: one rect per bin, its count in its title and in the table beside it', () => {
  const html = renderClassSummary(WALK, graded(fourStudents()), []);
  const titles = [...html.matchAll(/<rect [^>]*><title>([^<]*)<\/title><\/rect>/g)].map((match) => match[1]);
  expect(titles).toEqual([
    '0–10%: 1 student',
    '10–20%: 0 students',
    '20–30%: 0 students',
    '30–40%: 0 students',
    '40–50%: 1 student',
    '50–60%: 1 student',
    '60–70%: 0 students',
    '70–80%: 0 students',
    '80–90%: 0 students',
    '90–100%: 1 student',
  ]);
  expect(html.match(/<rect /g)).toHaveLength(10);
  expect(html).toContain('<tr><th scope="row">90–100%</th><td>1</td></tr>');
  expect(html).toMatch(/<svg [^>]*role="img" aria-labelledby="histogram-caption"/);
});

test('the hardest test comes first', () => {
  const hardest = section(renderClassSummary(WALK, graded(fourStudents()), []), 'hardest');
  const ids = [...hardest.matchAll(/<code class="muted">([^<]*)<\/code>/g)].map((match) => match[1]);
  expect(ids).toEqual(['t2', 't3', 't1']);
  expect(hardest).toContain('<td class="number">1 of 4</td><td class="number">25%</td>');
});

test('students best first with their parts and notes; report links percent-encoded', () => {
  const students = [...graded(fourStudents()), { results: syntheticResults('zoe q', [], { seed: 42 }), outFolder: 'zoe q#1' }];
  const table = section(renderClassSummary(WALK, students, []), 'students');
  const rows = [...table.matchAll(/<tr><td class="number">(\d+)<\/td><th scope="row"><a href="([^"]*)">([^<]*)<\/a><\/th>(.*)<\/tr>/g)];
  expect(rows.map((row) => [row[1], row[2], row[3]])).toEqual([
    ['1', 'alice/report.html', 'alice'],
    ['2', 'carol/report.html', 'carol'],
    ['3', 'bob/report.html', 'bob'],
    ['4', 'dave/report.html', 'dave'],
    ['4', 'zoe%20q%231/report.html', 'zoe q'],
  ]);
  // bob: 4 of 10, translation 4, permissions 0, no seed, one test stopped.
  expect(rows[2][4]).toBe('<td class="number">4 <span class="muted">of 10</span></td><td class="number">40%</td><td class="number">4</td><td class="number">0</td><td class="number"></td><td>1 test: test over its time limit</td>');
  expect(rows[3][4]).toContain('<td>walker: does not compile</td>');
  expect(rows[4][4]).toContain('<td class="number">42</td>');
});

test('nobody graded yet: the page still renders', () => {
  const html = renderClassSummary(WALK, [], []);
  expect(html).toContain('No student has been graded yet.');
  expect(html).toContain('Every graded student passed every test.');
  expect(html.match(/<rect /g)).toHaveLength(10);
  expect(html).not.toContain('Could not be graded');
});

test('one self-contained, accessible page: no script, nothing external, headings in order, headers scoped, tables captioned', () => {
  const html = renderClassSummary(WALK, graded(fourStudents()), ['eve']);
  expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
  expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  expect(html).toContain('@media print');
  expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|url\(|@import|href="(?!#|grades\.csv|[^":/]*\/report\.html)/i);
  const levels = [...html.matchAll(/<h([1-6])[ >]/g)].map((match) => Number(match[1]));
  expect(levels[0]).toBe(1);
  levels.forEach((level, index) => index === 0 || expect(level).toBeLessThanOrEqual(levels[index - 1] + 1));
  expect(html.match(/<th[ >]/g)?.length).toBe(html.match(/<th scope="(col|row)"/g)?.length);
  expect(html.match(/<table[ >]/g)?.length).toBe(html.match(/<table[^>]*>\n<caption>/g)?.length);
});

test('student ids, titles and categories are text: no markup of theirs reaches the page', () => {
  const hostile = [
    '"><img src=x onerror=alert(1)>',
    '</script><script>alert(1)</script>',
    "' onmouseover='alert(1)",
  ];
  const students = hostile.map((id, index) => ({
    results: syntheticResults(id, [{ id: `<b>t${index}</b>`, title: '<svg onload=alert(1)>', category: '<i>rights</i>', passedCases: 0, totalCases: 1 }]),
    outFolder: id,
  }));
  const html = renderClassSummary({ id: '<u>walk</u>', title: '<em>Walk</em>' }, students, ['<script>alert(2)</script>']);
  expect(html).not.toMatch(/<img|<script|<svg onload|<b>|<i>|<u>|<em>|onerror=alert|onmouseover='/i);
  expect(html).toContain('&quot;&gt;&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
  expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
  expect(html).toContain(`href="${encodeURIComponent(hostile[0])}/report.html"`);
});

test('students graded without some sandbox fences are said so, fence by fence; a fully fenced class says nothing of it', () => {
  const [alice, bob, ...rest] = fourStudents();
  const students = [{ ...alice, missingFences: ['pid-namespace', 'unprivileged-user'] }, { ...bob, missingFences: ['pid-namespace'] }, ...rest];
  expect(section(renderClassSummary(WALK, graded(students), []), 'problems')).toContain('pid-namespace (2 submissions), unprivileged-user (1 submission)');
  expect(section(renderClassSummary(WALK, graded(fourStudents()), []), 'problems')).not.toContain('without some of the sandbox');
});

test('the misconceptions across the class: each with its rule and the students whose failed tests show it, most students first; none without diagnoses', () => {
  const student = (name: string, ids: readonly string[]) =>
    syntheticResults(name, ids.map((id, index) => ({ id: `t${index}`, passedCases: 0, totalCases: 2, failure: diagnosedDifference(id) })));
  const html = renderClassSummary(WALK, graded([student('ada', ['rare', 'common']), student('bob', ['common', 'common']), student('cy', [])]), []);
  const rows = [...section(html, 'misconceptions').matchAll(/<tr><th scope="row">([^<]*)<\/th><td>([^<]*)<\/td><td class="number">([^<]*)<\/td><td class="number">(\d+)<\/td><\/tr>/g)].map((match) => match.slice(1));
  expect(rows).toEqual([
    ['MISCONCEPTION common', 'RULE TITLE common', '2 (66.7%)', '3'],
    ['MISCONCEPTION rare', 'RULE TITLE rare', '1 (33.3%)', '1'],
  ]);
  expect(renderClassSummary(WALK, graded(fourStudents()), [])).not.toContain('id="misconceptions"');
});
