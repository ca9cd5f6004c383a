import { rm } from 'fs/promises';
import * as path from 'path';
import { readKeptJson } from '../../io/kept-json';
import { VmlabError } from '../../reference/errors';
import { writeFileAtomically } from '../../io/write-file-atomically';
import { durationText, parseDuration } from './durations';
import { Extension } from './extension';
import { LatePolicy, LatePolicySettings, parseLatePolicy } from './late-policy';

/**
 * The late policy and extensions in force, kept as OUT/late-work.json: for a
 * class, beside the students' folders (every later regrade and redraw
 * applies them again; `vmlab report --class` can change them), and in each
 * student's folder with the one extension that applies to them, so that a
 * redraw of one report (`vmlab report --results`) applies them too.
 */
export const LATE_WORK_FILE = 'late-work.json';
const FORMAT = 'vmlab-late-work/1';

export interface LateWork {
  readonly policy: LatePolicy;
  readonly extensions: readonly Extension[];
}

interface StoredExtension {
  readonly student: string;
  readonly due?: string;
  readonly extra?: string;
  readonly reason: string;
}

interface StoredForm {
  readonly format: typeof FORMAT;
  readonly policy: LatePolicySettings;
  readonly extensions: readonly StoredExtension[];
}

/** Keep the late work in `dir` (atomically); none removes the file. */
export async function storeLateWork(dir: string, late: LateWork | undefined): Promise<void> {
  const file = path.join(dir, LATE_WORK_FILE);
  if (late === undefined) {
    await rm(file, { force: true });
    return;
  }
  const extensions = late.extensions.map(({ student, change, reason }): StoredExtension => ({
    student,
    ...(change.kind === 'due' ? { due: new Date(change.dueMs).toISOString() } : { extra: durationText(change.ms) }),
    reason,
  }));
  const stored: StoredForm = { format: FORMAT, policy: late.policy.settings, extensions };
  await writeFileAtomically(file, `${JSON.stringify(stored, null, 2)}\n`);
}

/** The late work kept in `dir`, or undefined without the file; a file that is not one is refused, naming it. */
export function readLateWork(dir: string): LateWork | undefined {
  const file = path.join(dir, LATE_WORK_FILE);
  const parsed = readKeptJson(file, 'late work');
  if (parsed === undefined) return undefined;
  const form = parsed as Partial<StoredForm> | null;
  const settings = form?.policy as Partial<LatePolicySettings> | undefined;
  if (form?.format !== FORMAT || typeof settings?.due !== 'string' || typeof settings.penalty !== 'string' || !Array.isArray(form.extensions)) {
    throw new VmlabError('INPUT_INVALID', `${file}: not a ${FORMAT} file (expected {"format": "${FORMAT}", "policy": {"due": ..., "penalty": ...}, "extensions": [...]})`);
  }
  const policy = parseLatePolicy(settings as LatePolicySettings, `${file}: policy`);
  const extensions = form.extensions.map((entry: Partial<StoredExtension>, index): Extension => {
    const where = `${file}: extensions[${index}]`;
    if (typeof entry?.student !== 'string' || typeof entry.reason !== 'string') throw new VmlabError('INPUT_INVALID', `${where} needs a student and a reason`);
    const dueMs = typeof entry.due === 'string' ? Date.parse(entry.due) : NaN;
    if (!Number.isNaN(dueMs)) return { student: entry.student, reason: entry.reason, change: { kind: 'due', dueMs } };
    const ms = typeof entry.extra === 'string' ? parseDuration(entry.extra) : undefined;
    if (ms === undefined) throw new VmlabError('INPUT_INVALID', `${where} needs a due date (ISO 8601) or extra time (e.g. 2d)`);
    return { student: entry.student, reason: entry.reason, change: { kind: 'extra', ms } };
  });
  return { policy, extensions };
}
