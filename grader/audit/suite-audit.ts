import { realisticBugsOf } from '../../assignments/framework/realistic-bugs';
import { AuditedBug, auditRealisticBugs, BugAuditReport } from './bug-audit';
import { AuditRequest, AuditReport, runAudit } from './run-audit';
import { ruleCoverage, RuleCoverageReport } from './rule-coverage';

/** Everything `vmlab audit` checks of an assignment's suites. */
export interface SuiteAuditReport {
  readonly assignment: string;
  /** The mutation audit; absent when it was not run (--no-mutants). */
  readonly mutation?: AuditReport;
  /** Which tests exercise each rule of the spec. */
  readonly rules: RuleCoverageReport;
  /** The realistic bugs, graded with each test's scoring. */
  readonly bugs: BugAuditReport;
  /** Every part that ran met its target. */
  readonly targetMet: boolean;
  readonly seconds: number;
}

export interface SuiteAuditRequest extends AuditRequest {
  /** Run the mutation audit too (the slow part). */
  readonly mutants: boolean;
  readonly onBug?: (bug: AuditedBug, index: number, of: number) => void;
}

/**
 * Audit an assignment's suites three ways: the rule coverage (declared by the
 * tests), the realistic bugs (graded in this process, each test by its
 * scoring), and, unless left out, the mutants of the reference solution.
 */
export async function runSuiteAudit(request: SuiteAuditRequest): Promise<SuiteAuditReport> {
  const started = Date.now();
  const { assignment } = request;
  const rules = ruleCoverage(assignment);
  const bugs = auditRealisticBugs({ assignment, bugs: realisticBugsOf(assignment.manifest.id), onBug: request.onBug });
  const mutation = request.mutants ? await runAudit(request) : undefined;
  return {
    assignment: assignment.manifest.id,
    ...(mutation === undefined ? {} : { mutation }),
    rules,
    bugs,
    targetMet: rules.targetMet && bugs.targetMet && (mutation?.targetMet ?? true),
    seconds: (Date.now() - started) / 1000,
  };
}
