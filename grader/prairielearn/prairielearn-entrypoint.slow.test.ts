import { spawnSync } from 'child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { loadAssignment } from '../../assignments/framework/load-assignment';
import { runCli } from '../../cli/test-support/run-cli';
import { vmlabRoot } from '../../io/vmlab-root';
import { buildHandout } from '../handout/build-handout';
import { solutionsAssessedElsewhere } from '../handout/shipped-solutions';
import { ROOT_VARIABLE } from './grade-job';

/**
 * `vmlab prairielearn` end to end: the fragment written by the CLI, its
 * entrypoint run as PrairieLearn runs it (a child process, in a folder laid
 * out like /grade: serverFilesCourse/<id>/ copied in, the upload flat in
 * student/), on the key, the stubs, an upload that does not compile and one
 * missing every file. Each results.json is held to the fields PrairieLearn
 * documents (docs/externalGrading.md, "Grading results").
 */
const ROOT = vmlabRoot();
const WALK = path.join(ROOT, 'assignments', 'walk');

let scratch: string;
let course: string;
let key: string;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'vmlab-prairielearn-'));
  course = path.join(scratch, 'course');
  const run = await runCli('prairielearn', '--assignment', WALK, '--out', course);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const assignment = loadAssignment(WALK);
  const keyOut = path.join(scratch, 'key');
  const shipSolutions = solutionsAssessedElsewhere(assignment, path.join(ROOT, 'assignments')).map((shipped) => shipped.component);
  await buildHandout({ repoRoot: ROOT, assignment, out: path.join(scratch, 'handout'), keyOut, withSolution: false, shipSolutions, force: false, log: () => undefined });
  key = readFileSync(path.join(keyOut, 'starter', 'src', 'walker.ts'), 'utf8');
}, 600_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Graded {
  readonly status: number | null;
  readonly results: Record<string, unknown>;
}

