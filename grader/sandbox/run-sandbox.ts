import * as os from 'os';
import { CappedOutput } from './capped-output';
import { checkPlace } from './check-place';
import { InstalledChildScript, installChildScript } from './child-script';
import { grantChildAccess } from './child-access';
import { ChildSession, ChildSpec } from './child-session';
import { FenceName, HostFences, probeHostFences, processFencesOnly } from './fences';
import { DEFAULT_OUTPUT_BYTES, SandboxJob, SandboxPlace, SandboxResult, SandboxTest, TestRun } from './sandbox-types';

export type { SandboxFailure, SandboxJob, SandboxLimits, SandboxPlace, SandboxResult, SandboxTest, TestRun } from './sandbox-types';

/** Platform overrides, for tests and for hosts where a measure is unavailable. */
export interface SandboxOptions {
  /** Where resident memory is read (default /proc); a missing folder leaves only the heap cap. */
  readonly procDir?: string;
  /**
   * Start children inside the OS fences this host gives (fences.ts: namespaces, uid drop, file-size limit;
   * default true). False leaves Node's permission model and the child's own guards only: for tests.
   */
  readonly osFences?: boolean;
  /** Where the sandbox's own temp folders (the child's script, its working directory) are made: default os.tmpdir(). */
  readonly tempDir?: string;
}

/**
 * Runs the job's tests, in order, in locked-down child processes
 * (child-session.ts) and returns what each test observed or why it failed.
 */
export async function runSandbox(job: SandboxJob, options: SandboxOptions = {}): Promise<SandboxResult> {
  return Sandbox.start(job, options).run(job.tests);
}

/**
 * A sandbox started before its tests are known: its first child starts at
 * once and loads nothing of root's before the first test, so its start-up
 * overlaps what the caller does meanwhile (the grader compiles the submission
 * into root). Every test gets a run: after a failure the next test starts a
 * fresh child, and when the submission's time is up the rest fail with
 * 'submission-timeout'. run() once, or runBatch() as often as needed and
 * then dispose() (run() may come last), or dispose() if the tests never come.
 */
export class Sandbox {
  private readonly stdout: CappedOutput;
  private readonly stderr: CappedOutput;
  private readonly script: InstalledChildScript;
  private spec: ChildSpec;
  /** The fences this sandbox's children lack (the host's, and the uid drop when its folders could not be opened to it). */
  private missingFences: readonly FenceName[];
  /** The folders the child reads, opened to its uid when it is dropped: at start and again once the build is written. */
  private readonly childFolders: readonly string[];
  private session: ChildSession | undefined;
  /** Whether the current child has been given a test: one that never was (nothing to run) reports no memory. */
  private sessionTested = false;
  private peakRssMiB: number | undefined;
  private used = false;
  /** Whether the first batch has opened the written build to the child's uid. */
  private foldersOpened = false;

  private constructor(private readonly place: SandboxPlace, options: SandboxOptions) {
    const { root, sharedFolders, preloadFrom } = checkPlace(place);
    const outputBytes = place.limits.outputBytes ?? DEFAULT_OUTPUT_BYTES;
    this.stdout = new CappedOutput(outputBytes);
    this.stderr = new CappedOutput(outputBytes);
    const tempDir = options.tempDir ?? os.tmpdir();
    this.script = installChildScript(tempDir);
    const fences: HostFences = options.osFences === false ? processFencesOnly() : probeHostFences();
    this.missingFences = fences.missing;
    this.childFolders = [root, ...sharedFolders, this.script.dir];
    this.spec = {
      root,
      sharedFolders,
      preloadFrom,
      componentsModule: place.componentsModule,
      script: this.script,
      memoryMiB: place.limits.memoryMiB,
      stdout: this.stdout,
      stderr: this.stderr,
      procDir: options.procDir ?? '/proc',
      launch: { wrapper: fences.wrapper, dropTo: fences.dropTo },
      tempDir,
    };
    this.openFoldersToChild();
    this.session = new ChildSession(this.spec);
  }

  /** Checks the place (a malformed one throws) and starts the first child; root must exist, its files may come later. */
  static start(place: SandboxPlace, options: SandboxOptions = {}): Sandbox {
    return new Sandbox(place, options);
  }

