import { AssignmentManifest, SuiteTest } from './manifest-types';

/** The headings of the assignment's spec, or why it could not be read. */
export type SpecHeadings = { readonly headings: ReadonlySet<string> } | { readonly unreadable: string };

/**
 * What the schema cannot check of the manifest's rules: ids unique, each in
 * a part of the manifest, each citing a heading of the spec. `spec` is
 * asked for only when the manifest has rules.
 */
export function manifestRuleProblems(manifest: AssignmentManifest, spec: () => SpecHeadings): string[] {
  const rules = manifest.rules ?? [];
  const problems: string[] = [];
  const partIds = manifest.parts.map((part) => part.id);
  const ids = rules.map((rule) => rule.id);
  rules.forEach((rule, index) => {
    const at = `rules[${index}]`;
    if (ids.indexOf(rule.id) !== index) problems.push(`${at}.id: "${rule.id}" is used twice`);
    if (!partIds.includes(rule.part)) problems.push(`${at}.part: rule "${rule.id}" is in part "${rule.part}", which the manifest does not have (${partIds.join(', ')})`);
  });
  if (rules.length === 0) return problems;
  const read = spec();
  if ('unreadable' in read) return [...problems, `rules: ${read.unreadable}`];
  rules.forEach((rule, index) => {
    if (!read.headings.has(rule.spec)) problems.push(`rules[${index}].spec: rule "${rule.id}" cites the heading "${rule.spec}", which spec.md does not have`);
  });
  return problems;
}

/**
 * A test's rules against the manifest's: every test names at least one rule
 * when the manifest has rules, and only rules the manifest has. `at` locates
 * the test (`file: tests[i]`).
 */
export function testRuleProblems(manifest: AssignmentManifest, test: SuiteTest, at: string): string[] {
  const known = new Set((manifest.rules ?? []).map((rule) => rule.id));
  if (test.rules === undefined) {
    return known.size === 0 ? [] : [`${at}.rules: test ${test.id} names no rule; the manifest has rules, so every test names the ones it exercises`];
  }
  const problems: string[] = [];
  test.rules.forEach((rule, index) => {
    if (known.has(rule)) return;
    const have = known.size === 0 ? 'the manifest has no rules' : `the manifest's rules are ${[...known].join(', ')}`;
    problems.push(`${at}.rules[${index}]: test ${test.id} names the unknown rule "${rule}" (${have})`);
  });
  return problems;
}
