import { pointsForReading } from '../results/feedback-text';
import { LateApplied } from './apply-late-work';
import { formatInstant } from './date-time';
import { lateRuleText, lateStatusText } from './late-text';

/** What the student's report says of late work (templates/student-report.hbs, "Late work"): grader-written text only, but the extension's reason, which the template escapes. */
export interface LateView {
  readonly any: boolean;
  readonly status: string;
  readonly submittedAt: string;
  readonly dueAt: string;
  /** Why the due date is the student's own; '' without an extension. */
  readonly extension: string;
  readonly rule: string;
  readonly before: string;
  readonly penalty: string;
  readonly after: string;
  /** What the lateness did, in a sentence. */
  readonly outcome: string;
}

export function lateView(late: LateApplied | undefined): LateView {
  if (late === undefined) return { any: false, status: '', submittedAt: '', dueAt: '', extension: '', rule: '', before: '', penalty: '', after: '', outcome: '' };
  const { terms, lateness } = late;
  const zone = terms.policy.timeZone;
  const points = (value: number) => pointsForReading(value);
  const outcome = {
    unknown: 'The time of your submission is not known, so no late penalty was applied; the course staff have been told.',
    'on-time': 'No late penalty applies.',
    grace: 'It counts as on time: no late penalty applies.',
    late: `${lateness.units} started ${terms.policy.penalty.per}${lateness.units === 1 ? '' : 's'} late cost ${points(lateness.penalty)} points${lateness.capped ? ' (held at the cap)' : ''}.`,
    closed: 'It came after the last moment late work is accepted, so it earns no points.',
  }[lateness.status];
  return {
    any: true,
    status: lateStatusText(lateness),
    submittedAt: lateness.submittedMs === undefined ? 'not known' : formatInstant(lateness.submittedMs, zone),
    dueAt: formatInstant(lateness.dueMs, zone),
    extension: terms.extension === undefined ? '' : `with an extension: ${terms.extension.reason}`,
    rule: lateRuleText(terms.policy),
    before: points(lateness.before),
    penalty: points(lateness.penalty),
    after: points(lateness.after),
    outcome,
  };
}
