/**
 * A name read from a submission (a student id, a file name) as it may be
 * written to a terminal: its control characters, which could drive the
 * terminal, become `?`.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}
