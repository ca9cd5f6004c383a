import { formatInstant } from './date-time';
import { describeDuration } from './durations';
import { Lateness } from './lateness';
import { Amount, amountText, LatePolicy } from './late-policy';

/** How a submission stands against the due date, in a few words: for grades.csv's `late` column and the summary. */
export function lateStatusText(lateness: Lateness): string {
  const by = describeDuration(lateness.lateMs);
  switch (lateness.status) {
    case 'unknown':
      return 'submission time unknown';
    case 'on-time':
      return 'on time';
    case 'grace':
      return `on time (within the grace period, ${by} after the due date)`;
    case 'late':
      return `late by ${by}`;
    case 'closed':
      return `late by ${by}, after the last moment late work is accepted`;
  }
}

/** The rule in words: "10% of the score per day late (each started day counts), at most 50%, after a grace period of 15 minutes; nothing after …". */
export function lateRuleText(policy: LatePolicy): string {
  const { penalty } = policy;
  const share = amountInWords(penalty);
  const parts = [`${share} per ${penalty.per} late (each started ${penalty.per} counts)`];
  if (policy.cap !== undefined) parts.push(`at most ${amountInWords(policy.cap)}`);
  if (policy.graceMs > 0) parts.push(`after a grace period of ${describeDuration(policy.graceMs)}`);
  const closes = policy.closesMs === undefined ? '' : `; nothing is earned after ${formatInstant(policy.closesMs, policy.timeZone)}`;
  return `${parts.join(', ')}${closes}`;
}

/** How many hours late, to two decimals, for a spreadsheet: 0 on time or within grace, empty when the time is unknown. */
export function lateHours(lateness: Lateness): number | undefined {
  if (lateness.status === 'unknown') return undefined;
  return lateness.status === 'on-time' || lateness.status === 'grace' ? 0 : Math.round((lateness.lateMs / 3_600_000) * 100) / 100;
}

/** "10% of the score", "10% of the maximum", "2 points". */
function amountInWords(amount: Amount): string {
  if (amount.unit === 'percent') return `${amount.value}% of the score`;
  if (amount.unit === 'percent-of-max') return `${amount.value}% of the maximum`;
  return amountText(amount);
}
