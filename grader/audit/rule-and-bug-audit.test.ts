import { LoadedAssignment } from '../../assignments/framework/loaded-assignment';
import { AssignmentManifest, SuiteTest } from '../../assignments/framework/manifest-types';
import { Misconception } from '../../assignments/framework/misconception';
import { RealisticBug } from '../../assignments/framework/realistic-bug';
import { TlbOperation } from '../../observe/tlb/tlb-probe-types';
import { referenceTlb } from '../../reference/tlb/reference-tlb';
import { TlbComponent } from '../../reference/tlb/tlb-component';
import { runCli } from '../../cli/test-support/run-cli';
import { auditRealisticBugs } from './bug-audit';
import { ruleCoverage } from './rule-coverage';
import { renderSuiteAuditText } from './suite-audit-text';
import { SuiteAuditReport } from './suite-audit';

// A small in-memory assignment of TLB probes: one rule exercised by a public and a hidden test, one exercised by none.
const FILL: TlbOperation = { op: 'fill', vpid: 0, pcid: 0, global: false, va: '0x400000', pageSize: '0x1000', physicalBase: '0x5000', rights: 'rwxu', dirty: true };
const LOOKUP: TlbOperation = { op: 'lookup', vpid: 0, pcid: 0, va: '0x400000', access: { kind: 'read', user: true }, wp: true };
const CR3_WRITE: TlbOperation = { op: 'cr3-write', vpid: 0, pcid: 0 };
const probe = (...operations: TlbOperation[]) => ({ kind: 'tlb' as const, config: { entries: 8, ways: 2 }, operations });
const suiteTest = (id: string, points: number, extra: Partial<SuiteTest>): SuiteTest => ({ id, title: id, component: 'tlb', part: 'basics', points, category: 'flush', check: 'policy', rules: ['cr3-flushes'], probes: [probe(FILL, CR3_WRITE, LOOKUP)], ...extra });

const MANIFEST: AssignmentManifest = {
  id: 'trial',
  title: 'Trial',
  assesses: ['tlb'],
  provides: [],
  studentFiles: ['starter/src/tlb.ts'],
  parts: [{ id: 'basics', title: 'Basics', points: 100 }],
  rules: [
    { id: 'cr3-flushes', part: 'basics', title: 'A CR3 write drops its context', spec: 'flushContext' },
    { id: 'never-tested', part: 'basics', title: 'A rule nothing exercises', spec: 'lookup' },
  ],
  suites: [],
  limits: { testSeconds: 1, submissionSeconds: 1, memoryMiB: 64 },
};

function assignment(hiddenTests: SuiteTest[], manifest: AssignmentManifest = MANIFEST): LoadedAssignment {
  const suite = (name: string, tests: SuiteTest[]) => ({ reference: { name, file: `${name}.json`, visibility: name === 'public' ? ('visible' as const) : ('hidden' as const) }, file: `${name}.json`, document: { suite: name, tests } });
  return {
    dir: '/nowhere',
    manifest,
    suites: [
      suite('public', [suiteTest('trial.public.cr3', 4, { scoring: 'all-or-nothing', probes: [probe(FILL, CR3_WRITE, LOOKUP), probe(FILL, LOOKUP)] }), suiteTest('trial.public.lookup', 1, { rules: ['never-tested'], probes: [probe(FILL, LOOKUP)] })]),
      suite('hidden', hiddenTests),
    ],
  };
}

/** The reference TLB whose CR3 writes drop nothing. */
const cr3Ignored: TlbComponent = {
  create(config) {
    const inner = referenceTlb.create(config);
    return {
      lookup: (...args) => inner.lookup(...args),
      fill: (fill) => inner.fill(fill),
      invalidatePage: (...args) => inner.invalidatePage(...args),
      flushContext: () => 0,
      flushVpid: (vpid) => inner.flushVpid(vpid),
      vmTransition: (vpidEnabled) => inner.vmTransition(vpidEnabled),
      flushAll: () => inner.flushAll(),
      entries: () => inner.entries(),
    };
  },
};
const BUG: RealisticBug = { id: 'cr3Ignored', rule: 'cr3-flushes', mistake: 'CR3 writes drop nothing', feedback: /dropped fewer entries/, components: { tlb: cr3Ignored } };

