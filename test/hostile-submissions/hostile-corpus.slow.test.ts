import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { createServer, Server } from 'net';
import { tmpdir } from 'os';
import * as path from 'path';
import { vmlabRoot } from '../../io/vmlab-root';
import { AssignmentCorpus, assembleClass, CORPUS_DIR, HostileKind, readCorpus, selectedKinds } from './support/corpus';
import { fileSnapshot, snapshotChanges } from './support/file-snapshot';
import { hiddenNumbersIn, hiddenOnlyNumbers, studentVisibleText } from './support/student-visible';
import { BatchRun, runWatchedBatch } from './support/watched-batch';

/**
 * The hostile-submission corpus (README.md in this folder): each assignment's
 * attacks graded in ONE class batch beside a clean key and the stub, by the
 * real command line in a process of its own, with the assignment's limits cut
 * down so hangs cost seconds. The batch must end normally with a result for
 * every student; the key must score full and the stub 0; no attack may score
 * more than corpus.json allows (nor, for attacks on the key, lose more than
 * the tests they misbehave in); nothing may be written outside OUT; no hidden
 * input may reach what a student sees; the grader must never be signalled.
 * The batch grades as before the due date, what students see while they
 * can still resubmit: only the visible tests are open, and nothing of the
 * hidden or after-due-date tests' input may surface, stashed or not.
 *
 * HOSTILE_KINDS=walk/busy-loop,shadow/channel-junk-line grades only those kinds
 * (with the key and the stub).
 */

const REPO = vmlabRoot();
/** Cut-down limits: a hang costs TEST_SECONDS, a submission at most SUBMISSION_SECONDS. */
const LIMITS: Readonly<Record<string, { testSeconds: number; submissionSeconds: number }>> = {
  walk: { testSeconds: 3, submissionSeconds: 25 },
  nested: { testSeconds: 3, submissionSeconds: 25 },
  // The shadow key's stress scenarios take a few seconds each on a loaded machine.
  shadow: { testSeconds: 10, submissionSeconds: 60 },
};
const COMPILE_SECONDS = 15;
/** Generous: a batch normally ends in minutes; this only stops a frozen one. */
const BATCH_LIMIT_MS = 20 * 60_000;
/** More than the shared substrate and two builds ever take: a child writing files shows up here. */
const TMP_PEAK_BYTES = 256 * 1024 * 1024;
/** Attacks that try to write outside the sandbox name their files so (corpus.json's forbiddenFiles). */
const ESCAPED_FILE = /^hostile-written/;

/** Everything one assignment's batch left to check. */
interface GradedCorpus {
  readonly assignmentDir: string;
  readonly out: string;
  readonly tmp: string;
  readonly students: readonly string[];
  readonly run: BatchRun;
  /** Changes to the repository, the corpus and the scratch folder outside OUT and TMPDIR, to /tmp and to the cwd. */
  readonly writesOutside: readonly string[];
  /** Connections that reached each port an attack tries, and why a port could not be watched. */
  readonly connections: ReadonlyMap<number, number | string>;
  readonly hiddenNumbers: ReadonlySet<string>;
  readonly dispose: () => void;
}

/** Files in /tmp that attacks would write there (the child's os.tmpdir() is /tmp: its environment is empty). */
const escapedTmpFiles = () => readdirSync('/tmp').filter((name) => ESCAPED_FILE.test(name));

async function gradeCorpus(assignment: string, corpus: AssignmentCorpus, kinds: readonly HostileKind[]): Promise<GradedCorpus> {
  const scratch = mkdtempSync(path.join(tmpdir(), `vmlab-hostile-${assignment}-`));
  const assignmentDir = path.join(scratch, 'assignment', assignment);
  cpSync(path.join(REPO, 'assignments', assignment), assignmentDir, { recursive: true });
  reduceLimits(path.join(assignmentDir, 'assignment.json'), LIMITS[assignment]);
  const classDir = path.join(scratch, 'class');
  assembleClass(assignment, corpus, kinds, classDir);
  const out = path.join(scratch, 'out');
  const tmp = path.join(scratch, 'tmp');
  mkdirSync(tmp);

  const servers = await Promise.all([...new Set(kinds.flatMap((kind) => (kind.connectPort === undefined ? [] : [kind.connectPort])))].map(countConnections));
  const skip = ['.git', 'node_modules', 'dist'];
  const before = { repo: fileSnapshot(REPO, skip), scratch: fileSnapshot(scratch, ['out', 'tmp']), cwd: process.cwd(), tmpFiles: escapedTmpFiles() };

  const run = await runWatchedBatch(['grade', '--assignment', assignmentDir, '--submissions', classDir, '--out', out, '--jobs', '2', '--force'], { cwd: REPO, tmpDir: tmp, limitMs: BATCH_LIMIT_MS });

  const writesOutside = [
    ...snapshotChanges(before.repo, fileSnapshot(REPO, skip)).map((change) => `repository: ${change}`),
    ...snapshotChanges(before.scratch, fileSnapshot(scratch, ['out', 'tmp'])).map((change) => `class or assignment copy: ${change}`),
    ...escapedTmpFiles()
      .filter((name) => !before.tmpFiles.includes(name))
      .map((name) => `/tmp/${name}`),
    ...(process.cwd() === before.cwd ? [] : [`the cwd moved to ${process.cwd()}`]),
  ];
  for (const name of escapedTmpFiles()) if (!before.tmpFiles.includes(name)) rmSync(path.join('/tmp', name), { force: true });
  const connections = new Map(servers.map((server) => [server.port, server.close()]));
  return {
    assignmentDir,
    out,
    tmp,
    students: [corpus.key, corpus.stub, ...kinds.map((kind) => kind.kind)],
    run,
    writesOutside,
    connections,
    hiddenNumbers: hiddenOnlyNumbers(assignmentDir, { afterDueDate: false }),
    dispose: () => rmSync(scratch, { recursive: true, force: true }),
  };
}

