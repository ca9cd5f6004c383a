import { Visibility, VISIBILITIES } from '../../assignments/framework/manifest-types';
import { GroupOutput, SubmissionResults, TestResult } from './submission-results';

/**
 * What a student may see of their results, decided once for every place
 * that shows them (report.html, results.json outside extra_data): a test is
 * revealed when visible, or after_due_date once the grader runs with
 * --after-due-date. Of a test that is not, nothing the student's code
 * printed, threw or returned reaches the student, nor anything derived from
 * it (difference texts, sandbox reasons, which may carry an exit code the
 * code chose, output, the time it took): only its category, hint, verdict,
 * points and how much its group printed.
 */
export function isRevealed(test: Pick<TestResult, 'visibility'>, afterDueDate: boolean): boolean {
  return groupRevealed(test.visibility, afterDueDate);
}

function groupRevealed(visibility: Visibility, afterDueDate: boolean): boolean {
  return visibility === 'visible' || (visibility === 'after_due_date' && afterDueDate);
}

/**
 * The name of each test wherever a student sees it: a revealed test its
 * title, any other a number and its category ("Hidden test 12 (rights)"),
 * since a title or id may give the input away. The numbers count each kind
 * in the order of `tests`, so the report and Gradescope agree.
 */
export function studentTestNames(tests: readonly TestResult[], afterDueDate: boolean): string[] {
  let hidden = 0;
  let later = 0;
  return tests.map((test) => {
    if (isRevealed(test, afterDueDate)) return test.title;
    if (test.visibility === 'hidden') return `Hidden test ${++hidden} (${test.category})`;
    return `Test ${++later} shown after the due date (${test.category})`;
  });
}

/** Why the sandbox stopped a test, as a student may read it: the reason itself only for a revealed test. */
export function studentSandboxReason(test: TestResult, afterDueDate: boolean): string | undefined {
  return test.failure?.kind === 'sandbox' && isRevealed(test, afterDueDate) ? test.failure.reason : undefined;
}

/** One visibility group's output as a student may see it: the text only when its tests are revealed, else only how much. */
export interface StudentGroupOutput {
  readonly visibility: Visibility;
  readonly revealed: boolean;
  readonly stdout: StreamAmount & { readonly text: string };
  readonly stderr: StreamAmount & { readonly text: string };
  readonly truncated: boolean;
}

export interface StreamAmount {
  readonly bytes: number;
  readonly lines: number;
}

/** The output of each group that ran, in group order; the text of a group not revealed is empty, its amount kept. */
export function studentOutput(results: SubmissionResults, afterDueDate: boolean): StudentGroupOutput[] {
  const groups = outputGroups(results.output);
  return VISIBILITIES.flatMap((visibility) => {
    const output = groups[visibility];
    if (output === undefined) return [];
    const revealed = groupRevealed(visibility, afterDueDate);
    const stream = (text: string) => ({ ...amountOf(text), text: revealed ? text : '' });
    return [{ visibility, revealed, stdout: stream(output.stdout), stderr: stream(output.stderr), truncated: output.truncated }];
  });
}

/** "12 lines, 345 bytes": how much a stream holds. */
export function amountOf(text: string): StreamAmount {
  return { bytes: Buffer.byteLength(text, 'utf8'), lines: text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0) };
}

/**
 * The grading time a student may see: the whole minus the time of the groups
 * not revealed, since how long a hidden test ran is the submission's to
 * choose (a delay can encode an input).
 */
export function studentSeconds(results: SubmissionResults, afterDueDate: boolean): number {
  const groups = outputGroups(results.output);
  const withheld = VISIBILITIES.filter((visibility) => !groupRevealed(visibility, afterDueDate)).reduce((sum, visibility) => sum + (groups[visibility]?.seconds ?? 0), 0);
  return Math.max(0, results.seconds - withheld);
}

/**
 * The output per group of results written by any vmlab: results.json from
 * before the groups kept one output for every test together, which may hold
 * what hidden tests printed, so it counts as hidden.
 */
function outputGroups(output: SubmissionResults['output'] | { readonly stdout?: unknown }): Partial<Record<Visibility, GroupOutput>> {
  const legacy = output as { readonly stdout?: unknown; readonly stderr?: unknown; readonly truncated?: unknown };
  if (typeof legacy.stdout === 'string') {
    return { hidden: { stdout: legacy.stdout, stderr: typeof legacy.stderr === 'string' ? legacy.stderr : '', truncated: legacy.truncated === true, seconds: 0 } };
  }
  return output as Partial<Record<Visibility, GroupOutput>>;
}
