/** Longest error message kept: a student's exception text is theirs, and may be anything. */
export const MAX_ERROR_MESSAGE_LENGTH = 2000;

const CUT_MARK = ' […]';

/**
 * An exception as the feedback shows it, cut to a bounded length (a
 * student's exception text is theirs and may be anything): for a component
 * that threw, and for a machine that stopped part-way through its events.
 */
export function describeThrown(error: unknown): string {
  const text = error instanceof Error ? `${error.name === 'Error' ? '' : error.name + ': '}${error.message}` : String(error);
  // The mark of the cut counts towards the limit: the grader's schema refuses a longer message.
  return text.length > MAX_ERROR_MESSAGE_LENGTH ? text.slice(0, MAX_ERROR_MESSAGE_LENGTH - CUT_MARK.length) + CUT_MARK : text;
}
