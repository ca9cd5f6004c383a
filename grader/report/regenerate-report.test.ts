import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { syntheticResults } from '../batch/test-support/synthetic-results';
import { regenerateReport } from './regenerate-report';
import { studentResults } from './test-support/student-results';

let dir: string;
let resultsFile: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'vmlab-report-'));
  resultsFile = path.join(dir, 'results.json');
  const results = syntheticResults('chen', [
    { id: 'walk.public.write-protect', passedCases: 1, totalCases: 2 },
    { id: 'walk.translation.large-pages', passedCases: 3, totalCases: 3 },
  ]);
  writeFileSync(resultsFile, JSON.stringify({ score: results.score, tests: [], extra_data: { vmlab: results } }));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const comment = (text: string) => {
  const file = path.join(dir, 'comments.md');
  writeFileSync(file, text);
  return file;
};

test('writes report.html beside the results, with the overall and per-test comments', async () => {
  const commentsFile = comment('Clean code overall.\n\n## walk.public.write-protect\nCR0.WP only matters for **supervisor** writes.\n');
  const written = await regenerateReport({ resultsFile, commentsFile, afterDueDate: false });
  expect(written).toBe(path.join(dir, 'report.html'));
  const html = readFileSync(written, 'utf8');
  expect(html).toContain('chen');
  expect(html).toContain('Clean code overall.');
  expect(html).toContain('CR0.WP only matters for <strong>supervisor</strong> writes.');
});

test('comments cannot inject markup', async () => {
  const commentsFile = comment('<script>alert(1)</script> [x](javascript:alert(2)) <img src=x onerror=alert(3)>\n\n## walk.public.write-protect\n</style><b onmouseover=alert(4)>hi</b>');
  const html = readFileSync(await regenerateReport({ resultsFile, commentsFile, afterDueDate: false }), 'utf8');
  expect(html).not.toMatch(/<script|<img|<b |href="javascript|onmouseover=|onerror=/);
  expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
});

test('refuses what it cannot use, naming the file, and writes nothing', async () => {
  await expect(regenerateReport({ resultsFile: path.join(dir, 'nope.json'), afterDueDate: false })).rejects.toThrow(`${path.join(dir, 'nope.json')}: cannot read the results: no such file or directory`);
  const notVmlab = path.join(dir, 'other.json');
  writeFileSync(notVmlab, JSON.stringify({ score: 3, tests: [] }));
  await expect(regenerateReport({ resultsFile: notVmlab, afterDueDate: false })).rejects.toThrow(`${notVmlab}: not a results.json written by vmlab grade`);
  const commentsFile = comment('fine\n## walk.unknown.test\nwho?');
  await expect(regenerateReport({ resultsFile, commentsFile, afterDueDate: false })).rejects.toThrow(`${commentsFile}:2: ## walk.unknown.test: no such test in the results`);
  expect(existsSync(path.join(dir, 'report.html'))).toBe(false);
  expect(readdirSync(dir).sort()).toEqual(['comments.md', 'other.json', 'results.json']);
});

test('--after-due-date opens the after-due-date tests and their output from results.json; hidden ones stay closed', async () => {
  const late = { kind: 'difference' as const, caseIndex: 0, caseSummary: 'LATE-CASE', difference: { where: 'step 1', field: 'entry', expected: '0x1', got: 'LATE-GOT', message: 'm' } };
  const results = studentResults([{ id: 'a' }, { id: 'b', visibility: 'after_due_date', failure: late }, { id: 'c', visibility: 'hidden', failure: { ...late, caseSummary: 'HIDDEN-CASE' } }], {
    output: {
      visible: { stdout: 'VISIBLE-OUT', stderr: '', truncated: false, seconds: 1 },
      after_due_date: { stdout: 'LATE-OUT', stderr: '', truncated: false, seconds: 1 },
      hidden: { stdout: 'HIDDEN-OUT', stderr: '', truncated: false, seconds: 1 },
    },
  });
  writeFileSync(resultsFile, JSON.stringify({ score: results.score, tests: [], extra_data: { vmlab: results } }));
  const before = readFileSync(await regenerateReport({ resultsFile, afterDueDate: false }), 'utf8');
  expect(before).toContain('VISIBLE-OUT');
  expect(before).not.toMatch(/LATE-|HIDDEN-/);
  const after = readFileSync(await regenerateReport({ resultsFile, afterDueDate: true }), 'utf8');
  expect(after).toMatch(/LATE-CASE[\s\S]*LATE-GOT[\s\S]*LATE-OUT/);
  expect(after).not.toMatch(/HIDDEN-/);
});

test('results.json from before output was kept per group: its one output counts as hidden, so only its amount shows', async () => {
  const results = { ...studentResults([{ id: 'a' }]), output: { stdout: 'OLD-MIXED-OUTPUT\n', stderr: '', truncated: false } };
  writeFileSync(resultsFile, JSON.stringify({ score: results.score, tests: [], extra_data: { vmlab: results } }));
  const html = readFileSync(await regenerateReport({ resultsFile, afterDueDate: true }), 'utf8');
  expect(html).not.toContain('OLD-MIXED-OUTPUT');
  expect(html).toContain('Your code printed 1 line, 17 bytes on standard output');
});

test('comments are kept beside the results: a later redraw (after the due date) draws them without --comments', async () => {
  const elsewhere = path.join(dir, 'ta');
  mkdirSync(elsewhere);
  const commentsFile = path.join(elsewhere, 'chen.md');
  writeFileSync(commentsFile, 'KEPT-OVERALL\n\n## walk.public.write-protect\nKEPT-ON-TEST\n');
  await regenerateReport({ resultsFile, commentsFile, afterDueDate: false });
  expect(readFileSync(path.join(dir, 'comments.md'), 'utf8')).toContain('KEPT-ON-TEST');
  const html = readFileSync(await regenerateReport({ resultsFile, afterDueDate: true }), 'utf8');
  expect(html).toMatch(/KEPT-OVERALL[\s\S]*KEPT-ON-TEST/);
});
