import * as path from 'path';
import { loadAssignment } from '../../assignments/framework/load-assignment';
import { AssignmentManifest } from '../../assignments/framework/manifest-types';
import { vmlabRoot } from '../../io/vmlab-root';
import { studentResults } from '../report/test-support/student-results';
import { MAX_RESULTS_BYTES, prairieLearnResults } from './prairielearn-results';
import { gradingTimeout, MAX_PRAIRIELEARN_TIMEOUT, questionHtml, questionInfo, uploadNames } from './question-files';
import { stableUuid } from './stable-uuid';

const walk = loadAssignment(path.join(vmlabRoot(), 'assignments', 'walk')).manifest;
const difference = { kind: 'difference' as const, caseIndex: 0, caseSummary: 'user read of 0x1000', difference: { where: 'result', check: 'policy', expected: 'a fault', actual: 'a translation' } } as never;

test('a name-based UUID is RFC 9562 version 5 (its DNS example), and the same for the same assignment', () => {
  expect(stableUuid('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  expect((questionInfo(walk) as { uuid: string }).uuid).toBe((questionInfo(walk) as { uuid: string }).uuid);
  expect((questionInfo(walk) as { uuid: string }).uuid).not.toBe((questionInfo({ ...walk, id: 'shadow' }) as { uuid: string }).uuid);
});

test("info.json grades externally on node:20 with the grader in serverFilesCourse, within PrairieLearn's timeout ceiling", () => {
  expect(questionInfo(walk)).toEqual({
    uuid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
    title: walk.title,
    topic: expect.any(String),
    tags: ['vmlab', 'walk'],
    type: 'v3',
    singleVariant: true,
    gradingMethod: 'External',
    externalGradingOptions: { image: 'node:20', entrypoint: '/grade/serverFilesCourse/walk/entrypoint.sh', serverFilesCourse: ['walk/'], timeout: MAX_PRAIRIELEARN_TIMEOUT },
  });
  const quick: AssignmentManifest = { ...walk, limits: { testSeconds: 5, submissionSeconds: 60, memoryMiB: 512, compileSeconds: 20 } };
  expect(gradingTimeout(quick)).toBe(20 + 2 * 60 + 30);
});

test('question.html uploads each student file by name and shows the external grader results', () => {
  const html = questionHtml({ ...walk, studentFiles: ['starter/src/nested-walker.ts', 'starter/src/walker.ts'] });
  expect(html).toContain('<pl-file-upload file-names="nested-walker.ts, walker.ts"></pl-file-upload>');
  expect(html).toContain('<pl-external-grader-results></pl-external-grader-results>');
  expect(html).toContain(walk.title);
});

test('student files PrairieLearn cannot tell apart or list are refused, naming them', () => {
  expect(() => uploadNames({ ...walk, studentFiles: ['starter/src/walker.ts', 'starter/other/walker.ts'] })).toThrow(/starter\/src\/walker\.ts and starter\/other\/walker\.ts have the same name/);
  expect(() => uploadNames({ ...walk, studentFiles: ['starter/src/a,b.ts'] })).toThrow(/a,b\.ts has a name pl-file-upload cannot list/);
});

describe('results.json in PrairieLearn\'s format', () => {
  test('score in [0, 1], each test with points of max_points, hidden and after-due-date tests by number and category only', () => {
    const results = prairieLearnResults(
      studentResults([
        { id: 'a', title: 'Visible test A' },
        { id: 'b', title: 'Secret input 0xdead', visibility: 'hidden', category: 'rights', hint: 'Check US.', failure: difference, passedCases: 1, totalCases: 2 },
        { id: 'c', title: 'Later test', visibility: 'after_due_date', category: 'tlb', failure: difference },
      ]),
    );
    if (!results.gradable) throw new Error('expected gradable results');
    expect(results.score).toBeCloseTo(3 / 6);
    expect(results.tests.map(({ name, points, max_points, message }) => ({ name, points, max_points, message }))).toEqual([
      { name: 'Visible test A', points: 2, max_points: 2, message: 'Passed.' },
      { name: 'Hidden test 1 (rights)', points: 1, max_points: 2, message: 'Failed: 1 of 2 cases passed.' },
      { name: 'Test 1 shown after the due date (tlb)', points: 0, max_points: 2, message: 'Failed: 0 of 2 cases passed.' },
    ]);
    expect(results.tests[1].output).toContain('About this test: Check US.');
    for (const test of results.tests.slice(1)) expect(test.output).not.toMatch(/0x1000|0xdead|a translation|Secret|Later/);
    expect(results.message).toContain('The x86-64 page walk: 3 of 6 points.');
  });

  test('not gradable, with format_errors naming the file, line and offending line, when nothing compiles', () => {
    const notRun = { kind: 'not-run' as const, reason: 'Not run: walker does not compile.' };
    const results = prairieLearnResults(
      studentResults([{ id: 'a', failure: notRun }], {
        compile: [{ component: 'walker', reason: 'does-not-compile', problems: [{ file: 'starter/src/walker.ts', line: 3, column: 7, message: "Type 'string' is not assignable to type 'number'.", sourceLine: 'const x: number = "a";' }] }],
      }),
    );
    expect(results).toEqual({ gradable: false, score: 0, message: expect.stringContaining('no attempt'), format_errors: [expect.stringContaining('starter/src/walker.ts:3:7: Type \'string\'')] });
    expect(results.gradable === false && results.format_errors[0]).toContain('    const x: number = "a";');
  });

  test('a missing file, with another that runs, stays gradable and says which file is missing', () => {
    const results = prairieLearnResults(
      studentResults([{ id: 'a' }, { id: 'b', failure: { kind: 'not-run', reason: 'Not run: tlb.ts is missing.' } }], { compile: [{ component: 'tlb', reason: 'missing', problems: [] }] }),
    );
    expect(results.gradable).toBe(true);
    expect(results.message).toMatch(/tlb: its file is missing from the upload/);
  });

  test('control characters the code printed are taken out, and huge feedback is cut to stay under 1 MB', () => {
    const printed = `\u001b[32mPASSED\u001b[0m\u0007${'x'.repeat(50_000)}`;
    const tests = Array.from({ length: 80 }, (_, index) => ({ id: `t${index}`, failure: { kind: 'sandbox' as const, status: 'crashed', reason: 'y'.repeat(40_000) } }));
    const results = prairieLearnResults(studentResults(tests, { output: { visible: { stdout: printed, stderr: '', truncated: false, seconds: 1 } } }));
    if (!results.gradable) throw new Error('expected gradable results');
    expect(Buffer.byteLength(JSON.stringify(results))).toBeLessThanOrEqual(MAX_RESULTS_BYTES);
    expect(results.output).toContain('[32mPASSED[0m');
    expect(results.output).not.toMatch(/[\u0000-\u0008\u001b\u007f]/);
    expect(results.tests).toHaveLength(80);
    expect(results.tests[0].output).toMatch(/cut here: the results may hold at most 1 MB\]$/);
    expect(results.tests.every((test) => test.max_points === 2 && test.points === 0)).toBe(true);
  });
});
