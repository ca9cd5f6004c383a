import * as path from 'path';
import { loadAssignment } from '../assignments/framework/load-assignment';
import { writeHandout } from '../grader/handout/build-handout';
import { handoutFiles } from '../grader/handout/handout-layout';
import { publicTests } from '../grader/handout/run-handout-checks';

/**
 * Seconds of one bare jest run of the walk assignment's public tests, as a
 * student runs them: the instructor's key handout (what `vmlab handout
 * --with-solution` writes) in `dir`, with the repository's node_modules
 * linked in, and jest started as a fresh process. The best of `runs`, after
 * one run that fills jest's transform cache as a student's first run does.
 */
export async function timePublicTests(repoRoot: string, dir: string, runs: number): Promise<number> {
  const assignment = loadAssignment(path.join(repoRoot, 'assignments', 'walk'));
  await writeHandout(dir, handoutFiles(repoRoot, assignment, 'key'), repoRoot, assignment);
  let best = Infinity;
  for (let run = 0; run <= runs; run++) {
    const start = process.hrtime.bigint();
    const outcome = await publicTests(dir);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (outcome.exitCode !== 0) throw new Error(`the key fails its public tests:\n${outcome.output.slice(-2000)}`);
    if (run > 0) best = Math.min(best, seconds);
  }
  return best;
}
