import { syntheticResults, syntheticTest } from '../batch/test-support/synthetic-results';
import { gradescopeResults } from './gradescope-results';
import { gradescopeJson, GRADESCOPE_RESULTS_LIMIT, GradescopeDraft, withinGradescopeLimit } from './gradescope-size-limit';
import { submissionResultsProblems } from './results-schema';
import { gradescopeOutputText } from './test-support/gradescope-output-text';
import type { ShrunkFailure } from './submission-results';
import type { FailurePicture } from '../report/pictures/picture-types';
import type { Probe } from '../../observe/probe-types';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/** A draft whose test outputs are paragraphs of the given sizes (in characters, `x` or a hostile character). */
function draft(sizes: readonly number[], character = 'x'): GradescopeDraft {
  const base = gradescopeResults({ ...syntheticResults('student', []), tests: sizes.map((_, index) => syntheticTest({ id: `t${index}`, passedCases: 0, totalCases: 1 })) }, { afterDueDate: false });
  const { output: _output, tests, extra_data, ...header } = base;
  return {
    header,
    output: [{ text: 'top' }],
    tests: tests.map(({ output: _testOutput, ...entry }, index) => ({ entry, output: [{ text: 'first line' }, { pre: character.repeat(sizes[index]) }, { text: 'last line' }] })),
    extraData: extra_data,
  };
}

test('results under the limit are left whole', () => {
  const results = withinGradescopeLimit(draft([10, 20]));
  expect(results.tests.map((test) => gradescopeOutputText(test.output))).toEqual([`first line\n${'x'.repeat(10)}\nlast line`, `first line\n${'x'.repeat(20)}\nlast line`]);
});

describe('results over the limit', () => {
  const limit = 50_000;
  const sizes = [100, 30_000, 2_000, 60_000];
  const results = withinGradescopeLimit(draft(sizes), limit);
  const json = gradescopeJson(results);
  const texts = results.tests.map((test) => gradescopeOutputText(test.output));

  test('stay valid JSON within the limit', () => {
    expect(bytes(json)).toBeLessThanOrEqual(limit);
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(results)));
  });

  test('cut the largest outputs first, to the same length, and leave the small ones whole', () => {
    expect(texts[0]).toBe(`first line\n${'x'.repeat(100)}\nlast line`);
    expect(texts[2]).toBe(`first line\n${'x'.repeat(2_000)}\nlast line`);
    expect(bytes(results.tests[1].output)).toBe(bytes(results.tests[3].output));
    expect(bytes(results.tests[3].output)).toBeGreaterThan(2_000);
  });

  test('say so in each cut output, with its size before the cut, as HTML Gradescope renders', () => {
    for (const index of [1, 3]) {
      expect(texts[index]).toMatch(/^first line\nx+\nCut here: this text was \d+ bytes, and Gradescope keeps results\.json under 1 MB, so the longest texts were cut first\. report\.html has all of it\.$/);
      expect(results.tests[index].output).toMatch(/<\/pre>\n<p><em>Cut here/);
    }
    expect(texts[0]).not.toContain('Cut here');
  });

  test('keep extra_data whole, so the report can be redrawn', () => {
    expect(results.extra_data).toEqual(draft(sizes).extraData);
  });
});

test('text that escapes to more bytes (entities, multi-byte characters) is cut by its escaped size', () => {
  for (const character of ['<', '"', '\u00e9', '\ud83d\ude00', '\n']) {
    const results = withinGradescopeLimit(draft([8_000, 8_000], character), 8_000);
    expect(bytes(gradescopeJson(results))).toBeLessThanOrEqual(8_000);
    for (const test of results.tests) expect(gradescopeOutputText(test.output)).toContain('Cut here');
    // No half of a surrogate pair is left at a cut.
    expect(gradescopeJson(results)).not.toMatch(/\\ud83d(?!\\ude00)/i);
  }
});

