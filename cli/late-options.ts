import { Command } from 'commander';
import type { LateWorkOptions } from '../grader/late/resolve-late-work';

/** The late-work options `vmlab grade` and `vmlab report --class` share, as commander gives them. */
export interface LateCommandOptions {
  due?: string;
  timeZone?: string;
  latePenalty?: string;
  lateCap?: string;
  grace?: string;
  lateCloses?: string;
  extensions?: string;
}

/** Add the late-work options. */
export function addLateOptions(command: Command): Command {
  return command
    .option('--due <date-time>', 'late work: the due date, ISO 8601 with an offset (2024-03-01T23:59-05:00), or a local time with --time-zone')
    .option('--time-zone <zone>', 'late work: the IANA time zone (America/New_York) of dates written without an offset; dates are shown in it')
    .option('--late-penalty <rule>', 'late work: the penalty per started day or hour late, a share of the score, of the maximum, or points: 10%/day, "10% of max/day", 2 points/hour')
    .option('--late-cap <amount>', 'late work: the most the penalty takes, a share of the score (50%), of the maximum ("50% of max") or points (4)')
    .option('--grace <duration>', 'late work: how long after the due date still counts as on time (15m, 1h)')
    .option('--late-closes <date-time>', 'late work: the last moment late work earns anything; after it, 0 points')
    .option('--extensions <file>', 'late work: per-student extensions, CSV (student, due or extra, reason); replaces those kept');
}

/** What the command line says about late work, for resolveLateWork. */
export function lateWorkOptions(options: LateCommandOptions): LateWorkOptions {
  return {
    settings: { due: options.due, timeZone: options.timeZone, penalty: options.latePenalty, cap: options.lateCap, grace: options.grace, closes: options.lateCloses },
    ...(options.extensions === undefined ? {} : { extensionsFile: options.extensions }),
  };
}

/** Whether any late-work option was given. */
export function anyLateOption(options: LateCommandOptions): boolean {
  return Object.values(lateWorkOptions(options).settings).some((value) => value !== undefined) || options.extensions !== undefined;
}

/** The README's rule, for --help. */
export const LATE_WORK_HELP =
  'Late work: a policy (--due with --late-penalty, and optionally --late-cap, --grace, --late-closes, --time-zone) ' +
  'comes from these options over the one kept in OUT/late-work.json over the manifest\'s "late" block, field by field. ' +
  'Work submitted at or before the due date, or within the grace period, is on time; later, every started day (or hour) ' +
  'since the due date costs the penalty (a share of the score after the staff\'s adjustments, a share of the maximum, or points), held at the cap; ' +
  'after --late-closes it earns 0. An extension (--extensions FILE: CSV with student, reason and due (a new due date) or extra ' +
  '(time added: 2d)) moves the due date and the last moment; a group gets the most generous of its members\'. A submission ' +
  'whose time is unknown is not penalised and is flagged in grades.csv and the summary. The policy and extensions are kept in ' +
  'OUT/late-work.json (and each student\'s folder): every later regrade and redraw applies them.';
