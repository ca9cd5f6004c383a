import { spawnSync } from 'child_process';
import { lstatSync } from 'fs';
import * as path from 'path';
import { instantOf } from '../late/recorded-instant';
import { newestStudentFileTime } from '../late/submitted-time';

/**
 * GitHub Classroom's repositories as a class. `gh classroom clone
 * student-repos` clones every student's repository of an assignment into a
 * folder named `<assignment-slug>-submissions`, each clone named after its
 * repository, `<assignment-slug>-<login>` (for a group assignment, the team's
 * name in place of the login). The student id is the login: the repository
 * name less the slug and its hyphen.
 */

/** What `gh classroom clone student-repos` appends to the assignment slug to name the folder it clones into. */
export const CLASSROOM_FOLDER_SUFFIX = '-submissions';

/** How long reading one repository's last commit may take before the file times are used instead. */
const GIT_TIMEOUT_MS = 10_000;

/** A folder with a `.git` in it (a folder, or the file a worktree or submodule has): a clone. */
export function isGitRepository(dir: string): boolean {
  try {
    lstatSync(path.join(dir, '.git'));
    return true;
  } catch {
    return false;
  }
}

/**
 * The assignment slug the repositories' names start with: the folder's own
 * name less `-submissions` when it is named as gh names it and a repository
 * starts with it; else the longest prefix every repository name shares that
 * ends at a hyphen (at least two repositories are needed to tell it from a
 * login; logins may hold hyphens too). Undefined when there is none.
 */
export function assignmentSlug(folderName: string, repositories: readonly string[]): string | undefined {
  if (folderName.endsWith(CLASSROOM_FOLDER_SUFFIX)) {
    const named = folderName.slice(0, -CLASSROOM_FOLDER_SUFFIX.length);
    if (named !== '' && repositories.some((name) => loginOf(name, named) !== name)) return named;
  }
  if (repositories.length < 2) return undefined;
  let common = repositories[0];
  for (const name of repositories.slice(1)) {
    let length = 0;
    while (length < common.length && length < name.length && common[length] === name[length]) length += 1;
    common = common.slice(0, length);
  }
  const slug = common.slice(0, common.lastIndexOf('-'));
  return slug === '' ? undefined : slug;
}

/** A repository's student id: its name less `<slug>-`; a name that does not start with it (or is nothing more) keeps its whole name. */
export function loginOf(repository: string, slug: string | undefined): string {
  if (slug === undefined) return repository;
  const prefix = `${slug}-`;
  return repository.startsWith(prefix) && repository.length > prefix.length ? repository.slice(prefix.length) : repository;
}

/** How to read a repository's last commit; tests name a git that does not exist to see the fallback. */
export interface SubmissionTimeOptions {
  readonly git?: string;
}

/**
 * When a repository was last committed to, as an ISO 8601 instant (UTC):
 * `git log -1 --format=%cI` in it, or, when git is missing, fails (no commit,
 * a repository git will not read) or prints no time, the newest modification
 * time of the student files in it. Undefined when neither is known: the time
 * is information for late work, and never stops grading.
 */
export function repositorySubmittedAt(dir: string, studentFiles: readonly string[], options: SubmissionTimeOptions = {}): string | undefined {
  return lastCommitTime(dir, options.git ?? 'git') ?? newestStudentFileTime(dir, studentFiles);
}

function lastCommitTime(dir: string, git: string): string | undefined {
  const root = path.resolve(dir);
  // git runs in a child process, reading only what it needs for the log. The ceiling stops it from taking an
  // enclosing repository's history for a clone whose .git it cannot read. A clone's .git/config and hooks are
  // the staff's own (a clone never copies them from the student's repository), and `log` runs no hook.
  const run = spawnSync(git, ['-C', root, '--no-pager', 'log', '-1', '--format=%cI'], {
    encoding: 'utf8',
    timeout: GIT_TIMEOUT_MS,
    maxBuffer: 64 * 1024,
    stdio: ['ignore', 'pipe', 'ignore'],
    env: { ...process.env, GIT_CEILING_DIRECTORIES: path.dirname(root), GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
  });
  if (run.error !== undefined || run.status !== 0) return undefined;
  return instantOf(run.stdout.trim());
}
