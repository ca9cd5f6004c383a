import { ExpandedTest } from '../../observe/test-case';
import { referenceTlb } from '../../reference/tlb/reference-tlb';
import { gradeRealisticBug, publicTestNamingIt, ruleTestsFailed } from './grade-realistic-bugs';
import { bugCatchProblems, bugSetProblems, MIN_BUGS_PER_COMPONENT } from './realistic-bug-requirements';
import { TRIAL_ASSIGNMENT, TRIAL_TESTS, trialBug } from './test-support/trial-assignment';

const TESTS = TRIAL_TESTS;
const bug = trialBug;

describe('grading a realistic bug', () => {
  const grade = gradeRealisticBug(bug(), TESTS);

  it('lists the tests it fails with their cases and first difference', () => {
    expect(grade.failed.map(({ test: id, failedCases, totalCases }) => [id, failedCases, totalCases])).toEqual([
      ['trial.public.invlpg', 1, 2],
      ['trial.hidden.invlpg', 1, 4],
    ]);
    expect(grade.failed[0].first.field).toBe('entries dropped');
  });

  it('counts the points lost by each test scoring: all of an all-or-nothing test, a share of a proportional one', () => {
    expect(grade.failed.map((failed) => failed.pointsLost)).toEqual([2, 1]);
    expect(grade.pointsLost).toBe(3);
  });

  it('finds the public test whose feedback names the mistake, and the tests of its rule', () => {
    expect(publicTestNamingIt(grade)?.test).toBe('trial.public.invlpg');
    expect(publicTestNamingIt(gradeRealisticBug(bug({ feedback: /no such words/ }), TESTS))).toBeUndefined();
    expect(ruleTestsFailed(grade).map((failed) => failed.test)).toEqual(['trial.public.invlpg', 'trial.hidden.invlpg']);
  });
});

describe('requirements 2 and 3', () => {
  it('hold for a bug a public test catches and names, and a test of its rule fails', () => {
    expect(bugCatchProblems(gradeRealisticBug(bug(), TESTS))).toEqual([]);
  });

  it('fail for a bug no test catches', () => {
    expect(bugCatchProblems(gradeRealisticBug(bug({ components: { tlb: referenceTlb } }), TESTS))).toEqual([
      'invlpgIgnored (invlpg drops nothing): no public test fails it',
      'invlpgIgnored (invlpg drops nothing): no test declaring its rule "invlpg-drops" fails it',
    ]);
  });

  it('fail for a bug only hidden tests catch', () => {
    expect(bugCatchProblems(gradeRealisticBug(bug(), TESTS.filter((observed) => observed.suite === 'hidden')))[0]).toBe('invlpgIgnored (invlpg drops nothing): no public test fails it; only trial.hidden.invlpg');
  });

  it('fail, quoting what the public tests said, when none names the mistake', () => {
    const [problem] = bugCatchProblems(gradeRealisticBug(bug({ feedback: /no such words/ }), TESTS));
    expect(problem).toMatch(/no failing public test's title, hint or first difference matches \/no such words\/; they say:\n {2}trial\.public\.invlpg \(trial\.public\.invlpg\): at operation 2: .*dropped fewer entries/);
  });

  it('hold when the failing public test names the mistake in its title or hint, as a test of one rule does', () => {
    const named = (extra: Partial<ExpandedTest>) => TESTS.map((observed) => (observed.suite === 'public' ? { ...observed, ...extra } : observed));
    const words = bug({ feedback: /INVLPG must drop the page/ });
    expect(bugCatchProblems(gradeRealisticBug(words, named({ title: 'INVLPG must drop the page' })))).toEqual([]);
    expect(bugCatchProblems(gradeRealisticBug(words, named({ hint: 'INVLPG must drop the page, whatever its size.' })))).toEqual([]);
    expect(bugCatchProblems(gradeRealisticBug(words, named({})))).toHaveLength(1);
  });

  it("fail for a bug no test of its rule catches", () => {
    expect(bugCatchProblems(gradeRealisticBug(bug({ rule: 'lookups' }), TESTS))).toEqual(['invlpgIgnored (invlpg drops nothing): no test declaring its rule "lookups" fails it']);
  });
});

describe('requirement 1 and the bug set', () => {
  const assignment = TRIAL_ASSIGNMENT;

  it(`wants ${MIN_BUGS_PER_COMPONENT} bugs per assessed component`, () => {
    const many = Array.from({ length: MIN_BUGS_PER_COMPONENT }, (_, index) => bug({ id: `bug${index}` }));
    expect(bugSetProblems(assignment, many)).toEqual([]);
    expect(bugSetProblems(assignment, many.slice(1))).toEqual([`tlb: ${MIN_BUGS_PER_COMPONENT - 1} realistic bugs, fewer than ${MIN_BUGS_PER_COMPONENT}`]);
  });

  it('names a bug whose rule is not the manifest\'s, or that replaces a component not assessed', () => {
    const problems = bugSetProblems(assignment, [bug({ rule: 'nope' }), bug({ id: 'walkerBug', components: { walker: referenceTlb as never } }), bug({ id: 'nothing', components: {} })]);
    expect(problems).toEqual(
      expect.arrayContaining([
        'invlpgIgnored: breaks "nope", which is not a rule of the manifest',
        'walkerBug: replaces walker, which the assignment does not assess',
        'nothing: replaces no component',
      ]),
    );
  });
});
