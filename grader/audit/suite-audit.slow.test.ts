import * as path from 'path';
import { loadAssignment } from '../../assignments/framework/load-assignment';
import { realisticBugsOf } from '../../assignments/framework/realistic-bugs';
import { runCli } from '../../cli/test-support/run-cli';
import { vmlabRoot } from '../../io/vmlab-root';
import { SuiteAuditReport } from './suite-audit';

/**
 * `vmlab audit --no-mutants` end to end, on the assignments whose bugs grade
 * in seconds (their walks need no machine): every rule is exercised, and
 * every bug is caught and named by a public test, fails a test of its rule
 * and costs at least 5% of the points. Every assignment's rule coverage is
 * checked in the fast tier (bundled-rule-coverage.test.ts), and the cost of
 * every assignment's bugs by its own slow test, with the grading the audit
 * uses (itCostsEveryRealisticBugEnough): running the machine workloads of the
 * TLB and shadow bugs again here would double the slow tier's longest part.
 */
const AUDITED = ['walk', 'nested'].map((id) => path.join(vmlabRoot(), 'assignments', id));

test('the audited assignments state rules and have realistic bugs', () => {
  const sizes = AUDITED.map((folder) => ({ folder, rules: loadAssignment(folder).manifest.rules?.length ?? 0, bugs: realisticBugsOf(path.basename(folder)).length }));
  expect(sizes.filter(({ rules, bugs }) => rules === 0 || bugs === 0)).toEqual([]);
});

describe.each(AUDITED.map((folder) => [path.basename(folder), folder] as const))('the rules and realistic bugs of %s', (_id, folder) => {
  let report: SuiteAuditReport;
  beforeAll(async () => {
    // The naming of the bugs is each assignment's own slow test (itNamesTheRealisticBugs); here, rules and bugs.
    const run = await runCli('audit', '--assignment', folder, '--no-mutants', '--no-naming', '--json');
    expect(run).toEqual(expect.objectContaining({ code: 0, stderr: '' }));
    report = JSON.parse(run.stdout) as SuiteAuditReport;
  });

  it('runs no mutants', () => {
    expect(report.mutation).toBeUndefined();
  });

  it('has a test for every rule', () => {
    expect(report.rules.uncovered).toEqual([]);
    expect(report.rules.unknownRules).toEqual([]);
    expect(report.rules.rules.length).toBeGreaterThan(0);
  });

  it('catches, names and costs every realistic bug as required', () => {
    expect(report.bugs.problems).toEqual([]);
    for (const bug of report.bugs.bugs) expect({ bug: bug.id, namedBy: typeof bug.namedBy, costly: bug.share >= report.bugs.target }).toEqual({ bug: bug.id, namedBy: 'string', costly: true });
    expect(report.bugs.cheapest!.share).toBeGreaterThanOrEqual(0.05);
    expect(report.targetMet).toBe(true);
  });
});
