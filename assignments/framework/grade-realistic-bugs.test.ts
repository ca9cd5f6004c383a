import { ExpandedTest } from '../../observe/test-case';
import { TlbOperation } from '../../observe/tlb/tlb-probe-types';
import { referenceTlb } from '../../reference/tlb/reference-tlb';
import { TlbComponent } from '../../reference/tlb/tlb-component';
import { gradeRealisticBug, publicTestNamingIt, ruleTestsFailed } from './grade-realistic-bugs';
import { LoadedAssignment } from './loaded-assignment';
import { RealisticBug } from './realistic-bug';
import { bugCatchProblems, bugSetProblems, MIN_BUGS_PER_COMPONENT } from './realistic-bug-requirements';
import { observedOnReference } from './observed-tests';

/** The reference TLB whose invlpg drops nothing (and says so). */
const invlpgIgnored: TlbComponent = {
  create(config) {
    const inner = referenceTlb.create(config);
    return {
      lookup: (...args) => inner.lookup(...args),
      fill: (fill) => inner.fill(fill),
      invalidatePage: () => 0,
      flushContext: (vpid, pcid) => inner.flushContext(vpid, pcid),
      flushVpid: (vpid) => inner.flushVpid(vpid),
      vmTransition: (vpidEnabled) => inner.vmTransition(vpidEnabled),
      flushAll: () => inner.flushAll(),
      entries: () => inner.entries(),
    };
  },
};

const FILL: TlbOperation = { op: 'fill', vpid: 0, pcid: 0, global: false, va: '0x400000', pageSize: '0x1000', physicalBase: '0x5000', rights: 'rwxu', dirty: true };
const LOOKUP: TlbOperation = { op: 'lookup', vpid: 0, pcid: 0, va: '0x400000', access: { kind: 'read', user: true }, wp: true };
const INVLPG: TlbOperation = { op: 'invlpg', vpid: 0, pcid: 0, va: '0x400000' };
const probe = (...operations: TlbOperation[]) => ({ kind: 'tlb' as const, config: { entries: 8, ways: 2 }, operations });

const test = (id: string, suite: string, points: number, probes: ReturnType<typeof probe>[], extra: Partial<ExpandedTest> = {}): ExpandedTest => ({
  id,
  title: id,
  component: 'tlb',
  part: 'basics',
  points,
  category: 'invlpg',
  check: 'policy',
  suite,
  probes,
  rules: ['invlpg-drops'],
  ...extra,
});

const TESTS = observedOnReference([
  // Two cases, one with an invlpg: all or nothing, so failing one case loses both points.
  test('trial.public.invlpg', 'public', 2, [probe(FILL, INVLPG, LOOKUP), probe(FILL, LOOKUP)], { scoring: 'all-or-nothing' }),
  test('trial.public.lookups', 'public', 1, [probe(FILL, LOOKUP)], { rules: ['lookups'] }),
  // Four cases, one with an invlpg: proportional, so failing it loses a quarter of 4.
  test('trial.hidden.invlpg', 'hidden', 4, [probe(FILL, INVLPG), probe(FILL), probe(LOOKUP), probe(FILL, LOOKUP)]),
]);

const bug = (extra: Partial<RealisticBug> = {}): RealisticBug => ({
  id: 'invlpgIgnored',
  rule: 'invlpg-drops',
  mistake: 'invlpg drops nothing',
  feedback: /dropped fewer entries/,
  components: { tlb: invlpgIgnored },
  ...extra,
});

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
  const assignment = {
    dir: '/nowhere',
    manifest: {
      id: 'trial',
      title: 'Trial',
      assesses: ['tlb'],
      provides: ['walker'],
      studentFiles: ['starter/src/tlb.ts'],
      parts: [{ id: 'basics', title: 'Basics', points: 7 }],
      rules: [{ id: 'invlpg-drops', part: 'basics', title: 'invlpg drops', spec: 'invlpg' }],
      suites: [],
      limits: { testSeconds: 1, submissionSeconds: 1, memoryMiB: 64 },
    },
    suites: [],
  } as LoadedAssignment;

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
