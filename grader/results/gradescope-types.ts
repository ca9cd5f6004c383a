import { GRADESCOPE_OUTPUT_FORMAT } from './gradescope-html';
import { SubmissionResults } from './submission-results';

/**
 * Gradescope's autograder results format (results.json): a total score, one
 * entry per test with its own score, status, output and visibility, and free
 * `extra_data`, where vmlab keeps the full results so reports can be
 * regenerated from this one file. Outputs are HTML (gradescope-html.ts);
 * names are plain text.
 */
export interface GradescopeResults {
  readonly score: number;
  readonly execution_time: number;
  readonly output: string;
  readonly output_format: typeof GRADESCOPE_OUTPUT_FORMAT;
  readonly test_output_format: typeof GRADESCOPE_OUTPUT_FORMAT;
  readonly test_name_format: 'text';
  readonly visibility: 'visible' | 'after_due_date' | 'after_published' | 'hidden';
  readonly stdout_visibility: 'visible' | 'hidden';
  readonly tests: readonly GradescopeTest[];
  readonly extra_data: { readonly vmlab: SubmissionResults };
}

export interface GradescopeTest {
  readonly name: string;
  readonly name_format: 'text';
  readonly score: number;
  readonly max_score: number;
  readonly status: 'passed' | 'failed';
  readonly output: string;
  readonly output_format: typeof GRADESCOPE_OUTPUT_FORMAT;
  readonly visibility: 'visible' | 'after_due_date' | 'hidden';
  readonly tags: readonly string[];
}
