import { SubmissionResults } from '../results/submission-results';
import { StudentReportOptions, studentReportView } from './student-report-view';
import { vmlabTemplate } from '../../io/templates';

/**
 * The student's report, report.html: one self-contained page (inline CSS,
 * no script, nothing fetched) drawn from the results alone, so it can be
 * drawn again from results.json. What a student may see of each test is
 * decided in student-report-view.ts. Everything is rendered with handlebars'
 * escaping `{{ }}` (never `{{{ }}}`): output, messages, file names and
 * returned values may hold anything a student wrote.
 */
export function renderStudentReport(results: SubmissionResults, options: StudentReportOptions): string {
  return vmlabTemplate('student-report')(studentReportView(results, options));
}