let jobs = 0;
/** The entrypoint on an upload (file name → content), in a fresh /grade-like folder. */
function gradeUpload(upload: Record<string, string>): Graded {
  const grade = path.join(scratch, `grade-${++jobs}`);
  cpSync(path.join(course, 'serverFilesCourse', 'walk'), path.join(grade, 'serverFilesCourse', 'walk'), { recursive: true });
  mkdirSync(path.join(grade, 'student'), { recursive: true });
  for (const [name, content] of Object.entries(upload)) writeFileSync(path.join(grade, 'student', name), content);
  const info = JSON.parse(readFileSync(path.join(course, 'questions', 'walk', 'info.json'), 'utf8')) as { externalGradingOptions: { entrypoint: string } };
  const entrypoint = info.externalGradingOptions.entrypoint.replace(/^\/grade\//, `${grade}/`);
  const run = spawnSync(entrypoint, [], { env: { ...process.env, [ROOT_VARIABLE]: grade }, encoding: 'utf8' });
  return { status: run.status, results: JSON.parse(readFileSync(path.join(grade, 'results', 'results.json'), 'utf8')) as Record<string, unknown> };
}

/** The documented fields, with their types; nothing else. */
function expectDocumentedFormat(results: Record<string, unknown>): void {
  expect(Object.keys(results).filter((field) => !['gradable', 'score', 'message', 'output', 'tests', 'format_errors', 'images'].includes(field))).toEqual([]);
  expect(typeof results.gradable).toBe('boolean');
  if (results.gradable === false) {
    expect(Array.isArray(results.format_errors) && results.format_errors.length > 0 && results.format_errors.every((error) => typeof error === 'string')).toBe(true);
    return;
  }
  expect(typeof results.score).toBe('number');
  expect(results.score).toBeGreaterThanOrEqual(0);
  expect(results.score).toBeLessThanOrEqual(1);
  expect(Array.isArray(results.tests)).toBe(true);
  for (const test of results.tests as Record<string, unknown>[]) {
    expect(Object.keys(test).sort()).toEqual(['description', 'max_points', 'message', 'name', 'output', 'points']);
    for (const field of ['name', 'description', 'message', 'output']) expect(typeof test[field]).toBe('string');
    expect(test.points).toBeGreaterThanOrEqual(0);
    expect(test.points).toBeLessThanOrEqual(test.max_points as number);
  }
  expect(Buffer.byteLength(JSON.stringify(results))).toBeLessThanOrEqual(1_000_000);
}

test('the fragment: the question beside its grader, whose entrypoint is executable', () => {
  expect(readFileSync(path.join(course, 'questions', 'walk', 'question.html'), 'utf8')).toContain('<pl-file-upload file-names="walker.ts">');
  expect(statSync(path.join(course, 'serverFilesCourse', 'walk', 'entrypoint.sh')).mode & 0o111).toBe(0o111);
  for (const file of ['vmlab/dist/grader/prairielearn/grade-job-main.js', 'vmlab/node_modules/typescript/package.json', 'vmlab/node_modules/ajv/package.json', 'vmlab/assignments/walk/hidden/permissions.json']) {
    expect(statSync(path.join(course, 'serverFilesCourse', 'walk', file)).isFile()).toBe(true);
  }
});

test('the key, uploaded by name, scores 1 with every test at its max_points', () => {
  const { status, results } = gradeUpload({ 'walker.ts': key });
  expect(status).toBe(0);
  expectDocumentedFormat(results);
  expect(results.gradable).toBe(true);
  expect(results.score).toBe(1);
  expect((results.tests as { points: number; max_points: number }[]).filter((test) => test.points !== test.max_points)).toEqual([]);
});

test('the stub compiles and scores 0, gradable, its hidden tests by number and category only', () => {
  const { status, results } = gradeUpload({ 'walker.ts': readFileSync(path.join(ROOT, 'starter', 'src', 'walker.ts'), 'utf8') });
  expect(status).toBe(0);
  expectDocumentedFormat(results);
  expect(results).toMatchObject({ gradable: true, score: 0 });
  const tests = results.tests as { name: string; output: string }[];
  expect(tests[0].output).toMatch(/not implemented: walker/);
  const hidden = tests.filter((test) => test.name.startsWith('Hidden test '));
  expect(hidden.length).toBeGreaterThan(0);
  for (const test of hidden) expect(test.output).not.toMatch(/not implemented|0x[0-9a-f]{4,}/);
});

test('an upload that does not compile is not gradable, with the file and line in format_errors', () => {
  const { status, results } = gradeUpload({ 'walker.ts': 'export const walker: number = "not a walker";\n' });
  expect(status).toBe(0);
  expectDocumentedFormat(results);
  expect(results.gradable).toBe(false);
  expect((results.format_errors as string[]).join('\n')).toMatch(/walker\.ts:1:\d+: .*\n {4}export const walker: number = "not a walker";/);
});

test('an upload missing every file is not gradable, and says which file is missing', () => {
  const { status, results } = gradeUpload({ 'notes.txt': 'my walker is in the other folder' });
  expect(status).toBe(0);
  expectDocumentedFormat(results);
  expect(results.gradable).toBe(false);
  expect((results.format_errors as string[]).join('\n')).toMatch(/walker: its file is missing from the upload/);
});

test('a grader that cannot start still leaves a results.json, not gradable', () => {
  const grade = path.join(scratch, 'broken-grader');
  cpSync(path.join(course, 'serverFilesCourse', 'walk'), path.join(grade, 'serverFilesCourse', 'walk'), { recursive: true });
  rmSync(path.join(grade, 'serverFilesCourse', 'walk', 'vmlab', 'dist'), { recursive: true });
  const run = spawnSync(path.join(grade, 'serverFilesCourse', 'walk', 'entrypoint.sh'), [], { env: { ...process.env, [ROOT_VARIABLE]: grade }, encoding: 'utf8' });
  expect(run.status).toBe(0);
  const results = JSON.parse(readFileSync(path.join(grade, 'results', 'results.json'), 'utf8')) as Record<string, unknown>;
  expectDocumentedFormat(results);
  expect(results.format_errors).toEqual([expect.stringMatching(/^The autograder failed \(exit status [1-9]\d*\)\.$/)]);
});
