import { spawnSync } from 'child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'fs';
import Handlebars from 'handlebars';
import { tmpdir } from 'os';
import * as path from 'path';
import { assignmentFolders } from '../../assignments/assignment-folders';
import { GoldenSuite } from '../../observe/test-case';
import { loadAssignment } from '../../assignments/framework/load-assignment';
import { readGradedResults } from '../results/read-graded-results';
import { assignmentTests } from '../grade/assignment-tests';
import { gradeSubmission } from '../grade/grade-submission';
import { submissionCompiler } from '../grade/grade-to-folder';
import { ReferenceObservations } from '../grade/reference-observations';
import { sketchWalkerSource, stubWalkerSource, wrappedSketchWalkerSource, writeWalkerSubmission } from '../grade/test-support/walker-submissions';
import { PUBLIC_ASSIGNMENT_FILE, PUBLIC_REPORT_FOLDER, PUBLIC_REPORT_LAUNCHER } from '../public-report/public-report-files';
import { SubmissionResults, TestResult } from '../results/submission-results';
import { vmlabRoot } from '../../io/vmlab-root';
import { buildHandout, HandoutReport } from './build-handout';
import { studentPackageProblems } from './check-contents';
import { solutionsAssessedElsewhere } from './shipped-solutions';
import { handoutDocs, HandoutVariant, NPM_CASE_LAUNCHER, NPM_TEST_LAUNCHER, STEP_LAUNCHER } from './handout-layout';
import { citedDocs } from './cited-docs';
import { PUBLIC_TESTS_WORKFLOW, publicTestsWorkflow } from './github-workflow';
import { caseFileName, parseCaseText } from '../cases/case-file';
import { CACHE_FOLDER, PREPARED_FOLDER, PREPARED_MANIFEST } from '../../starter/harness/prepared-sources';
import { COMPONENT_REGISTRY } from '../../reference/component-registry';

/**
 * Each assignment builds a verified handout: buildHandout itself type-checks
 * both packages, runs their public tests (stubs must fail with "not
 * implemented", the key must pass) and their `npm run report`, so a handout
 * that is written passed all of that. These tests check what was written,
 * and run `npm run report` in it as a student would.
 */
const ROOT = vmlabRoot();
const FOLDERS = assignmentFolders(path.join(ROOT, 'assignments'));
const WALK = FOLDERS.find((folder) => path.basename(folder) === 'walk')!;

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'vmlab-handout-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Each assignment's handout is built once, by whichever test needs it first: the stubs, and the key from the same build. */
const built = new Map<string, Promise<HandoutReport>>();
async function handout(folder: string, variant: HandoutVariant): Promise<{ readonly out: string; readonly report: HandoutReport }> {
  const name = path.basename(folder);
  let building = built.get(name);
  if (building === undefined) {
    const [out, keyOut] = [path.join(scratch, `${name}-stubs`), path.join(scratch, `${name}-key`)];
    const assignment = loadAssignment(folder);
    const shipSolutions = solutionsAssessedElsewhere(assignment, path.join(ROOT, 'assignments')).map((shipped) => shipped.component);
    // walk's is built as a GitHub Classroom template (--github-workflow): the same checks hold with the workflow in it.
    const githubWorkflow = name === 'walk';
    building = buildHandout({ repoRoot: ROOT, assignment, out, keyOut, withSolution: false, shipSolutions, githubWorkflow, force: false, log: () => undefined });
    built.set(name, building);
  }
  const report = await building;
  return { out: variant === 'key' ? report.keyOut! : report.out, report };
}

