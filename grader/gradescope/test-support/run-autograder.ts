import { spawnSync } from 'child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { autograderEntries } from '../autograder-files';
import { writeZip } from '../zip-writer';
import { readZip } from './zip-reader';

export interface AutograderRun {
  readonly status: number | null;
  readonly stderr: string;
  /** The build's output (tsc), empty when it built cleanly. */
  readonly buildOutput: string;
  /** /autograder/results/results.json as written. */
  readonly results: unknown;
}

/**
 * An assignment's Gradescope package, run as Gradescope runs it: the zip
 * unpacked into a temporary folder laid out like /autograder, installed as
 * setup.sh would (vmlab's own node_modules linked in, then the build), the
 * upload in submission/ (name → content; a name may be a handout path or a
 * file name alone), run_autograder with VMLAB_AUTOGRADER_ROOT there. The
 * folder is removed afterwards.
 */
export function runAutograder(repoRoot: string, assignmentDir: string, upload: ReadonlyMap<string, string>, metadata: unknown = { users: [] }): AutograderRun {
  const autograder = mkdtempSync(path.join(tmpdir(), 'vmlab-autograder-'));
  try {
    const source = path.join(autograder, 'source');
    for (const file of readZip(writeZip(autograderEntries(repoRoot, assignmentDir)))) {
      const target = path.join(source, file.name);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, file.content);
      chmodSync(target, file.mode);
    }
    // What setup.sh's `npm ci` does, without the download: vmlab's own packages, then the build.
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(source, 'node_modules'), 'dir');
    const build = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: source, encoding: 'utf8' });
    for (const [name, content] of upload) {
      const target = path.join(autograder, 'submission', ...name.split('/'));
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
    mkdirSync(path.join(autograder, 'submission'), { recursive: true });
    writeFileSync(path.join(autograder, 'submission_metadata.json'), JSON.stringify(metadata));
    const run = spawnSync('bash', [path.join(source, 'run_autograder')], { env: { ...process.env, VMLAB_AUTOGRADER_ROOT: autograder }, encoding: 'utf8' });
    const results = JSON.parse(readFileSync(path.join(autograder, 'results', 'results.json'), 'utf8')) as unknown;
    return { status: run.status, stderr: run.stderr, buildOutput: build.stdout + build.stderr, results };
  } finally {
    rmSync(autograder, { recursive: true, force: true });
  }
}
