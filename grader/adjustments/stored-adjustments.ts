import { rm } from 'fs/promises';
import * as path from 'path';
import { readKeptJson } from '../../io/kept-json';
import { VmlabError } from '../../reference/errors';
import { writeFileAtomically } from '../../io/write-file-atomically';
import { Adjustment, changeText, parseChange } from './adjustment';

/**
 * A student's adjustments, kept beside their results.json
 * (OUT/<student>/adjustments.json) so that every redraw and every regrade
 * applies them again. Written by `vmlab report --class OUT --adjustments FILE`.
 */
export const STORED_ADJUSTMENTS_FILE = 'adjustments.json';

const FORMAT = 'vmlab-adjustments/1';

interface StoredForm {
  readonly format: typeof FORMAT;
  readonly adjustments: ReadonlyArray<{ readonly target: string; readonly points: string; readonly reason: string; readonly who: string; readonly from: string }>;
}

/** Keep a student's adjustments (each with the file line it came from); none removes the file. */
export async function storeAdjustments(studentOut: string, adjustments: ReadonlyArray<Adjustment & { readonly where: string }>): Promise<void> {
  const file = path.join(studentOut, STORED_ADJUSTMENTS_FILE);
  if (adjustments.length === 0) {
    await rm(file, { force: true });
    return;
  }
  const stored: StoredForm = { format: FORMAT, adjustments: adjustments.map(({ target, change, reason, who, where }) => ({ target, points: changeText(change), reason, who, from: where })) };
  await writeFileAtomically(file, `${JSON.stringify(stored, null, 2)}\n`);
}

/** A student's kept adjustments (none without the file); a file that is not one is refused, naming it. */
export function readStoredAdjustments(studentOut: string): Adjustment[] {
  const file = path.join(studentOut, STORED_ADJUSTMENTS_FILE);
  const parsed = readKeptJson(file, 'adjustments');
  if (parsed === undefined) return [];
  const form = parsed as Partial<StoredForm> | null;
  if (form?.format !== FORMAT || !Array.isArray(form.adjustments)) throw new VmlabError('INPUT_INVALID', `${file}: not a ${FORMAT} file (expected {"format": "${FORMAT}", "adjustments": [...]})`);
  return form.adjustments.map((entry, index) => {
    const text = (key: 'target' | 'points' | 'reason' | 'who') => (typeof entry?.[key] === 'string' && entry[key] !== '' ? entry[key] : undefined);
    const change = parseChange(text('points') ?? '');
    const [target, reason, who] = [text('target'), text('reason'), text('who')];
    if (target === undefined || reason === undefined || who === undefined || change === undefined) throw new VmlabError('INPUT_INVALID', `${file}: adjustments[${index}] needs a target, points (+2, -1, =7), a reason and who`);
    return { target, change, reason, who };
  });
}
