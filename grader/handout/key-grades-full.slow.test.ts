import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { assignmentFolders } from '../../assignments/assignment-folders';
import { loadAssignment } from '../../assignments/framework/load-assignment';
import { studentComponents } from '../../assignments/framework/provided-components';
import { runCli } from '../../cli/test-support/run-cli';
import { SubmissionCompiler } from '../compile/compile-submission';
import { assignmentTests } from '../grade/assignment-tests';
import { gradeSubmission } from '../grade/grade-submission';
import { ReferenceObservations } from '../grade/reference-observations';
import { runAutograder } from '../gradescope/test-support/run-autograder';
import { vmlabRoot } from '../../io/vmlab-root';
import { buildHandout } from './build-handout';
import { handoutFiles } from './handout-layout';
import { solutionsAssessedElsewhere } from './shipped-solutions';
import { COMPONENT_REGISTRY } from '../../reference/component-registry';

/**
 * The instructor's key, as `vmlab handout --key-out` writes it, is a
 * submission like any other: graded by `vmlab grade` against every suite, and
 * by the Gradescope package, it scores every point, for every assignment.
 * Then the other way to provide an earlier component: the student's own file.
 */
const ROOT = vmlabRoot();

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'vmlab-key-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Scored {
  score: number;
  tests: { score: number; max_score: number; output?: string }[];
}

const FOLDERS = assignmentFolders(path.join(ROOT, 'assignments')).map((folder) => [path.basename(folder), folder] as const);

describe.each(FOLDERS)('the key of %s', (_name, folder) => {
  const assignment = loadAssignment(folder);
  const { id } = assignment.manifest;
  const maxScore = assignment.manifest.parts.reduce((sum, part) => sum + part.points, 0);
  const ownFiles = studentComponents(assignment.manifest).map((component) => COMPONENT_REGISTRY[component].studentFile);
  let keyOut: string;

  beforeAll(async () => {
    keyOut = path.join(scratch, `${id}-key`);
    const shipSolutions = solutionsAssessedElsewhere(assignment, path.join(ROOT, 'assignments')).map((shipped) => shipped.component);
    await buildHandout({ repoRoot: ROOT, assignment, out: path.join(scratch, id), keyOut, withSolution: false, shipSolutions, force: false, log: () => undefined });
  });

  test('is in student form: each key file imports only what the students\' handout has', () => {
    const students = handoutFiles(ROOT, assignment, 'stubs', solutionsAssessedElsewhere(assignment, path.join(ROOT, 'assignments')));
    for (const file of ownFiles) {
      const key = readFileSync(path.join(keyOut, file), 'utf8');
      expect(key).not.toMatch(/\breference[A-Z]\w*/);
      for (const [, specifier] of key.matchAll(/from '([^']+)'/g)) expect(students.has(`${path.posix.join(path.posix.dirname(file), specifier)}.ts`)).toBe(true);
    }
  });

  test('vmlab grade gives it every point of every suite', async () => {
    const out = path.join(scratch, `${id}-graded`);
    const run = await runCli('grade', '--assignment', folder, '--submission', keyOut, '--out', out);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as Scored;
    expect(results.tests.filter((test) => test.score !== test.max_score)).toEqual([]);
    expect(results.score).toBeCloseTo(maxScore);
  });

  test('the Gradescope package gives it every point, uploaded as files by name', () => {
    const upload = new Map(ownFiles.map((file) => [path.posix.basename(file), readFileSync(path.join(keyOut, file), 'utf8')]));
    const run = runAutograder(ROOT, folder, upload);
    expect(run.buildOutput).toBe('');
    expect(run.status).toBe(0);
    const results = run.results as Scored;
    expect(results.tests.filter((test) => test.score !== test.max_score)).toEqual([]);
    expect(results.score).toBeCloseTo(maxScore);
  });
});

/**
 * The nested assignment with `providedFrom: { walker: "student" }`, in a copy
 * of the repository (a handout takes its assignment from the repository's
 * assignments/): no reference walker ships, the student's own is graded.
 */