  /**
   * Runs `tests` in order. The submission's time limit runs from now, or up
   * to `deadline` (a Date.now() time) when the caller shares one submission
   * limit among several sandboxes.
   */
  async run(tests: readonly SandboxTest[], deadline: number = Date.now() + this.place.limits.submissionSeconds * 1000): Promise<SandboxResult> {
    if (this.used) throw new Error('vmlab internal error: a sandbox runs its tests once');
    this.used = true;
    let runs: TestRun[];
    try {
      runs = await this.runTests(tests, deadline);
    } finally {
      await this.dispose();
    }
    const { stdout, stderr, peakRssMiB, missingFences } = this;
    return {
      runs,
      stdout: stdout.text(),
      stderr: stderr.text(),
      truncated: stdout.truncated || stderr.truncated,
      ...(peakRssMiB === undefined ? {} : { peakRssMiB }),
      missingFences,
    };
  }

  /**
   * Runs one batch of `tests` and keeps the child for the next batch: for a
   * caller that only learns its next tests from this batch's runs (the
   * shrinker's ddmin rounds), so it pays a child's start-up once, not once a
   * batch. A failure still ends the child and the next test gets a fresh
   * one, as in run(). Call dispose() when done (or run() for a last batch).
   */
  async runBatch(tests: readonly SandboxTest[], deadline: number): Promise<TestRun[]> {
    if (this.used) throw new Error('vmlab internal error: a sandbox runs its tests once');
    return this.runTests(tests, deadline);
  }

  private async runTests(tests: readonly SandboxTest[], deadline: number): Promise<TestRun[]> {
    const { limits } = this.place;
    const testMs = limits.testSeconds * 1000;
    const runs: TestRun[] = [];
    // The build has been written since the first child started: its files are opened to the child's uid now (once).
    if (!this.foldersOpened) {
      this.foldersOpened = true;
      if (!this.openFoldersToChild()) await this.retire();
    }
    for (const [index, test] of tests.entries()) {
      const left = deadline - Date.now();
      if (left <= 0) {
        runs.push({ id: test.id, status: 'submission-timeout', reason: `not run: the submission's ${limits.submissionSeconds} s were used up` });
        continue;
      }
      const session = await this.usableSession();
      this.sessionTested = true;
      const outcome =
        testMs <= left
          ? session.run(test, testMs, { status: 'timeout', reason: `timed out after ${limits.testSeconds} s` })
          : session.run(test, left, { status: 'submission-timeout', reason: `the submission's ${limits.submissionSeconds} s ran out during this test` });
      // The child goes on with the next test as soon as it answers this one, while its answer is taken in here.
      const next = tests[index + 1];
      if (next !== undefined) session.sendAhead(next);
      runs.push({ id: test.id, ...(await outcome) });
    }
    return runs;
  }

  /** Stops the child, if one is running, and removes the child's script, whatever happens. */
  async dispose(): Promise<void> {
    try {
      await this.retire();
    } finally {
      this.script.remove();
    }
  }

  /**
   * When children run as an unprivileged uid, lets it read their folders
   * (child-access.ts). Where that cannot be done, children from now on run
   * as the grader's user, and the missing fence is noted: returns false then
   * (a child started as the dropped uid can no longer read its build).
   */
  private openFoldersToChild(): boolean {
    const { dropTo } = this.spec.launch;
    if (dropTo === undefined) return true;
    const grant = grantChildAccess(this.childFolders, dropTo.gid);
    if (grant.ok) return true;
    this.spec = { ...this.spec, launch: { ...this.spec.launch, dropTo: undefined } };
    this.missingFences = [...this.missingFences, 'unprivileged-user'];
    return false;
  }

  /** The current child, or a fresh one when it has failed or exited. */
  private async usableSession(): Promise<ChildSession> {
    if (this.session === undefined || !this.session.usable) {
      await this.retire();
      this.session = new ChildSession(this.spec);
    }
    return this.session;
  }

  private async retire(): Promise<void> {
    const done = this.session;
    const tested = this.sessionTested;
    this.session = undefined;
    this.sessionTested = false;
    await done?.dispose();
    const peak = done?.peakRssMiB;
    if (tested && peak !== undefined) this.peakRssMiB = Math.max(this.peakRssMiB ?? 0, peak);
  }
}