/** The manifest with the limits cut down (and a compile limit, where the manifest has one). */
function reduceLimits(manifestFile: string, limits: { testSeconds: number; submissionSeconds: number }): void {
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { limits: Record<string, number> };
  manifest.limits = { ...manifest.limits, ...limits, ...('compileSeconds' in manifest.limits ? { compileSeconds: COMPILE_SECONDS } : {}) };
  writeFileSync(manifestFile, JSON.stringify(manifest, null, 2));
}

/** Listens on 127.0.0.1:port and counts the connections; close() gives the count, or why it could not listen. */
function countConnections(port: number): Promise<{ readonly port: number; close(): number | string }> {
  return new Promise((resolve) => {
    let count = 0;
    const server: Server = createServer((socket) => {
      count += 1;
      socket.destroy();
    });
    server.once('error', (error) => resolve({ port, close: () => `could not listen on ${port}: ${error.message}` }));
    server.listen(port, '127.0.0.1', () =>
      resolve({
        port,
        close: () => {
          server.close();
          return count;
        },
      }),
    );
  });
}

interface StudentResults {
  readonly score: number;
  /** All of results.json and report.html, the instructor's part included. */
  readonly everything: string;
  /** What the student sees. */
  readonly visible: string;
}

function studentResults(graded: GradedCorpus, student: string): StudentResults | undefined {
  const dir = path.join(graded.out, student);
  if (!existsSync(path.join(dir, 'results.json'))) return undefined;
  const resultsText = readFileSync(path.join(dir, 'results.json'), 'utf8');
  const report = existsSync(path.join(dir, 'report.html')) ? readFileSync(path.join(dir, 'report.html'), 'utf8') : '';
  return { score: (JSON.parse(resultsText) as { score: number }).score, everything: `${resultsText}\n${report}`, visible: studentVisibleText(dir) };
}

/** A little of `text` around the first match of `pattern`, for a message. */
function around(text: string, pattern: RegExp): string {
  const at = text.search(pattern);
  return at < 0 ? '' : JSON.stringify(text.slice(Math.max(0, at - 40), at + 160));
}

/** Everything wrong with what one student's grading let through: leaks, escapes. Empty when nothing. */
function leaksOf(graded: GradedCorpus, results: StudentResults, kind?: HostileKind): string[] {
  const problems: string[] = [];
  if (/HOSTILE-ESCAPE/.test(results.everything)) problems.push(`a fence gave way: ${around(results.everything, /HOSTILE-ESCAPE/)}`);
  if (/HOSTILE-HIDDEN/.test(results.visible)) problems.push(`what the code printed, threw or returned in a hidden test reaches the student: ${around(results.visible, /HOSTILE-HIDDEN/)}`);
  const numbers = hiddenNumbersIn(results.visible, graded.hiddenNumbers);
  if (numbers.length > 0) problems.push(`hidden inputs reach the student: ${numbers.join(', ')}`);
  if (kind?.leakPattern !== undefined && new RegExp(kind.leakPattern).test(results.visible)) {
    problems.push(`the student sees ${around(results.visible, new RegExp(kind.leakPattern))} (leak pattern /${kind.leakPattern}/)`);
  }
  return problems;
}