/** `npm run report` in a handout, with vmlab's packages standing in for `npm install`; its output and the results it wrote. */
function npmRunReport(out: string): { readonly status: number | null; readonly output: string; readonly results: SubmissionResults | undefined } {
  if (!existsSync(path.join(out, 'node_modules'))) symlinkSync(path.join(ROOT, 'node_modules'), path.join(out, 'node_modules'), 'dir');
  const run = spawnSync('npm', ['run', '--silent', 'report'], { cwd: out, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { status: run.status, output: `${run.stdout}${run.stderr}`, results: readGradedResults(path.join(out, PUBLIC_REPORT_FOLDER)) };
}

/** Every file of a handout as written (before any install), by handout path. */
function filesIn(dir: string): Map<string, string> {
  const names = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => statSync(path.join(dir, name)).isFile());
  return new Map(names.map((name) => [name.split(path.sep).join('/'), readFileSync(path.join(dir, name), 'utf8')]));
}

function goldensOf(out: string, id: string): GoldenSuite {
  return JSON.parse(readFileSync(path.join(out, 'assignments', id, 'public', 'goldens.json'), 'utf8')) as GoldenSuite;
}

describe.each(FOLDERS)('the student handout of %s', (folder) => {
  const assignment = loadAssignment(folder);
  const { id, assesses } = assignment.manifest;

  test('is verified, ships the stubs and no hidden suite', async () => {
    const { out, report } = await handout(folder, 'stubs');
    expect(report.checks).toEqual(expect.arrayContaining(['both packages type-check', 'the key passes them', expect.stringMatching(/^npm run report: the stubs score 0, the key \d+ of \d+ public points$/)]));
    for (const component of assesses) expect(readFileSync(path.join(out, COMPONENT_REGISTRY[component].studentFile), 'utf8')).toMatch(/not implemented/);
    expect(existsSync(path.join(out, 'assignments', id, 'hidden'))).toBe(false);
    expect(existsSync(path.join(out, 'node_modules'))).toBe(false);
    expect(existsSync(path.join(out, PUBLIC_REPORT_FOLDER))).toBe(false);
    const readme = readFileSync(path.join(out, 'README.md'), 'utf8');
    const spec = readFileSync(path.join(folder, 'spec.md'), 'utf8');
    // A reference solution another assignment assesses ships only when asked for, and the README then says so.
    const shipped = solutionsAssessedElsewhere(assignment, path.join(ROOT, 'assignments'));
    if (shipped.length === 0) expect(readme).toBe(spec);
    else expect(readme.startsWith(spec.trimEnd())).toBe(true);
    for (const { component } of shipped) {
      expect(readme).toContain(`This handout includes the reference solution of ${component}`);
      expect(existsSync(path.join(out, `${COMPONENT_REGISTRY[component].solution.module}.ts`))).toBe(true);
    }
    expect(JSON.parse(readFileSync(path.join(out, 'package.json'), 'utf8')).scripts).toEqual({ test: `node ${NPM_TEST_LAUNCHER}`, report: `node ${PUBLIC_REPORT_LAUNCHER}`, step: `node ${STEP_LAUNCHER}`, case: `node ${NPM_CASE_LAUNCHER}` });
    // What npm test reads instead of checking and compiling the whole substrate, and no cache of the build's own runs.
    expect(existsSync(path.join(out, PREPARED_FOLDER, PREPARED_MANIFEST))).toBe(true);
    expect(existsSync(path.join(out, PREPARED_FOLDER, CACHE_FOLDER))).toBe(false);
    // Nothing but the handouts is left beside them.
    expect(readdirSync(scratch).filter((name) => name.includes('.tmp'))).toEqual([]);
  });

  test('ships the student docs in docs/, and every doc its README cites', async () => {
    const { out } = await handout(folder, 'stubs');
    for (const [file, content] of handoutDocs(ROOT)) expect(readFileSync(path.join(out, file), 'utf8')).toBe(content);
    const readme = readFileSync(path.join(out, 'README.md'), 'utf8');
    for (const cited of citedDocs(readme)) expect({ cited, shipped: existsSync(path.join(out, cited)) }).toEqual({ cited, shipped: true });
  });

  test('holds no reference solution of an assessed component in any file, the report grader included', async () => {
    const { out } = await handout(folder, 'stubs');
    const files = filesIn(out);
    expect([...files.keys()]).toEqual(expect.arrayContaining([PUBLIC_REPORT_LAUNCHER, 'grader/grade/grade-submission.ts', 'grader/sandbox/sandbox-child.js', 'grader/compile/compile-worker-bootstrap.js', 'grader/compile/compile-worker-main.ts', 'templates/student-report.hbs', PUBLIC_ASSIGNMENT_FILE]));
    for (const component of assesses) for (const solution of COMPONENT_REGISTRY[component].solution.files) expect(files.has(solution)).toBe(false);
    expect(files.has('grader/grade/reference-observations.ts')).toBe(false);
    expect(studentPackageProblems(files, assesses, `assignments/${id}/public/goldens.json`)).toEqual([]);
    const manifest = JSON.parse(files.get(PUBLIC_ASSIGNMENT_FILE)!) as { suites: { name: string }[] };
    expect(manifest.suites.map((suite) => suite.name)).toEqual(['public']);
  });
});

// buildHandout already ran the report on every assignment's stubs and key; here it runs as a student runs it.
describe('the stubs of walk', () => {
  test('npm run report scores the stubs 0, and says why', async () => {
    const { out } = await handout(WALK, 'stubs');
    const { status, output, results } = npmRunReport(out);
    expect(status).toBe(0);
    expect(results).toBeDefined();
    const goldens = goldensOf(out, 'walk');
    expect(results!.score).toBe(0);
    expect(results!.maxScore).toBe(goldens.tests.reduce((sum, test) => sum + test.points, 0));
    expect(results!.tests.map((test) => test.id)).toEqual(goldens.tests.map((test) => test.id));
    for (const test of results!.tests) expect(test.failure?.kind === 'difference' && test.failure.difference.got).toMatch(/not implemented/);
    expect(output).toContain(`0 of ${results!.maxScore} points on the public tests`);
    expect(output).toContain(`${PUBLIC_REPORT_FOLDER}/report.html`);
    expect(readFileSync(path.join(out, PUBLIC_REPORT_FOLDER, 'report.html'), 'utf8')).toMatch(/not implemented/);
  });
});

test('the walk handout built with --github-workflow holds the public-tests workflow, in the stubs and the key', async () => {
  const { out, report } = await handout(WALK, 'stubs');
  const { out: keyOut } = await handout(WALK, 'key');
  expect(report.checks).toContain(`${PUBLIC_TESTS_WORKFLOW}: runs the public tests (npm test) on every push`);
  for (const dir of [out, keyOut]) expect(readFileSync(path.join(dir, PUBLIC_TESTS_WORKFLOW), 'utf8')).toBe(publicTestsWorkflow('walk'));
});

describe('the key of walk', () => {
  test('--key-out writes the key from the same build, and an existing folder is refused without --force', async () => {
    const { out } = await handout(WALK, 'key');
    // In student form: the reference walker's own code, its helpers inlined, as the students' handout has none of them.
    expect(readFileSync(path.join(out, COMPONENT_REGISTRY.walker.studentFile), 'utf8')).toMatch(/export const walker: Walker = \{/);
    expect(existsSync(path.join(out, 'reference/paging/walk-tables.ts'))).toBe(false);
    expect(existsSync(path.join(out, 'node_modules'))).toBe(false);
    await expect(buildHandout({ repoRoot: ROOT, assignment: loadAssignment(WALK), out, withSolution: true, force: false, log: () => undefined })).rejects.toThrow(/already exists/);
    await expect(
      buildHandout({ repoRoot: ROOT, assignment: loadAssignment(WALK), out: path.join(scratch, 'fresh'), keyOut: out, withSolution: false, force: false, log: () => undefined }),
    ).rejects.toThrow(/already exists/);
    expect(existsSync(path.join(scratch, 'fresh'))).toBe(false);
  });

  test('npm run report gives the key every public point, and the report names every public test', async () => {
    const { out } = await handout(WALK, 'key');
    const { status, output, results } = npmRunReport(out);
    expect(status).toBe(0);
    const goldens = goldensOf(out, 'walk');
    const publicPoints = goldens.tests.reduce((sum, test) => sum + test.points, 0);
    expect(results?.score).toBeCloseTo(publicPoints);
    expect(results?.maxScore).toBe(publicPoints);
    expect(results?.tests.filter((test) => test.failure !== undefined)).toEqual([]);
    expect(output).toContain(`${publicPoints} of ${publicPoints} points on the public tests (${goldens.tests.length} of ${goldens.tests.length} tests pass)`);
    const html = readFileSync(path.join(out, PUBLIC_REPORT_FOLDER, 'report.html'), 'utf8');
    for (const test of goldens.tests) expect(html).toContain(Handlebars.escapeExpression(test.title));
  });
});

test("npm run report judges a buggy walker's public tests exactly as the grader does", async () => {
  const { out } = await handout(WALK, 'stubs');
  const source = sketchWalkerSource(ROOT, ['ignoresUser']);
  writeFileSync(path.join(out, COMPONENT_REGISTRY.walker.studentFile), source);
  const local = npmRunReport(out).results!;

  const assignment = loadAssignment(WALK);
  const compiler = submissionCompiler(assignment);
  let graded: SubmissionResults;
  try {
    const submissionDir = writeWalkerSubmission(path.join(scratch, 'buggy-walker'), source);
    const tests = assignmentTests(assignment, undefined).filter((test) => test.suite === 'public');
    graded = await gradeSubmission({ compiler, submissionDir, student: 'you', tests, workDir: path.join(scratch, 'grading'), reference: new ReferenceObservations() });
  } finally {
    compiler.dispose();
  }

  // Generated tests carry their seed in the grader's results; the goldens record the cases, not the seed. The
  // diagnosis differs by design: the misconception catalogue stays with the grader, so locally a failure names
  // only the rule its test states (when it states one), which must be the grader's.
  const verdict = ({ seed: _seed, failure, ...test }: TestResult) => {
    if (failure?.kind !== 'difference') return { ...test, failure };
    const { diagnosis: _diagnosis, ...rest } = failure;
    return { ...test, failure: rest };
  };
  const ruleOf = (test: TestResult) => (test.failure?.kind === 'difference' ? test.failure.diagnosis?.rule : undefined);
  expect(local.tests.some((test) => test.failure !== undefined)).toBe(true);
  expect(local.tests.some((test) => test.failure === undefined)).toBe(true);
  expect(local.tests.map(verdict)).toEqual(graded.tests.map(verdict));
  local.tests.forEach((test, index) => {
    if (ruleOf(test) !== undefined) expect(ruleOf(test)).toBe(ruleOf(graded.tests[index]));
  });
  expect(local.tests.some((test) => test.failure?.kind === 'difference' && test.failure.diagnosis?.misconception !== undefined)).toBe(false);
  expect(local.score).toBeCloseTo(graded.score);

  // npm run step: the page of the first failing public test's first failing case, the student's run beside the golden, where it says.
  const failing = local.tests.find((test) => test.failure?.kind === 'difference')!;
  const failingCase = failing.failure?.kind === 'difference' ? failing.failure.caseIndex + 1 : 0;
  const step = spawnSync('npm', ['run', '--silent', 'step', '--', failing.id], { cwd: out, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  expect({ status: step.status, output: `${step.stdout}${step.stderr}` }).toEqual({ status: 0, output: expect.stringContaining(`Wrote ${PUBLIC_REPORT_FOLDER}/step-through/`) });
  const page = readFileSync(path.join(out, PUBLIC_REPORT_FOLDER, 'step-through', `${failing.id}.html`), 'utf8');
  expect(page).toContain(`test ${failing.id} (`);
  expect(page).toContain(`case ${failingCase}`);
  expect(page).toContain('First difference');
  const unknown = spawnSync('npm', ['run', '--silent', 'step', '--', 'no-such-test'], { cwd: out, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  expect(unknown.status).not.toBe(0);
  expect(`${unknown.stdout}${unknown.stderr}`).toContain('no-such-test: no such public test');
});

/** `npm test` in a copy of the walk stubs' handout with `walker` as the student's file, as a student runs it. */
async function npmTest(name: string, walker: string): Promise<{ readonly status: number | null; readonly output: string; readonly copy: string }> {
  const { out } = await handout(WALK, 'stubs');
  const copy = path.join(scratch, `npm-test-${name}`);
  cpSync(out, copy, { recursive: true, filter: (source) => path.basename(source) !== 'node_modules' });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(copy, 'node_modules'), 'dir');
  writeFileSync(path.join(copy, COMPONENT_REGISTRY.walker.studentFile), walker);
  // Far past the 10 s a test may run: the run ends by itself, or this kills it and the test fails.
  const run = spawnSync('npm', ['test'], { cwd: copy, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', CI: 'true' }, timeout: 600_000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}`, copy };
}

/** `npm run case -- <file>` in a handout copy, as a student runs it. */
function npmRunCase(copy: string, file: string): { readonly status: number | null; readonly output: string } {
  const run = spawnSync('npm', ['run', '--silent', 'case', '--', file], { cwd: copy, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' }, timeout: 600_000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('npm test in the walk handout', () => {
  test('a walker that never returns on one test, and one that ends its process on another: those two fail saying so, every other test runs and passes', async () => {
    const goldens = goldensOf((await handout(WALK, 'stubs')).out, 'walk');
    // Two tests whose first case's address no other test uses: the misbehaviour hits those tests alone.
    const vaOf = (probe: unknown) => (probe as { va?: string }).va;
    const unique = goldens.tests.filter((candidate) => {
      const va = vaOf(candidate.cases[0].probe);
      return va !== undefined && goldens.tests.every((other) => other === candidate || other.cases.every((each) => vaOf(each.probe) !== va));
    });
    expect(unique.length).toBeGreaterThanOrEqual(2);
    const [hangs, exits] = unique;
    const body = `export const walker: Walker = {
  walk(request, readEntry) {
    if (request.va === ${vaOf(hangs.cases[0].probe)}n) for (;;);
    if (request.va === ${vaOf(exits.cases[0].probe)}n) process.exit(0);
    return honest.walk(request, readEntry);
  },
};`;
    const { status, output } = await npmTest('misbehaving', wrappedSketchWalkerSource(ROOT, body));
    expect(status).toBe(1);
    expect(output).toContain(`${hangs.title} [${hangs.id}]: hung: your code was still running after 10 s on case #1 (`);
    expect(output).toMatch(/, in walker\.walk: look for a loop there that never ends\. The test was stopped; the other tests go on\./);
    expect(output).toContain(`${exits.title} [${exits.id}]: your code ended the thread running it (process.exit(0), or the like); the test was stopped.`);
    expect(output).toMatch(new RegExp(`Tests: +2 failed, ${goldens.tests.length - 2} passed, ${goldens.tests.length} total`));
  }, 900_000);

  test("a type error in the student's file is reported with its file, line and column, and fails the run", async () => {
    const stub = stubWalkerSource(ROOT);
    const broken = stub.replace("throw new Error('not implemented: walker');", "const levels: number = 'four';\n    throw new Error(`not implemented: walker ${levels}`);");
    expect(broken).not.toBe(stub);
    const line = broken.split('\n').findIndex((text) => text.includes("const levels: number = 'four';")) + 1;
    const { status, output } = await npmTest('type-error', broken);
    expect(status).toBe(1);
    expect(output).toContain(`starter/src/walker.ts(${line},11): error TS2322: Type 'string' is not assignable to type 'number'.`);
    expect(output).toContain('Type-check of what you changed (starter/harness/assignment-components.ts, starter/src/walker.ts): 1 error. The grader fails every test of a component whose file does not type-check');
  }, 900_000);

  test("a failing test prints the report's drawing in words: each step with its entry's flags, the step that differs marked", async () => {
    const { status, output } = await npmTest('drawing', sketchWalkerSource(ROOT, ['dirtyOnEveryAccess']));
    expect(status).toBe(1);
    expect(output).toMatch(/Entry read +Index +Entry address +Entry value +Flags set +A\/D the walk sets/);
    expect(output).toMatch(/> 4 +reference +PTE \(level 1\) +359 +0x4b38 +0x\w+ +P RW US +0x20 \(A\)/);
    expect(output).toMatch(/ +yours +PTE \(level 1\) +359 +0x4b38 +0x\w+ +P RW US +\*0x60 \(A\|D\)/);
    expect(output).toContain('Type-check of what you changed (starter/harness/assignment-components.ts, starter/src/walker.ts): no errors.');
  }, 900_000);

  test('a failing test writes its case (shrunk when it can be) as .vmlab/cases/<test>.json; npm run case runs it: the drawing while it fails, PASS once fixed', async () => {
    const { status, output, copy } = await npmTest('cases', sketchWalkerSource(ROOT, ['dirtyOnEveryAccess']));
    expect(status).toBe(1);
    expect(output).toMatch(/(Run it alone|run this case alone): npm run case -- \.vmlab\/cases\/[\w.-]+\.json/);
    const folder = path.join(copy, '.vmlab', 'cases');
    // The handout's own checks ran the stubs' failing tests: their case files are not shipped.
    expect(existsSync(path.join((await handout(WALK, 'stubs')).out, '.vmlab', 'cases'))).toBe(false);
    const files = readdirSync(folder).filter((name) => name.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    const shrunk = files.map((name) => parseCaseText(readFileSync(path.join(folder, name), 'utf8'), name)).filter((one) => one.shrunkFrom !== undefined);
    // The dirty-bit mistake needs no more than the entries the reference walk reads: some case loses the others.
    expect(shrunk.length).toBeGreaterThan(0);
    expect(output).toMatch(/A smaller case that fails the same way \(shrunk from \d+ table entries to \d+\)/);
    const file = path.join('.vmlab', 'cases', caseFileName(shrunk[0].test.id));
    expect(shrunk.every((one) => one.expected !== undefined)).toBe(true);

    const failing = npmRunCase(copy, file);
    expect(failing).toMatchObject({ status: 1, output: expect.stringContaining('FAIL:') });
    expect(failing.output).toContain(`${shrunk[0].test.title} [${shrunk[0].test.id}] (shrunk from ${shrunk[0].shrunkFrom!.parts} table entries)`);
    expect(failing.output).toContain('FAIL:');
    expect(failing.output).toMatch(/Entry read +Index +Entry address +Entry value +Flags set +A\/D the walk sets/);

    writeFileSync(path.join(copy, COMPONENT_REGISTRY.walker.studentFile), sketchWalkerSource(ROOT, []));
    const fixed = npmRunCase(copy, file);
    expect(fixed.output).toContain('PASS: your code does what the reference does on this case.');
    expect(fixed.status).toBe(0);
    expect(npmRunCase(copy, 'no-such-case.json')).toMatchObject({ status: 2, output: expect.stringContaining('no-such-case.json: cannot read the case') });
  }, 900_000);
});
