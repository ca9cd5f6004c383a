import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { WalkProbe } from '../../observe/probe-types';
import { loadAssignment } from '../../assignments/framework/load-assignment';
import { Misconception } from '../../assignments/framework/misconception';
import { writeStudentResults } from '../report/write-student-results';
import { SubmissionResults } from '../results/submission-results';
import { vmlabRoot } from '../../io/vmlab-root';
import { assignmentTests } from './assignment-tests';
import { gradeSubmission, GradedTest } from './grade-submission';
import { submissionCompiler } from './grade-to-folder';
import { ReferenceObservations } from './reference-observations';
import { wrappedSketchWalkerSource, writeWalkerSubmission } from './test-support/walker-submissions';
import { gradescopeOutputText } from '../results/test-support/gradescope-output-text';
import { writeStaffPages } from '../staff/write-staff-pages';
import { STAFF_FOLDER, STAFF_STUDENTS_FOLDER } from '../staff/staff-page-paths';

/**
 * A submission that tries to get hidden inputs out: during hidden tests it
 * prints a sentinel and the probe's inputs, stashes them in a global, throws
 * them, and at one hidden probe exits with a code of its choosing; during
 * visible tests it prints its own line and throws whatever it stashed. Graded
 * with the hidden tests first (so a grader running every test in one process,
 * in the order given, would carry the stash into the visible tests), nothing
 * of it may reach report.html or results.json outside extra_data, while the
 * visible tests' own output still shows.
 */

const ROOT = vmlabRoot();
const assignment = loadAssignment(path.join(ROOT, 'assignments', 'walk'));
const compiler = submissionCompiler(assignment);
const allTests = assignmentTests(assignment, undefined);
const SENTINEL = 'SENTINEL-9f3c2a';
/** A misconception that recognises every case, so that every hidden test failing by a difference carries one. */
const ANY_CASE: Misconception = {
  id: 'any-case',
  rule: 'user-needs-us',
  title: 'Every case looks the same',
  explanation: 'A catalogue entry that recognises any failing case.',
  concept: 'Diagnosis of hidden tests',
  recognise: () => true,
};
const EXIT_CODE = 173;

const walkProbes = (tests: readonly GradedTest[]) => tests.flatMap((test) => test.probes.filter((probe): probe is WalkProbe => probe.kind === 'walk'));
const visibleInputs = new Set(walkProbes(allTests.filter((test) => test.visibility !== 'hidden')).flatMap((probe) => [probe.va, probe.root]));
/** Addresses only hidden probes use, long enough not to turn up in a report by chance. */
const hiddenVas = [...new Set(walkProbes(allTests.filter((test) => test.visibility === 'hidden')).map((probe) => probe.va))].filter((va) => !visibleInputs.has(va) && va.length >= 10);

let scratch: string;
let results: SubmissionResults;
let html: string;
let studentJson: string;
let gradescope: { tests: Array<{ name: string; output: string }>; output: string };
/** The class folder: the student's own folder (what staff may hand to the student) beside the staff pages. */
let classDir: string;

beforeAll(async () => {
  expect(hiddenVas.length).toBeGreaterThan(5);
  scratch = mkdtempSync(path.join(tmpdir(), 'vmlab-hidden-test-'));
  const source = wrappedSketchWalkerSource(
    ROOT,
    `
const HIDDEN = new Set(${JSON.stringify(hiddenVas)});
const stash: string[] = ((globalThis as any).vmlabStash ??= []);
export const walker: Walker = {
  walk(request, readEntry) {
    const va = '0x' + request.va.toString(16);
    if (HIDDEN.has(va)) {
      const inputs = va + ' root 0x' + request.root.toString(16);
      console.log('${SENTINEL} ' + inputs);
      console.error('${SENTINEL} ' + inputs);
      stash.push(inputs);
      if (va === ${JSON.stringify(hiddenVas[0])}) process.exit(${EXIT_CODE});
      throw new Error('${SENTINEL} thrown ' + stash.join(' '));
    }
    console.log('visible-test-output ' + va);
    if (stash.length > 0) throw new Error('stashed: ' + stash.join(' '));
    return honest.walk(request, readEntry);
  },
};`,
  );
  const submission = writeWalkerSubmission(path.join(scratch, 'submission'), source);
  const hiddenFirst = [...allTests.filter((test) => test.visibility === 'hidden'), ...allTests.filter((test) => test.visibility !== 'hidden')];
  results = await gradeSubmission({ compiler, submissionDir: submission, student: 'mallory', tests: hiddenFirst, workDir: path.join(scratch, 'work'), reference: new ReferenceObservations(), misconceptions: [ANY_CASE] });
  classDir = path.join(scratch, 'class');
  const out = path.join(classDir, 'mallory');
  await writeStudentResults(out, results, { afterDueDate: false });
  await writeStaffPages({ out: classDir, assignment: assignment.manifest, students: [{ results, outFolder: 'mallory' }], ungraded: [] });
  html = readFileSync(path.join(out, 'report.html'), 'utf8');
  const parsed = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
  expect(parsed.extra_data.vmlab.student).toBe('mallory');
  delete parsed.extra_data;
  studentJson = JSON.stringify(parsed);
  // The outputs are HTML: read as the words a student sees (and checked to hold no markup but the grader's).
  gradescope = { ...parsed, output: gradescopeOutputText(parsed.output), tests: parsed.tests.map((test: { name: string; output: string }) => ({ ...test, output: gradescopeOutputText(test.output) })) };
});

