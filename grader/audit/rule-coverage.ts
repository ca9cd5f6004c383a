import { LoadedAssignment } from '../../assignments/framework/loaded-assignment';
import { AssignmentRule } from '../../assignments/framework/manifest-types';

export interface CoveredRule extends AssignmentRule {
  /** The tests that declare they exercise the rule, in suite order. */
  readonly tests: readonly string[];
}

/** Which tests exercise each rule the spec states (as the tests declare it). */
export interface RuleCoverageReport {
  /** False when the manifest states no rules: then nothing is covered, and the audit fails. */
  readonly declared: boolean;
  readonly rules: readonly CoveredRule[];
  /** Rules no test exercises. */
  readonly uncovered: readonly string[];
  /** Tests that name a rule the manifest does not state (the loader refuses them; kept for manifests checked otherwise). */
  readonly unknownRules: ReadonlyArray<{ readonly test: string; readonly rule: string }>;
  readonly targetMet: boolean;
}

/** Per rule of the manifest, the tests of every suite that declare it. */
export function ruleCoverage(assignment: LoadedAssignment): RuleCoverageReport {
  const stated = assignment.manifest.rules ?? [];
  const tests = assignment.suites.flatMap((suite) => suite.document.tests);
  const known = new Set(stated.map((rule) => rule.id));
  const rules = stated.map((rule) => ({ ...rule, tests: tests.filter((test) => (test.rules ?? []).includes(rule.id)).map((test) => test.id) }));
  const uncovered = rules.filter((rule) => rule.tests.length === 0).map((rule) => rule.id);
  const unknownRules = tests.flatMap((test) => (test.rules ?? []).filter((rule) => !known.has(rule)).map((rule) => ({ test: test.id, rule })));
  const declared = stated.length > 0;
  return { declared, rules, uncovered, unknownRules, targetMet: declared && uncovered.length === 0 && unknownRules.length === 0 };
}