function problemsOf(graded: GradedCorpus, kind: HostileKind): string[] {
  const results = studentResults(graded, kind.kind);
  const problems: string[] = [];
  if (results === undefined) problems.push('no results.json: the batch did not grade it');
  else {
    if (results.score > kind.maxScore + 1e-9) problems.push(`scored ${results.score}, more than the ${kind.maxScore} it may earn`);
    if (kind.minScore !== undefined && results.score < kind.minScore) problems.push(`scored ${results.score}: the attack cost more than its own tests (at least ${kind.minScore} expected)`);
    problems.push(...leaksOf(graded, results, kind));
  }
  if (kind.forbiddenFiles !== undefined) {
    const pattern = new RegExp(kind.forbiddenFiles);
    const written = [...graded.run.filesSeen].filter((file) => pattern.test(path.basename(file)));
    if (written.length > 0) problems.push(`the child wrote ${written.slice(0, 3).join(', ')} into the batch's temp folder`);
    const outside = graded.writesOutside.filter((change) => pattern.test(path.basename(change)));
    if (outside.length > 0) problems.push(`written outside OUT: ${outside.join(', ')}`);
  }
  if (kind.connectPort !== undefined) {
    const connections = graded.connections.get(kind.connectPort);
    if (connections !== 0) problems.push(typeof connections === 'string' ? connections : `${connections} connection(s) reached 127.0.0.1:${kind.connectPort}`);
  }
  return problems;
}

const corpora = readCorpus();

for (const [assignment, corpus] of Object.entries(corpora)) {
  const kinds = selectedKinds(assignment, corpus);
  const describeIfAny = kinds.length > 0 ? describe : describe.skip;

  describeIfAny(`the hostile corpus of ${assignment}, graded in one batch`, () => {
    let graded: GradedCorpus;
    beforeAll(async () => {
      graded = await gradeCorpus(assignment, corpus, kinds);
    });
    afterAll(() => graded?.dispose());

    test('the batch ends normally, with a result for every student', () => {
      const { run } = graded;
      const missing = graded.students.filter((student) => !existsSync(path.join(graded.out, student, 'results.json')));
      expect({
        exit: run.code,
        signal: run.signal,
        killedAfterMs: run.killedAfterMs,
        missing,
        stderrTail: run.code === 0 ? '' : run.stderr.slice(-1500),
      }).toEqual({ exit: 0, signal: null, killedAfterMs: undefined, missing: [], stderrTail: '' });
      expect(existsSync(path.join(graded.out, 'grades.csv'))).toBe(true);
      expect(existsSync(path.join(graded.out, 'summary.html'))).toBe(true);
    });

    test('the grader is never stopped or signalled, and nothing it started outlives it', () => {
      expect({ stopsSeen: graded.run.stops, signal: graded.run.signal, survivors: graded.run.survivors }).toEqual({ stopsSeen: 0, signal: null, survivors: [] });
    });

    test('nothing is written outside OUT: TMPDIR empty afterwards and never large, the repository, the class and the cwd unchanged', () => {
      expect({
        leftInTmpdir: readdirSync(graded.tmp),
        tmpdirPeak: graded.run.peakTmpBytes <= TMP_PEAK_BYTES ? 'within bounds' : `${Math.round(graded.run.peakTmpBytes / 1024 / 1024)} MiB`,
        writesOutside: graded.writesOutside,
      }).toEqual({ leftInTmpdir: [], tmpdirPeak: 'within bounds', writesOutside: [] });
    });

    test('the key earns every point and the stub none, both with nothing leaked', () => {
      const maxScore = (JSON.parse(readFileSync(path.join(graded.assignmentDir, 'assignment.json'), 'utf8')) as { parts: { points: number }[] }).parts.reduce((sum, part) => sum + part.points, 0);
      const key = studentResults(graded, corpus.key);
      const stub = studentResults(graded, corpus.stub);
      expect({ key: key?.score, stub: stub?.score }).toEqual({ key: maxScore, stub: 0 });
      expect({ key: key && leaksOf(graded, key), stub: stub && leaksOf(graded, stub) }).toEqual({ key: [], stub: [] });
    });

    test.each(kinds.map((kind) => [`${kind.class}/${kind.kind}`, kind] as const))('%s: earns no more than it may, leaks nothing, writes nothing', (_name, kind) => {
      expect({ kind: `${assignment}/${kind.kind}`, problems: problemsOf(graded, kind) }).toEqual({ kind: `${assignment}/${kind.kind}`, problems: [] });
    });
  });
}

test('the corpus lists every submission folder, each kind once, at least 45 kinds in all', () => {
  let total = 0;
  for (const [assignment, corpus] of Object.entries(corpora)) {
    const listed = corpus.kinds.map((kind) => kind.kind);
    // The key and the stub are written from the handouts when the class is assembled, beside the kinds.
    expect(new Set([corpus.key, corpus.stub, ...listed]).size).toBe(listed.length + 2);
    expect(readdirSync(path.join(CORPUS_DIR, assignment)).sort()).toEqual([...listed].sort());
    total += corpus.kinds.length;
  }
  expect(total).toBeGreaterThanOrEqual(45);
});
