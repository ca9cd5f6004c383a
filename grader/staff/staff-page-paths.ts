/**
 * Where the staff views go, under the class's OUT folder: OUT/staff/, beside
 * and never inside a student's OUT/<student>/ folder, which the staff may
 * hand to that student whole. Each student's page is under staff/students/,
 * so no student folder name can collide with a page of the class.
 */
export const STAFF_FOLDER = 'staff';

/**
 * Whether a folder name under OUT is the staff pages' (case-insensitively, as
 * some file systems compare names): never a student's. safeFolderName gives a
 * student with that id another name, and the class's readers skip it.
 */
export function isStaffFolder(name: string): boolean {
  return name.toLowerCase() === STAFF_FOLDER;
}
export const STAFF_STUDENTS_FOLDER = 'students';

/** The class pages, in OUT/staff/. */
export const GRID_BY_STUDENT_PAGE = 'grid-by-student.html';
export const GRID_BY_SCORE_PAGE = 'grid-by-score.html';
export const MISTAKES_PAGE = 'mistakes.html';

/** A student's staff page file name, in OUT/staff/students/. */
export function staffStudentFile(outFolder: string): string {
  return `${outFolder}.html`;
}

/** A link from `from` (where the linking page is) to a student's staff page, percent-encoded so an id can only be a relative path. */
export function staffStudentHref(outFolder: string, from: 'class' | 'staff'): string {
  const file = `${STAFF_STUDENTS_FOLDER}/${encodeURIComponent(outFolder)}.html`;
  return from === 'class' ? `${STAFF_FOLDER}/${file}` : file;
}

/** The path from a page in OUT/staff/ (depth 1) or OUT/staff/students/ (depth 2) back to OUT. */
export function toClassFolder(depth: 1 | 2): string {
  return depth === 1 ? '..' : '../..';
}

/** A student's folder under OUT, from a staff page at `depth`: where report.html and the step-through pages are. */
export function studentFolderHref(outFolder: string, depth: 1 | 2): string {
  return `${toClassFolder(depth)}/${encodeURIComponent(outFolder)}`;
}
