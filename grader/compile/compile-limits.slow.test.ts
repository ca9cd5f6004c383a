import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { Components } from '../../reference/components';
import { loadAssignment } from '../../assignments/framework/load-assignment';
import { LoadedAssignment } from '../../assignments/framework/loaded-assignment';
import { AssignmentLimits } from '../../assignments/framework/manifest-types';
import { batchProgress } from '../batch/batch-progress';
import { gradeBatch } from '../batch/grade-batch';
import { readGradedResults } from '../results/read-graded-results';
import { gradeLoadedToFolder } from '../grade/grade-to-folder';
import { ReferenceObservations } from '../grade/reference-observations';
import { sketchWalkerSource, writeWalkerSubmission } from '../grade/test-support/walker-submissions';
import { handoutFiles } from '../handout/handout-layout';
import { SubmissionResults } from '../results/submission-results';
import { vmlabRoot } from '../../io/vmlab-root';
import { CompiledSubmission, SubmissionCompiler } from './compile-submission';
import { memoryBomb, timeBomb } from './test-support/type-checker-bombs';

/**
 * The compile worker's limits against submissions that make the type checker
 * work without end. Slow: each over-limit submission costs the time limit
 * plus a fresh worker (TypeScript loaded, the handout parsed again).
 */

const repoRoot = vmlabRoot();
const WALK_DIR = path.join(repoRoot, 'assignments', 'walk');
const walk = loadAssignment(WALK_DIR);
const shadow = loadAssignment(path.join(repoRoot, 'assignments', 'shadow'));
/** Unbounded, the time bomb's type-check takes minutes (over a minute a function here). */
const TIME_BOMB = timeBomb(2);
const COMPILE_SECONDS = 3;
/** What the grader may add to the limit: the fallback build in a fresh worker, on a loaded machine. */
const MARGIN_SECONDS = 60;

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'vmlab-compile-limits-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function withLimits(assignment: LoadedAssignment, limits: Partial<AssignmentLimits>): LoadedAssignment {
  return { ...assignment, manifest: { ...assignment.manifest, limits: { ...assignment.manifest.limits, ...limits } } };
}

