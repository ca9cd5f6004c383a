import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { loadAssignment } from '../../../assignments/framework/load-assignment';
import { assignmentTests } from '../../../grader/grade/assignment-tests';

/** Long enough that a hex number in a hidden probe is not in a report by chance. */
const DISTINCTIVE_HEX = /0x[0-9a-f]{9,}/g;

/**
 * The hex numbers (addresses, entries) that hidden probes (and, before the due
 * date, after-due-date ones) hold and the open tests' do not: seeing one in a
 * student's report means hidden input got out.
 */
export function hiddenOnlyNumbers(assignmentDir: string, { afterDueDate }: { readonly afterDueDate: boolean }): ReadonlySet<string> {
  const tests = assignmentTests(loadAssignment(assignmentDir), undefined);
  const open = (visibility: string) => visibility === 'visible' || (afterDueDate && visibility === 'after_due_date');
  const numbersOf = (visible: boolean) => new Set(tests.filter((test) => open(test.visibility) === visible).flatMap((test) => JSON.stringify(test.probes).toLowerCase().match(DISTINCTIVE_HEX) ?? []));
  const visible = numbersOf(true);
  return new Set([...numbersOf(false)].filter((hex) => !visible.has(hex)));
}

/** What a student sees of their grading: report.html, and results.json without extra_data (the instructor's part). */
export function studentVisibleText(studentOut: string): string {
  const parts: string[] = [];
  const report = path.join(studentOut, 'report.html');
  if (existsSync(report)) parts.push(readFileSync(report, 'utf8'));
  const resultsFile = path.join(studentOut, 'results.json');
  if (existsSync(resultsFile)) {
    const { extra_data: _instructorOnly, ...visible } = JSON.parse(readFileSync(resultsFile, 'utf8')) as Record<string, unknown>;
    parts.push(JSON.stringify(visible, null, 1));
  }
  return parts.join('\n');
}

/** The hidden-only numbers found in `text`, a few. */
export function hiddenNumbersIn(text: string, hidden: ReadonlySet<string>): string[] {
  const found = new Set((text.toLowerCase().match(DISTINCTIVE_HEX) ?? []).filter((hex) => hidden.has(hex)));
  return [...found].slice(0, 5);
}
