import { mkdtempSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { expandSuite } from '../assignments/framework/expand-tests';
import { loadAssignment } from '../assignments/framework/load-assignment';
import { vmlabRoot } from '../io/vmlab-root';
import { ClassRun, gradeClass } from './grade-class-run';
import { timeOneGrading } from './grade-one-run';
import { Figure } from './measure';
import { timePublicTests } from './public-tests-run';
import { runVmlab } from './vmlab-run';
import { writeWalkClass } from './walk-class';

/** Class sizes graded, smallest first: the per-student cost must not grow with the class. */
const CLASS_SIZES = [10, 50, 200] as const;
const JOBS = 2;

/**
 * The grader's figures against the targets of the grading issue, on the walk
 * assignment: one submission against a bare jest run of its public tests,
 * classes of growing size with `--jobs 2`, the sandbox's memory, and the
 * reference's work per batch.
 */
export async function gradeFigures(): Promise<Figure[]> {
  const root = vmlabRoot();
  const walk = path.join(root, 'assignments', 'walk');
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'vmlab-bench-grade-'));
  try {
    const classes = CLASS_SIZES.map((size) => writeWalkClass(root, path.join(scratch, `class-${size}`), size));
    const correctWalker = path.join(classes[0], 'student-000');
    const figures: Figure[] = [];

    const jestSeconds = await timePublicTests(root, path.join(scratch, 'walk-key'), 2);
    const gradeSeconds = await timeOneGrading(root, correctWalker, scratch, 3);
    figures.push({ name: 'walk public tests: bare jest run (best of 2)', value: jestSeconds, unit: 's' });
    figures.push({ name: 'grade one walk submission, every suite, compile included (best of 3)', value: gradeSeconds, unit: 's' });
    figures.push({ name: 'grading one submission / jest run of its public tests', value: gradeSeconds / jestSeconds, unit: 'x', target: { value: 0.3, better: 'lower' } });
    const cli = runVmlab(['grade', '--assignment', walk, '--submission', correctWalker, '--out', path.join(scratch, 'one-student')]);
    figures.push({ name: 'vmlab grade --submission (fresh process, one student)', value: cli.seconds, unit: 's' });

    const tests = loadAssignment(walk).suites.reduce((sum, suite) => sum + expandSuite(suite).length, 0);
    const runs: ClassRun[] = [];
    for (const [index, size] of CLASS_SIZES.entries()) {
      const run = await gradeClass(classes[index], path.join(scratch, `graded-${size}`), JOBS);
      runs.push(run);
      figures.push({ name: `class of ${size}, --jobs ${JOBS}: seconds per submission`, value: run.seconds / size, unit: 's' });
      if (run.cpuSeconds !== undefined) figures.push({ name: `class of ${size}: CPU seconds per submission (grader + sandbox)`, value: run.cpuSeconds / size, unit: 's' });
      figures.push({ name: `class of ${size}: tests the reference ran (${tests} tests)`, value: run.referenceTestsComputed, unit: 'tests', target: { value: tests, better: 'lower' } });
    }
    const [smallest, , largest] = runs;
    figures.push({ name: `class of ${largest.submissions}, --jobs ${JOBS}: time`, value: largest.seconds, unit: 's', target: { value: 60, better: 'lower' } });
    if (largest.cpuSeconds !== undefined) {
      figures.push({ name: `class of ${largest.submissions}: CPU seconds / ${os.cpus().length} cores (its time on an idle machine, at best)`, value: largest.cpuSeconds / os.cpus().length, unit: 's' });
    }
    // CPU time is the cost that does not depend on what else the machine runs meanwhile; wall time where it cannot be read.
    const cost = (run: ClassRun) => (run.cpuSeconds ?? run.seconds) / run.submissions;
    figures.push({
      name: `${smallest.cpuSeconds === undefined ? '' : 'CPU '}seconds per submission, class of ${largest.submissions} / class of ${smallest.submissions}`,
      value: cost(largest) / cost(smallest),
      unit: 'x',
      target: { value: 1.1, better: 'lower' },
    });
    figures.push({ name: `sandbox child peak RSS (largest in the class of ${largest.submissions})`, value: largest.peakRssMiB, unit: 'MiB', target: { value: 150, better: 'lower' } });
    return figures;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
