import { Diagnosis } from './misconception';

/**
 * A failed test's diagnosis as plain text lines, wherever a student reads it
 * as text (Gradescope, the handout's terminal): the misconception when
 * recognised, then the rule it breaks and the spec section that states it.
 * Grader-written words only, so it is said for hidden tests too.
 */
export function diagnosisLines(diagnosis: Diagnosis): string[] {
  const { misconception } = diagnosis;
  return [
    ...(misconception === undefined ? [] : [`Likely misconception: ${misconception.title}. ${misconception.explanation} (Lecture concept: ${misconception.concept}.)`]),
    `The rule this breaks: ${ruleWithSpec(diagnosis)}.`,
  ];
}

/** The rule's statement, with the spec heading it lives under when known. */
export function ruleWithSpec(diagnosis: Pick<Diagnosis, 'ruleTitle' | 'ruleSpec'>): string {
  return `${diagnosis.ruleTitle}${diagnosis.ruleSpec === undefined ? '' : ` (spec: ${diagnosis.ruleSpec})`}`;
}
