import Handlebars from 'handlebars';
import { readFileSync } from 'fs';
import * as path from 'path';
import { SubmissionResults } from '../results/submission-results';
import { vmlabRoot } from '../vmlab-root';

export interface GradedStudent {
  readonly results: SubmissionResults;
  /** The student's folder under OUT, where report.html is. */
  readonly outFolder: string;
}

/**
 * The class summary (OUT/summary.html): every graded student by score, best
 * first, linked to their report, and a link to grades.csv. Rendered with
 * handlebars' escaping `{{ }}` only: student ids are untrusted; the link is
 * additionally percent-encoded so an id can only ever be a relative path.
 */
export function renderClassSummary(assignment: { readonly id: string; readonly title: string }, students: readonly GradedStudent[], failed: readonly string[]): string {
  const template = Handlebars.compile(readFileSync(path.join(vmlabRoot(), 'templates', 'summary.hbs'), 'utf8'), { strict: true });
  const sorted = [...students].sort((a, b) => b.results.score - a.results.score || (a.results.student < b.results.student ? -1 : 1));
  return template({
    assignment,
    count: students.length,
    failed,
    students: sorted.map(({ results, outFolder }, index) => ({
      rank: index + 1,
      student: results.student,
      report: `${encodeURIComponent(outFolder)}/report.html`,
      score: Math.round(results.score * 100) / 100,
      maxScore: results.maxScore,
    })),
  });
}
