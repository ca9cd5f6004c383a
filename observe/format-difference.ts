import { Difference } from './difference';

/** A difference as plain text, for a terminal or a jest failure: where, what was expected, what came back, and why it matters. */
export function formatDifference(difference: Difference): string {
  return [
    `at ${difference.where}, ${difference.field}:`,
    `  expected: ${difference.expected}`,
    `  got:      ${difference.got}`,
    difference.message,
  ].join('\n');
}