describe('rule coverage', () => {
  it('lists per rule the tests that declare it', () => {
    const coverage = ruleCoverage(assignment([suiteTest('trial.hidden.cr3', 95, {})]));
    expect(coverage.rules.map((rule) => [rule.id, rule.tests])).toEqual([
      ['cr3-flushes', ['trial.public.cr3', 'trial.hidden.cr3']],
      ['never-tested', ['trial.public.lookup']],
    ]);
    expect(coverage.targetMet).toBe(true);
  });

  it('fails for a rule no test exercises, and for a test naming an unknown rule', () => {
    const coverage = ruleCoverage(assignment([suiteTest('trial.hidden.cr3', 95, { rules: ['cr3-flushes', 'made-up'] })], { ...MANIFEST, rules: [...MANIFEST.rules!, { id: 'orphan', part: 'basics', title: 'Orphan', spec: 'lookup' }] }));
    expect(coverage.uncovered).toEqual(['orphan']);
    expect(coverage.unknownRules).toEqual([{ test: 'trial.hidden.cr3', rule: 'made-up' }]);
    expect(coverage.targetMet).toBe(false);
  });

  it('fails for a manifest without rules', () => {
    const { rules: _rules, ...withoutRules } = MANIFEST;
    expect(ruleCoverage(assignment([], withoutRules))).toMatchObject({ declared: false, targetMet: false });
  });
});

describe('the realistic bugs, over every suite', () => {
  it('costs each bug what the tests it fails are worth by their scoring, and names the cheapest', () => {
    // The public all-or-nothing test loses its 4 points; the hidden proportional one 1 of its 2 cases, 5 of 10.
    const report = auditRealisticBugs({ assignment: assignment([suiteTest('trial.hidden.cr3', 10, { probes: [probe(FILL, CR3_WRITE, LOOKUP), probe(FILL, LOOKUP)] })]), bugs: [BUG] });
    expect(report.bugs).toEqual([expect.objectContaining({ id: 'cr3Ignored', pointsLost: 9, share: 9 / 100, publicTests: ['trial.public.cr3'], namedBy: 'trial.public.cr3', ruleTests: ['trial.public.cr3', 'trial.hidden.cr3'] })]);
    expect(report.cheapest).toEqual({ id: 'cr3Ignored', pointsLost: 9, share: 0.09 });
  });

  it('fails a bug cheaper than 5% of the points, and a set smaller than 20', () => {
    const report = auditRealisticBugs({ assignment: assignment([suiteTest('trial.hidden.other', 95, { rules: ['never-tested'], probes: [probe(FILL, LOOKUP)] })]), bugs: [BUG] });
    expect(report.cheapest).toEqual({ id: 'cr3Ignored', pointsLost: 4, share: 0.04 });
    expect(report.problems).toEqual(['tlb: 1 realistic bugs, fewer than 20', 'cr3Ignored (CR3 writes drop nothing): costs 4 of 100 points, less than 5%']);
    expect(report.targetMet).toBe(false);
  });

  it('fails an assignment without bugs', () => {
    expect(auditRealisticBugs({ assignment: assignment([]), bugs: [] })).toMatchObject({ bugs: [], problems: [expect.stringMatching(/no realistic bugs/)], targetMet: false });
  });
});

