import * as path from 'path';
import { assignmentFolders } from '../../assignments/assignment-folders';
import { loadAssignment } from '../../assignments/framework/load-assignment';
import { realisticBugsOf } from '../../assignments/framework/realistic-bugs';
import { runCli } from '../../cli/test-support/run-cli';
import { vmlabRoot } from '../../io/vmlab-root';
import { SuiteAuditReport } from './suite-audit';

/**
 * `vmlab audit --no-mutants` on every assignment whose manifest states rules
 * and that has realistic bugs: every rule is exercised, and every bug is
 * caught and named by a public test, fails a test of its rule and costs at
 * least 5% of the points. An assignment joins as soon as it has both.
 */
const AUDITED = assignmentFolders(path.join(vmlabRoot(), 'assignments')).filter((folder) => {
  const assignment = loadAssignment(folder);
  return (assignment.manifest.rules ?? []).length > 0 && realisticBugsOf(assignment.manifest.id).length > 0;
});

test('the TLB assignment is among the audited', () => {
  expect(AUDITED.map((folder) => path.basename(folder))).toContain('tlb');
});

describe.each(AUDITED.map((folder) => [path.basename(folder), folder] as const))('the rules and realistic bugs of %s', (_id, folder) => {
  let report: SuiteAuditReport;
  beforeAll(async () => {
    const run = await runCli('audit', '--assignment', folder, '--no-mutants', '--json');
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
