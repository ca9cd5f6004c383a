import { mkdtempSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadAssignment } from '../assignments/framework/load-assignment';
import { gradeLoadedToFolder, submissionCompiler } from '../grader/grade/grade-to-folder';
import { ReferenceObservations } from '../grader/grade/reference-observations';
import { sketchWalkerSource, writeWalkerSubmission } from '../grader/grade/test-support/walker-submissions';
import { vmlabRoot } from '../io/vmlab-root';
import { Figure } from './measure';

/** Three mistakes at once: several visible tests fail, each shrunk. */
const BUGS = ['ignoresUser', 'dirtyOnEveryAccess', 'indexShiftOffByOne'] as const;

/**
 * What shrinking costs a submission: a walk submission with three bugs
 * (several failing visible tests) graded with and without shrinking, the
 * best of `runs` each, after a first grading that builds the shared
 * substrate and fills the reference cache, as a batch's first student does.
 */
export async function shrinkCostFigures(runs = 2): Promise<Figure[]> {
  const root = vmlabRoot();
  const assignment = loadAssignment(path.join(root, 'assignments', 'walk'));
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'vmlab-bench-shrink-'));
  const compiler = submissionCompiler(assignment);
  const reference = new ReferenceObservations();
  try {
    const submission = writeWalkerSubmission(path.join(scratch, 'buggy'), sketchWalkerSource(root, BUGS));
    const time = async (shrink: boolean): Promise<{ seconds: number; shrunk: number }> => {
      let best = { seconds: Infinity, shrunk: 0 };
      for (let run = 0; run <= runs; run++) {
        const out = mkdtempSync(path.join(scratch, 'graded-'));
        const start = process.hrtime.bigint();
        const results = await gradeLoadedToFolder({ assignment, compiler, reference, submission, out, afterDueDate: false, shrink });
        const seconds = Number(process.hrtime.bigint() - start) / 1e9;
        rmSync(out, { recursive: true, force: true });
        const shrunk = results.tests.filter((test) => test.failure?.kind === 'difference' && test.failure.shrunk !== undefined).length;
        if (run > 0 && seconds < best.seconds) best = { seconds, shrunk };
      }
      return best;
    };
    const plain = await time(false);
    const shrunk = await time(true);
    return [
      { name: 'grade a 3-bug walk submission, --no-shrink (best of 2)', value: plain.seconds, unit: 's' },
      { name: `grade the same, shrinking its ${shrunk.shrunk} failing visible cases (best of 2)`, value: shrunk.seconds, unit: 's' },
      { name: 'shrinking cost per submission', value: shrunk.seconds - plain.seconds, unit: 's' },
    ];
  } finally {
    compiler.dispose();
    rmSync(scratch, { recursive: true, force: true });
  }
}