function submission(name: string, files: Record<string, string>): string {
  const dir = path.join(scratch, 'submissions', name);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

function load(compiled: CompiledSubmission): Components {
  return (require(path.join(compiled.root, compiled.componentsModule)) as { COMPONENTS: Components }).COMPONENTS;
}

/** A compile with a counter of the grader's event-loop turns meanwhile (a timer every 100 ms). */
async function compileCountingTicks(compiler: SubmissionCompiler, submissionDir: string, outDir: string): Promise<{ compiled: CompiledSubmission; ticks: number; seconds: number }> {
  let ticks = 0;
  const timer = setInterval(() => (ticks += 1), 100);
  const started = Date.now();
  try {
    const compiled = await compiler.compile(submissionDir, outDir);
    return { compiled, ticks, seconds: (Date.now() - started) / 1000 };
  } finally {
    clearInterval(timer);
  }
}

describe('a walker whose type-check takes minutes', () => {
  test('fails with the time limit as the reason, in about the limit, while the grader goes on; the next walker compiles', async () => {
    const compiler = new SubmissionCompiler({ repoRoot, assignment: withLimits(walk, { compileSeconds: COMPILE_SECONDS }), handout: handoutFiles(repoRoot, walk, 'stubs') });
    const clean = writeWalkerSubmission(path.join(scratch, 'submissions', 'clean'), sketchWalkerSource(repoRoot, []));
    try {
      // A first compile starts the worker: the bomb is timed from when it is sent to a worker that is ready.
      expect((await compiler.compile(clean, path.join(scratch, 'out', 'clean-before'))).brokenComponents.size).toBe(0);

      const bomb = submission('time-bomb', { 'starter/src/walker.ts': TIME_BOMB });
      const { compiled, ticks, seconds } = await compileCountingTicks(compiler, bomb, path.join(scratch, 'out', 'time-bomb'));
      const reason = `type-checking took longer than ${COMPILE_SECONDS} s, the limit for compiling a submission`;
      expect([...compiled.brokenComponents]).toEqual([['walker', { reason: 'does-not-compile', problems: [{ file: 'starter/src/walker.ts', line: 1, column: 1, message: reason, sourceLine: '' }] }]]);
      expect(() => load(compiled).walker.walk({} as never, () => 0n)).toThrow(`walker does not compile: starter/src/walker.ts:1: ${reason}`);
      // The type-check blocked a worker, not the grader: its timers kept firing (a blocked loop fires one late tick at most).
      expect(ticks).toBeGreaterThanOrEqual(3);
      expect(seconds).toBeLessThan(COMPILE_SECONDS + MARGIN_SECONDS);

      // A fresh worker took over: the same compiler goes on with the class.
      expect((await compiler.compile(clean, path.join(scratch, 'out', 'clean-after'))).brokenComponents.size).toBe(0);
    } finally {
      compiler.dispose();
    }
  });
});

describe('a batch of that walker beside a clean one', () => {
  test('grades the clean walker with every point, and the bomb with none, saying why', async () => {
    const assignment = withLimits(walk, { compileSeconds: COMPILE_SECONDS });
    const compiler = new SubmissionCompiler({ repoRoot, assignment, handout: handoutFiles(repoRoot, assignment, 'stubs'), shareSubstrate: true });
    const reference = new ReferenceObservations();
    const submissions = path.join(scratch, 'class');
    // The clean walker first: its tests run in the sandbox while the bomb is being type-checked.
    writeWalkerSubmission(path.join(submissions, 'a-clean'), sketchWalkerSource(repoRoot, []));
    writeWalkerSubmission(path.join(submissions, 'b-bomb'), TIME_BOMB);
    const out = path.join(scratch, 'class-out');
    let log = '';
    try {
      const outcome = await gradeBatch({
        assignmentDir: WALK_DIR,
        submissionsDir: submissions,
        out,
        jobs: 2,
        force: false,
        afterDueDate: false,
        progress: (total) => batchProgress({ write: (text: string) => (log += text) }, total),
        // The batch's own grading, with a compiler whose compile time limit is short.
        gradeOne: (job) => gradeLoadedToFolder({ assignment, compiler, reference, submission: job.submission.dir, out: job.out, student: job.submission.student, afterDueDate: false }),
      });
      expect(outcome).toEqual(expect.objectContaining({ submissions: 2, graded: 2, failed: [] }));
    } finally {
      compiler.dispose();
    }
    const results = (student: string): SubmissionResults => {
      const read = readGradedResults(path.join(out, student));
      if (read === undefined) throw new Error(`no results for ${student}`);
      return read;
    };
    const clean = results('a-clean');
    expect(clean.tests.length).toBeGreaterThan(0);
    expect(clean.tests.filter((test) => test.passedCases !== test.totalCases || test.failure !== undefined)).toEqual([]);
    expect(clean.score).toBeCloseTo(clean.maxScore);
    const bomb = results('b-bomb');
    expect(bomb.score).toBe(0);
    expect(bomb.compile).toEqual([{ component: 'walker', reason: 'does-not-compile', problems: [expect.objectContaining({ message: expect.stringContaining(`type-checking took longer than ${COMPILE_SECONDS} s`) })] }]);
    expect(bomb.tests.every((test) => test.failure?.kind === 'not-run')).toBe(true);
    expect(log).toContain('b-bomb');
  });
});

describe('a shadow submission whose types take more memory than the limit', () => {
  test('fails every assessed component with the memory limit as the reason; the next submission compiles', async () => {
    const compiler = new SubmissionCompiler({ repoRoot, assignment: withLimits(shadow, { compileSeconds: 3600, compileMemoryMiB: 256 }), handout: handoutFiles(repoRoot, shadow, 'stubs') });
    const handler = readFileSync(path.join(repoRoot, 'starter', 'src', 'hidden-fault-handler.ts'), 'utf8');
    try {
      // A line of the bomb holds about 250 MB; sixty would need some 15 GB.
      const bomb = submission('memory-bomb', { 'starter/src/shadow-sync.ts': memoryBomb(60), 'starter/src/hidden-fault-handler.ts': handler });
      const compiled = await compiler.compile(bomb, path.join(scratch, 'out', 'memory-bomb'));
      const reason = 'type-checking needed more than 256 MiB, the memory limit for compiling a submission';
      expect(compiled.brokenComponents).toEqual(
        new Map([
          ['shadowSync', { reason: 'does-not-compile', problems: [expect.objectContaining({ file: 'starter/src/shadow-sync.ts', message: reason })] }],
          ['hiddenFaultHandler', { reason: 'does-not-compile', problems: [expect.objectContaining({ file: 'starter/src/hidden-fault-handler.ts', message: reason })] }],
        ]),
      );

      const fine = submission('fine', { 'starter/src/shadow-sync.ts': readFileSync(path.join(repoRoot, 'starter', 'src', 'shadow-sync.ts'), 'utf8'), 'starter/src/hidden-fault-handler.ts': handler });
      expect((await compiler.compile(fine, path.join(scratch, 'out', 'fine'))).brokenComponents.size).toBe(0);
    } finally {
      compiler.dispose();
    }
  });
});
