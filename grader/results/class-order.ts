import { SubmissionResults } from './submission-results';

/** The orders a class's students are listed in, by every page about the class (the summary, the staff views). */

/** Students best first, ties by id; tied scores share a rank (1, 2, 2, 4). */
export function rankByScore<T extends { readonly results: SubmissionResults }>(students: readonly T[]): Array<{ readonly rank: number; readonly student: T }> {
  const sorted = [...students].sort((a, b) => b.results.score - a.results.score || compareText(a.results.student, b.results.student));
  let rank = 0;
  return sorted.map((student, index) => {
    if (index === 0 || student.results.score !== sorted[index - 1].results.score) rank = index + 1;
    return { rank, student };
  });
}

/** Plain code-unit order, as the CSV sorts ids: the same on every machine, whatever its locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
