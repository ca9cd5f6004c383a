import { randomBytes } from 'crypto';
import { existsSync } from 'fs';
import { mkdir, rename, rm, symlink, writeFile } from 'fs/promises';
import * as path from 'path';
import { VmlabError } from '../../reference/errors';
import { LoadedAssignment } from '../../assignments/framework/loaded-assignment';
import { goldensPath } from '../../assignments/framework/goldens';
import { studentComponents } from '../../assignments/framework/provided-components';
import { readGradedResults } from '../results/read-graded-results';
import { PUBLIC_REPORT_FOLDER } from '../public-report/public-report-files';
import { SubmissionResults } from '../results/submission-results';
import { studentPackageProblems } from './check-contents';
import { allowedShippedSolutions } from './shipped-solutions';
import { HandoutVariant, handoutFiles } from './handout-layout';
import { HandoutFiles } from '../compile/handout-wiring';
import { ToolRun, publicReport, publicTests, typeCheck } from './run-handout-checks';
import { preparedSources } from './prepared-sources';
import { PUBLIC_TESTS_WORKFLOW, withPublicTestsWorkflow } from './github-workflow';
import { CACHE_FOLDER, PREPARED_FOLDER } from '../../starter/harness/prepared-sources';
import { HANDOUT_CASES_FOLDER } from '../cases/handout-cases';
import { COMPONENT_REGISTRY } from '../../reference/component-registry';

export interface HandoutOptions {
  /** The vmlab repository (or installed package) the substrate comes from. */
  readonly repoRoot: string;
  readonly assignment: LoadedAssignment;
  readonly out: string;
  /** Write the instructor's key instead of the stubs. */
  readonly withSolution: boolean;
  /** Also write the key here, from the same verified build (with the stubs at `out`). */
  readonly keyOut?: string;
  /**
   * Components whose reference solution the handout may ship though another
   * assignment in the repository assesses them (`--ship-solution`); any
   * other such solution is refused (shipped-solutions.ts).
   */
  readonly shipSolutions?: readonly string[];
  /** Add a GitHub Actions workflow that runs the public tests on every push (github-workflow.ts), to the stubs and the key alike. */
  readonly githubWorkflow?: boolean;
  /** Replace `out` (and `keyOut`) if it exists. */
  readonly force: boolean;
  /** Progress lines ("type-checking…"). */
  readonly log: (line: string) => void;
}

export interface HandoutReport {
  readonly out: string;
  /** Where the key was written too, when asked. */
  readonly keyOut?: string;
  readonly files: number;
  readonly checks: readonly string[];
}

/**
 * Write a verified handout. Both packages, stubs and key, are built in
 * temporary folders beside `out` and checked: the student package holds no
 * solution of an assessed component and no hidden suite; each type-checks;
 * the stubs fail the public tests with "not implemented"; the key passes
 * them; `npm run report` writes a report in each, scoring nothing for the
 * stubs and every public point for the key. Only then is the requested one
 * renamed into place (or both, with `keyOut`); on any failure nothing is left
 * behind.
 */
