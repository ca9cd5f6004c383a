import { LoadedAssignment } from './loaded-assignment';
import { AssignmentPart } from './manifest-types';

/** Whether a part counts: every part does unless the manifest switches it off with `"enabled": false`. */
export function isEnabled(part: AssignmentPart): boolean {
  return part.enabled !== false;
}

/**
 * Problems that switching parts off would create: a test of a part that stays
 * on whose rules all belong to parts switched off would exercise no rule.
 */
export function disabledPartProblems(assignment: LoadedAssignment): string[] {
  const off = offRules(assignment);
  if (off.size === 0) return [];
  const parts = offParts(assignment);
  const problems: string[] = [];
  for (const { file, document } of assignment.suites) {
    document.tests.forEach((test, index) => {
      if (parts.has(test.part) || test.rules === undefined) return;
      if (test.rules.every((rule) => off.has(rule))) problems.push(`${file}: tests[${index}].rules: test ${test.id} is in an enabled part but names only rules of parts switched off (${test.rules.join(', ')})`);
    });
  }
  return problems;
}

/**
 * The assignment as it is graded: the parts switched off are gone, with their
 * tests and their rules, and the remaining tests name only remaining rules.
 * Scores are then out of the enabled parts' points.
 */
export function withoutDisabledParts(assignment: LoadedAssignment): LoadedAssignment {
  const parts = offParts(assignment);
  if (parts.size === 0) return assignment;
  const rules = offRules(assignment);
  const { manifest } = assignment;
  return {
    ...assignment,
    manifest: {
      ...manifest,
      parts: manifest.parts.filter(isEnabled),
      ...(manifest.rules === undefined ? {} : { rules: manifest.rules.filter((rule) => !rules.has(rule.id)) }),
    },
    suites: assignment.suites.map((suite) => ({
      ...suite,
      document: {
        ...suite.document,
        tests: suite.document.tests
          .filter((test) => !parts.has(test.part))
          .map((test) => (test.rules === undefined ? test : { ...test, rules: test.rules.filter((rule) => !rules.has(rule)) })),
      },
    })),
  };
}

function offParts(assignment: LoadedAssignment): Set<string> {
  return new Set(assignment.manifest.parts.filter((part) => !isEnabled(part)).map((part) => part.id));
}

function offRules(assignment: LoadedAssignment): Set<string> {
  const parts = offParts(assignment);
  return new Set((assignment.manifest.rules ?? []).filter((rule) => parts.has(rule.part)).map((rule) => rule.id));
}