describe('a walker the student provides', () => {
  let repo: string;
  let folder: string;
  let keyOut: string;
  let out: string;

  beforeAll(async () => {
    repo = path.join(scratch, 'repo');
    for (const entry of ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'bin', 'reference', 'observe', 'io', 'grader', 'cli', 'starter', 'templates', 'assignments', 'experiments']) {
      if (existsSync(path.join(ROOT, entry))) cpSync(path.join(ROOT, entry), path.join(repo, entry), { recursive: true });
    }
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(repo, 'node_modules'), 'dir');
    folder = path.join(repo, 'assignments', 'nested');
    const manifestFile = path.join(folder, 'assignment.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { providedFrom?: unknown; studentFiles: string[] };
    manifest.providedFrom = { walker: 'student' };
    manifest.studentFiles = [...manifest.studentFiles, COMPONENT_REGISTRY.walker.studentFile];
    writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
    out = path.join(scratch, 'nested-own');
    keyOut = path.join(scratch, 'nested-own-key');
    // No --ship-solution: nothing assessed elsewhere ships.
    await buildHandout({ repoRoot: repo, assignment: loadAssignment(folder), out, keyOut, withSolution: false, force: false, log: () => undefined });
  });

  test('the handout ships a walker stub to fill, no reference walker, and says to copy theirs in', () => {
    expect(readFileSync(path.join(out, COMPONENT_REGISTRY.walker.studentFile), 'utf8')).toMatch(/not implemented: walker/);
    expect(existsSync(path.join(out, 'reference/paging/reference-walker.ts'))).toBe(false);
    expect(existsSync(path.join(out, 'reference/paging/walk-tables.ts'))).toBe(false);
    expect(readFileSync(path.join(out, 'README.md'), 'utf8')).toMatch(/Copy your `starter\/src\/walker\.ts`/);
    expect(readFileSync(path.join(keyOut, COMPONENT_REGISTRY.walker.studentFile), 'utf8')).toMatch(/export const walker: Walker/);
  });

  test('grading compiles the student\'s walker: the key scores full, and without it every test says which file is missing', async () => {
    const assignment = loadAssignment(folder);
    const compiler = new SubmissionCompiler({ repoRoot: repo, assignment, handout: handoutFiles(repo, assignment, 'stubs'), shareSubstrate: true });
    const reference = new ReferenceObservations();
    const tests = assignmentTests(assignment, undefined);
    try {
      const full = await gradeSubmission({ compiler, submissionDir: keyOut, student: 'key', tests, workDir: path.join(scratch, 'own-key-work'), reference });
      expect(full.tests.filter((test) => test.score !== test.points)).toEqual([]);

      const withoutWalker = path.join(scratch, 'no-walker');
      cpSync(path.join(keyOut, COMPONENT_REGISTRY.nestedWalker.studentFile), path.join(withoutWalker, COMPONENT_REGISTRY.nestedWalker.studentFile));
      const missing = await gradeSubmission({ compiler, submissionDir: withoutWalker, student: 'no-walker', tests, workDir: path.join(scratch, 'no-walker-work'), reference });
      expect(missing.score).toBe(0);
      expect(missing.compile.map((broken) => [broken.component, broken.reason])).toEqual([['walker', 'missing']]);
      for (const test of missing.tests) expect(test.failure).toEqual({ kind: 'not-run', reason: expect.stringContaining('starter/src/walker.ts') });
    } finally {
      compiler.dispose();
    }
  });

  test('the Gradescope package grades the student\'s walker too', () => {
    const upload = new Map([COMPONENT_REGISTRY.nestedWalker.studentFile, COMPONENT_REGISTRY.walker.studentFile].map((file) => [file, readFileSync(path.join(keyOut, file), 'utf8')]));
    const run = runAutograder(repo, folder, upload);
    expect(run.status).toBe(0);
    const results = run.results as Scored;
    expect(results.tests.filter((test) => test.score !== test.max_score)).toEqual([]);
    expect(results.score).toBeCloseTo(loadAssignment(folder).manifest.parts.reduce((sum, part) => sum + part.points, 0));
  });
});
