import { Visibility, VISIBILITIES } from '../../assignments/framework/manifest-types';
import { Sandbox, SandboxPlace, SandboxTest, TestRun } from '../sandbox/run-sandbox';
import { GroupOutput } from '../results/submission-results';

/** A test to run, with the visibility that decides which group's children run it. */
export type GroupedTest = SandboxTest & { readonly visibility: Visibility };

/** What running every group gave: each test's run, and each group's output. */
export interface GroupedRuns {
  readonly runs: ReadonlyMap<string, TestRun>;
  readonly output: Partial<Record<Visibility, GroupOutput>>;
  /** The largest peak resident memory over every group's children. */
  readonly peakRssMiB?: number;
  /** The sandbox fences some child of a group ran without (SandboxResult.missingFences), each named once. */
  readonly missingFences: readonly string[];
}

/**
 * The tests of a submission, run in one sandbox per visibility group
 * (visible, after_due_date, hidden), never in a child that ran a test of
 * another group: whatever a submission stashes in its process during a hidden
 * test (its inputs, in a global) is gone when a visible test runs, and what
 * it prints is kept per group, so a report can show one group's output and
 * withhold another's. Each group's first child starts at once, so its
 * start-up overlaps what the caller does before run() (the compile). The
 * groups run one after the other, visible first (then after-due-date, then
 * hidden), never side by side: a hidden test running beside a visible one
 * could signal its input through the CPU time it takes, which the visible
 * one could measure and print. They share one submission
 * time limit: a group's tests not started before it ran out fail with
 * 'submission-timeout', as within one sandbox.
 */
export class VisibilityGroups {
  private readonly sandboxes = new Map<Visibility, Sandbox>();

  private constructor(private readonly place: SandboxPlace, visibilities: ReadonlySet<Visibility>) {
    for (const visibility of VISIBILITIES) if (visibilities.has(visibility)) this.sandboxes.set(visibility, Sandbox.start(place));
  }

  /** Starts one sandbox for each visibility among `tests`' (a malformed place throws, as Sandbox.start does). */
  static start(place: SandboxPlace, tests: readonly { readonly visibility: Visibility }[]): VisibilityGroups {
    return new VisibilityGroups(place, new Set(tests.map((test) => test.visibility)));
  }

  /** Runs `tests` (each of a visibility given to start()) group by group; run() once. Disposes every sandbox. */
  async run(tests: readonly GroupedTest[]): Promise<GroupedRuns> {
    const { limits } = this.place;
    // One submission limit for all the groups: the clock starts with the first.
    const deadline = Date.now() + limits.submissionSeconds * 1000;
    const runs = new Map<string, TestRun>();
    const output: Partial<Record<Visibility, GroupOutput>> = {};
    let peakRssMiB: number | undefined;
    const missingFences = new Set<string>();
    try {
      for (const [visibility, sandbox] of this.sandboxes) {
        const group = tests.filter((test) => test.visibility === visibility);
        const groupStarted = Date.now();
        const result = await sandbox.run(group, deadline);
        for (const run of result.runs) runs.set(run.id, run);
        output[visibility] = { stdout: result.stdout, stderr: result.stderr, truncated: result.truncated, seconds: (Date.now() - groupStarted) / 1000 };
        if (result.peakRssMiB !== undefined) peakRssMiB = Math.max(peakRssMiB ?? 0, result.peakRssMiB);
        for (const fence of result.missingFences) missingFences.add(fence);
      }
    } finally {
      await this.dispose();
    }
    return { runs, output, missingFences: [...missingFences], ...(peakRssMiB === undefined ? {} : { peakRssMiB }) };
  }

  /** Stops every group's child, if running, and removes their scripts; for when run() never comes. */
  async dispose(): Promise<void> {
    await Promise.all([...this.sandboxes.values()].map((sandbox) => sandbox.dispose()));
  }
}
