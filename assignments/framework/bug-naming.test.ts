import { bugNaming, MISCONCEPTIONS_SHOWN } from './bug-naming';
import { BugGrade, FailedByBug } from './grade-realistic-bugs';
import { Diagnosis } from './misconception';
import { trialBug } from './test-support/trial-assignment';

const diagnosis = (id: string, title = `title of ${id}`): Diagnosis => ({ rule: 'invlpg-drops', ruleTitle: 'INVLPG drops', component: 'tlb', misconception: { id, title, explanation: 'why', concept: 'TLB' } });

/** A failed test as grading a bug gives it, with only what naming reads. */
const failed = (pointsLost: number, diagnosed?: Diagnosis): FailedByBug =>
  ({ test: 't', suite: 'hidden', title: 't', rules: [], failedCases: 1, totalCases: 1, first: {} as never, pointsLost, ...(diagnosed === undefined ? {} : { diagnosis: diagnosed }) }) as FailedByBug;

/** `names` null: the bug declares no words. */
const grade = (failures: FailedByBug[], names: RegExp | null = /INVLPG keeps/): BugGrade => ({ bug: trialBug({ names: names ?? undefined }), failed: failures, pointsLost: 0 });

describe('bugNaming', () => {
  it('is named, first, when the most probable misconception uses the bug\'s words', () => {
    const naming = bugNaming(grade([failed(1, diagnosis('other')), failed(3, diagnosis('keeps', 'INVLPG keeps the entry'))]));
    expect(naming).toMatchObject({ caught: true, named: true, namedFirst: true });
    expect(naming.shown.map((item) => item.diagnosis.misconception.id)).toEqual(['keeps', 'other']);
  });

  it('is named, not first, when a later shown misconception uses them', () => {
    expect(bugNaming(grade([failed(3, diagnosis('other')), failed(1, diagnosis('keeps', 'INVLPG keeps the entry'))]))).toMatchObject({ named: true, namedFirst: false });
  });

  it(`is not named when only a misconception past the first ${MISCONCEPTIONS_SHOWN} uses them`, () => {
    const others = Array.from({ length: MISCONCEPTIONS_SHOWN }, (_, index) => failed(5, diagnosis(`other${index}`)));
    const naming = bugNaming(grade([...others, failed(1, diagnosis('keeps', 'INVLPG keeps the entry'))]));
    expect(naming.shown).toHaveLength(MISCONCEPTIONS_SHOWN);
    expect(naming).toMatchObject({ caught: true, named: false, namedFirst: false });
  });

  it('reads the words in the whole diagnosis: explanation, concept and rule too', () => {
    expect(bugNaming(grade([failed(1, diagnosis('x'))], /INVLPG drops/)).named).toBe(true);
    expect(bugNaming(grade([failed(1, diagnosis('x'))], /TLB/)).named).toBe(true);
  });

  it('is never named without a misconception, or when the bug declares no words', () => {
    expect(bugNaming(grade([failed(1, { rule: 'invlpg-drops', ruleTitle: 'INVLPG keeps nothing', component: 'tlb' })]))).toMatchObject({ caught: true, named: false, shown: [] });
    expect(bugNaming(grade([failed(1, diagnosis('keeps', 'INVLPG keeps the entry'))], null)).named).toBe(false);
  });

  it('is not caught when no test fails', () => {
    expect(bugNaming(grade([]))).toEqual({ caught: false, shown: [], named: false, namedFirst: false });
  });

  it('gives the same answer for words written with the global flag, however many misconceptions it reads', () => {
    const shownTwice = [failed(2, diagnosis('keeps', 'INVLPG keeps the entry')), failed(1, diagnosis('keeps2', 'INVLPG keeps it too'))];
    expect(bugNaming(grade(shownTwice, /INVLPG keeps/g))).toMatchObject({ named: true, namedFirst: true });
  });
});
