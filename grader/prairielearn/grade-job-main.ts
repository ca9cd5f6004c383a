import { writeFileSync, renameSync, mkdirSync } from 'fs';
import * as path from 'path';
import { graderFailed, ROOT_VARIABLE, runGradeJob } from './grade-job';

/**
 * The PrairieLearn entrypoint's Node half: `node grade-job-main.js ASSIGNMENT_DIR BUDGET_SECONDS`.
 * The root is /grade, or $VMLAB_PRAIRIELEARN_ROOT. A watchdog writes results
 * saying grading took too long, and ends the job, before PrairieLearn's own
 * timeout would kill it without any.
 */
const [assignmentDir, budget] = process.argv.slice(2);
const root = process.env[ROOT_VARIABLE] ?? '/grade';
const budgetSeconds = Number(budget);

const watchdog = setTimeout(() => {
  // Synchronous on purpose: nothing else may run before the process ends.
  const file = path.join(root, 'results', 'results.json');
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(`${file}.watchdog.tmp`, JSON.stringify(graderFailed(`grading took longer than ${budgetSeconds} seconds`)));
  renameSync(`${file}.watchdog.tmp`, file);
  process.exit(0);
}, Number.isFinite(budgetSeconds) && budgetSeconds > 0 ? budgetSeconds * 1000 : 600_000);

runGradeJob(assignmentDir, root).then(
  () => {
    clearTimeout(watchdog);
    // Ended here: a handle left open (a worker, a child's pipe) must not keep the job running to PrairieLearn's timeout.
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`vmlab grade job: cannot write the results: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
