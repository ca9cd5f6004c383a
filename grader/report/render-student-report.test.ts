import Handlebars from 'handlebars';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { sketchWalker } from '../../assignments/walk/test-support/sketch-walker';
import { readGradedResults } from '../results/read-graded-results';
import { gradeToFolder } from '../grade/grade-to-folder';
import { sketchWalkerSource, writeWalkerSubmission } from '../grade/test-support/walker-submissions';
import { gradescopeResults } from '../results/gradescope-results';
import { SubmissionResults, TestFailure } from '../results/submission-results';
import { vmlabRoot } from '../../io/vmlab-root';
import { failurePicture } from './pictures/failure-picture';
import { renderStudentReport } from './render-student-report';
import { explainSandbox, MAX_OUTPUT_SHOWN } from './student-report-view';
import { caretUnder } from '../results/compile-text';
import { failedCases } from './test-support/failed-cases';
import { StudentTest, studentResults } from './test-support/student-results';
import { Diagnosis } from '../../assignments/framework/misconception';


/** A real failing case with its picture: the public test a walker taking rights from the leaf alone fails first. */
const [LEAF_RIGHTS] = failedCases('walk', { walker: sketchWalker(['rightsFromLeafOnly']) }, (suite) => suite === 'public');
const WALK_FAILURE: TestFailure = {
  kind: 'difference',
  caseIndex: 0,
  caseSummary: 'user read of 0x7f1234567abc, CR3 0x1000 (WP=1, NXE=1, 4-level)',
  difference: LEAF_RIGHTS.failed.difference,
  picture: failurePicture(LEAF_RIGHTS.failed),
};

const render = (results: SubmissionResults, afterDueDate = false) => renderStudentReport(results, { afterDueDate });

/** Text as the page holds it: handlebars escapes `=` too. */
const escaped = (text: string) => Handlebars.Utils.escapeExpression(text);

/** What a report shows of a failing case: the case, the values compared, the picture. */
const CASE_DETAILS = [escaped(WALK_FAILURE.caseSummary), escaped(LEAF_RIGHTS.failed.difference.message), 'The first difference', 'First difference', 'The walk of 0x'];

test('a visible failure shows the case, the difference in words, and the walk level by level with the diverging step marked', () => {
  const html = render(studentResults([{ id: 'walk.public.user', title: 'A supervisor-only PDE above a user PTE', failure: WALK_FAILURE, hint: 'AND the rights.' }]));
  for (const shown of [...CASE_DETAILS, 'A supervisor-only PDE above a user PTE', 'AND the rights.']) expect(html).toContain(shown);
  expect(html).toMatch(/<tbody class="first">\s*<tr><th scope="rowgroup" rowspan="2">Outcome<br><strong class="marker">First difference<\/strong>/);
  expect(html).toContain('The #PF error code, bit by bit');
});

test.each([
  ['a hidden test', 'hidden'],
  ['an after-due-date test, before the due date', 'after_due_date'],
] as const)('%s shows only its category, hint, verdict and points', (_name, visibility) => {
  const failure = { ...WALK_FAILURE, difference: { ...WALK_FAILURE.difference, expected: 'EXPECTED-VALUE', got: 'RETURNED-VALUE' } };
  const html = render(studentResults([{ id: 'walk.hidden.secret', title: 'SECRET TITLE', visibility, category: 'rights', hint: 'AND the rights.', failure, passedCases: 1, totalCases: 4 }]), false);
  for (const shown of ['rights', 'AND the rights.', '✗ failed', '0.5 of 2 points; 1 of 4 cases passed']) expect(html).toContain(shown);
  for (const withheld of [...CASE_DETAILS, 'SECRET TITLE', 'walk.hidden.secret', 'EXPECTED-VALUE', 'RETURNED-VALUE']) expect(html).not.toContain(withheld);
});

test('an after-due-date test opens up with --after-due-date; a hidden one never does', () => {
  const tests = [
    { id: 'walk.tlb.a', title: 'TLB TITLE', visibility: 'after_due_date' as const, failure: WALK_FAILURE },
    { id: 'walk.hidden.b', title: 'HIDDEN TITLE', visibility: 'hidden' as const, failure: WALK_FAILURE },
  ];
  expect(render(studentResults(tests), false)).not.toContain('TLB TITLE');
  const after = render(studentResults(tests), true);
  expect(after).toContain('TLB TITLE');
  expect(after.match(/<caption>The walk of 0x/g)).toHaveLength(1);
  expect(after).not.toContain('HIDDEN TITLE');
});