export async function buildHandout(options: HandoutOptions): Promise<HandoutReport> {
  const { repoRoot, assignment, out, log } = options;
  const target = path.resolve(out);
  const keyTarget = options.keyOut === undefined ? undefined : path.resolve(options.keyOut);
  if (keyTarget !== undefined && options.withSolution) throw new VmlabError('OPTION_INVALID', 'a key folder goes with the stubs: drop --with-solution, or the key folder');
  if (keyTarget === target) throw new VmlabError('OPTION_INVALID', 'the stubs and the key need two different folders');
  for (const [folder, given] of [[target, out], [keyTarget, options.keyOut]] as const) {
    if (folder !== undefined && existsSync(folder) && !options.force) throw new VmlabError('IO', `${given} already exists (add --force to replace it)`);
  }
  const goldensFile = path.relative(repoRoot, goldensPath(assignment)).split(path.sep).join('/');
  if (!existsSync(goldensPath(assignment))) throw new VmlabError('ASSIGNMENT_INVALID', `${goldensPath(assignment)}: missing; run vmlab goldens --assignment ${path.relative(process.cwd(), assignment.dir)}`);

  const shipped = allowedShippedSolutions(assignment, path.join(repoRoot, 'assignments'), options.shipSolutions ?? []);
  // The workflow goes in before the contents check, which holds it to the same rules as every other file.
  const withWorkflow = (files: HandoutFiles) => (options.githubWorkflow === true ? withPublicTestsWorkflow(files, assignment.manifest.id) : files);
  const stubs = withWorkflow(handoutFiles(repoRoot, assignment, 'stubs', shipped));
  const key = withWorkflow(handoutFiles(repoRoot, assignment, 'key', shipped));
  const ownComponents = studentComponents(assignment.manifest);
  const problems = studentPackageProblems(stubs, ownComponents, goldensFile);
  if (problems.length > 0) throw new VmlabError('ASSIGNMENT_INVALID', `the student package would leak: ${problems.join('; ')}`);
  const checks = [`student package: ${stubs.size} files, no solution of ${ownComponents.join(', ')}, no hidden suite`];
  if (options.githubWorkflow === true) checks.push(`${PUBLIC_TESTS_WORKFLOW}: runs the public tests (npm test) on every push`);
  for (const { component, assessedBy } of shipped) checks.push(`ships the reference solution of ${component}, which ${assessedBy.join(' and ')} assesses, as asked (the README says so)`);

  await mkdir(path.dirname(target), { recursive: true });
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const folders: Record<HandoutVariant, string> = { stubs: `${target}.stubs-${suffix}.tmp`, key: `${target}.key-${suffix}.tmp` };
  try {
    log('writing both packages, with the declarations and JavaScript npm test loads…');
    for (const [folder, files] of [[folders.stubs, stubs], [folders.key, key]] as const) await writeHandout(folder, files, repoRoot, assignment);
    checks.push('declarations and JavaScript prepared for npm test');
    log('type-checking the stub and key packages…');
    const [stubTypes, keyTypes] = await Promise.all([typeCheck(folders.stubs), typeCheck(folders.key)]);
    expect(stubTypes.exitCode === 0, 'the stub package does not type-check', stubTypes);
    expect(keyTypes.exitCode === 0, 'the key package does not type-check', keyTypes);
    checks.push('both packages type-check');
    log('running the public tests on the stubs and on the key…');
    const [stubTests, keyTests] = await Promise.all([publicTests(folders.stubs), publicTests(folders.key)]);
    expect(stubTests.exitCode !== 0 && /not implemented/.test(stubTests.output), 'the stubs do not fail the public tests with "not implemented"', stubTests);
    expect(keyTests.exitCode === 0, 'the key does not pass the public tests', keyTests);
    checks.push('the stubs fail the public tests (not implemented)', 'the key passes them');
    log('running npm run report on the stubs and on the key…');
    const [stubReport, keyReport] = await Promise.all([publicReport(folders.stubs), publicReport(folders.key)]);
    const stubResults = reportResults(folders.stubs, stubReport);
    const keyResults = reportResults(folders.key, keyReport);
    expect(stubResults.score === 0 && stubResults.tests.every((test) => test.failure !== undefined), 'npm run report does not score every test of the stubs 0', stubReport);
    expect(keyResults.score === keyResults.maxScore && keyResults.tests.every((test) => test.failure === undefined), 'npm run report does not give the key every public point', keyReport);
    checks.push(`npm run report: the stubs score 0, the key ${keyResults.maxScore} of ${keyResults.maxScore} public points`);

    const chosen = options.withSolution ? folders.key : folders.stubs;
    await moveIntoPlace(chosen, target, options.force);
    if (keyTarget !== undefined) await moveIntoPlace(folders.key, keyTarget, options.force);
    return { out: target, ...(keyTarget === undefined ? {} : { keyOut: keyTarget }), files: options.withSolution ? key.size : stubs.size, checks };
  } finally {
    await Promise.all(Object.values(folders).map((folder) => rm(folder, { recursive: true, force: true })));
  }
}

/** A checked package, less what the checks left in it (the linked node_modules, the report, the failing tests' case files), renamed to `target`. */
async function moveIntoPlace(checked: string, target: string, force: boolean): Promise<void> {
  await rm(path.join(checked, 'node_modules'), { force: true });
  await rm(path.join(checked, PUBLIC_REPORT_FOLDER), { recursive: true, force: true });
  await rm(path.join(checked, PREPARED_FOLDER, CACHE_FOLDER), { recursive: true, force: true });
  await rm(path.join(checked, HANDOUT_CASES_FOLDER), { recursive: true, force: true });
  if (force) await rm(target, { recursive: true, force: true });
  await mkdir(path.dirname(target), { recursive: true });
  await rename(checked, target);
}

/** Write a handout into `dir` as vmlab handout does: its files, node_modules linked in, and what it prepares for npm test (prepared-sources.ts). */
export async function writeHandout(dir: string, files: HandoutFiles, repoRoot: string, assignment: LoadedAssignment): Promise<void> {
  await writeHandoutFiles(dir, files, repoRoot);
  const studentFiles = studentComponents(assignment.manifest).map((component) => COMPONENT_REGISTRY[component].studentFile);
  await writeFiles(dir, preparedSources(dir, files, studentFiles));
}

/** Write a handout's files into `dir`, with vmlab's node_modules linked in so its tools run there without an install. */
export async function writeHandoutFiles(dir: string, files: HandoutFiles, repoRoot: string): Promise<void> {
  await writeFiles(dir, files);
  // vmlab's own tooling runs the checks: nothing is installed into the package.
  await symlink(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
}

async function writeFiles(dir: string, files: HandoutFiles): Promise<void> {
  for (const [file, content] of files) {
    const full = path.join(dir, file);
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, content, 'utf8');
  }
}

/** The results `npm run report` wrote in a package, which must have run and written its report. */
function reportResults(dir: string, run: ToolRun): SubmissionResults {
  expect(run.exitCode === 0, 'npm run report fails', run);
  const results = readGradedResults(path.join(dir, PUBLIC_REPORT_FOLDER));
  expect(results !== undefined && existsSync(path.join(dir, PUBLIC_REPORT_FOLDER, 'report.html')), 'npm run report writes no report', run);
  return results;
}

function expect(condition: boolean, what: string, run: ToolRun): asserts condition {
  if (!condition) throw new VmlabError('ASSIGNMENT_INVALID', `handout check failed: ${what}:\n${tail(run.output)}`);
}

/** The end of a tool's output, where its summary and first errors are. */
function tail(output: string): string {
  const lines = output.trimEnd().split('\n');
  return lines.slice(-40).join('\n');
}
