import { Observation } from '../../observe/observation';
import { Probe } from '../../observe/probe-types';

/** One test: its probes run in one go in the child, which answers with one observation per probe. */
export interface SandboxTest {
  readonly id: string;
  readonly probes: readonly Probe[];
}

export interface SandboxLimits {
  /** Wall clock of one test (child start-up included when the test starts a fresh child). */
  readonly testSeconds: number;
  /** Wall clock of the whole batch: tests not finished when it runs out fail with 'submission-timeout'. */
  readonly submissionSeconds: number;
  /** Cap on the child's JS heap (--max-old-space-size) and on its resident memory (watched by the parent). */
  readonly memoryMiB: number;
  /** Most of the student's stdout, and of their stderr, kept (each, over the whole batch). Default 64 KiB. */
  readonly outputBytes?: number;
}

/** Where a sandbox's children run: the compiled submission, what they may read besides, and their limits. */
export interface SandboxPlace {
  /** The compiled submission: reference/**.js, starter/src/*.js and the components module. */
  readonly root: string;
  /** path relative to root of the .js module exporting COMPONENTS */
  readonly componentsModule: string;
  /**
   * Folders outside root that root links to: the substrate a batch's builds
   * share (SubmissionCompiler in grader/compile/compile-submission.ts). The child may read them as
   * it reads root; they hold what every student's handout holds, nothing of
   * another student's.
   */
  readonly sharedFolders?: readonly string[];
  /**
   * One of sharedFolders that holds already what root's reference/ will link
   * to (the substrate, written by an earlier build of the batch): the child
   * loads the simulator from it as soon as it starts, before root is written.
   */
  readonly preloadFrom?: string;
  readonly limits: SandboxLimits;
}

export interface SandboxJob extends SandboxPlace {
  readonly tests: readonly SandboxTest[];
}

export type SandboxFailure = 'timeout' | 'memory' | 'crashed' | 'exited' | 'protocol' | 'submission-timeout';

export type TestRun =
  | { readonly id: string; readonly status: 'ok'; readonly observations: readonly Observation[]; readonly seconds: number }
  | { readonly id: string; readonly status: SandboxFailure; readonly reason: string };

export interface SandboxResult {
  readonly runs: readonly TestRun[];
  readonly stdout: string;
  readonly stderr: string;
  /** True when stdout or stderr was cut at outputBytes. */
  readonly truncated: boolean;
  /** The largest peak resident memory of the children, as the RSS watch saw it; undefined when none ran or /proc cannot be read. */
  readonly peakRssMiB?: number;
  /**
   * The fences (fences.ts: FENCES) this sandbox's children ran without, on
   * this host: empty when all were there. Each result should say so.
   */
  readonly missingFences: readonly string[];
}

export const DEFAULT_OUTPUT_BYTES = 64 * 1024;
