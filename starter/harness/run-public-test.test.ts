import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { observe } from '../../observe/observe';
import { GoldenTest } from '../../observe/test-case';
import { REFERENCE_COMPONENTS } from '../../reference/reference-components';
import { PUBLIC_ASSIGNMENT_FILE } from '../../grader/public-report/public-report-files';
import { invlpgIgnored, TRIAL_MISCONCEPTIONS, TRIAL_RULES, TRIAL_TESTS } from '../../assignments/framework/test-support/trial-assignment';
import { manifestRules, publicFailureDiagnoser } from './diagnose-public-failure';
import { IsolatedRunner } from './isolated-runner';
import { runPublicTest } from './run-public-test';

/** The trial's public invlpg test as a golden, with a hint. */
const GOLDEN: GoldenTest = { ...TRIAL_TESTS[0], hint: 'FIXED HINT' } as GoldenTest;

/** A runner that observes the probes in this process with the TLB whose invlpg drops nothing: what the worker thread would return. */
const buggyRunner: Pick<IsolatedRunner, 'run'> = {
  run: async (probes) => ({ kind: 'observed', observations: probes.map((probe) => observe(probe, { ...REFERENCE_COMPONENTS, tlb: invlpgIgnored })) }),
};

let handout: string;
beforeAll(() => {
  handout = mkdtempSync(path.join(tmpdir(), 'vmlab-public-test-'));
  mkdirSync(path.dirname(path.join(handout, PUBLIC_ASSIGNMENT_FILE)), { recursive: true });
  writeFileSync(path.join(handout, PUBLIC_ASSIGNMENT_FILE), JSON.stringify({ id: 'trial', rules: TRIAL_RULES }));
});
afterAll(() => rmSync(handout, { recursive: true, force: true }));

test('a failing public test prints the likely misconception and the rule it breaks, after the difference and before what the test is about', async () => {
  const text = (await runPublicTest(GOLDEN, buggyRunner, () => 'THE DRAWING', publicFailureDiagnoser(path.join(handout, PUBLIC_ASSIGNMENT_FILE), () => TRIAL_MISCONCEPTIONS)))!;
  const [misconception] = TRIAL_MISCONCEPTIONS;
  const lines = text.split('\n');
  const at = (start: string) => lines.findIndex((line) => line.startsWith(start));
  expect(lines[at('Likely misconception:')]).toBe(`Likely misconception: ${misconception.title}. ${misconception.explanation} (Lecture concept: ${misconception.concept}.)`);
  expect(lines[at('The rule this breaks:')]).toBe('The rule this breaks: INVLPG drops every entry of the page (spec: Invalidation).');
  expect(at('First failing case')).toBeLessThan(at('Likely misconception:'));
  expect(at('The rule this breaks:')).toBeLessThan(at('THE DRAWING'));
  expect(lines[lines.length - 1]).toBe('About this test: FIXED HINT');
});

test('without a recognised misconception it names the rule of a test of one rule; it says nothing more when it cannot diagnose', async () => {
  const ruleOnly = (await runPublicTest(GOLDEN, buggyRunner, undefined, publicFailureDiagnoser(path.join(handout, PUBLIC_ASSIGNMENT_FILE), () => [])))!;
  expect(ruleOnly).toContain('The rule this breaks: INVLPG drops every entry of the page');
  expect(ruleOnly).not.toContain('Likely misconception');
  const plain = (await runPublicTest(GOLDEN, buggyRunner))!;
  expect(plain).not.toContain('The rule this breaks');
});

test('a public manifest that is not one says where, and how to mend it', () => {
  const broken = path.join(handout, 'broken.json');
  writeFileSync(broken, JSON.stringify({ rules: [{ id: 'x' }] }));
  expect(() => manifestRules(broken)).toThrow(`${broken}: rules: not a list of rules (id, part, title, spec); rebuild the handout with vmlab handout`);
  expect(() => manifestRules(path.join(handout, 'missing.json'))).toThrow(/missing\.json: cannot read the public manifest/);
  writeFileSync(broken, JSON.stringify({ id: 'no-rules' }));
  expect(manifestRules(broken)).toEqual([]);
});
