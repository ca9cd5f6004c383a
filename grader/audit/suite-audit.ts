import { diagnosisCatalogueOf, namingTargetMet } from '../../assignments/framework/feedback-naming';
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
  /** The realistic bugs, graded with each test's scoring (with how many the diagnosis names, unless --no-naming). */
  readonly bugs: BugAuditReport;
  /** Every part that ran met its target. */
  readonly targetMet: boolean;
  readonly seconds: number;
}

export interface SuiteAuditRequest extends AuditRequest {
  /** Run the mutation audit too (the slow part). */
  readonly mutants: boolean;
  /** Measure how many caught realistic bugs the diagnosis names, as a target (NAMING_TARGET). */
  readonly naming: boolean;
  readonly onBug?: (bug: AuditedBug, index: number, of: number) => void;
}

/**
 * Audit an assignment's suites four ways: the rule coverage (declared by the
 * tests), the realistic bugs (graded in this process, each test by its
 * scoring), and, unless left out, the naming of those bugs by the diagnosis
 * (the same grading, diagnosed with the assignment's misconceptions) and the
 * mutants of the reference solution.
 */
export async function runSuiteAudit(request: SuiteAuditRequest): Promise<SuiteAuditReport> {
  const started = Date.now();
  const { assignment } = request;
  const rules = ruleCoverage(assignment);
  const catalogue = request.naming ? diagnosisCatalogueOf(assignment) : undefined;
  const bugs = auditRealisticBugs({ assignment, bugs: realisticBugsOf(assignment.manifest.id), ...(catalogue === undefined ? {} : { catalogue }), onBug: request.onBug });
  const mutation = request.mutants ? await runAudit(request) : undefined;
  return {
    assignment: assignment.manifest.id,
    ...(mutation === undefined ? {} : { mutation }),
    rules,
    bugs,
    targetMet: rules.targetMet && bugs.targetMet && (bugs.naming === undefined || namingTargetMet(bugs.naming)) && (mutation?.targetMet ?? true),
    seconds: (Date.now() - started) / 1000,
  };
}
