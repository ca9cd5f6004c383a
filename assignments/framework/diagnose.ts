import { AssignmentRule } from './manifest-types';
import { Diagnosis, FailedCase, Misconception } from './misconception';

/**
 * Diagnose one failing case: the first misconception of the catalogue that
 * recognises it, with its rule; failing that, the test's rule when it
 * declares exactly one (the case breaks that rule, though no misconception
 * says how); else nothing. A recogniser reads untrusted observations: one
 * that throws does not recognise the case.
 */
export function diagnoseCase(catalogue: readonly Misconception[], rules: readonly AssignmentRule[], failed: FailedCase): Diagnosis | undefined {
  const ruleTitle = (id: string) => rules.find((rule) => rule.id === id)?.title;
  for (const misconception of catalogue) {
    if (!recognises(misconception, failed)) continue;
    const title = ruleTitle(misconception.rule);
    // A misconception of a rule this assignment does not state (a part switched off) does not apply.
    if (title === undefined) continue;
    const { id, title: name, explanation, concept } = misconception;
    return { rule: misconception.rule, ruleTitle: title, component: misconception.component ?? failed.test.component, misconception: { id, title: name, explanation, concept } };
  }
  const [only, ...others] = failed.test.rules;
  const title = only === undefined || others.length > 0 ? undefined : ruleTitle(only);
  return title === undefined ? undefined : { rule: only, ruleTitle: title, component: failed.test.component };
}

function recognises(misconception: Misconception, failed: FailedCase): boolean {
  try {
    return misconception.recognise(failed) === true;
  } catch {
    return false;
  }
}

/** The diagnosis in words, as every place a student reads it says it: the misconception (when known) and the rule. */
export function describeDiagnosis(diagnosis: Diagnosis): string {
  const rule = `Rule: ${diagnosis.ruleTitle}.`;
  const { misconception } = diagnosis;
  if (misconception === undefined) return rule;
  return `Likely misconception: ${misconception.title}. ${misconception.explanation} (${misconception.concept}.) ${rule}`;
}
