import { AssignmentRule } from './manifest-types';
import { Diagnosis, FailedCase, Misconception } from './misconception';

/** The assignment's misconceptions and rules, to diagnose each failed test as the grader does. */
export interface DiagnosisCatalogue {
  readonly misconceptions: readonly Misconception[];
  readonly rules: readonly AssignmentRule[];
}

/**
 * Diagnose one failing case: the first misconception of the catalogue that
 * recognises it, with its rule; failing that, the test's rule when it
 * declares exactly one (the case breaks that rule, though no misconception
 * says how); else nothing. A recogniser reads untrusted observations: one
 * that throws does not recognise the case.
 */
export function diagnoseCase(catalogue: readonly Misconception[], rules: readonly AssignmentRule[], failed: FailedCase): Diagnosis | undefined {
  const ruleOf = (id: string): Pick<Diagnosis, 'rule' | 'ruleTitle' | 'ruleSpec'> | undefined => {
    const rule = rules.find((candidate) => candidate.id === id);
    return rule === undefined ? undefined : { rule: rule.id, ruleTitle: rule.title, ruleSpec: rule.spec };
  };
  for (const misconception of catalogue) {
    if (!recognises(misconception, failed)) continue;
    const rule = ruleOf(misconception.rule);
    // A misconception of a rule this assignment does not state (a part switched off) does not apply.
    if (rule === undefined) continue;
    const { id, title, explanation, concept } = misconception;
    return { ...rule, component: misconception.component ?? failed.test.component, misconception: { id, title, explanation, concept } };
  }
  const [only, ...others] = failed.test.rules;
  const rule = only === undefined || others.length > 0 ? undefined : ruleOf(only);
  return rule === undefined ? undefined : { ...rule, component: failed.test.component };
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