test('the seeds a TA needs to reproduce the generated tests', () => {
  const html = render(studentResults([{ id: 'walk.public.random', failure: WALK_FAILURE, seed: 1234 }], { seed: 77 }));
  expect(html).toContain('seeded with 77: a TA reproduces them with vmlab grade --seed 77');
  expect(html).toContain('Its cases are generated with seed 1234.');
});

test('score by part and by component, every test with its verdict and points', () => {
  const html = render(studentResults([{ id: 'a', title: 'Passes' }, { id: 'b', title: 'Fails', failure: WALK_FAILURE }]));
  expect(html).toMatch(/<th scope="row">Translations<\/th><td class="number">2 \/ 4<\/td><td class="number">1 of 2<\/td>/);
  expect(html).toMatch(/<th scope="row"><code>walker<\/code><\/th><td class="number">2 \/ 4<\/td>/);
  expect(html).toContain('<span class="verdict passed">✓ passed</span>');
  expect(html).toMatch(/<a href="#test-2">Fails<\/a>/);
});

test('a compile error at its file, line and column, the offending line shown with a caret under the column', () => {
  const sourceLine = '\treturn { pageSize: PAGE_BYTES[level] };';
  const html = render(
    studentResults([{ id: 'a', failure: { kind: 'not-run', reason: 'Not run: walker does not compile.' } }], {
      compile: [{ component: 'walker', reason: 'does-not-compile', problems: [{ file: 'starter/src/walker.ts', line: 75, column: 11, message: "Type 'number' is not assignable to type 'bigint'.", sourceLine }] }],
      extraFiles: ['notes.txt'],
    }),
  );
  expect(caretUnder(sourceLine, 11)).toBe('\t         ^');
  expect(html).toContain('<code>starter/src/walker.ts:75:11</code>');
  expect(html).toContain(`<pre><code>\treturn { pageSize: PAGE_BYTES[level] };\n<span aria-hidden="true">\t         ^</span></code></pre>`);
  expect(html).toContain('<li><code>notes.txt</code></li>');
  expect(html).toContain('Not run: walker does not compile.');
});

test.each([
  ['timeout', 'timed out after 10 s', /did not finish this test in time \(timed out after 10 s\)/],
  ['memory', 'exceeded 512 MiB', /used more memory than it may \(exceeded 512 MiB\)/],
  ['exited', 'exited with code 3', /ended the process running it \(exited with code 3\)\. Do not call process\.exit\(\)/],
  ['crashed', 'crashed: SIGSEGV', /stopped by the system \(crashed: SIGSEGV\)/],
  ['submission-timeout', "the submission's 300 s ran out during this test", /time for the whole submission ran out/],
  ['protocol', 'the sandbox returned 1 observations for 2 cases', /could not read what your code answered/],
])('a test the sandbox stopped (%s) says why in plain words', (status, reason, words) => {
  expect(explainSandbox(status, reason)).toMatch(words);
  expect(render(studentResults([{ id: 'a', failure: { kind: 'sandbox', status, reason } }]))).toMatch(words);
});

