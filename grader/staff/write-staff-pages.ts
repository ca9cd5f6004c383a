import { readdir, rm, mkdir } from 'fs/promises';
import * as path from 'path';
import { VmlabError } from '../../reference/errors';
import { describeFsError } from '../../io/fs-errors';
import { vmlabTemplate } from '../../io/templates';
import { writeFileAtomically } from '../../io/write-file-atomically';
import { StaffStudent } from './staff-student';
import { gridPageView, mistakesPageView, GRID_PAGES } from './staff-class-views';
import { MISTAKES_PAGE, STAFF_FOLDER, STAFF_STUDENTS_FOLDER, staffStudentFile } from './staff-page-paths';
import { staffStudentView } from './staff-student-view';

export interface StaffPagesRequest {
  readonly out: string;
  readonly assignment: { readonly id: string; readonly title: string };
  readonly students: readonly StaffStudent[];
  /** Students with no results: a row in the grid that says so. */
  readonly ungraded: readonly string[];
}

/**
 * The staff views of a class, in OUT/staff/ (staff-page-paths.ts): the
 * student × test grid by student and by score, the students grouped by
 * mistake, and a page per graded student with every test in full. Each file
 * is written atomically; a student page of a student no longer in the class
 * (or no longer graded) is removed, so the folder holds this class only.
 */
export async function writeStaffPages(request: StaffPagesRequest): Promise<void> {
  const { out, assignment, students, ungraded } = request;
  const staffDir = path.join(out, STAFF_FOLDER);
  const studentsDir = path.join(staffDir, STAFF_STUDENTS_FOLDER);
  await mkdir(studentsDir, { recursive: true });
  for (const order of ['student', 'score'] as const) {
    await writeFileAtomically(path.join(staffDir, GRID_PAGES[order].file), vmlabTemplate('staff-grid')(gridPageView(assignment, students, ungraded, order)));
  }
  await writeFileAtomically(path.join(staffDir, MISTAKES_PAGE), vmlabTemplate('staff-mistakes')(mistakesPageView(assignment, students)));
  const written = new Set<string>();
  for (const { results, outFolder } of students) {
    const file = staffStudentFile(outFolder);
    await writeFileAtomically(path.join(studentsDir, file), vmlabTemplate('staff-student')(staffStudentView(results, outFolder)));
    written.add(file);
  }
  await removeStalePages(studentsDir, written);
}

async function removeStalePages(studentsDir: string, kept: ReadonlySet<string>): Promise<void> {
  try {
    for (const name of await readdir(studentsDir)) {
      if (name.endsWith('.html') && !kept.has(name)) await rm(path.join(studentsDir, name), { force: true });
    }
  } catch (error) {
    throw new VmlabError('IO', `${studentsDir}: cannot clear the staff pages of students no longer graded: ${describeFsError(error)}`);
  }
}
