import { LateApplied } from './apply-late-work';
import { formatInstant } from './date-time';
import { lateRuleText, lateStatusText } from './late-text';
import { pointsForReading } from '../results/feedback-text';

/**
 * The summary's "Late work" section (templates/summary.hbs): the policy, how
 * many submissions were late and whose time is unknown, and a row for each
 * student the policy touched (late, within grace, after the last moment,
 * time unknown, or with an extension). Null when no student has a policy.
 */
export function lateSummaryView(students: ReadonlyArray<{ readonly results: { readonly student: string }; readonly late?: LateApplied }>) {
  const withLate = students.filter((student): student is typeof student & { late: LateApplied } => student.late !== undefined).sort((a, b) => (a.results.student < b.results.student ? -1 : a.results.student > b.results.student ? 1 : 0));
  if (withLate.length === 0) return null;
  const count = (status: LateApplied['lateness']['status']) => withLate.filter((student) => student.late.lateness.status === status).length;
  const late = count('late') + count('closed');
  const unknown = count('unknown');
  const rows = withLate
    .filter(({ late: { lateness, terms } }) => lateness.status !== 'on-time' || terms.extension !== undefined)
    .map(({ results, late: { lateness, terms } }) => ({
      student: results.student,
      status: lateStatusText(lateness),
      unknown: lateness.status === 'unknown',
      submittedAt: lateness.submittedMs === undefined ? '–' : formatInstant(lateness.submittedMs, terms.policy.timeZone),
      dueAt: formatInstant(lateness.dueMs, terms.policy.timeZone),
      extension: terms.extension?.reason ?? '',
      points: `${pointsForReading(lateness.before)} → ${pointsForReading(lateness.after)}`,
    }));
  const policy = withLate[0].late.terms.policy;
  return {
    summary:
      `Due ${formatInstant(policy.dueMs, policy.timeZone)}; ${lateRuleText(policy)}. ` +
      `${late} of ${withLate.length} submission${withLate.length === 1 ? '' : 's'} late` +
      (unknown > 0 ? `; ${unknown} with no known submission time (not penalised: check them)` : '') +
      '.',
    rows,
  };
}