test.each([
  ['exited', 'exited with code 42'],
  ['crashed', 'crashed: SIGUSR2'],
  ['protocol', 'the sandbox sent a message that is not an answer to this test: answer for test "0x7f00deadb000"'],
])('a hidden test the sandbox stopped (%s) says how, never the reason, which the code may choose', (status, reason) => {
  const html = render(studentResults([{ id: 'a', visibility: 'hidden', failure: { kind: 'sandbox', status, reason } }]));
  expect(html).toMatch(new RegExp(explainSandbox(status, undefined).slice(0, 30).replace(/[()]/g, '\\$&')));
  expect(html).not.toContain(reason.replace(/"/g, '&quot;'));
  expect(html).not.toMatch(/42|SIGUSR2|deadb/);
});

test("the program's output, folded away in <details>, escaped and cut for the page", () => {
  const html = render(studentResults([{ id: 'a' }], { output: { visible: { stdout: `walking\n${'x'.repeat(MAX_OUTPUT_SHOWN + 10)}`, stderr: 'oops <b>', truncated: true, seconds: 1 } } }));
  expect(html).toMatch(/<details>\n<summary>Standard output \(2 lines, 20018 bytes; the first 20000 characters shown\)<\/summary>/);
  expect(html).toContain('oops &lt;b&gt;');
  expect(html).toContain("cut off at the grader's limit");
  expect(html).not.toContain('x'.repeat(MAX_OUTPUT_SHOWN));
});

describe('one self-contained, accessible page', () => {
  const pages = [
    render(studentResults([{ id: 'a', failure: WALK_FAILURE }, { id: 'b', visibility: 'hidden', failure: WALK_FAILURE }, { id: 'c' }], { output: { visible: { stdout: 'hi', stderr: '', truncated: false, seconds: 1 }, hidden: { stdout: 'secret', stderr: '', truncated: false, seconds: 1 } } })),
    render(studentResults([{ id: 'a', failure: { kind: 'not-run', reason: 'Not run.' } }], { compile: [{ component: 'walker', reason: 'missing', problems: [] }] })),
  ];

  test.each(pages.map((html, i) => [i, html]))('page %i: one h1, headings in order, every table captioned, every header cell scoped', (_i, html) => {
    const levels = [...html.matchAll(/<h([1-6])[ >]/g)].map((match) => Number(match[1]));
    expect(levels.filter((level) => level === 1)).toHaveLength(1);
    expect(levels[0]).toBe(1);
    levels.forEach((level, i) => i > 0 && expect(level).toBeLessThanOrEqual(levels[i - 1] + 1));
    expect((html.match(/<table/g) ?? []).length).toBe((html.match(/<caption>/g) ?? []).length);
    expect(html.match(/<th(?=[\s>])(?![^>]*scope=")[^>]*>/g)).toBeNull();
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  });

  test.each(pages.map((html, i) => [i, html]))('page %i: no script, nothing fetched, printable with its details open', (_i, html) => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\bsrc=|href="(?!#)|url\(|@import/i);
    expect(html).toContain('@media print');
    expect(html).toContain('details::details-content');
  });
});

test('a picture that is not one this report can draw is left out; the words stay', () => {
  const broken = { ...WALK_FAILURE, picture: { kind: 'walk', steps: 'none' } } as unknown as TestFailure;
  const html = render(studentResults([{ id: 'a', failure: broken }]));
  expect(html).toContain(escaped(LEAF_RIGHTS.failed.difference.message));
  expect(html).not.toContain('The walk of 0x');
});

test('drawn again from results.json alone, the report is the same', () => {
  const results = studentResults([{ id: 'a', failure: WALK_FAILURE }, { id: 'b', visibility: 'after_due_date', failure: WALK_FAILURE }], { seed: 5 });
  const scratch = mkdtempSync(path.join(tmpdir(), 'vmlab-report-'));
  try {
    writeFileSync(path.join(scratch, 'results.json'), JSON.stringify(gradescopeResults(results, { afterDueDate: false })));
    const again = readGradedResults(scratch)!;
    expect(render(again, true)).toBe(render(results, true));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

test("the grader keeps a picture for every failure, hidden tests' for the staff only: the student's report draws none of theirs", async () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'vmlab-pictures-'));
  try {
    const submission = writeWalkerSubmission(path.join(scratch, 'chen'), sketchWalkerSource(vmlabRoot(), ['rightsFromLeafOnly']));
    const out = path.join(scratch, 'out');
    await gradeToFolder({ assignmentDir: path.join(vmlabRoot(), 'assignments', 'walk'), submission, out, afterDueDate: false });
    const results = readGradedResults(out)!;
    const failures = results.tests.filter((test) => test.failure?.kind === 'difference');
    const pictured = (visibility: string) => failures.filter((test) => test.visibility === visibility).map((test) => test.failure?.kind === 'difference' && test.failure.picture !== undefined);
    expect(pictured('visible').length).toBeGreaterThan(0);
    expect(pictured('visible').every(Boolean)).toBe(true);
    expect(pictured('hidden').length).toBeGreaterThan(0);
    expect(pictured('hidden').every(Boolean)).toBe(true);
    // Drawn for the visible failures, never for a hidden one: the report's drawings are one per visible failure.
    const html = readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html.split('The first difference, drawn').length - 1).toBe(pictured('visible').length);
    // And a step-through page beside report.html for each visible failure, never one for a hidden test (step-pages.slow.test.ts has more).
    const paged = (visibility: string) => failures.filter((test) => test.visibility === visibility).map((test) => (test.failure?.kind === 'difference' && test.failure.stepThrough !== undefined && 'page' in test.failure.stepThrough ? existsSync(path.join(out, test.failure.stepThrough.page)) : false));
    expect(paged('visible').every(Boolean)).toBe(true);
    expect(paged('hidden').some(Boolean)).toBe(false);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

/** Markup a student controls, meant to break out of every context a report puts text in. */
const HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', '</textarea></style></title>'];

function expectInert(html: string): void {
  for (const attack of HOSTILE) expect(html).not.toContain(attack);
  expect(html).not.toMatch(/<script|<img|<\/textarea|onerror=/i);
  expect(html.match(/<\/title>/g)).toHaveLength(1);
  expect(html.match(/<\/style>/g)).toHaveLength(2);
}

test('XSS: markup in the output, messages, file names, returned values and source lines is shown as text', () => {
  const text = HOSTILE.join(' ');
  const failure: TestFailure = {
    ...WALK_FAILURE,
    caseSummary: text,
    difference: { ...WALK_FAILURE.difference, got: text, message: text },
    picture: failurePicture({ ...LEAF_RIGHTS.failed, got: { ...LEAF_RIGHTS.failed.got, steps: [{ level: text, index: text, entryAddress: text, entry: text }] } as never }),
  };
  expect(failure.kind === 'difference' && failure.picture?.kind).toBe('walk');
  const html = render(
    studentResults(
      [
        { id: 'a', title: text, failure, hint: text },
        { id: 'b', failure: { kind: 'sandbox', status: 'protocol', reason: text } },
        { id: 'c', failure: { kind: 'not-run', reason: text } },
      ],
      {
        student: text,
        output: { visible: { stdout: text, stderr: text, truncated: false, seconds: 0 } },
        extraFiles: [text],
        compile: [{ component: 'walker', reason: 'does-not-compile', problems: [{ file: text, line: 1, column: 3, message: text, sourceLine: text }] }],
      },
    ),
    true,
  );
  expectInert(html);
  expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
});

test('XSS through the real pipeline: a submission that prints and throws markup', async () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'vmlab-hostile-'));
  try {
    const submission = path.join(scratch, 'mallory');
    mkdirSync(path.join(submission, 'starter', 'src'), { recursive: true });
    const text = JSON.stringify(HOSTILE.join(' '));
    writeFileSync(
      path.join(submission, 'starter', 'src', 'walker.ts'),
      `import { Walker } from '../../reference/paging/walker';\nconsole.log(${text});\nexport const walker: Walker = {\n  walk() {\n    console.error(${text});\n    throw new Error(${text});\n  },\n};\n`,
    );
    const out = path.join(scratch, 'out');
    await gradeToFolder({ assignmentDir: path.join(vmlabRoot(), 'assignments', 'walk'), submission, out, afterDueDate: true });
    const html = readFileSync(path.join(out, 'report.html'), 'utf8');
    expectInert(html);
    expect(html).toContain('Your code threw instead of returning: &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toMatch(/<summary>Standard output/);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

test('what the code printed during hidden tests is counted, never shown; after-due-date output once opened', () => {
  const output = {
    visible: { stdout: 'visible says hi\n', stderr: '', truncated: false, seconds: 1 },
    after_due_date: { stdout: 'LATER-SENTINEL\n', stderr: '', truncated: false, seconds: 1 },
    hidden: { stdout: 'HIDDEN-SENTINEL 0x7f0000001000\n', stderr: 'more\nlines\n', truncated: false, seconds: 1 },
  };
  const results = studentResults([{ id: 'a' }, { id: 'b', visibility: 'after_due_date' }, { id: 'c', visibility: 'hidden' }], { output });
  const before = render(results);
  expect(before).toContain('visible says hi');
  expect(before).not.toMatch(/HIDDEN-SENTINEL|0x7f0000001000|LATER-SENTINEL/);
  expect(before).toContain('Your code printed 1 line, 31 bytes on standard output and 2 lines, 11 bytes on standard error during these tests.');
  const after = render(results, true);
  expect(after).toContain('LATER-SENTINEL');
  expect(after).not.toMatch(/HIDDEN-SENTINEL|0x7f0000001000/);
});

describe('diagnoses', () => {
  const misconception = (id: string, component: 'walker' | 'tlb' = 'walker'): Diagnosis => ({
    rule: `rule-${id}`,
    ruleTitle: `RULE TITLE ${id}`,
    ruleSpec: `SPEC HEADING ${id}`,
    component,
    misconception: { id, title: `MISCONCEPTION ${id}`, explanation: `EXPLANATION ${id}`, concept: `CONCEPT ${id}` },
  });
  const diagnosed = (diagnosis: Diagnosis): TestFailure => ({ ...WALK_FAILURE, diagnosis });
  /** Points lost: 2 × (1 - passed / 4). */
  const failing = (id: string, diagnosis: Diagnosis, passedCases: number, extra: Partial<StudentTest> = {}): StudentTest => ({ id, title: `TITLE ${id}`, failure: diagnosed(diagnosis), passedCases, totalCases: 4, ...extra });

  test('the report opens with the likely misconceptions, most points lost first, at most three, each with its rule, spec heading, concept and the tests showing it', () => {
    const html = render(
      studentResults([
        failing('a', misconception('small'), 3),
        failing('b', misconception('big'), 0),
        failing('c', misconception('middle'), 1),
        failing('d', misconception('small'), 3, { visibility: 'hidden', category: 'rights' }),
        failing('e', misconception('least'), 3, { totalCases: 8, passedCases: 7 }),
      ]),
    );
    const section = html.slice(html.indexOf('<section aria-labelledby="misconceptions">'), html.indexOf('</section>', html.indexOf('id="misconceptions"')));
    expect(html.indexOf('id="misconceptions"')).toBeLessThan(html.indexOf('id="score"'));
    expect(html.indexOf('href="#misconceptions"')).toBeLessThan(html.indexOf('href="#score"'));
    const order = ['big', 'middle', 'small'].map((id) => section.indexOf(`MISCONCEPTION ${id}`));
    expect(order.every((at, index) => at > 0 && (index === 0 || at > order[index - 1]))).toBe(true);
    expect(section).not.toContain('MISCONCEPTION least');
    for (const shown of ['EXPLANATION big', 'CONCEPT big', 'RULE TITLE big', 'SPEC HEADING big']) expect(section).toContain(shown);
    // A hidden test is named as everywhere else, never by its title.
    expect(section).toMatch(/1 point lost in 2 tests: <a href="#test-1">TITLE a<\/a>, <a href="#test-4">Hidden test 1 \(rights\)<\/a>/);
    expect(section).not.toContain('TITLE d');
  });

  test("a failed test shows the rule it breaks and the misconception before its own hint, which stays as what the test is about; a hidden one too, without its case", () => {
    const html = render(studentResults([failing('shown', misconception('x'), 0, { hint: 'FIXED HINT' }), failing('hidden', misconception('y'), 0, { visibility: 'hidden', hint: 'OTHER HINT' })]));
    const shown = html.slice(html.indexOf('id="test-1"'), html.indexOf('id="test-2"'));
    expect(shown).toMatch(/<strong>Likely misconception:<\/strong> MISCONCEPTION x\. EXPLANATION x <span class="muted">\(CONCEPT x\)<\/span>/);
    expect(shown).toMatch(/<strong>The rule this breaks:<\/strong> RULE TITLE x <span class="muted">\(spec: SPEC HEADING x\)<\/span>/);
    expect(shown.indexOf('The rule this breaks')).toBeLessThan(shown.indexOf('<strong>About this test:</strong> FIXED HINT'));
    const hidden = html.slice(html.indexOf('id="test-2"'));
    for (const text of ['MISCONCEPTION y', 'RULE TITLE y', 'SPEC HEADING y', 'OTHER HINT']) expect(hidden).toContain(text);
    for (const withheld of CASE_DETAILS) expect(hidden).not.toContain(withheld);
  });

  test('a diagnosis without a misconception names the rule only, and adds nothing to the opening', () => {
    const { misconception: _none, ...ruleOnly } = misconception('r');
    const html = render(studentResults([failing('a', ruleOnly, 0)]));
    expect(html).toContain('<strong>The rule this breaks:</strong> RULE TITLE r');
    expect(html).not.toContain('Likely misconception');
    expect(html).not.toContain('id="misconceptions"');
  });

  test('results without diagnoses (an older results.json) render as before: no opening, the hint about the test', () => {
    const html = render(studentResults([{ id: 'old', failure: WALK_FAILURE, hint: 'OLD HINT' }]));
    expect(html).not.toContain('id="misconceptions"');
    expect(html).not.toContain('The rule this breaks');
    expect(html).toContain('<strong>About this test:</strong> OLD HINT');
  });

  test('"By component" charges a failed test to the component whose output first differs, not the one it is filed under', () => {
    const html = render(studentResults([{ id: 'passes' }, failing('sync', misconception('s', 'tlb'), 0)]));
    expect(html).toMatch(/<th scope="row"><code>walker<\/code><\/th><td class="number">2 \/ 2<\/td><td class="number">1 of 1<\/td>/);
    expect(html).toMatch(/<th scope="row"><code>tlb<\/code><\/th><td class="number">0 \/ 2<\/td><td class="number">0 of 1<\/td>/);
  });
});
