import { existsSync, readFileSync } from 'fs';
import { mkdir } from 'fs/promises';
import * as path from 'path';
import { lateWorkFor } from './apply-late-work';
import { LATE_WORK_FILE, LateWork, storeLateWork } from './late-work-file';

/** A student's folder under OUT, with everyone their submission belongs to (them alone, or their group). */
export interface MemberFolder {
  readonly outFolder: string;
  readonly members: readonly string[];
}

/**
 * Keep the class's late work (none: remove it) in OUT/late-work.json, and in
 * each member's folder the policy with the extension that applies to their
 * submission (the most generous of its members'), so that every later
 * regrade and redraw applies them. Warns of extensions for ids no submission
 * has. Returns the folders whose kept late work changed: their reports are
 * out of date.
 */
export async function keepLateWork(out: string, late: LateWork | undefined, folders: readonly MemberFolder[], warn: (warning: string) => void = () => undefined): Promise<Set<string>> {
  await storeLateWork(out, late);
  const students = new Set(folders.flatMap((folder) => folder.members));
  const unknown = (late?.extensions ?? []).filter((extension) => !students.has(extension.student)).map((extension) => extension.student);
  if (unknown.length > 0) warn(`extensions for students with no submission in the class, not applied: ${unknown.join(', ')}`);
  const changed = new Set<string>();
  for (const { outFolder, members } of folders) {
    const own = late === undefined ? undefined : lateWorkFor(late, members);
    const folder = path.join(out, outFolder);
    const before = readText(path.join(folder, LATE_WORK_FILE));
    if (own === undefined && before === undefined) continue;
    await mkdir(folder, { recursive: true });
    await storeLateWork(folder, own);
    if (readText(path.join(folder, LATE_WORK_FILE)) !== before) changed.add(outFolder);
  }
  return changed;
}

function readText(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}
