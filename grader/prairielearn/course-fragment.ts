import { spawn } from 'child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { mkdtemp, rename, rm } from 'fs/promises';
import * as path from 'path';
import { VmlabError } from '../../reference/errors';
import { LoadedAssignment } from '../../assignments/framework/loaded-assignment';
import { copyRuntimePackages } from '../compile/copy-runtime-packages';
import { graderSourceFiles } from '../gradescope/autograder-files';
import { entrypointScript } from './entrypoint-script';
import { gradingTimeout, questionHtml, questionInfo } from './question-files';

export interface CourseFragmentRequest {
  /** The vmlab whose grader is packaged (its sources and node_modules). */
  readonly repoRoot: string;
  readonly assignment: LoadedAssignment;
  /** A course folder, or any folder: questions/<id>/ and serverFilesCourse/<id>/ are written (replaced) there. */
  readonly out: string;
}

export interface CourseFragment {
  readonly question: string;
  readonly grader: string;
  readonly files: number;
}

/**
 * The packages the grader needs when it runs: vmlab's dependencies, TypeScript
 * and Node's types among them (they compile and type-check the submissions).
 */
function runtimePackages(repoRoot: string): string[] {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  return Object.keys(manifest.dependencies ?? {});
}

/**
 * Write a PrairieLearn course fragment for an assignment: the question
 * (questions/<id>/info.json and question.html) and its grader
 * (serverFilesCourse/<id>/: entrypoint.sh and vmlab/, the sources the
 * Gradescope package ships, built, with the runtime packages, so it runs
 * offline on a stock node:20 image). Everything is made in a scratch folder
 * inside `out` and moved into place at the end: a failure leaves the old
 * fragment, if any, as it was.
 */
export async function writeCourseFragment(request: CourseFragmentRequest): Promise<CourseFragment> {
  const { repoRoot, assignment, out } = request;
  const { id } = assignment.manifest;
  const html = questionHtml(assignment.manifest); // refuses upload names PrairieLearn cannot take, before any work
  mkdirSync(out, { recursive: true });
  const scratch = await mkdtemp(path.join(out, '.vmlab-prairielearn-'));
  try {
    const question = path.join(scratch, 'question');
    mkdirSync(question);
    writeFileSync(path.join(question, 'info.json'), `${JSON.stringify(questionInfo(assignment.manifest), null, 2)}\n`);
    writeFileSync(path.join(question, 'question.html'), html);

    const grader = path.join(scratch, 'grader');
    const vmlab = path.join(grader, 'vmlab');
    const sources = graderSourceFiles(repoRoot, assignment.dir);
    for (const file of sources) {
      const target = path.join(vmlab, ...file.split('/'));
      mkdirSync(path.dirname(target), { recursive: true });
      copyFileSync(path.join(repoRoot, ...file.split('/')), target);
    }
    copyRuntimePackages(repoRoot, vmlab, runtimePackages(repoRoot));
    await build(repoRoot, vmlab);
    writeFileSync(path.join(grader, 'entrypoint.sh'), entrypointScript(id, gradingTimeout(assignment.manifest)));
    chmodSync(path.join(grader, 'entrypoint.sh'), 0o755);

    const questionTarget = path.join(out, 'questions', id);
    const graderTarget = path.join(out, 'serverFilesCourse', id);
    for (const [from, to] of [[question, questionTarget], [grader, graderTarget]] as const) {
      mkdirSync(path.dirname(to), { recursive: true });
      await rm(to, { recursive: true, force: true });
      await rename(from, to);
    }
    return { question: questionTarget, grader: graderTarget, files: sources.length + 3 };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Compile the copied sources into vmlab/dist with the repository's TypeScript, whose Node types live in its own node_modules. */
function build(repoRoot: string, vmlab: string): Promise<void> {
  const tsc = require.resolve('typescript/bin/tsc', { paths: [repoRoot] });
  const args = [tsc, '-p', 'tsconfig.build.json', '--typeRoots', path.join(repoRoot, 'node_modules', '@types')];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: vmlab, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => {
      if (status === 0) resolve();
      else reject(new VmlabError('IO', `building the grader for PrairieLearn failed (tsc exit status ${status}):\n${output.slice(0, 4000)}`));
    });
  });
}
