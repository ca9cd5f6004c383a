import { FeedbackBlock } from './gradescope-html';
import { CompileReport, TestResult } from './submission-results';

/** The most problems of one file listed in a Gradescope output (the compiler's first ones; report.html lists every one). */
export const MAX_PROBLEMS_LISTED = 10;

/**
 * A component's file that is missing or does not compile, in words: each
 * problem with its file, line and column, the message, and the offending
 * source line with a caret under the column. The source line is the
 * student's own text (escaped where it is written out, gradescope-html.ts).
 */
export function compileBlocks(report: CompileReport): FeedbackBlock[] {
  if (report.reason === 'missing') {
    return [{ text: `${report.component}: file missing from the submission.${report.problems.length === 0 ? '' : ` ${report.problems[0].message}`}` }];
  }
  const count = report.problems.length;
  const blocks: FeedbackBlock[] = [{ text: `${report.component} does not compile (${count} error${count === 1 ? '' : 's'}):` }];
  for (const problem of report.problems.slice(0, MAX_PROBLEMS_LISTED)) {
    blocks.push({ text: `${problem.file}:${problem.line}:${problem.column}: ${problem.message}` });
    if (problem.sourceLine.trim() !== '') blocks.push({ pre: `${problem.sourceLine}\n${caretUnder(problem.sourceLine, problem.column)}` });
  }
  if (count > MAX_PROBLEMS_LISTED) blocks.push({ note: `${count - MAX_PROBLEMS_LISTED} more error${count - MAX_PROBLEMS_LISTED === 1 ? '' : 's'} listed in report.html.` });
  return blocks;
}

/**
 * The compile reports that kept a test from running: its own component's, or,
 * for a test that runs a component the student wrote for an earlier
 * assignment, that one's (the grader's reason names it: grader/grade/grade-submission.ts).
 * None for a test that ran.
 */
export function compileReportsOfTest(test: TestResult, compile: readonly CompileReport[]): CompileReport[] {
  if (test.failure?.kind !== 'not-run') return [];
  const own = compile.filter((report) => report.component === test.component);
  if (own.length > 0) return own;
  const reason = test.failure.reason;
  return compile.filter((report) => new RegExp(`\\byour ${report.component}\\b`).test(reason));
}

/** A caret under a 1-based column of `line`, with the line's own tabs kept so it lines up wherever tabs stop. */
export function caretUnder(line: string, column: number): string {
  const before = [...line].slice(0, Math.max(0, column - 1));
  return `${before.map((character) => (character === '\t' ? '\t' : ' ')).join('')}^`;
}
