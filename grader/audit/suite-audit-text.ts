import { FeedbackNaming, NAMING_TARGET, namingTargetMet } from '../../assignments/framework/feedback-naming';
import { renderAuditText } from './audit-text';
import { BugAuditReport, formatPoints } from './bug-audit';
import { RuleCoverageReport } from './rule-coverage';
import { SuiteAuditReport } from './suite-audit';

const percentOf = (share: number) => `${(share * 100).toFixed(1)}%`;
const verdict = (met: boolean) => (met ? 'met' : 'NOT met');

/** The readable audit: the rule coverage, the realistic bugs, the mutants (when run), then one verdict per part and overall. */
export function renderSuiteAuditText(report: SuiteAuditReport): string {
  const { naming } = report.bugs;
  const sections = [renderRuleCoverage(report.assignment, report.rules), renderBugAudit(report.assignment, report.bugs)];
  if (naming !== undefined) sections.push(renderNaming(naming));
  if (report.mutation !== undefined) sections.push(renderAuditText(report.mutation).trimEnd());
  const verdicts = [`rule coverage ${verdict(report.rules.targetMet)}`, `realistic bugs ${verdict(report.bugs.targetMet)}`];
  verdicts.push(naming === undefined ? 'naming not measured (--no-naming)' : `naming ${verdict(namingTargetMet(naming))}`);
  if (report.mutation !== undefined) verdicts.push(`mutants ${verdict(report.mutation.targetMet)}`);
  else verdicts.push('mutants not run (--no-mutants)');
  sections.push(`Audit of ${report.assignment} ${report.targetMet ? 'PASSED' : 'FAILED'}: ${verdicts.join('; ')} (${report.seconds.toFixed(1)} s).`);
  return sections.join('\n\n') + '\n';
}

/** The naming figure: how many caught realistic bugs the report's opening misconceptions name, with the misses and what was shown instead. */
export function renderNaming(naming: FeedbackNaming): string {
  const share = naming.caught === 0 ? 0 : naming.named / naming.caught;
  const lines = [
    `Feedback names ${naming.named} of ${naming.caught} caught realistic bugs (${percentOf(share)}), first-ranked ${naming.namedFirst}; target ${NAMING_TARGET * 100}% ${verdict(namingTargetMet(naming))}.`,
  ];
  if (naming.misses.length > 0) {
    lines.push(`Caught but not named (${naming.misses.length}):`);
    for (const miss of naming.misses) lines.push(`  ${miss.bug}: the report opens with ${miss.shown.length === 0 ? 'no misconception' : miss.shown.join(', ')}`);
  }
  return lines.join('\n');
}

function renderRuleCoverage(assignment: string, coverage: RuleCoverageReport): string {
  if (!coverage.declared) return `Rule coverage of ${assignment}: the manifest states no rules, so no test says which rule it exercises. Target NOT met.`;
  const lines = [`Rule coverage of ${assignment}: ${coverage.rules.length} rules, ${coverage.rules.length - coverage.uncovered.length} exercised by a test`];
  for (const rule of coverage.rules) {
    const tests = rule.tests.length === 0 ? 'NO TEST' : `${rule.tests.length} test${rule.tests.length === 1 ? '' : 's'}: ${rule.tests.join(', ')}`;
    lines.push(`  ${rule.id} (${rule.part}; spec "${rule.spec}"): ${tests}`);
  }
  if (coverage.uncovered.length > 0) lines.push(`Rules no test exercises (${coverage.uncovered.length}): ${coverage.uncovered.join(', ')}`);
  for (const { test, rule } of coverage.unknownRules) lines.push(`Test ${test} names the rule "${rule}", which the manifest does not state`);
  lines.push(`Target (every rule exercised, every rule named known) ${verdict(coverage.targetMet)}.`);
  return lines.join('\n');
}

function renderBugAudit(assignment: string, audit: BugAuditReport): string {
  const lines = [`Realistic bugs of ${assignment}: ${audit.bugs.length}, each graded over every suite, each test by its scoring (out of ${formatPoints(audit.points)} points)`];
  for (const bug of audit.bugs) {
    const caught = bug.publicTests.length === 0 ? 'NO public test fails it' : bug.namedBy === undefined ? `public ${bug.publicTests.join(', ')} (none names it)` : `named by ${bug.namedBy}`;
    lines.push(`  ${bug.id} (${bug.rule}): ${formatPoints(bug.pointsLost)} points (${percentOf(bug.share)}); ${caught}`);
  }
  if (audit.cheapest !== undefined) {
    const mistake = audit.bugs.find((bug) => bug.id === audit.cheapest!.id)?.mistake;
    lines.push(`Cheapest bug: ${audit.cheapest.id} (${mistake}) costs ${formatPoints(audit.cheapest.pointsLost)} of ${formatPoints(audit.points)} points (${percentOf(audit.cheapest.share)}); the least allowed is ${percentOf(audit.target)}.`);
  }
  if (audit.problems.length > 0) {
    lines.push(`Problems (${audit.problems.length}):`);
    for (const problem of audit.problems) lines.push(`  ${problem.replace(/\n/g, '\n  ')}`);
  }
  lines.push(`Target (every bug caught and named by a public test, failing a test of its rule, costing at least ${percentOf(audit.target)}) ${verdict(audit.targetMet)}.`);
  return lines.join('\n');
}