test('when outputs of notes alone do not fit, what the code printed is dropped from extra_data, which stays valid results', () => {
  const big = draft([10]);
  const printed = { visible: { stdout: 'y'.repeat(200_000), stderr: 'z'.repeat(100_000), truncated: false, seconds: 1 } };
  const results = withinGradescopeLimit({ ...big, extraData: { vmlab: { ...big.extraData.vmlab, output: printed } } }, 100_000);
  expect(bytes(gradescopeJson(results))).toBeLessThanOrEqual(100_000);
  expect(results.extra_data.vmlab.output).toEqual({ visible: { stdout: '', stderr: '', truncated: true, seconds: 1 } });
  expect(submissionResultsProblems(results.extra_data.vmlab)).toEqual([]);
});

describe('when extra_data alone is too large, it gives up only as much as needed, least missed first', () => {
  // Failures whose drawings (and shrunk cases) are large, as a long machine probe's are: the sizes stand for them.
  const bulky = (drawing: number, shrunk: number): GradescopeDraft => {
    const base = draft([10, 10]);
    const tests = base.extraData.vmlab.tests.map((test) => {
      if (test.failure?.kind !== 'difference') return test;
      const picture = { kind: 'walk', rows: 'p'.repeat(drawing) } as unknown as FailurePicture;
      const shrunkCase: ShrunkFailure = { probe: { kind: 'walk', note: 's'.repeat(shrunk) } as unknown as Probe, partName: 'events', originalParts: 40, shrunkParts: 3, summary: 'shrunk from 40 events to 3', difference: test.failure.difference };
      return { ...test, failure: { ...test.failure, picture, shrunk: shrunkCase } };
    });
    return { ...base, extraData: { vmlab: { ...base.extraData.vmlab, tests } } };
  };
  const failures = (results: ReturnType<typeof withinGradescopeLimit>) => results.extra_data.vmlab.tests.map((test) => (test.failure?.kind === 'difference' ? test.failure : undefined));

  test('the drawings go before the shrunk cases; differences and diagnoses stay', () => {
    const results = withinGradescopeLimit(bulky(60_000, 10_000), 60_000);
    expect(bytes(gradescopeJson(results))).toBeLessThanOrEqual(60_000);
    for (const failure of failures(results)) {
      expect(failure?.picture).toBeUndefined();
      expect(failure?.shrunk?.summary).toBe('shrunk from 40 events to 3');
      expect(failure?.difference.message).toBe('The access should have translated.');
    }
  });

  test('the shrunk cases go too when the drawings were not enough, and what is left is valid results', () => {
    const results = withinGradescopeLimit(bulky(60_000, 60_000), 60_000);
    expect(bytes(gradescopeJson(results))).toBeLessThanOrEqual(60_000);
    expect(failures(results).map((failure) => [failure?.picture, failure?.shrunk])).toEqual([[undefined, undefined], [undefined, undefined]]);
    expect(submissionResultsProblems(results.extra_data.vmlab)).toEqual([]);
  });

  test('nothing is given up when it fits', () => {
    expect(failures(withinGradescopeLimit(bulky(1_000, 1_000), 60_000)).every((failure) => failure?.picture !== undefined && failure.shrunk !== undefined)).toBe(true);
  });
});

test("the limit is Gradescope's 1 MB, and a real submission's results that print a lot stay under it", () => {
  expect(GRADESCOPE_RESULTS_LIMIT).toBe(1_000_000);
  const tests = Array.from({ length: 60 }, (_, index) => ({ ...syntheticTest({ id: `t${index}`, passedCases: 0, totalCases: 1 }), visibility: 'visible' as const }));
  const output = { visible: { stdout: '<'.repeat(600_000), stderr: '&'.repeat(600_000), truncated: true, seconds: 1 } };
  const json = gradescopeJson(gradescopeResults({ ...syntheticResults('student', []), tests, output }, { afterDueDate: false }));
  expect(bytes(json)).toBeLessThanOrEqual(GRADESCOPE_RESULTS_LIMIT);
  expect((JSON.parse(json) as { tests: unknown[] }).tests).toHaveLength(60);
});