test('the text names every rule with its tests, every bug with its cost, the cheapest, and the verdicts', () => {
  const trial = assignment([suiteTest('trial.hidden.cr3', 95, {})]);
  const report: SuiteAuditReport = { assignment: 'trial', rules: ruleCoverage(trial), bugs: auditRealisticBugs({ assignment: trial, bugs: [BUG] }), targetMet: false, seconds: 1 };
  const text = renderSuiteAuditText(report);
  expect(text).toContain('  cr3-flushes (basics; spec "flushContext"): 2 tests: trial.public.cr3, trial.hidden.cr3');
  expect(text).toContain('  cr3Ignored (cr3-flushes): 99 points (99.0%); named by trial.public.cr3');
  expect(text).toContain('Cheapest bug: cr3Ignored (CR3 writes drop nothing) costs 99 of 100 points (99.0%); the least allowed is 5.0%.');
  expect(text).toContain('  tlb: 1 realistic bugs, fewer than 20');
  expect(text).toMatch(/Audit of trial FAILED: rule coverage met; realistic bugs NOT met; naming not measured \(--no-naming\); mutants not run \(--no-mutants\)/);
});

describe('the naming of the realistic bugs by the diagnosis', () => {
  const trial = assignment([suiteTest('trial.hidden.cr3', 95, {})]);
  const keepsContext: Misconception = {
    id: 'cr3-keeps-context',
    rule: 'cr3-flushes',
    title: 'A CR3 write keeps the old context',
    explanation: 'Without PCIDs, writing CR3 drops every non-global entry.',
    concept: 'TLB invalidation',
    recognise: (failed) => failed.difference.field === 'entries dropped',
  };
  const named: RealisticBug = { ...BUG, names: /CR3 write keeps/ };
  const unnamed: RealisticBug = { ...BUG, id: 'cr3Unnamed', names: /page walk cache/ };
  const audit = (misconceptions: readonly Misconception[]) => auditRealisticBugs({ assignment: trial, bugs: [named, unnamed], catalogue: { misconceptions, rules: MANIFEST.rules! } });

  it('counts the caught bugs the opening misconceptions name, and lists the misses with what was shown', () => {
    expect(audit([keepsContext]).naming).toEqual({ assignment: 'trial', bugs: 2, caught: 2, named: 1, namedFirst: 1, misses: [{ bug: 'cr3Unnamed', shown: ['cr3-keeps-context'] }] });
    expect(auditRealisticBugs({ assignment: trial, bugs: [named] }).naming).toBeUndefined();
  });

  it('prints the figure with its target and the misses, and counts it in the verdict', () => {
    const report = (misconceptions: readonly Misconception[]): SuiteAuditReport => {
      const bugs = audit(misconceptions);
      return { assignment: 'trial', rules: ruleCoverage(trial), bugs, targetMet: false, seconds: 1 };
    };
    const half = renderSuiteAuditText(report([keepsContext]));
    expect(half).toContain('Feedback names 1 of 2 caught realistic bugs (50.0%), first-ranked 1; target 90% NOT met.\nCaught but not named (1):\n  cr3Unnamed: the report opens with cr3-keeps-context');
    expect(half).toMatch(/realistic bugs NOT met; naming NOT met; mutants not run/);
    const none = renderSuiteAuditText(report([]));
    expect(none).toContain('Feedback names 0 of 2 caught realistic bugs (0.0%), first-ranked 0; target 90% NOT met.');
    expect(none).toContain('  cr3Ignored: the report opens with no misconception');
    const everyBugNamed = report([keepsContext]);
    const all = renderSuiteAuditText({ ...everyBugNamed, bugs: { ...everyBugNamed.bugs, naming: { ...everyBugNamed.bugs.naming!, named: 2, misses: [] } } });
    expect(all).toMatch(/target 90% met\.\n\n/);
    expect(all).toMatch(/naming met; mutants not run/);
  });
});

test('--help tells of --no-naming', async () => {
  const run = await runCli('audit', '--help');
  expect(run.stdout).toContain('--no-naming');
  expect(run.stdout).toMatch(/target is 90% of the caught\s+bugs/);
});

test('--no-mutants refuses the options that only mutants use', async () => {
  const run = await runCli('audit', '--assignment', 'assignments/tlb', '--no-mutants', '--limit', '3', '--mutant-seconds', '5');
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/--limit, --mutant-seconds apply to mutants, which --no-mutants leaves out/);
});
