import { existsSync, realpathSync } from 'fs';
import * as path from 'path';
import { CappedOutput } from './capped-output';
import { installChildScript } from './child-script';
import { ChildSession, ChildSpec } from './child-session';
import { DEFAULT_OUTPUT_BYTES, SandboxJob, SandboxResult, TestRun } from './sandbox-types';

export type { SandboxFailure, SandboxJob, SandboxLimits, SandboxResult, SandboxTest, TestRun } from './sandbox-types';

/** Platform overrides, for tests and for hosts where a measure is unavailable. */
export interface SandboxOptions {
  /** Where resident memory is read (default /proc); a missing folder leaves only the heap cap. */
  readonly procDir?: string;
  /** Use an empty network namespace when available (default true; Linux only). */
  readonly networkNamespace?: boolean;
}

/**
 * Runs the job's tests, in order, in locked-down child processes
 * (child-session.ts) and returns what each test observed or why it failed.
 * Every test gets a run: after a failure the next test starts a fresh child,
 * and when the submission's time is up the rest fail with 'submission-timeout'.
 */
export async function runSandbox(job: SandboxJob, options: SandboxOptions = {}): Promise<SandboxResult> {
  const { root, sharedFolders } = checkJob(job);
  const { limits } = job;
  const outputBytes = limits.outputBytes ?? DEFAULT_OUTPUT_BYTES;
  const stdout = new CappedOutput(outputBytes);
  const stderr = new CappedOutput(outputBytes);
  const script = installChildScript();
  const spec: ChildSpec = {
    root,
    sharedFolders,
    componentsModule: job.componentsModule,
    script,
    memoryMiB: limits.memoryMiB,
    stdout,
    stderr,
    procDir: options.procDir ?? '/proc',
    networkNamespace: options.networkNamespace ?? true,
  };
  const testMs = limits.testSeconds * 1000;
  const deadline = Date.now() + limits.submissionSeconds * 1000;
  const runs: TestRun[] = [];
  let session: ChildSession | undefined;
  let peakRssMiB: number | undefined;
  const retire = async (done: ChildSession | undefined) => {
    await done?.dispose();
    const peak = done?.peakRssMiB;
    if (peak !== undefined) peakRssMiB = Math.max(peakRssMiB ?? 0, peak);
  };
  try {
    for (const test of job.tests) {
      const left = deadline - Date.now();
      if (left <= 0) {
        runs.push({ id: test.id, status: 'submission-timeout', reason: `not run: the submission's ${limits.submissionSeconds} s were used up` });
        continue;
      }
      if (session === undefined || !session.usable) {
        await retire(session);
        session = new ChildSession(spec);
      }
      const outcome =
        testMs <= left
          ? await session.run(test, testMs, { status: 'timeout', reason: `timed out after ${limits.testSeconds} s` })
          : await session.run(test, left, { status: 'submission-timeout', reason: `the submission's ${limits.submissionSeconds} s ran out during this test` });
      runs.push({ id: test.id, ...outcome });
    }
  } finally {
    await retire(session);
    script.remove();
  }
  return { runs, stdout: stdout.text(), stderr: stderr.text(), truncated: stdout.truncated || stderr.truncated, ...(peakRssMiB === undefined ? {} : { peakRssMiB }) };
}

/** A malformed job is the grader's mistake, not the student's: it throws. Returns the real paths of root and of the shared folders. */
function checkJob(job: SandboxJob): { readonly root: string; readonly sharedFolders: readonly string[] } {
  const { testSeconds, submissionSeconds, memoryMiB, outputBytes } = job.limits;
  for (const [name, value] of Object.entries({ testSeconds, submissionSeconds, memoryMiB })) {
    if (!(Number.isFinite(value) && value > 0)) throw new Error(`runSandbox: limits.${name} must be a positive number, got ${value}`);
  }
  if (!Number.isInteger(memoryMiB)) throw new Error(`runSandbox: limits.memoryMiB must be a whole number, got ${memoryMiB}`);
  if (outputBytes !== undefined && !(Number.isInteger(outputBytes) && outputBytes >= 0)) throw new Error(`runSandbox: limits.outputBytes must be a whole number ≥ 0, got ${outputBytes}`);
  for (const folder of [job.root, ...(job.sharedFolders ?? [])]) {
    if (!existsSync(folder)) throw new Error(`runSandbox: no folder ${folder}`);
  }
  // The permission model compares real paths: a symlinked temp folder would otherwise be refused.
  const root = realpathSync(job.root);
  const components = path.resolve(root, job.componentsModule);
  if (path.isAbsolute(job.componentsModule) || !components.startsWith(root + path.sep)) {
    throw new Error(`runSandbox: componentsModule must be a path inside root, got ${job.componentsModule}`);
  }
  return { root, sharedFolders: (job.sharedFolders ?? []).map((folder) => realpathSync(folder)) };
}
