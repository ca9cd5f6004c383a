import { spawnSync } from 'child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadAssignment } from '../assignments/framework/load-assignment';
import { vmlabRoot } from '../io/vmlab-root';
import { writeHandout } from '../grader/handout/build-handout';
import { handoutFiles } from '../grader/handout/handout-layout';
import { allowedShippedSolutions } from '../grader/handout/shipped-solutions';
import { COMPONENT_REGISTRY } from '../reference/component-registry';
import { sketchWalkerSource } from '../grader/grade/test-support/walker-submissions';
import { Figure } from './measure';

/** Runs of each command after the first (which fills the caches); the figures are medians. */
const RUNS = 5;

/**
 * The student's loop in the walk handout, as a student meets it: a handout
 * written as vmlab handout writes one (files, declarations, JavaScript;
 * vmlab's node_modules linked for `npm install`), a walker with one mistake
 * in it, so some tests fail and print their drawings. `npm test` and a bare
 * jest run of the same tests (`npx jest`, no type-check; also, for the
 * record, jest started by node itself) are timed side by side, alternating,
 * warm (nothing changed since the last run) and after an edit of the walker
 * (a new comment each run: new JavaScript, a new type-check); then `npm run
 * report`, warm.
 */
export async function handoutLoopFigures(): Promise<Figure[]> {
  const root = vmlabRoot();
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'vmlab-bench-loop-'));
  try {
    const dir = path.join(scratch, 'walk');
    const assignment = loadAssignment(path.join(root, 'assignments', 'walk'));
    const shipped = allowedShippedSolutions(assignment, path.join(root, 'assignments'), ['tlb']);
    await writeHandout(dir, handoutFiles(root, assignment, 'stubs', shipped), root, assignment);
    return measure(root, dir);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Synchronous: the timings are of child processes, one at a time. */
function measure(root: string, dir: string): Figure[] {
  const walkerFile = path.join(dir, COMPONENT_REGISTRY.walker.studentFile);
  writeFileSync(walkerFile, sketchWalkerSource(root, ['dirtyOnEveryAccess']));

  const npmTest = () => run(dir, 'npm', ['test', '--silent'], 1);
  const bareJest = () => run(dir, 'npx', ['jest'], 1);
  // The same without npx's own start-up, for the record: npm test has npm's.
  const jestItself = () => run(dir, process.execPath, [path.join(dir, 'node_modules', 'jest', 'bin', 'jest.js')], 1);
  const report = () => run(dir, 'npm', ['run', '--silent', 'report'], 0);
  let edits = 0;
  const edited = (command: () => number) => () => {
    appendFileSync(walkerFile, `// edit ${++edits}\n`);
    return command();
  };

  const [warmTest, warmJest, warmJestItself] = sideBySide(npmTest, bareJest, jestItself);
  const [editedTest, editedJest] = sideBySide(edited(npmTest), edited(bareJest));
  const [warmReport] = sideBySide(report);
  return [
    { name: 'handout: npm test, warm', value: warmTest, unit: 's' },
    { name: 'handout: bare jest (npx jest), warm', value: warmJest, unit: 's' },
    { name: 'handout: npm test / bare jest, warm', value: warmTest / warmJest, unit: 'x', target: { value: 1.3, better: 'lower' } },
    { name: 'handout: jest started by node, not npx, warm', value: warmJestItself, unit: 's' },
    { name: 'handout: npm test / jest started by node, warm', value: warmTest / warmJestItself, unit: 'x' },
    { name: 'handout: npm test after an edit', value: editedTest, unit: 's' },
    { name: 'handout: bare jest after an edit', value: editedJest, unit: 's' },
    { name: 'handout: npm test / bare jest, after an edit', value: editedTest / editedJest, unit: 'x', target: { value: 1.3, better: 'lower' } },
    { name: 'handout: npm run report, warm', value: warmReport, unit: 's', target: { value: 2, better: 'lower' } },
  ];
}

/** The median seconds of each command, run in turn RUNS times after one round that warms the caches. */
function sideBySide(...commands: (() => number)[]): number[] {
  const seconds = commands.map(() => [] as number[]);
  for (let round = 0; round <= RUNS; round++) {
    commands.forEach((command, index) => {
      const taken = command();
      if (round > 0) seconds[index].push(taken);
    });
  }
  return seconds.map(median);
}

/** Seconds `command` takes in the handout; it must exit with `status` (1: some tests fail, as they should). */
function run(dir: string, command: string, args: readonly string[], status: number): number {
  const start = process.hrtime.bigint();
  const outcome = spawnSync(command, args, { cwd: dir, encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', CI: 'true' } });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (outcome.status !== status) throw new Error(`${command} ${args.join(' ')} exited with ${outcome.status}, not ${status}:\n${`${outcome.stdout}${outcome.stderr}`.slice(-3000)}`);
  return seconds;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
