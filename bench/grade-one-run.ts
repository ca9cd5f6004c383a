import { mkdtempSync, rmSync } from 'fs';
import * as path from 'path';
import { loadAssignment } from '../assignments/framework/load-assignment';
import { gradeLoadedToFolder, submissionCompiler } from '../grader/grade/grade-to-folder';
import { ReferenceObservations } from '../grader/grade/reference-observations';

/**
 * Seconds to grade one walk submission against every suite, compile
 * included, up to its results.json and report.html: the grader's cost per
 * student once it has started (a first grading builds the shared substrate
 * and fills the reference cache, as the first student of a batch does). The
 * best of `runs`.
 */
export async function timeOneGrading(repoRoot: string, submission: string, scratch: string, runs: number): Promise<number> {
  const assignment = loadAssignment(path.join(repoRoot, 'assignments', 'walk'));
  const compiler = submissionCompiler(assignment);
  const reference = new ReferenceObservations();
  let best = Infinity;
  try {
    for (let run = 0; run <= runs; run++) {
      const out = mkdtempSync(path.join(scratch, 'graded-'));
      const start = process.hrtime.bigint();
      const results = await gradeLoadedToFolder({ assignment, compiler, reference, submission, out, afterDueDate: false });
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      rmSync(out, { recursive: true, force: true });
      if (Math.abs(results.score - results.maxScore) > 1e-9) throw new Error(`the correct walker scored ${results.score} of ${results.maxScore}`);
      if (run > 0) best = Math.min(best, seconds);
    }
  } finally {
    compiler.dispose();
  }
  return best;
}
