import { readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import { ZipEntry } from './zip-writer';
import { runAutograderScript, setupScript } from './autograder-scripts';

/** Top-level files the grader needs to install and run. */
const TOP_FILES = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];
/** Folders shipped whole (less tests and build output): the whole CLI, so it builds as it does here. */
const TOP_FOLDERS = ['bin', 'reference', 'observe', 'io', 'grader', 'cli', 'experiments', 'starter', 'templates', 'assignments/framework', 'assignments/generators'];

/**
 * The autograder's files: vmlab's sources (installed and built by setup.sh),
 * the one assignment it grades, and the two scripts. Tests, test support,
 * node_modules and dist stay out; so do the other assignments.
 */
export function autograderEntries(repoRoot: string, assignmentDir: string): ZipEntry[] {
  const entries: ZipEntry[] = graderSourceFiles(repoRoot, assignmentDir).map((relative) => ({ name: relative, content: readFileSync(path.join(repoRoot, relative)), mode: modeOf(path.join(repoRoot, relative)) }));
  entries.push({ name: 'setup.sh', content: Buffer.from(setupScript()), mode: 0o755 });
  entries.push({ name: 'run_autograder', content: Buffer.from(runAutograderScript(path.basename(path.resolve(assignmentDir)))), mode: 0o755 });
  return entries;
}

/** The repository-relative paths of what grading one assignment needs of vmlab's sources (shared with the PrairieLearn package). */
export function graderSourceFiles(repoRoot: string, assignmentDir: string): string[] {
  const files = [...TOP_FILES];
  for (const folder of TOP_FOLDERS) files.push(...filesUnder(repoRoot, folder));
  for (const file of readdirSync(path.join(repoRoot, 'assignments'))) {
    if (/\.(ts|json)$/.test(file) && !isTestFile(file)) files.push(`assignments/${file}`);
  }
  const assignment = path.relative(repoRoot, path.resolve(assignmentDir)).split(path.sep).join('/');
  files.push(...filesUnder(repoRoot, assignment));
  return files;
}

/**
 * Folders the autograder never needs: builds, dependencies (installed by setup.sh), and the project's own
 * test material, an assignment's realistic bugs (`bugs/`, which `vmlab audit` runs) included.
 */
const LEFT_OUT = new Set(['node_modules', 'dist', 'test-support', 'bugs']);

function filesUnder(root: string, folder: string): string[] {
  const files: string[] = [];
  for (const name of readdirSync(path.join(root, folder)).sort()) {
    const relative = `${folder}/${name}`;
    // starter/'s test file is the handout's public-test harness, which the compiler builds handouts from.
    const isTest = isTestFile(name) && !relative.startsWith('starter/');
    if (LEFT_OUT.has(name) || name.startsWith('.') || isTest) continue;
    if (statSync(path.join(root, relative)).isDirectory()) files.push(...filesUnder(root, relative));
    else files.push(relative);
  }
  return files;
}

function isTestFile(name: string): boolean {
  return /\.test\.ts$/.test(name);
}

function modeOf(file: string): number {
  return statSync(file).mode & 0o111 ? 0o755 : 0o644;
}
