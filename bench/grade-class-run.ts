import * as path from 'path';
import { BatchProgress } from '../grader/batch/batch-progress';
import { gradeBatch } from '../grader/batch/grade-batch';
import { ReferenceObservations } from '../grader/grade/reference-observations';
import { vmlabRoot } from '../io/vmlab-root';
import { cpuSecondsSoFar } from './cpu-time';

export interface ClassRun {
  readonly submissions: number;
  readonly seconds: number;
  /** CPU seconds of the grader and its sandbox children together; undefined where the children's cannot be read. */
  readonly cpuSeconds: number | undefined;
  /** Tests the reference ran for the whole batch. */
  readonly referenceTestsComputed: number;
  /** The largest sandbox peak RSS of any student. */
  readonly peakRssMiB: number;
}

/**
 * Grade a class with `vmlab grade --submissions` (gradeBatch, as the CLI
 * calls it) and report its wall time, its CPU time, what the reference
 * computed and the largest sandbox peak RSS. Every student must be graded.
 */
export async function gradeClass(classDir: string, out: string, jobs: number): Promise<ClassRun> {
  const reference = new ReferenceObservations();
  let peakRssMiB = 0;
  const progress = (): BatchProgress => ({
    started: () => undefined,
    graded: (_student, results) => {
      peakRssMiB = Math.max(peakRssMiB, results.peakRssMiB ?? 0);
    },
    failed: () => undefined,
    done: () => undefined,
  });
  const start = process.hrtime.bigint();
  const cpuBefore = cpuSecondsSoFar();
  const outcome = await gradeBatch({ assignmentDir: path.join(vmlabRoot(), 'assignments', 'walk'), submissionsDir: classDir, out, jobs, force: false, afterDueDate: false, progress, reference });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpuAfter = cpuSecondsSoFar();
  const cpuSeconds = cpuAfter.children === undefined || cpuBefore.children === undefined ? undefined : cpuAfter.self - cpuBefore.self + cpuAfter.children - cpuBefore.children;
  if (outcome.failed.length > 0 || outcome.graded !== outcome.submissions) {
    throw new Error(`the batch graded ${outcome.graded} of ${outcome.submissions} submissions; failed: ${outcome.failed.join(', ')}`);
  }
  return { submissions: outcome.submissions, seconds, cpuSeconds, referenceTestsComputed: reference.testsComputed, peakRssMiB };
}