afterAll(() => {
  compiler.dispose();
  rmSync(scratch, { recursive: true, force: true });
});

test('the attack ran: the hidden group printed the sentinel and one hidden test exited with its code (kept for the staff)', () => {
  expect(results.output.hidden?.stdout).toContain(SENTINEL);
  expect(results.tests.some((test) => test.visibility === 'hidden' && test.failure?.kind === 'sandbox' && test.failure.reason.includes(String(EXIT_CODE)))).toBe(true);
});

test('the sentinel and the hidden inputs appear nowhere in report.html or in results.json outside extra_data', () => {
  for (const text of [html, studentJson]) {
    expect(text).not.toContain(SENTINEL);
    for (const va of hiddenVas) expect(text).not.toContain(va);
    expect(text).not.toMatch(new RegExp(`code ${EXIT_CODE}|stashed`));
  }
});

test("the visible tests ran in a process of their own: nothing stashed reached them, and their own output shows", () => {
  const visible = results.tests.filter((test) => test.visibility === 'visible');
  expect(visible.length).toBeGreaterThan(0);
  expect(visible.every((test) => test.failure === undefined)).toBe(true);
  expect(results.output.visible?.stdout).toContain('visible-test-output');
  expect(results.output.visible?.stdout).not.toContain(SENTINEL);
  expect(html).toContain('visible-test-output');
  expect(gradescope.output).toContain('visible-test-output');
});

test('a hidden test has one name, the same in report.html and in results.json, and its id is never shown', () => {
  const hidden = results.tests.flatMap((test, index) => (test.visibility === 'hidden' ? [index] : []));
  expect(hidden.length).toBeGreaterThan(0);
  for (const index of hidden) {
    const name = gradescope.tests[index].name;
    expect(name).toMatch(/^Hidden test \d+ \([^)]+\)$/);
    expect(html).toContain(`>${name}<`);
    expect(gradescope.tests[index].output.startsWith(`${name}: `)).toBe(true);
    expect(studentJson).not.toContain(results.tests[index].id);
  }
  expect(new Set(hidden.map((index) => gradescope.tests[index].name)).size).toBe(hidden.length);
});

test('a hidden test the code ended says it exited, with no code', () => {
  const index = results.tests.findIndex((test) => test.visibility === 'hidden' && test.failure?.kind === 'sandbox');
  const name = gradescope.tests[index].name;
  const anchor = html.indexOf(`id="test-${index + 1}"`);
  expect(anchor).toBeGreaterThan(0);
  const section = html.slice(anchor);
  expect(section).toMatch(/Your code ended the process running it\. Do not call/);
  expect(gradescope.tests[index].output).not.toMatch(/exit|173/);
  expect(name).toMatch(/^Hidden test/);
});

test("a hidden test's diagnosis carries nothing from the case: the catalogue's and the manifest's words only, shown in report.html and results.json", () => {
  const rule = assignment.manifest.rules!.find((candidate) => candidate.id === ANY_CASE.rule)!;
  const expected = {
    rule: rule.id,
    ruleTitle: rule.title,
    ruleSpec: rule.spec,
    component: 'walker',
    misconception: { id: ANY_CASE.id, title: ANY_CASE.title, explanation: ANY_CASE.explanation, concept: ANY_CASE.concept },
  };
  const diagnosed = results.tests.flatMap((test, index) => (test.visibility === 'hidden' && test.failure?.kind === 'difference' ? [{ index, diagnosis: test.failure.diagnosis }] : []));
  expect(diagnosed.length).toBeGreaterThan(0);
  for (const { index, diagnosis } of diagnosed) {
    expect(diagnosis).toEqual(expected);
    expect(gradescope.tests[index].output).toContain(`Likely misconception: ${ANY_CASE.title}.`);
    expect(gradescope.tests[index].output).toContain(`The rule this breaks: ${rule.title}`);
  }
  expect(gradescope.output.startsWith('Likely misconceptions, most probable first:')).toBe(true);
  expect(html).toContain(`<strong>${ANY_CASE.title}.</strong>`);
});

/** Every file under a folder, with its text. */
function filesUnder(dir: string): Array<{ file: string; text: string }> {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(file) : [{ file, text: readFileSync(file, 'utf8') }];
  });
}

test("the staff pages show the hidden cases in full, outside the student's folder; nothing in that folder shows them but results.json's extra_data", () => {
  const staffPage = readFileSync(path.join(classDir, STAFF_FOLDER, STAFF_STUDENTS_FOLDER, 'mallory.html'), 'utf8');
  // The staff see what the student does not: the hidden inputs, what the code printed, the exit code.
  expect(hiddenVas.some((va) => staffPage.includes(va))).toBe(true);
  expect(staffPage).toContain(SENTINEL);
  expect(staffPage).toContain(String(EXIT_CODE));
  const studentFiles = filesUnder(path.join(classDir, 'mallory'));
  expect(studentFiles.map((entry) => path.basename(entry.file))).toEqual(expect.arrayContaining(['report.html', 'results.json']));
  for (const { file, text } of studentFiles) {
    const shown = path.basename(file) === 'results.json' ? JSON.stringify({ ...JSON.parse(text), extra_data: undefined }) : text;
    expect(shown).not.toContain(SENTINEL);
    for (const va of hiddenVas) expect(shown).not.toContain(va);
  }
});
