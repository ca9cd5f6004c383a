import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { loadAssignment } from '../../assignments/framework/load-assignment';
import { vmlabRoot } from '../../io/vmlab-root';
import { handoutFiles } from '../handout/handout-layout';
import { submissionResultsProblems } from '../results/results-schema';
import { MachineObservation } from '../../observe/machine/machine-observation';
import { assignmentTests } from './assignment-tests';
import { ExpectedObservations } from './expected-observations';
import { GradedTest, gradeSubmission } from './grade-submission';
import { submissionCompiler } from './grade-to-folder';
import { ReferenceObservations } from './reference-observations';

// The whole pipeline on the shadow assignment's public memory test (an invariant machine test), graded on the
// instructor's key in student form: the figures it reports are the student's machine's, beside the reference's.
const ROOT = vmlabRoot();
const shadow = loadAssignment(path.join(ROOT, 'assignments', 'shadow'));
const compiler = submissionCompiler(shadow);
const reference = new ReferenceObservations();
const MEMORY = assignmentTests(shadow, undefined).find((test) => test.id === 'shadow.public.memory')!;
let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'vmlab-figures-test-'));
});
afterAll(() => {
  compiler.dispose();
  rmSync(scratch, { recursive: true, force: true });
});

/** A submission folder holding the given student files (path in the handout → source). */
function submission(name: string, files: ReadonlyMap<string, string>): string {
  const dir = path.join(scratch, 'submissions', name);
  for (const [file, source] of files) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), source);
  }
  return dir;
}

const keyFiles = () => {
  const key = handoutFiles(ROOT, shadow, 'key');
  return new Map(shadow.manifest.studentFiles.map((file) => [file, key.get(file)!]));
};

/** The memory test under each visibility, and as a policy test. */
const TESTS: readonly GradedTest[] = [
  { ...MEMORY, visibility: 'visible' },
  { ...MEMORY, id: 'memory.later', visibility: 'after_due_date' },
  { ...MEMORY, id: 'memory.hidden', visibility: 'hidden' },
  { ...MEMORY, id: 'memory.policy', check: 'policy', visibility: 'visible' },
];

test(
  'an invariant machine test carries its figures, the student\'s beside the reference\'s; a hidden or a policy test none',
  async () => {
    const dir = submission('key', keyFiles());
    const results = await gradeSubmission({ compiler, submissionDir: dir, student: 'key', tests: TESTS, workDir: path.join(scratch, 'work', 'key'), reference });
    expect(submissionResultsProblems(results)).toEqual([]);
    const byId = new Map(results.tests.map((test) => [test.id, test]));
    const visible = byId.get(MEMORY.id)!;
    expect(visible.failure).toBeUndefined();
    const stats = (reference.of(MEMORY)[0] as MachineObservation).stats!;
    const shadowPages = visible.figures?.values.find((value) => value.figure === 'pageTablePages.shadow');
    // The key is the reference's own design, so its figures are the reference's.
    expect(shadowPages).toEqual({ figure: 'pageTablePages.shadow', yours: stats.pageTablePages.shadow, reference: stats.pageTablePages.shadow });
    expect(visible.figures?.casesCounted).toBe(MEMORY.probes.length);
    expect(byId.get('memory.later')!.figures).toEqual(visible.figures);
    expect(byId.get('memory.hidden')!.figures).toBeUndefined();
    expect(byId.get('memory.policy')!.figures).toBeUndefined();
  },
  120_000,
);

test(
  'a failing invariant machine test carries its figures too, the expected side\'s from the expected observations',
  async () => {
    // An expected side that disagrees with the key: a read the reference saw as one value, changed, and more hidden faults.
    const [observation] = reference.of(MEMORY) as readonly MachineObservation[];
    const readIndex = observation.events.findIndex((event) => event.outcome !== undefined && 'value' in event.outcome);
    expect(readIndex).toBeGreaterThanOrEqual(0);
    const changed: MachineObservation = {
      ...observation,
      events: observation.events.map((event, index) => (index === readIndex && event.outcome !== undefined && 'value' in event.outcome ? { ...event, outcome: { ...event.outcome, value: event.outcome.value + 1 } } : event)),
      stats: { ...observation.stats!, hiddenPageFaults: observation.stats!.hiddenPageFaults + 5 },
    };
    const expected: ExpectedObservations = { of: () => [changed] };
    const dir = submission('key-disagreed', keyFiles());
    const results = await gradeSubmission({ compiler, submissionDir: dir, student: 'key-disagreed', tests: TESTS.slice(0, 1), workDir: path.join(scratch, 'work', 'key-disagreed'), reference: expected });
    const [graded] = results.tests;
    expect(graded.failure?.kind).toBe('difference');
    const hidden = graded.figures?.values.find((value) => value.figure === 'hiddenPageFaults');
    expect(hidden).toEqual({ figure: 'hiddenPageFaults', yours: observation.stats!.hiddenPageFaults, reference: observation.stats!.hiddenPageFaults + 5 });
  },
  120_000,
);
